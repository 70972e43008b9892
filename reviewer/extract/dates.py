"""Dates with a day of the month, in every form the press pages use.

``On 20 December`` · ``On December 11, 2024`` · ``On 10 and 11 December`` ·
``From 1 to 23 April 2024`` · ``17-18 April 2024`` · ``November 28-29, 2023`` ·
``30 November - 2 December 2024`` · ``December 2, this year`` · ``12.05.2023``.

A date without a year gets one only when the item supports it: "this year"
and a bare date take the item's dateline year; otherwise a full date elsewhere
in the same item lends its year; otherwise the year is ``XXXX`` with a low
confidence. A bare year elsewhere in the text ("activities in 2026") is not
support: it usually dates something else.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional

from .. import datelines
from .gazetteer import MONTHS, alternation

_M = rf"(?:{alternation(m.capitalize() for m in MONTHS)})\.?"
_D = r"(?<![\d.])(?:[0-3]?\d)(?!\d)(?:st|nd|rd|th)?"
_Y4 = r"(?:19|20)\d\d(?!\d)"
_RANGE = r"\s*[-\u2013\u2014]\s*|\s+(?:to|and|till|until|through|-)\s+"
_YEAR = r"(?:,?\s*(?:(?P<{y}>(?:19|20)\d\d)(?!\d)|(?P<{t}>this\s+year)))?"


def _g(name: str, pat: str) -> str:
    return f"(?P<{name}>{pat})"


def _year(y: str, t: str) -> str:
    return _YEAR.format(y=y, t=t)


_BRANCHES = [
    # 30 November - 2 December 2024
    ("A", rf"{_g('a_d1', _D)}\s+{_g('a_m1', _M)}(?:,?\s*{_g('a_y1', _Y4)})?(?:{_RANGE})"
          rf"{_g('a_d2', _D)}\s+{_g('a_m2', _M)}{_year('a_y', 'a_t')}"),
    # 5, 6 and 7 May 2022 (a list of days: the first to the last; at most a dozen, as a list
    # without end read on from each of its numbers made the scan quadratic)
    ("L", rf"{_g('l_d1', _D)}(?:,\s*{_D}){{1,10}},?\s+and\s+{_g('l_d2', _D)}\s+{_g('l_m', _M)}{_year('l_y', 'l_t')}"),
    # 1 to 23 April 2024 · 10 and 11 December · 17-18 April 2024
    ("B", rf"{_g('b_d1', _D)}(?:{_RANGE}){_g('b_d2', _D)}\s+{_g('b_m', _M)}{_year('b_y', 'b_t')}"),
    # 20 December · 24 April 2024
    ("C", rf"{_g('c_d', _D)}\s+(?:of\s+)?{_g('c_m', _M)}{_year('c_y', 'c_t')}"),
    # November 30 - December 2, 2024
    ("D", rf"{_g('d_m1', _M)}\s+{_g('d_d1', _D)}(?:,?\s*{_g('d_y1', _Y4)})?(?:{_RANGE})"
          rf"{_g('d_m2', _M)}\s+{_g('d_d2', _D)}{_year('d_y', 'd_t')}"),
    # November 28-29, 2023 · March 10 to 12
    ("E", rf"{_g('e_m', _M)}\s+{_g('e_d1', _D)}(?:{_RANGE}){_g('e_d2', _D)}{_year('e_y', 'e_t')}"),
    # December 23, 2014 · May 26 · December 2, this year
    ("F", rf"{_g('f_m', _M)}\s+{_g('f_d', _D)}{_year('f_y', 'f_t')}"),
    # 12.05.2023 (a numeric date inside a sentence)
    ("G", r"(?<![\d.])(?P<g_d>[0-3]?\d)\.(?P<g_m>[01]?\d)\.(?P<g_y>(?:19|20)\d\d)(?!\d)"),
]
# The leading lookahead lets the engine skip, cheaply, every position that
# cannot start a date (most of the text), which makes the scan several times faster.
DATE_RE = re.compile(r"(?=[0-3]?\d|[JFMASOND][a-z])(?:" + "|".join(f"(?P<{k}>{p})" for k, p in _BRANCHES) + ")")

# "the CSC Decision of September 23, 2013", "dated 5 May", "by 1 June": a date
# that names a document or a deadline, not an occurrence.
_REFERENCE_BEFORE = re.compile(
    # "for the period from 1 January 2020 to 31 December 2022": a term of office, not an event
    r"(?:\bof|\bdated|\bby|\bbefore|\buntil|\btill|no later than|\bsince|\bperiod(?:\s+from)?|\bterm(?:\s+from)?|"
    r"\b(?:adopted|approved|ratified|established|founded|created|entered into force)\s+on)\s*$", re.I
)
# "the Protocol signed on 4 June 2008" names a document; "the ministers signed on 4 May in Tbilisi a
# memorandum" reports a signing, an occurrence: "signed on" is a document's date only after a document.
_SIGNED_ON = re.compile(r"\bsigned\s+on\s*$", re.I)
_DOCUMENT_BEFORE = re.compile(r"\b(?:memorand\w*|agreements?|protocols?|treat(?:y|ies)|declarations?|documents?|"
                              r"conventions?|charters?|contracts?|accords?|decisions?|decrees?|acts?)\b"
                              r"[^.;:]{0,24}$", re.I)


# "Accreditation of journalists for the meeting closes on 16 May": a deadline for applying, not the meeting.
_CLOSES_ON = re.compile(r"\b(?:closes|ends|expires)[ \u00a0]+(?:on[ \u00a0]+)?$", re.I)
_APPLYING = re.compile(r"\b(?:accreditation|registration|applications?|submissions?|nominations?|enrol?ments?)\b", re.I)


# "has been postponed to 14 November", "was moved to 3 May": the event's new day; the days named before it
# in the sentence ("planned for 19-20 September") are its old one, no occurrence.
_NEW_DAY_BEFORE = re.compile(r"\b(?:postponed|rescheduled|moved|deferred|put\s+off|delayed|pushed\s+back|brought\s+forward)"
                             r"\s+(?:to|until|till|for)\s*(?:the\s+)?$", re.I)


@dataclass
class DateHit:
    start: int
    end: int
    day1: int
    month1: int
    year1: Optional[int]
    day2: int
    month2: int
    year2: Optional[int]
    this_year: bool = False
    reference: bool = False  # a document's date or a deadline, not an event

    @property
    def has_year(self) -> bool:
        return self.year2 is not None


def _day(s: str) -> int:
    return int(s.rstrip("stndrh"))


def _month(s: str) -> int:
    return MONTHS[s.rstrip(".").casefold()]


def _int(s: Optional[str]) -> Optional[int]:
    return int(s) if s else None


def _hit(m: re.Match, offset: int) -> Optional[DateHit]:
    g = m.groupdict()
    k = m.lastgroup
    if k == "A":
        y = _int(g["a_y"])
        h = DateHit(0, 0, _day(g["a_d1"]), _month(g["a_m1"]), _int(g["a_y1"]) or y,
                    _day(g["a_d2"]), _month(g["a_m2"]), y, bool(g["a_t"]))
    elif k == "L":
        y = _int(g["l_y"])
        mo = _month(g["l_m"])
        h = DateHit(0, 0, _day(g["l_d1"]), mo, y, _day(g["l_d2"]), mo, y, bool(g["l_t"]))
    elif k == "B":
        y = _int(g["b_y"])
        mo = _month(g["b_m"])
        h = DateHit(0, 0, _day(g["b_d1"]), mo, y, _day(g["b_d2"]), mo, y, bool(g["b_t"]))
    elif k == "C":
        y, mo, d = _int(g["c_y"]), _month(g["c_m"]), _day(g["c_d"])
        h = DateHit(0, 0, d, mo, y, d, mo, y, bool(g["c_t"]))
    elif k == "D":
        y = _int(g["d_y"])
        h = DateHit(0, 0, _day(g["d_d1"]), _month(g["d_m1"]), _int(g["d_y1"]) or y,
                    _day(g["d_d2"]), _month(g["d_m2"]), y, bool(g["d_t"]))
    elif k == "E":
        y, mo = _int(g["e_y"]), _month(g["e_m"])
        h = DateHit(0, 0, _day(g["e_d1"]), mo, y, _day(g["e_d2"]), mo, y, bool(g["e_t"]))
    elif k == "F":
        y, mo, d = _int(g["f_y"]), _month(g["f_m"]), _day(g["f_d"])
        h = DateHit(0, 0, d, mo, y, d, mo, y, bool(g["f_t"]))
    else:
        y, mo, d = int(g["g_y"]), int(g["g_m"]), int(g["g_d"])
        if not 1 <= mo <= 12:
            return None
        h = DateHit(0, 0, d, mo, y, d, mo, y)
    # a range across a new year: "28 December - 3 January 2025"
    if h.year1 is not None and h.year1 == h.year2 and (h.month1, h.day1) > (h.month2, h.day2):
        h.year1 -= 1
    if not (1 <= h.day1 <= 31 and 1 <= h.day2 <= 31) or (h.month1 == h.month2 and h.day1 > h.day2):
        return None
    h.start, h.end = m.start(), m.end()
    if h.this_year:
        h.end = m.start() + len(m.group().rstrip())
    return h


def find_dates(text: str, start: int = 0, end: Optional[int] = None) -> list[DateHit]:
    """Every day-of-month date in ``text[start:end]``, in order, with document offsets."""
    end = len(text) if end is None else end
    out: list[DateHit] = []
    moved = 0  # the dates before this one are old days of a postponed event
    for m in DATE_RE.finditer(text, start, end):
        h = _hit(m, 0)
        if h is None:
            continue
        before = text[max(start, m.start() - 24) : m.start()]
        h.reference = bool(_REFERENCE_BEFORE.search(before))
        if not h.reference and _CLOSES_ON.search(before):
            h.reference = _APPLYING.search(text, max(start, m.start() - 160), m.start()) is not None
        signed = None if h.reference else _SIGNED_ON.search(before)
        if signed is not None:
            verb = m.start() - len(signed.group())
            h.reference = _DOCUMENT_BEFORE.search(text, max(start, verb - 40), verb) is not None
        if _NEW_DAY_BEFORE.search(before):
            h.reference = False
            for old in out[moved:]:
                old.reference = True
            moved = len(out)  # (each date marked once, however many "postponed to" a line holds)
        out.append(h)
    return out


def lends_year(hit: DateHit, exclude: DateHit) -> bool:
    """Whether ``hit`` may lend its year to ``exclude``, a yearless date of the same item.

    A historical date ("the war that began on 22 June 1941") lends nothing,
    nor does a document's date or a deadline.
    """
    return hit.year2 is not None and hit.year2 >= 1992 and hit.start != exclude.start and not hit.reference


def _iso(y: Optional[int], m: int, d: int) -> Optional[str]:
    if y is None:
        return f"XXXX-{m:02d}-{d:02d}"
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _year_near(month: int, ref: date, planned: bool) -> tuple[int, bool]:
    """The year of a yearless month closest to the dateline; ``True`` if it had to move."""
    y = ref.year
    if month - ref.month > 6 and not planned:
        return y - 1, True
    if ref.month - month > 6 and planned:
        return y + 1, True
    return y, False


def resolve(hit: DateHit, dateline: Optional[str], lender: Optional[DateHit] = None,
            planned: bool = False) -> tuple[str, str, float]:
    """ISO start and end of a hit, filling a missing year only when the item supports it.

    ``lender`` is another date of the same item that states its year.
    Returns ``(start, end, confidence)``.
    """
    ref = date.fromisoformat(dateline) if dateline else None
    if hit.has_year:
        y1, y2, conf = hit.year1, hit.year2, 0.95
    elif ref is not None:
        y2, moved = (ref.year, False) if hit.this_year else _year_near(hit.month2, ref, planned)
        y1 = y2 - 1 if (hit.month1, hit.day1) > (hit.month2, hit.day2) else y2
        conf = 0.85 if hit.this_year else (0.65 if moved else 0.8)
    elif lender is not None and lender.year2 is not None and abs(lender.month2 - hit.month2) <= 2:
        y2 = lender.year2
        y1 = y2 - 1 if (hit.month1, hit.day1) > (hit.month2, hit.day2) else y2
        conf = 0.7
    else:
        y1 = y2 = None
        conf = 0.3
    s, e = _iso(y1, hit.month1, hit.day1), _iso(y2, hit.month2, hit.day2)
    if s is None or e is None:  # 30 February and the like: keep the reviewer's attention
        s, e, conf = f"XXXX-{hit.month1:02d}-{hit.day1:02d}", f"XXXX-{hit.month2:02d}-{hit.day2:02d}", 0.2
    return s, e, conf


def names_weekday(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` names a day of the week (a cheap test before :func:`weekday_hit`)."""
    return datelines.WEEKDAY.search(text, start, end) is not None


