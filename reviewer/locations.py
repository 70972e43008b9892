"""Where the application keeps its files when nobody names one: the command and the window agree on it."""
from __future__ import annotations

from pathlib import Path


def default_db_path() -> Path:
    """The database in the user's data folder (created on first use)."""
    from platformdirs import user_data_path

    return user_data_path("release-reviewer", appauthor=False, ensure_exists=True) / "reviewer.db"
