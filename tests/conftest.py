"""Shared fixtures: tmp_path databases, the seed pages and their gold answers."""
from __future__ import annotations

import json
import os
from pathlib import Path

# Qt must be told before it loads; pytest-qt has no option for the platform.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from reviewer.store import Store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "eval" / "gold" / "seeds.jsonl"
SCORE = SHARED / "eval" / "score.py"


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def gold() -> dict[str, dict]:
    if not GOLD.exists():
        pytest.skip(f"{GOLD} not present (shared/ is beside the repo in CI)")
    return {d["doc"]: d for d in map(json.loads, GOLD.read_text(encoding="utf-8").splitlines()) if d}


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture
def store(db_path: Path):
    s = Store(db_path)
    yield s
    s.close()


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory) -> Path:
    """A database with the seeds imported once per session; copy it before writing."""
    from reviewer.pipeline import import_paths

    path = tmp_path_factory.mktemp("seeded") / "seeds.db"
    with Store(path) as s:
        import_paths(s, [SEEDS])
    return path


@pytest.fixture
def seeded_store(seeded_db: Path, tmp_path: Path):
    """A private, writable copy of the seeded database."""
    import sqlite3

    target = tmp_path / "seeded.db"
    src = sqlite3.connect(seeded_db)
    dst = sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.close()
    s = Store(target)
    yield s
    s.close()