def weekday_hit(text: str, start: int, end: int, dateline: Optional[str], planned: bool) -> Optional[DateHit]:
    """"on Thursday", "starting on Monday": the weekday nearest the item's dateline, on or before it
    for what was held, on or after it for what is planned; ``None`` without a dateline."""
    if not dateline:
        return None
    m = datelines.WEEKDAY.search(text, start, end)
    if m is None:
        return None
    d = date.fromisoformat(datelines.weekday_date(dateline, m.group("wd"), forward=planned))
    return DateHit(m.start("wd"), m.end("wd"), d.day, d.month, d.year, d.day, d.month, d.year)


def wire_end(text: str, start: int, end: int) -> int:
    """Where a sentence's own words begin after a wire dateline ("MINSK, Oct. 14 (SW) -- "), else ``start``:
    the dateline's date is the report's, not the event's."""
    w = datelines.wire(text, start, end)
    return w.end if w is not None else start


# "On this day" is the dateline's day too, unless it looks back ("On this day, 79 years ago").
# No \b in front: a glued dateline ("03.07.2024Today …") puts a digit right before the word.
_TODAY = re.compile(r"(?<![A-Za-z])(?:[Tt]oday|[Yy]esterday|[Tt]his\s+(?:morning|afternoon|evening)|"
                    r"[Oo]n\s+this\s+day(?![,\s]+\d+\s+years?\s+ago))\b")


def find_today(text: str, start: int, end: int, dateline: Optional[str]) -> Optional[tuple[int, int, str]]:
    """``today``/``yesterday`` as a date: only meaningful with the item's dateline."""
    if not dateline:
        return None
    m = _TODAY.search(text, start, end)
    if not m:
        return None
    d = date.fromisoformat(dateline)
    if m.group().casefold() == "yesterday":
        d -= timedelta(days=1)
    return m.start(), m.end(), d.isoformat()
