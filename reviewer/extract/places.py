"""Where an event took place (a city) and whether it was held by videoconference.

A city is read from "in Moscow", "in (or near) the city of Moscow", "Moscow hosted" or
"will host", or
a headline that ends ", Moscow". Known cities come from the gazetteer and from
places a reviewer taught; an unknown capitalised name only counts after the
explicit "in the city of", at a lower confidence.
"""
from __future__ import annotations

import re
from typing import Optional

from ..model import KnownEntities, Span, Value
from .gazetteer import CITIES, MONTHS, NON_NAME_WORDS, STATES, alternation

_SP = r"[ \u00a0]+"
_CITY_NAMES = alternation(CITIES)
_ONLINE_RE = re.compile(
    r"\b(?=[vorwzVORWZ])(?:webinars?\b|video[ \u00a0-]?conferenc\w*|video[ \u00a0-]?link|via[ \u00a0]+video\w*|\bonline\b|remote[ \u00a0]+format|"
    r"web[ \u00a0-]?conferenc\w*|\bvideo[ \u00a0]+(?:mode|format|call)|\bremotely\b|\bVCS\b|\bZoom\b)",
    re.I,
)
# "took place in Lodz": an unknown capitalised word after a verb of holding is probably a city.
_UNKNOWN_CITY = r"(?P<city>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?![\w\-])"
_HELD_IN = re.compile(
    rf"\b(?:held|took{_SP}place|take{_SP}place|takes{_SP}place|was{_SP}organi[sz]ed|opened|hosted|gathered|met|meet|"
    rf"arrived|arrives)"
    # "held talks in Batumi", "will be held on 20 May in Vilnius", "held from 28 October to 1 November at the
    # Academy in Varna", "will meet representatives of logistics companies in Antwerp": a short stretch
    # without a stop between the verb and "in"
    rf"(?:{_SP}[^.;:!?\n]{{0,70}}?)?{_SP}in{_SP}{_UNKNOWN_CITY}"
)
# "held talks with the Prime Minister in Batumi today", "will meet in Bucharest on 5-6 December": a name
# followed by when it happened is where.
_IN_WHEN = re.compile(
    rf"\bin{_SP}{_UNKNOWN_CITY}{_SP}(?:today|yesterday|on{_SP}(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    rf"|on{_SP}\d{{1,2}}(?:[\-\u2013]\d{{1,2}})?{_SP}[A-Z][a-z]+)"
)
# "On 14 May 2018, in Batumi, …": the place right after the opening date
_OPENING_IN = re.compile(rf"(?:On|From)\b[^,.;\n]{{1,40}},{_SP}in{_SP}{_UNKNOWN_CITY},")
# "travelling to Tbilisi, Baku and Yerevan": several places, no one venue
_MORE_PLACES = re.compile(rf"(?:,|{_SP}and){_SP}[A-Z][a-z]+(?:,|{_SP}and\b)")
_MONTHS = alternation(m.capitalize() for m in MONTHS)
# "in the Tajik capital": the member states' capitals by their adjective.
_CAPITAL_OF = {"tajik": "Dushanbe", "kyrgyz": "Bishkek", "kazakh": "Astana", "kazakhstani": "Astana",
               "armenian": "Yerevan", "belarusian": "Minsk", "belarussian": "Minsk", "russian": "Moscow",
               "uzbek": "Tashkent"}
_ADJ_CAPITAL = re.compile(rf"\b(?:in|at|to){_SP}the{_SP}(?P<adj>{alternation(w.capitalize() for w in _CAPITAL_OF)}){_SP}capital\b")
_CACHE: dict[tuple, tuple[re.Pattern, ...]] = {}


