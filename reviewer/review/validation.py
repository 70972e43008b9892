"""Checks every value a reviewer types before anything is written, and the errors edits raise.

Each error message is one line naming the value and the reason, for the
window's status bar; raising one means nothing was saved.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Optional

from ..operation import Conflict, ReviewError

__all__ = ["Conflict", "ReviewError"]  # defined with the change records they refuse

# The forms a reviewer types a date in (white space collapsed first; whole-string matches only).
_ISO = re.compile(r"(\d{4}|XXXX)-(\d{2})-(\d{2})")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")  # 20.12.2024: day first, as the site's datelines
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)? (?:of )?([^\W\d_]+)\.?(?:,? (\d{4}))?")  # 20 December 2024 · 20 Dec
_MONTH_DAY = re.compile(r"([^\W\d_]+)\.? (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?")  # Dec 20, 2024 · December 20
_DATE_FORMS = "2024-12-20, 20.12.2024, 20 December 2024 or Dec 20, 2024 (20 Dec or XXXX-12-20 when the year is unknown)"
# A name and a role typed in one line: a spaced dash, a bar or a semicolon between them. A comma
# never splits: "Petrov, Ivan" is a name, and a role holds commas ("Minister of Defence, Colonel").
_NAME_ROLE = re.compile(r"\s+[-\u2013\u2014]+\s+|\s*[|;]\s*")


class InvalidValue(ReviewError):
    pass


class NotFound(ReviewError):
    pass


class Gone(Conflict, NotFound):
    """The event or row was merged away, deleted or removed since it was shown: a conflict, and not found."""


def parse_date(text: Optional[str], year_hint: Optional[str] = None, what: str = "date") -> Optional[str]:
    """A date as a reviewer types it, in the stored form (``YYYY-MM-DD``, ``XXXX-MM-DD`` for an unknown year).

    Read: ISO (``2024-12-20``, ``XXXX-12-20``), ``20.12.2024``, ``20 December 2024``,
    ``Dec 20, 2024``, and a day and month alone (``20 Dec``, ``December 20``).
    A date without a year takes it from ``year_hint`` the way extraction
    does: a reference date ``YYYY-MM-DD`` (the item's dateline) gives the year
    nearest to it, a bare ``YYYY`` gives that year; without a hint the year
    stays unknown, never invented. Blank is None (no date). Anything else,
    or a day that does not exist, raises :class:`InvalidValue` naming the value.
    """
    if text is None:
        return None
    value = " ".join(text.split())
    if not value:
        return None
    if len(value) > 40:  # no date is this long; and a pasted paragraph is not read at all
        raise InvalidValue(f"{what} {value[:30]!r}…: not a date; write {_DATE_FORMS}")
    day, month, year = _date_parts(value, what)
    if year is None:
        year = _hinted_year(day, month, year_hint)
    try:  # an unknown year is checked against 2000, a leap year: 29 February may be right
        date(2000 if year is None else year, month, day)
    except ValueError:
        raise InvalidValue(f"{what} {value!r}: no such day") from None
    return f"{'XXXX' if year is None else f'{year:04d}'}-{month:02d}-{day:02d}"


def _date_parts(value: str, what: str) -> tuple[int, int, Optional[int]]:
    """(day, month, year or None) of a typed date in one of the read forms."""
    from ..extract.gazetteer import MONTHS

    if m := _ISO.fullmatch(value):
        return int(m.group(3)), int(m.group(2)), None if m.group(1) == "XXXX" else int(m.group(1))
    if m := _DOTTED.fullmatch(value):
        day, month, year, word = m.group(1), m.group(2), m.group(3), None
    elif m := _DAY_MONTH.fullmatch(value):
        day, word, year = m.groups()
    elif m := _MONTH_DAY.fullmatch(value):
        word, day, year = m.groups()
    else:
        raise InvalidValue(f"{what} {value!r}: not a date; write {_DATE_FORMS}")
    if word is not None:
        if word.casefold() not in MONTHS:
            raise InvalidValue(f"{what} {value!r}: {word!r} is not a month")
        month = MONTHS[word.casefold()]
    month = int(month)
    if not 1 <= month <= 12:
        raise InvalidValue(f"{what} {value!r}: no such day")
    return int(day), month, int(year) if year else None


def _hinted_year(day: int, month: int, hint: Optional[str]) -> Optional[int]:
    if not hint:
        return None
    if re.fullmatch(r"\d{4}", hint):
        return int(hint)
    if not _ISO.fullmatch(hint) or hint.startswith("XXXX"):
        return None  # a hint without a year lends none
    from ..extract.dates import DateHit, resolve

    start = resolve(DateHit(0, 0, day, month, None, day, month, None), hint)[0]
    return None if start.startswith("XXXX") else int(start[:4])


def check_date(value: Optional[str], what: str = "date") -> Optional[str]:
    """A typed date (every form :func:`parse_date` reads) in the stored form, or None when blank."""
    return parse_date(value, what=what)


def split_name_role(text: Optional[str]) -> tuple[str, Optional[str]]:
    """A participant typed in one line as (name, role): ``Ivan Petrov — Deputy Minister`` (also `` - ``, ``|``, ``;``).

    Only those separators split, at their first occurrence; a comma never
    does, so ``Petrov, Ivan`` stays one name. The name is checked as
    :func:`clean_name` does (never empty); the role is None when none is given.
    """
    parts = _NAME_ROLE.split(text or "", maxsplit=1)
    return clean_name(parts[0], "participant"), clean_text(parts[1]) if len(parts) > 1 else None


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
