"""The forms in which sites date an item, as spans of one line.

* a lone date line: ``12 March 2018``, ``Tuesday, 15 May 2018``, ``May 3, 2021``, ``27.10.2021 14:30``;
* a labelled date: ``Date: 14 April 2022``, ``Published: 26.08.2022 14:30``,
  ``Notice No. 14 | 12 March 2024``;
* an agency stamp: ``(Agency) 10:15, May 3, 2021``;
* a wire dateline opening a lead: ``GENEVA, 9 October 2020 – …``,
  ``TBILISI/BATUMI, Georgia, 14 May 2018 — …``, ``ASTANA, Nov. 2 (Agency) -- …``.

Used by segmentation (``ingest``: which lines date the item below or above
them) and by extraction (the dateline's city is a location candidate, its
date anchors "today" and "on Friday"). Every pattern is anchored and built of
disjoint pieces, so a hostile line cannot make it backtrack.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_MON = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
       r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# A time, maybe a span of hours and a zone: ", 11:00", " 10:00-11:30 (Bishkek time)", " 14:20 CET", " · 14:20".
_CLOCK = r"\d{1,2}[:.]\d{2}(?::\d{2})?(?:[ \u00a0]*[AaPp]\.?[Mm]\.?)?"
_TIME = (rf"(?:[ \u00a0]*[,\u00b7|]?[ \u00a0]*(?:at[ \u00a0]+)?{_CLOCK}(?:[ \u00a0]*[-\u2013][ \u00a0]*{_CLOCK})?"
         r"(?:[ \u00a0]*\([^()\n]{1,30}\)|[ \u00a0]+(?:[A-Z]{2,5}(?:[+\-\u2212]\d{1,2})?|local[ \u00a0]+time))?)")
_SP = r"[ \u00a0]+"
# One date: "9 October 2020", "October 9, 2020", "Oct. 14", "4th March 2024", "27.10.2021", "2024-03-04" (a year
# optional in the word forms); a calendar's range "19-20 September 2023", "30 November - 2 December 2022" dates
# from its first day.
_DN = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (rf"(?:(?:(?P<d0>{_DN})(?:{_SP}(?P<m0>{_MON}))?[ \u00a0]*[-\u2013][ \u00a0]*)?(?P<d1>{_DN}){_SP}(?P<m1>{_MON})"
         rf"(?:,?{_SP}(?P<y1>\d{{4}}))?"
         rf"|(?P<m2>{_MON}){_SP}(?P<d2>{_DN})(?:,{_SP}?(?P<y2>\d{{4}})|{_SP}(?P<y3>\d{{4}}))?"
         rf"|(?P<y5>\d{{4}})-(?P<m5>\d{{2}})-(?P<d5>\d{{2}})"
         rf"|(?P<d3>\d{{1,2}})\.(?P<m3>\d{{1,2}})\.(?P<y4>\d{{4}}))")

#: A line that is a date and nothing else (a weekday and a time allowed).
# A section, a place or an update after the date: "14 March 2024 · Plenary sessions", "4 May 2023 at 19:32 · Baku",
# "Published 15 March 2024 | Updated 15 March 2024" (short: a headline after a bar is not a date line).
_AFTER = r"(?:[ \u00a0]+at[ \u00a0]+\d{1,2}:\d{2})?(?:[ \u00a0]*[\u00b7|][ \u00a0]*[^\s\u00b7|][^\n\u00b7|]{0,28})?[ \u00a0]*\.?"
# A city before the date: "Baku, 4 September 2023" (one or two capitalised words, not a weekday).
_NOT_CITY = r"(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Today|Yesterday|Tomorrow)\b)"
_TOWN = rf"{_NOT_CITY}[A-Z][a-z'\-]{{2,}}(?:[ \-][A-Z][a-z'\-]{{2,}})?"

#: A line that is a date and nothing else (a weekday or a city, a time, a section after a bar allowed).
LONE = re.compile(rf"(?:{_WD},?{_SP}|{_TOWN},{_SP})?{_DATE}{_TIME}?{_AFTER}$", re.I)
#: "Date: …", "Published on: …", "Posted …", "Notice No. 14 | 12 March 2024": a line that dates its item.
LABELLED = re.compile(
    rf"(?:(?:date|dated|published(?:{_SP}on)?|posted(?:{_SP}on)?|updated|issued|release{_SP}date|when|"
    rf"embargoed(?:{_SP}until)?)[ \u00a0]*:?[ \u00a0]*"
    rf"|[^|\n]{{1,40}}\|[ \u00a0]*)(?:{_WD},?{_SP})?{_DATE}{_TIME}?(?:{_SP}by{_SP}[^\n]{{1,40}}|{_AFTER})$",
    re.I,
)
#: "(Steppe Wire) 16:42, October 14, 2021": an agency's stamp.
STAMP = re.compile(rf"\([^()\n]{{2,40}}\)[ \u00a0]*(?:\d{{1,2}}:\d{{2}}[ \u00a0]*,?[ \u00a0]*)?{_DATE}{_TIME}?[ \u00a0]*$", re.I)
#: "MINSK, Oct. 14 (SW) -- ", "TBILISI/BATUMI, Georgia, 14 May 2018 — ", "ALMATY (12 June 2023) – ",
#: "BAKU, Sept. 4 /TPA/ — ", "ASHGABAT, 5 September (TPA). ", "DUSHANBE – 5 September 2023 – TPA. ",
#: "Tashkent, 05.09.2023 (TPA) – ", "Tbilisi, 15 March 2024. ": a wire dateline opening a lead.
_AGENCY = r"(?:[ \u00a0]*(?:\([^()\n]{1,40}\)|/[^/\n]{1,20}/)|[ \u00a0]*(?:--|[\u2013\u2014])[ \u00a0]*[A-Z][A-Za-z]{1,15}(?=\.))"
WIRE = re.compile(
    rf"(?P<city>[A-Z][A-Z'\-.]+(?:[ /][A-Z][A-Z'\-.]+)*|{_TOWN})"
    rf"(?:,[ \u00a0]*(?P<country>[A-Z][a-z]+(?:[ \-][A-Z][a-z]+)?|[A-Z]\.(?:[A-Z]\.)+))?"
    rf"(?:,[ \u00a0]*|[ \u00a0]*(?:--|[\u2013\u2014])[ \u00a0]*|[ \u00a0]+\()(?P<date>{_DATE})\)?"
    rf"{_AGENCY}?(?:[ \u00a0]*(?:--|[\u2013\u2014-])[ \u00a0]*|\.[ \u00a0]+)"
)


@dataclass(frozen=True)
class Dated:
    """A date read from a line: ISO when its year is known, else ``None`` with month and day kept."""

    start: int  # of the date's text
    end: int
    month: int
    day: int
    year: Optional[int]

    def iso(self, year: Optional[int] = None) -> Optional[str]:
        y = self.year or year
        if y is None:
            return None
        try:
            return date(y, self.month, self.day).isoformat()
        except ValueError:
            return None


def _day(s: str) -> int:
    return int(s.rstrip("stndrhSTNDRH"))


def _dated(m: re.Match) -> Optional[Dated]:
    g = m.groupdict()
    y: Optional[int]
    if g["d3"]:
        d, mo, y = int(g["d3"]), int(g["m3"]), int(g["y4"])
        s, e = m.start("d3"), m.end("y4")
    elif g.get("y5"):
        d, mo, y = int(g["d5"]), int(g["m5"]), int(g["y5"])
        s, e = m.start("y5"), m.end("d5")
    elif g["d1"]:
        d, mo = _day(g["d1"]), _MONTHS[g["m1"].rstrip(".").casefold()]
        y = int(g["y1"]) if g["y1"] else None
        s, e = m.start("d1"), m.end("y1") if g["y1"] else m.end("m1")
        if g.get("d0"):  # "19-20 September 2023", "30 November - 2 December 2022": the first day
            first = _MONTHS[g["m0"].rstrip(".").casefold()] if g.get("m0") else mo
            d, s = _day(g["d0"]), m.start("d0")
            if y is not None and first > mo:  # "28 December - 3 January 2023"
                y -= 1
            mo = first
    else:
        d, mo = _day(g["d2"]), _MONTHS[g["m2"].rstrip(".").casefold()]
        yg = "y2" if g["y2"] else ("y3" if g["y3"] else None)
        y = int(g[yg]) if yg else None
        s, e = m.start("m2"), m.end(yg) if yg else m.end("d2")
    if not (1 <= mo <= 12 and 1 <= d <= 31) or (y is not None and not 1900 <= y <= 2100):
        return None
    return Dated(s, e, mo, d, y)


def date_line(text: str, start: int, end: int) -> Optional[Dated]:
    """The date of a line that only dates an item (lone, labelled or a stamp), or ``None``."""
    for pat in (LONE, LABELLED, STAMP):
        m = pat.match(text, start, end)
        if m is not None and m.end() == end:
            return _dated(m)
    return None


# "When: 19-20 September 2023": a calendar's line tells when the event takes place, not when the item was written.
_OCCURS = re.compile(r"when[ \u00a0]*:", re.I)


def occurs(text: str, start: int) -> bool:
    """Whether the date line at ``start`` is a calendar's "When:" line: the day of the item's event."""
    return _OCCURS.match(text, start) is not None


@dataclass(frozen=True)
class Wire:
    """A wire dateline at the start of a lead."""

    end: int  # where the lead's own words begin
    city: tuple[int, int]  # the first city named ("TBILISI" of "TBILISI/BATUMI")
    date: Dated


def wire(text: str, start: int, end: int) -> Optional[Wire]:
    m = WIRE.match(text, start, end)
    if m is None or m.end() >= end:
        return None
    d = _dated(m)
    if d is None:
        return None
    city = m.group("city")
    first = re.split(r"[/]", city, maxsplit=1)[0]
    return Wire(m.end(), (m.start("city"), m.start("city") + len(first)), d)


def year_near(d: Dated, anchor: Optional[str]) -> Optional[str]:
    """A yearless dateline's ISO date, in the year that puts it nearest the anchor (an ISO date)."""
    if d.year is not None or not anchor:
        return d.iso()
    ref = date.fromisoformat(anchor)
    best = None
    for y in (ref.year - 1, ref.year, ref.year + 1):
        iso = d.iso(y)
        if iso and (best is None or abs((date.fromisoformat(iso) - ref).days) < abs((date.fromisoformat(best) - ref).days)):
            best = iso
    return best


# "on Thursday", "On Friday", "starting on Monday", "this Saturday": a weekday counted from the dateline.
WEEKDAY = re.compile(rf"\b(?:on|this|last|next|starting{_SP}on|from){_SP}(?P<wd>{_WD})\b", re.I)


def weekday_date(anchor: str, weekday: str, forward: bool) -> str:
    """The date of ``weekday`` nearest ``anchor``: on or before it when reported, on or after it when planned."""
    ref = date.fromisoformat(anchor)
    want = _WEEKDAYS.index(weekday.casefold())
    delta = (want - ref.weekday()) % 7
    day = ref + timedelta(days=delta) if forward else ref - timedelta(days=(7 - delta) % 7)
    return day.isoformat()