def _patterns(extra: tuple) -> tuple[re.Pattern, ...]:
    """Compiled city patterns, with a reviewer's places added (cached per set of places)."""
    pats = _CACHE.get(extra)
    if pats is None:
        names = alternation(CITIES + extra) if extra else _CITY_NAMES
        city = rf"(?P<city>{names})(?![\w\-])"
        in_city = re.compile(
            rf"(?:\b(?:in|at|to|visited|visiting|visits){_SP}(?:the{_SP}city{_SP}of{_SP}|the{_SP}capital{_SP}of{_SP}\w+{_SP}|)(?:the{_SP}capital{_SP}|)"
            rf"|(?<![\w\-])(?=(?:{names}){_SP}(?:hosted|hosts|will{_SP}host|was{_SP}the{_SP}venue))){city}"
        )
        # "near the city of Chebarkul" names the city; "a training ground near Vitebsk" does not say it is there
        city_of = re.compile(rf"\b(?:in|near){_SP}the{_SP}(?:city|town|village){_SP}of{_SP}(?P<city>[A-Z][\w\-]+(?:{_SP}[A-Z][\w\-]+)?)")
        tail = re.compile(rf",[ \u00a0]*{city}[ \u00a0.]*$")
        # "Minsk, 28 November 2023. …": a city opening the sentence before its date
        opening = re.compile(rf"^{city},[ \u00a0]*(?:\d|(?:{_MONTHS})\b)")
        bare = re.compile(rf"(?<![\w\-]){city}")
        if len(_CACHE) > 8:
            _CACHE.clear()
        pats = _CACHE[extra] = (in_city, city_of, tail, opening, bare)
    return pats


# "diplomats accredited in Moscow", "Head of the Delegation in Moscow Anna Petrova": the city of
# someone's post, not where the event was held.
_ACCREDITED = re.compile(r"\baccredited[ \u00a0]+$")
_PERSON_NEXT = re.compile(r"[ \u00a0]+[A-Z][a-z]+[ \u00a0]+[A-Z][a-z]+\b")


# "organized by the LWC Programme Office in Tartu, opened in Riga": the city of a field office's name.
_OFFICE_IN = re.compile(r"\b(?:Office|Mission|Centre|Center|Embassy|Delegation|Representation|Consulate)[ \u00a0]+$")

# … unless the office is where it happened: "held at the Embassy in Riga" is Riga (as "at the Ministry of Defence
# in Yerevan" is Yerevan).
_AT_OFFICE = re.compile(r"\b(?:at|in)[ \u00a0]+the[ \u00a0]+(?:[\w\-]+[ \u00a0]+){0,5}?(?:Office|Mission|Centre|Center|"
                        r"Embassy|Delegation|Representation|Consulate)[ \u00a0]+$")

# … or hosts it: "the LWC Office in Astana hosted a course".
_HOSTS = re.compile(r"[ \u00a0]+(?:hosted|hosts|held|holds|organi[sz]ed|convened)\b")


def _not_venue(text: str, m: re.Match) -> bool:
    return bool(_ACCREDITED.search(text, max(0, m.start() - 12), m.start())
                or (_OFFICE_IN.search(text, max(0, m.start() - 16), m.start()) is not None
                    and not _AT_OFFICE.search(text, max(0, m.start() - 80), m.start())
                    and not _HOSTS.match(text, m.end("city")))
                or _PERSON_NEXT.match(text, m.end("city")))


def _canonical(name: str) -> str:
    return name  # as written, so the value is exactly its span's text


