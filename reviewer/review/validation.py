"""Checks every value a reviewer types before anything is written, and the errors edits raise.

Each error message is one line naming the value and the reason, for the
window's status bar; raising one means nothing was saved.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Optional

from ..store import StoreError

_DATE = re.compile(r"^(\d{4}|XXXX)-(\d{2})-(\d{2})$")


class ReviewError(StoreError):
    """A refused edit; the message is one line for the user and nothing was saved."""


class InvalidValue(ReviewError):
    pass


class NotFound(ReviewError):
    pass


class Conflict(ReviewError):
    """Undo/redo found the row changed by someone else since; nothing was changed."""


def check_date(value: Optional[str], what: str = "date") -> Optional[str]:
    """An ISO date that exists, or ``XXXX-MM-DD`` when the year is unknown, or None."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    m = _DATE.match(value)
    if not m:
        raise InvalidValue(f"{what} {value!r}: write it as YYYY-MM-DD (XXXX-MM-DD when the year is unknown)")
    year = 2000 if m.group(1) == "XXXX" else int(m.group(1))  # 2000 is a leap year: 29 Feb may be valid
    try:
        date(year, int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise InvalidValue(f"{what} {value!r}: no such day") from None
    return value


def check_range(start: Optional[str], end: Optional[str]) -> None:
    # Only two dates of the same kind compare: a known year against XXXX says nothing.
    if not (start and end and start[:4].isdigit() == end[:4].isdigit() and end < start):
        return
    # With the year unknown, "30 December to 2 January" crosses New Year: the
    # end is earlier in the calendar but not before the start.
    if start.startswith("XXXX") and end[5:7] == "01" and start[5:7] == "12":
        return
    raise InvalidValue(f"end {end} is before start {start}")


def check_choice(value: Optional[str], allowed: tuple[str, ...], what: str) -> Optional[str]:
    """``value`` if it is one of ``allowed``; empty means "not known" (None)."""
    if value in (None, ""):
        return None
    if value not in allowed:
        raise InvalidValue(f"{what} {value!r}: must be one of {', '.join(allowed)}")
    return value


def clean_name(value: Optional[str], what: str) -> str:
    """A person's or organization's name with its white space collapsed; never empty."""
    name = " ".join((value or "").split())
    if not name:
        raise InvalidValue(f"{what}: a name cannot be empty")
    if len(name) > 300:
        raise InvalidValue(f"{what} {name[:40]!r}…: longer than 300 characters")
    return name


def clean_text(value: Optional[str]) -> Optional[str]:
    """Free text (a role, a place) with its white space collapsed; None when nothing is left."""
    return " ".join((value or "").split()) or None


def fts_query(text: str) -> str:
    """A user's words as an FTS5 query: each word quoted (no syntax errors), the last one a prefix."""
    words = [w.replace('"', '""') for w in text.split()]
    if not words:
        return ""
    return " ".join(f'"{w}"' for w in words[:-1]) + (" " if len(words) > 1 else "") + f'"{words[-1]}"*'