def find_location(text: str, spans: list[Span], headline: Optional[Span] = None,
                  known: Optional[KnownEntities] = None, first_conf: float = 0.9) -> Value:
    """The first city stated in ``spans`` (in order of preference); ``None`` when none is."""
    in_city, city_of, tail, opening, bare = _patterns(tuple(sorted(known.places)) if known and known.places else ())
    if headline is not None:
        # "Session of the … Council December 23, 2014, Moscow": the headline's place line
        m = tail.search(text, headline.start, headline.end)
        if m:
            return Value(_canonical(m.group("city")), Span(m.start("city"), m.end("city")), 0.8)
    for i, sp in enumerate(spans):
        conf = first_conf if i == 0 else first_conf - 0.15
        if text.startswith("Where:", sp.start):
            where = _where(text, sp, bare)
            if where is not None:
                return where
            continue
        m = opening.match(text, sp.start, sp.end)
        if m:
            return Value(_canonical(m.group("city")), Span(m.start("city"), m.end("city")), conf)
        m = next((m for m in in_city.finditer(text, sp.start, sp.end)
                  if not _not_venue(text, m) and not _MORE_PLACES.match(text, m.end("city"))), None)
        if m:
            return Value(_canonical(m.group("city")), Span(m.start("city"), m.end("city")), conf)
        m = city_of.search(text, sp.start, sp.end)
        if m:
            return Value(_canonical(m.group("city")), Span(m.start("city"), m.end("city")), 0.6)
        m = _ADJ_CAPITAL.search(text, sp.start, sp.end)
        if m:
            return Value(_CAPITAL_OF[m.group("adj").casefold()], Span(m.start("adj"), m.end()), conf - 0.1)
    for sp in spans[:1]:
        m = _OPENING_IN.match(text, sp.start, sp.end) or _IN_WHEN.search(text, sp.start, sp.end)
        if m and m.group("city").casefold() not in NON_NAME_WORDS:
            return Value(m.group("city"), Span(m.start("city"), m.end("city")), 0.5)
        for m in _HELD_IN.finditer(text, sp.start, sp.end):
            if m.group("city").casefold() not in NON_NAME_WORDS:
                return Value(m.group("city"), Span(m.start("city"), m.end("city")), 0.5)
        # "… co-chaired the meeting of the Mechanism in Zugdidi.": an unknown name closing the sentence
        m = _IN_AT_END.search(text, sp.start, sp.end)
        if m and m.group("city").casefold() not in NON_NAME_WORDS and _EVENT_WORD.search(text, sp.start, m.start()):
            return Value(m.group("city"), Span(m.start("city"), m.end("city")), 0.45)
    return Value(None, None, 0.7)


_IN_AT_END = re.compile(rf"\bin{_SP}(?P<city>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?:{_SP}today)?[ \u00a0]*[.;]?[ \u00a0]*$")
_EVENT_WORD = re.compile(r"\b(?:meeting|session|conference|forum|round\s+table|talks|seminar|ceremony|course|"
                         r"exercise|consultations|summit|visit)\b", re.I)


# A media advisory's "Where: Baku, Azerbaijan", "Where: Conference hall of the Centre, Bishkek", "Where: Osh".
_WHERE_PARTS = re.compile(r"[^,\n]+")
_ONE_NAME = re.compile(r"[ \u00a0]*(?:Where:[ \u00a0]*)?(?P<city>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)[ \u00a0.]*$")


def _where(text: str, sp: Span, bare: re.Pattern) -> Optional[Value]:
    """The city of a labelled ``Where:`` line: a known one anywhere in it, else a part of one capitalised word."""
    end = text.find("\n", sp.start, sp.end)
    end = sp.end if end < 0 else end
    m = bare.search(text, sp.start, end)
    if m:
        return Value(m.group("city"), Span(m.start("city"), m.end("city")), 0.8)
    for part in _WHERE_PARTS.finditer(text, sp.start, end):
        m = _ONE_NAME.match(part.group())
        if m and m.group("city").casefold() not in NON_NAME_WORDS and m.group("city") not in STATES:
            a = part.start() + m.start("city")
            return Value(m.group("city"), Span(a, a + len(m.group("city"))), 0.6)
    return None


# "in Kazakhstan's Almaty region", "in the Ili river basin", "at a range near Osh": the sentence puts the event
# in a region, a basin or a range — a place that is no city, so no dateline's city stands in for it either.
_ELSEWHERE = re.compile(
    rf"\b(?:in|at|across|near){_SP}(?:the{_SP}|an?{_SP}|[A-Z][\w\-]*(?:'s|\u2019s){_SP})?(?:[A-Z][\w\-]*{_SP}){{0,3}}"
    rf"(?:region|oblast|province|district|river{_SP}basin|basin|valley|training{_SP}ground|range|border{_SP}area|"
    rf"mountains|waters)\b")


def names_elsewhere(text: str, spans: list[Span]) -> bool:
    """Whether the sentences place the event in a region, a basin or a range rather than a city."""
    return any(_ELSEWHERE.search(text, sp.start, sp.end) for sp in spans)


def find_online(text: str, spans: list[Span]) -> Value:
    """``True`` when the sentences speak of a videoconference."""
    for sp in spans:
        m = _ONLINE_RE.search(text, sp.start, sp.end)
        if m:
            return Value(True, Span(m.start(), m.end()), 0.85)
    return Value(False, None, 0.8)
