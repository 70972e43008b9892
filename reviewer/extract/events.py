"""Which sentences of an item report its event(s), and the Mention built from them.

Teasers: the first sentence with a day-of-month date (not a document's date)
reports the event. Articles: the headline and the first body sentence state
the main event; its date is the first event date in the headline, else in the
first body sentence, else in the first paragraph, else in the next two
paragraphs (at a lower confidence); "today" takes the dateline's day. An item
under a date line of its own (a listing's release, a sidebar's teaser) whose
lead tells an event done without a day ("met in Bishkek with …", "took place
by videoconference") is on the date line's day, as "today" would be. Otherwise,
with no day of the month there is no event, as the guideline says. A later sentence announcing another event on
another date ("The next meeting will be held on 5 June") is a second event.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional

from ..model import Item, KnownEntities, Mention, Participant, Span, Value
from .. import datelines
from . import budget, dates, orgs, pairs, people, places, sentences, types

# Sentences of later paragraphs that say who took part (orgs are read there too).
_TAKING_PART = re.compile(
    r"attended\s+by|participation\s+of|participants|took\s+part|take\s+part|capabilities\s+of|hosted|"
    r"representatives\s+of|delegations?\s+of|organized\s+by|with\s+the\s+support\s+of|involved|joined|"
    r"chaired\s+by|chairmanship\s+of|attended|as\s+observers?|provided\s+by|spoke\s+at|made\s+statements\s+at",
    re.I,
)


_ATTENDED = re.compile(r"\b(?:attended|as\s+observers?|took\s+part|hosted|(?:also\s+)?spoke\s+at|"
                       r"made\s+(?:a\s+)?(?:statements?|speech(?:es)?|presentations?|reports?)\s+at)\b", re.I)
_ANOTHER = re.compile(r"\b(?:next|upcoming|forthcoming|following|another|new|regular)\b", re.I)


@dataclass
class _Layout:
    """An item's sentences grouped the way the extraction reads them."""

    sents: list[Span]
    headline: Optional[Span]
    paragraphs: list[list[Span]]  # body paragraphs (segments), each a list of sentences
    hits: dict  # sentence span -> its event dates, filled on first use
    bullets: frozenset = frozenset()  # sentences opening a list item ("• Today the Minister met …")
    timed: frozenset = frozenset()  # sentences opening a chronicle's entry ("10:30 — The Minister met …")
    openers: frozenset = frozenset()  # sentences opening a paragraph (where a wire dateline may stand)


# "• ", "- ", "* ": a list item's mark (a digest's entries); the sentence starts after it.
_BULLET = re.compile(r"[\u2022\u00b7\u25aa\u25e6\u2023*\-\u2013][ \u00a0]+")
# "10:30 — ", "15.00 - ", "9:15 a.m.: ": a chronicle's entry, time-stamped on the day of the item.
_TIMED = re.compile(r"\d{1,2}[:.]\d{2}(?:[ \u00a0]*[AaPp]\.?[Mm]\.?)?[ \u00a0]*[\u2014\u2013\-:|][ \u00a0]*(?=\S)")


def _layout(text: str, item: Item) -> _Layout:
    headline = item.headline if item.kind == "article" else None
    paragraphs = []
    bullets, timed = set(), set()
    for seg in item.segments:
        if headline is not None and headline.contains(seg):
            continue
        sents = sentences.split_span(text, seg, paragraph=True)
        if sents and (m := _BULLET.match(text, sents[0].start, sents[0].end)) and m.end() < sents[0].end:
            sents[0] = Span(m.end(), sents[0].end)
            bullets.add(sents[0])
        elif sents and text[sents[0].start].isdigit() and (m := _TIMED.match(text, sents[0].start, sents[0].end)):
            sents[0] = Span(m.end(), sents[0].end)
            timed.add(sents[0])
        paragraphs.append(sents)
    paragraphs = [p for p in paragraphs if p]
    sents = ([headline] if headline else []) + [s for p in paragraphs for s in p]
    return _Layout(sents, headline, paragraphs, {}, frozenset(bullets), frozenset(timed), frozenset(p[0] for p in paragraphs))


def _event_hits(text: str, sp: Span, lay: "_Layout") -> list[dates.DateHit]:
    hits = lay.hits.get(sp)
    if hits is None:
        own = dates.wire_end(text, sp.start, sp.end)  # a wire dateline's date is the report's
        hits = lay.hits[sp] = [h for h in dates.find_dates(text, own, sp.end) if not h.reference]
    return hits


def _lender(text: str, lay: _Layout, exclude: dates.DateHit) -> Optional[dates.DateHit]:
    """A date of the same item that states its year, to lend it to a yearless one."""
    for sp in lay.sents:
        for h in _event_hits(text, sp, lay):
            if dates.lends_year(h, exclude):
                return h
    return None


# "It will last until September 15": the end of the event that started on the sentence's date.
_UNTIL = re.compile(r"\b(?:last(?:s|ed)?|continue[sd]?|run(?:s)?|ran|go(?:es)?[ \u00a0]+on)[ \u00a0]+(?:until|till|through)[ \u00a0]+",
                    re.I)


def _until(text: str, lay: _Layout, evidence: Span, start: str) -> Optional[str]:
    """The end date an "until" in the evidence or the sentence after it gives, if after ``start``."""
    i = lay.sents.index(evidence) if evidence in lay.sents else -1
    for sp in [evidence] + lay.sents[i + 1 : i + 2] if i >= 0 else [evidence]:
        if sp != evidence and _THEN_WORD.search(text, sp.start, min(sp.end, sp.start + 80)):
            break  # "She then opened a course, which runs until 6 October": the next event's end
        for m in _UNTIL.finditer(text, sp.start, sp.end):
            # only a date right after "until" counts: no need to read the rest of the sentence for it
            hits = dates.find_dates(text, m.end(), min(sp.end, m.end() + 200))
            if hits and hits[0].start <= m.end() + 1:
                h = hits[0]
                end = f"{h.year2 or start[:4]}-{h.month2:02d}-{h.day2:02d}"
                return end if end[5:] > start[5:] else None
            wd = _WEEKDAY_NEXT.match(text, m.end(), sp.end)
            # "continues until Wednesday": the next one after the start (said of this event, in its sentence)
            if wd and sp == evidence and not start.startswith("X"):
                return datelines.weekday_date(start, wd.group(1), forward=True)
    return None


_WEEKDAY_NEXT = re.compile(r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")


def _mention(text: str, item: Item, lay: _Layout, evidence: Span, more: list[Span],
             hit: Optional[dates.DateHit], fallback_date: Optional[tuple],
             regions: dict[str, list[Span]], known: Optional[KnownEntities]) -> Mention:
    main = [evidence] + more
    st = types.status(text, main)
    dspan: Optional[Span]
    if hit is not None:
        lender = None if hit.has_year or item.dateline else _lender(text, lay, hit)
        start, end, conf = dates.resolve(hit, item.dateline, lender, planned=st.value == "planned")
        dspan = Span(hit.start, hit.end)
    else:
        assert fallback_date is not None, "a mention without a date hit has a fallback date"
        fs, fe, start = fallback_date
        end = start
        conf, dspan = (0.75, Span(fs, fe)) if fs is not None else (0.4, None)
    if dspan is not None and not item.span.contains(dspan):
        # a teaser dated by the date line above it: the day is the line's, but a field's span stays in its
        # item (the window shows fields inside the item; the store keeps spans there)
        dspan = None
    if hit is not None and start == end and start:
        end = _until(text, lay, evidence, start) or end
    if start == end and start and not start.startswith("X"):
        start, end = _n_days(text, evidence, start)
    if st.span is None:
        st = types.status(text, main, start, item.dateline)
    found_people = people.find_people(text, regions["people"], known)
    wires = [w for w in (datelines.wire(text, sp.start, sp.end) for sp in regions["orgs"]) if w is not None]
    location = places.find_location(text, regions["location"], lay.headline, known)
    if wires and evidence in lay.sents[:3] and not _said_in(text, location):
        # the report's dateline names where it happened, unless its lead says "in <city>"
        location = _wire_city(text, item, known) if item.segments else location
    mention = Mention(
        evidence=evidence,
        date_start=Value(start, dspan, conf),
        date_end=Value(end, dspan, conf),
        event_type=types.event_type(text, main),
        status=st,
        location=location,
        online=places.find_online(text, regions["online"]),
        participants=found_people,
        organizations=orgs.find_orgs(text, regions["orgs"], [p.span for p in found_people if p.span], known),
        more_evidence=more,
    )
    # a wire dateline's city in capitals is no acronym of a body
    mention.organizations = [o for o in mention.organizations
                             if not (o.span and any(w.city[0] <= o.span.start < w.end for w in wires))]
    return mention


def _said_in(text: str, location: Value) -> bool:
    """"… in Almaty", "… a working visit to Almaty": the lead names the place, not the dateline."""
    if location.span is None:
        return False
    before = text[max(0, location.span.start - 9) : location.span.start].replace("\u00a0", " ")
    return before.endswith("in ") or before.endswith("visit to ") or before.endswith("trip to ")

_N_DAY = re.compile(r"\b(two|three|four|five|six|seven|eight|nine|ten|\d{1,2})[\s\-]day\b", re.I)
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_ENDED = re.compile(r"\b(?:concluded|ended|closed|completed|wrapped\s+up|came\s+to\s+an\s+end)\b", re.I)
# "closed its two-day session", "completed today in Shymkent a three-day course": the verb before the measure.
_ENDED_BEFORE = re.compile(r"\b(?:concluded|ended|closed|completed|wrapped\s+up)\s+(?:[\w\-]+\s+){0,4}$", re.I)


def _n_days(text: str, evidence: Span, day: str) -> tuple[str, str]:
    """"opened a two-day conference" on its first day, "a five-day course concluded" on its last:
    the other end of the event the sentence measures."""
    m = _N_DAY.search(text, evidence.start, evidence.end)
    if m is None:
        return day, day
    n = _NUMBERS.get(m.group(1).casefold()) or int(m.group(1))
    if not 2 <= n <= 31:
        return day, day
    d = date.fromisoformat(day)
    if _ENDED.search(text, m.end(), evidence.end) or _ENDED_BEFORE.search(text, max(evidence.start, m.start() - 60), m.start()):
        return (d - timedelta(days=n - 1)).isoformat(), day
    return day, (d + timedelta(days=n - 1)).isoformat()


def _teaser(text: str, item: Item, lay: _Layout, known: Optional[KnownEntities]) -> list[Mention]:
    for i, sp in enumerate(lay.sents):
        hits = _event_hits(text, sp, lay)
        today = None if hits or i >= 2 else _anchored(text, sp, item.dateline)
        if today and types.event_type(text, [sp]).span is not None:
            # "Today in Baku, X attended the summit. The leaders agreed to meet on 6 May 2024.": today's event first
            regions = {"people": [sp], "orgs": [sp], "location": [sp], "online": [sp]}
            out = [_mention(text, item, lay, sp, [], None, today, regions, known)]
            return out + _announced(text, item, lay, i + 1, _day_hit(today), out[0], known)
        if hits:
            regions = {"people": lay.sents, "orgs": lay.sents, "location": lay.sents[i:], "online": lay.sents}
            out = [_mention(text, item, lay, sp, [], hits[0], None, regions, known)]
            out += _announced(text, item, lay, i + 1, hits[0], out[0], known)
            _share_out(text, lay, out)
            return out
    # no day in any sentence: a lead that tells what was done under the teaser's own date line is on its day
    # ("15.04.2025" over "The Secretary General met in Bishkek with …")
    today = _dayless(text, item, lay.sents[:1]) if lay.sents else None
    if today:
        sp = lay.sents[0]
        regions = {"people": lay.sents, "orgs": lay.sents, "location": [sp], "online": lay.sents}
        return [_mention(text, item, lay, sp, [], None, today, regions, known)]
    return []


# A sentence that sets its event against the main one: another event, even on a near day.
_SEPARATE = re.compile(r"\b(?:prior\s+to|on\s+the\s+eve|ahead\s+of|on\s+the\s+sidelines|also)\b", re.I)
# "The exercise will be completed on 6 October": the main event going on, not another one.
# ("On 13 June, the closing day, the Director will meet …": a day named by its place in the event goes on nothing.)
_GOES_ON = re.compile(r"\b(?:complet|end|finish|conclud|last|continu|clos|run)\w*\b(?![ \u00a0]+day\b)", re.I)
# ("reviewed the results and agreed to hold the next round on 24 June": the intention is the date's clause)
# "… before ending her tour in Bishkek": what follows the event, not the event going on.
_BEFORE_OR_AFTER = re.compile(r"\b(?:before|after)[ \u00a0]+$", re.I)


def _goes_on(text: str, sp: Span) -> bool:
    return any(not _BEFORE_OR_AFTER.search(text, max(sp.start, m.start() - 8), m.start())
               for m in _GOES_ON.finditer(text, sp.start, sp.end))


_CLAUSE = re.compile(r"[,;:(]|\b(?:which|that|where|when)\b|\band[ \u00a0]+(?=(?:agreed|decided)[ \u00a0]+to\b)")


def _days(a: tuple[int, int], b: tuple[int, int]) -> int:
    return abs((a[0] - b[0]) * 31 + a[1] - b[1])


def _clause_status(text: str, sp: Span, h: dates.DateHit) -> Value:
    """Held or planned as the clause holding the date says it ("…, which is scheduled for 23 November")."""
    start = sp.start
    for m in _CLAUSE.finditer(text, sp.start, h.start):
        start = m.start()
    st = types.status(text, [Span(start, sp.end)])
    # a clause with no verb of its own (", Kari Holm, on the final day") is told in the sentence's tense
    return st if st.span is not None or start == sp.start else types.status(text, [sp])


# A sentence that opens with its date ("On 20 June, …", "The next day, April 7, …") reports an
# event of its own, even of the main event's type on a near day; "On the same day, …" and
# "The next day, …" do so without a date of their own.
_LEADS = re.compile(r"(?:(?:earlier|later|also|meanwhile)\s*,?\s*)?(?:(?:on|from|during)\s+)?"
                    r"(?:the\s+(?:same|next|following)\s+day\s*,?\s*|the\s+day\s+before\s*,?\s*|the\s+eve\s*,?\s*)?"
                    r"(?:on\s+)?", re.I)
_RELATIVE_DAY = re.compile(r"(?:(?:later|earlier)\s+)?(?:on\s+)?(?:the|that)\s+(?:(same|next|following)\s+day|(eve)\b|(day)\s+before|"
                           r"(previous|preceding)\s+day|day\s+(after))\b"
                           r"|(?:later|earlier)\s+(?:in\s+)?(?:the|that)\s+(day)\b", re.I)
# "…, held in Baku the day before.", "… which took place the previous day", "will meet there on the following day":
# a sentence closing on its event's day.
_RELATIVE_END = re.compile(r"\b(?:held|took\s+place|convened|organi[sz]ed|hosted|staged|opened|met|"
                           r"meet|take\s+place|convene|open)\b[^.;!?]{0,60}?"
                           r"\b(?:on\s+)?the\s+(?:(next|following)\s+day|day\s+(after)|(day)\s+before|(previous|preceding)\s+day)"
                           r"[ \u00a0]*[.!;]?[ \u00a0]*$", re.I)


# "On the sidelines of the Council, on 25 August, …": another event beside the main one, even on its day.
_ASIDE = re.compile(r"(?:on|at)\s+the\s+(?:sidelines|margins)\s+of\s+[^,.;]{1,60},\s*(?:on\s+)?", re.I)


def _leads_with(text: str, sp: Span, h: dates.DateHit) -> bool:
    m = _LEADS.match(text, sp.start, h.start)
    return m is not None and m.end() == h.start


def _relative_hit(text: str, sp: Span, main: dates.DateHit, dateline: Optional[str] = None) -> Optional[dates.DateHit]:
    """"On the same day, …" / "The next day, …" / "On the eve, …" / "The previous day, …" opening a
    sentence, or "…, held in Baku the day before." closing it: the main event's day, the day after it
    ended, or the day before it began."""
    m = _RELATIVE_DAY.match(text, sp.start, sp.end)
    if m is None and (n := _DAYS_APART.match(text, sp.start, sp.end)) is not None:
        days = _NUMBERS.get(n.group(1).casefold()) or 1  # "a day later", "one day later"
        return _shifted(main, n.start(), n.end(), days if n.group(2).casefold() in ("later", "after") else -days)
    if m is None:
        # (only a sentence closing on "day" can: a cheap look at its end first)
        end = _RELATIVE_END.search(text, max(sp.start, sp.end - 120), sp.end) \
            if text.find("day", max(sp.start, sp.end - 12), sp.end) >= 0 else None
        if end is None:
            return None
        after = end.group(1) or end.group(2)
        return _shifted(main, end.start(), end.end(), 1 if after else -1)
    if m.group(4) or m.group(5):  # "the previous day", "the day after"
        return _shifted(main, m.start(), m.end(), 1 if m.group(5) else -1)
    if m.group(6):  # "Earlier in the day", "later that day": the same day, or the report's when that was to come
        base = date(main.year2 or 2000, main.month2, main.day2)
        year = main.year2
        if dateline and year is not None and base > date.fromisoformat(dateline):
            base = date.fromisoformat(dateline)
        return _one_day(m.start(), m.end(), base.day, base.month, year)
    if m.group(1) is None:  # "on the eve", "the day before": the day before the main event began
        return _shifted(main, m.start(), m.end(), -1)
    if m.group(1).casefold() != "same":
        return _shifted(main, m.start(), m.end(), 1)
    y = main.year2
    return _one_day(m.start(), m.end(), main.day2, main.month2, y)


def _first_day(main: dates.DateHit, start: Optional[str]) -> dates.DateHit:
    """The main event's first day: its mention's start ("The two-day meeting concluded today") when earlier."""
    if not start or start.startswith("X"):
        return main
    d = date.fromisoformat(start)
    if (d.year, d.month, d.day) >= (main.year1 or d.year, main.month1, main.day1):
        return main
    return dates.DateHit(main.start, main.end, d.day, d.month, d.year, main.day2, main.month2, main.year2)


def _last_day(main: dates.DateHit, end: Optional[str]) -> dates.DateHit:
    """The main event's last day: its mention's end ("opened a two-day conference") when later than its date's."""
    if not end or end.startswith("X"):
        return main
    d = date.fromisoformat(end)
    if (d.year, d.month, d.day) <= (main.year2 or d.year, main.month2, main.day2):
        return main
    return dates.DateHit(main.start, main.end, main.day1, main.month1, main.year1, d.day, d.month, d.year)


_WORD_START = re.compile(r"(?<![\w\-])\w")


def _closing_type(text: str, sp: Span, pos: int) -> Value:
    """"welcomed the results of the meeting of the Council, held in Baku the day before": the type of the
    noun the closing clause at ``pos`` tells of, even after words that make it a topic ("results of")."""
    for w in _WORD_START.finditer(text, max(sp.start, pos - 80), pos):
        kind = types.event_type_near(text, Span(w.start(), sp.end), pos)
        if kind.value != "other":
            return kind
    return Value("other", None, 0.3)


# "The day before the opening, …", "On the eve of the summit, …": a day counted from the event named, the item's own.
_OF_THE = re.compile(r"[ \u00a0]+(?:of[ \u00a0]+)?the[ \u00a0]+\w")


def _names_its_event(text: str, sp: Span) -> bool:
    m = _RELATIVE_DAY.match(text, sp.start, sp.end)
    return m is not None and _OF_THE.match(text, m.end(), sp.end) is not None


# "Two days later, …", "A day earlier, …": counted from the event before.
_DAYS_APART = re.compile(r"(a|one|two|three|four|five|six|seven)[ \u00a0]+days?[ \u00a0]+(later|earlier|after|before)\b", re.I)


def _shifted(main: dates.DateHit, start: int, end: int, days: int) -> dates.DateHit:
    """``-days`` before the main event began, or ``days`` after it ended, as a one-day hit."""
    if days < 0:
        day, year = date(main.year1 or 2000, main.month1, main.day1) + timedelta(days=days), main.year1  # 2000: a leap year
    else:
        day, year = date(main.year2 or 2000, main.month2, main.day2) + timedelta(days=days), main.year2
    y = day.year if year is not None else None
    return _one_day(start, end, day.day, day.month, y)


# "Ms. Lunde then opened a course …", "After the round table, the ministers will hold a press conference":
# the next thing done, on the day of the event before it.
_THEN = re.compile(r"After[ \u00a0]+the[ \u00a0]+[\w\-]+(?:[ \u00a0]+[\w\-]+)?[ \u00a0]*,|"
                   r"[^,;]{0,60}?(?:\bthen[ \u00a0]+(?:\w+[ \u00a0]+)?|\bwill[ \u00a0]+)(?=\w)", re.I)
_THEN_WORD = re.compile(r"\bthen\b", re.I)


# "… held a press conference at the end of the session": on the last day of the event before.
_AT_ITS_END = re.compile(r"\b(?:at|by)[ \u00a0]+the[ \u00a0]+(?:end|close|conclusion)[ \u00a0]+of[ \u00a0]+(?:the|its|their)\b", re.I)


def _at_its_end(text: str, sp: Span, last: dates.DateHit) -> Optional[dates.DateHit]:
    """"at the end of the session": the last day of the item's event (``last``), not of the last one told."""
    if text.find(" of ", sp.start, sp.end) < 0 or (m := _AT_ITS_END.search(text, sp.start, sp.end)) is None:
        return None
    return _one_day(m.start(), m.end(), last.day2, last.month2, last.year2)


# "On the last day, a ceremony …", "… will be received by the Minister on the final day": a day of the item's event.
_ITS_DAY = re.compile(r"\b(?:on|during)[ \u00a0]+the[ \u00a0]+(?:(first|opening)|last|final|closing)[ \u00a0]+day\b", re.I)


def _its_day(text: str, sp: Span, first: dates.DateHit, last: dates.DateHit) -> Optional[dates.DateHit]:
    """"On the first day", "on the final day": the first or the last day of the item's event."""
    if text.find(" day", sp.start, sp.end) < 0 or (m := _ITS_DAY.search(text, sp.start, sp.end)) is None:
        return None
    d, mo, y = (first.day1, first.month1, first.year1) if m.group(1) else (last.day2, last.month2, last.year2)
    return _one_day(m.start(), m.end(), d, mo, y)


def _then_hit(text: str, sp: Span, anchor: dates.DateHit, last: dates.DateHit, item_type: str) -> Optional[dates.DateHit]:
    """"then …": the day of the event before; "After the round table, …": of the event it names, the item's own
    (its last day) when of the item's type ("After the meeting, …" after "The day before, the Council …")."""
    after = text.startswith("After ", sp.start)
    if not (after or _THEN_WORD.search(text, sp.start, min(sp.end, sp.start + 80))) or (m := _THEN.match(text, sp.start, sp.end)) is None:
        return None
    if after and types.event_type(text, [Span(sp.start, m.end())]).value == item_type:
        anchor = last
    y = anchor.year2
    return _one_day(sp.start, sp.start, anchor.day2, anchor.month2, y)


# "On the sidelines of the meeting, X met Y": another event, on the day of the one it names.
_ASIDE_OPENS = re.compile(r"(?:on|at)[ \u00a0]+the[ \u00a0]+(?:sidelines|margins)[ \u00a0]+of[ \u00a0]+(?:the|this|that)\b", re.I)


def _aside_hit(text: str, sp: Span, main: dates.DateHit) -> Optional[dates.DateHit]:
    m = _ASIDE_OPENS.match(text, sp.start, sp.end)
    if m is None:
        return None
    return _one_day(m.start(), m.end(), main.day1, main.month1, main.year1)


def _same_day(sp: Span, anchor: dates.DateHit) -> dates.DateHit:
    """A chronicle's next time-stamped entry ("11:00 — …"): the day of the entry before."""
    return _one_day(sp.start, sp.start, anchor.day2, anchor.month2, anchor.year2)


def _listed_today(text: str, sp: Span, dateline: Optional[str]) -> Optional[dates.DateHit]:
    """A digest's entry saying "today" or "yesterday": an event of its own on that day."""
    found = dates.find_today(text, sp.start, sp.end, dateline)
    return None if found is None else _day_hit(found)


def _one_day(start: int, end: int, day: int, month: int, year: Optional[int]) -> dates.DateHit:
    """A hit of one day at ``start``..``end`` (what each relative form resolves to)."""
    return dates.DateHit(start, end, day, month, year, day, month, year)


def _day_hit(found: tuple[int, int, str]) -> dates.DateHit:
    """A day found in a sentence (start, end, ISO date) as a one-day hit."""
    d = date.fromisoformat(found[2])
    return _one_day(found[0], found[1], d.day, d.month, d.year)


# "The day before, the Economic Council, chaired by …, considered 14 items": a body deciding on a day of its own sat.
_SITS = re.compile(r"\b(?:Council|Committee|Commission|Board|Assembly|Parliament|Presidium|Bureau|Working[ \u00a0]+Group)\b"
                   r"[^.;!?]{0,150}?\b(?:considered|adopted|approved|examined|endorsed)\b")


def _sits(text: str, sp: Span) -> Optional[Value]:
    """A sentence with no event word that tells a named body deciding: its sitting, a meeting."""
    m = _SITS.search(text, sp.start, sp.end)
    return Value("meeting", Span(m.start(), m.end()), 0.6) if m else None


# "The second one", "The next one": one more event of the kind told before.
_ONE_MORE = re.compile(r"The[ \u00a0]+(?:second|third|fourth|fifth|next|last|final|other)[ \u00a0]+one\b")


#: Dates of one sentence looked at as other events (a sentence names two or three).
_DATES_PER_SENTENCE = 10


def _announced(text: str, item: Item, lay: _Layout, after: int, main: dates.DateHit, first: Mention,
               known: Optional[KnownEntities]) -> list[Mention]:
    """Later sentences reporting other events on other dates: announced, or held beside the main one.

    "The exercise will end on 10 October" continues the main event; another
    event names itself ("the next meeting", "prior to the session"), has
    another type, lies well apart, or opens its sentence with its date ("On 20
    June, the Secretary General held talks …"). A held one must be recent:
    within two months of the dateline (or a month of the main date), so a
    history ("the war that began on 22 June 1941") is no event. A day of a
    multi-day main event (a visit from 22 to 25 April) may hold events of
    other types. One event per sentence, one per day and type.
    """
    main_type, main_held, main_location = first.event_type.value, first.status.value == "held", first.location
    last = _last_day(main, first.date_end.value)
    first_day = _first_day(main, first.date_start.value)
    ref = date.fromisoformat(item.dateline) if item.dateline else None
    spans_days = (main.month1, main.day1) != (main.month2, main.day2)
    out: list[Mention] = []
    seen = {((main.month1, main.day1), main_type)}
    anchor = main  # "That same day" after "The day before, …" is the day before: each chain link counts from the last
    for sp in lay.sents[after:]:
        budget.check()
        named = _names_its_event(text, sp)  # "On the eve of the meeting, …": counted from the item's event
        relative = _relative_hit(text, sp, main if named else anchor, item.dateline)
        ends = None
        if relative is None and not _event_hits(text, sp, lay):
            ends = _at_its_end(text, sp, last)
            relative = (ends or _its_day(text, sp, first_day, last) or _then_hit(text, sp, anchor, last, main_type) or _aside_hit(text, sp, main)
                        or (_listed_today(text, sp, item.dateline) if sp in lay.bullets else None)
                        or (_same_day(sp, anchor) if sp in lay.timed else None))
        # the status look is costly and needed only for a sentence that names a weekday
        if relative is None and not _event_hits(text, sp, lay) and dates.names_weekday(text, sp.start, sp.end):
            # "On Friday, the Secretariat hosted …", "He is due in Dushanbe on Saturday": from the dateline
            relative = dates.weekday_hit(text, sp.start, sp.end, _own_dateline(text, sp, item.dateline),
                                         types.status(text, [sp]).value == "planned")
        # "BRUSSELS, June 20 /TPA/ — …" inside a story: a report of its own, whatever its event's type
        own_report = (sp in lay.openers and sp.start > item.span.start and text[sp.start : sp.start + 1].isupper()
                      and dates.wire_end(text, sp.start, sp.end) > sp.start)
        # the first dates of a sentence only: each costs a look at the whole sentence for its type
        for h in (_event_hits(text, sp, lay) or ([relative] if relative else []))[:_DATES_PER_SENTENCE]:
            leads = h is relative or _leads_with(text, sp, h)
            aside = _ASIDE.match(text, sp.start, h.start) is not None
            kind = types.event_type_near(text, sp, h.start)
            if kind.value == "other" and h is relative and h.start > sp.start:
                kind = _closing_type(text, sp, h.start)
            if kind.value == "other" and kind.span is None and leads:
                kind = _sits(text, sp) or kind
            one = _ONE_MORE.match(text, sp.start, sp.end)
            if kind.value == "other" and kind.span is None and one:
                # "The second one, on 12 March, will cover …": one more of the event told before
                told = (out[-1] if out else first).event_type
                kind = Value(told.value, Span(one.start(), one.end()), 0.6) if told.value != "other" else kind
            if (kind.value == "other" and kind.span is None and not own_report) or (h is ends and kind.value == main_type):
                continue  # ("At the end of the session, the chairmanship passed to …": the session itself)
            same_day = (h.month1, h.day1) == (main.month1, main.day1)
            if same_day and not (h is relative or aside or (spans_days and leads and kind.value != main_type)):
                continue
            if ((h.month1, h.day1), kind.value) in seen and h is not relative and not aside:
                continue
            st = _clause_status(text, sp, h)
            apart = _days((h.month1, h.day1), (main.month1, main.day1))
            if st.value != "planned":
                if h.has_year and main.has_year and h.year1 != main.year1:
                    continue
                near = _days((h.month1, h.day1), (ref.month, ref.day)) <= 62 if ref else apart <= 31
                if not near:
                    continue
            goes_on = _goes_on(text, sp)
            # an event still to come beside a main one that was held is another event
            separate = (apart > 14 or kind.value != main_type or one or _ANOTHER.search(text, sp.start, sp.end)
                        or _SEPARATE.search(text, sp.start, sp.end) or (leads and not goes_on)
                        or (st.value == "planned" and main_held and not goes_on))
            if not separate:
                continue
            regions = {"people": [sp], "orgs": [sp], "location": [sp], "online": [sp]}
            m = _mention(text, item, lay, sp, [], h, None, regions, known)
            m.location = places.find_location(text, [sp], None, known)
            during = (main.month1, main.day1) <= (h.month1, h.day1) <= (last.month2, last.day2)
            if m.location.value is None and not m.online.value and main_location is not None \
                    and main_location.value is not None and (st.value != "planned" or during):
                # a later day of the same report happens where it does, unless it says otherwise; so does what
                # is still to come on a day of the event going on ("On 13 June, the closing day, she will meet …")
                m.location = Value(main_location.value, main_location.span, round(main_location.confidence * 0.8, 2))
            m.event_type, m.status = kind, st
            out.append(m)
            seen.add(((h.month1, h.day1), kind.value))
            if not (h is relative and named):
                anchor = h  # (a day counted from the item's event starts no chain of its own)
            break
    return out


def _anchored(text: str, sp: Span, dateline: Optional[str]) -> Optional[tuple[int, int, str]]:
    """"today", "this morning", "on Thursday" in a sentence: a day counted from the item's dateline.

    In a sentence about what is to come, its weekday is the event's ("will hold drills starting on
    Monday, X told reporters today"): "today" is when it was said."""
    planned = types.status(text, [sp]).value == "planned"
    found = None if planned else dates.find_today(text, sp.start, sp.end, dateline)
    if found:
        return found
    wd = dates.weekday_hit(text, sp.start, sp.end, dateline, planned)
    if wd is None or wd.year1 is None:  # (a weekday's date always has its year)
        return dates.find_today(text, sp.start, sp.end, dateline)
    return wd.start, wd.end, date(wd.year1, wd.month1, wd.day1).isoformat()


def _own_dateline(text: str, sp: Span, dateline: Optional[str]) -> Optional[str]:
    """The date of a wire dateline opening the sentence (its year the item's), else the item's dateline."""
    w = datelines.wire(text, sp.start, sp.end) if text[sp.start : sp.start + 1].isupper() else None
    return (datelines.year_near(w.date, dateline) or dateline) if w is not None else dateline


# A calendar's or a media advisory's "Where: Baku, Azerbaijan" line (furniture between the headline and the lead).
_WHERE = re.compile(r"^[ \t\u00a0]*Where[ \u00a0]*:[^\n]{1,200}", re.M)


def _where_line(text: str, item: Item) -> list[Span]:
    """The span of the item's own "Where:" line, if it has one before its lead, as a place candidate."""
    body = next((seg for seg in item.segments if item.headline is None or not item.headline.contains(seg)), None)
    if item.kind != "article" or body is None:
        return []
    m = _WHERE.search(text, item.span.start, body.start)
    return [Span(m.start(), m.end())] if m else []


def _listed_over(text: str, item: Item) -> bool:
    """Whether the item is dated by a date line of its own right over its first line: a listing's release
    (over its headline), a sidebar's or a listing's teaser (over its lead)."""
    sp = item.dateline_span
    first = item.headline or (item.segments[0] if item.segments else None)
    if sp is None or first is None or sp.end > first.start or not item.dateline:
        return False
    return (sp.start == 0 or text[sp.start - 1] in "\r\n") and not text[sp.end : first.start].strip()


# A cue that is itself a verb in the past: "addressed the session", "visited the border post".
_PAST_CUE = re.compile(r"\w+ed|met", re.I)
# The few words between a verb and the event it tells ("held a meeting", "took part in the international
# conference"), or in front of a subject that names the event ("The 14th meeting …", "A solemn ceremony …").
_FEW_WORDS = re.compile(r"[ \u00a0]*(?:\S+[ \u00a0]+){0,4}")


def _tells_done(text: str, sp: Span) -> bool:
    """Whether the sentence's main clause tells an event done: its cue is the verb in the past ("met with",
    "addressed the session"), follows closely a verb in the past ("held a meeting", "paid a working visit",
    "took part in the conference") or heads the subject of one ("A solemn ceremony … was held"). A cue further
    on is a topic ("congratulated the veterans … on the anniversary", "The results of the operation …")."""
    kind = types.event_type(text, [sp])
    st = types.status(text, [sp])
    if kind.span is None or st.value != "held":
        return False
    cue = kind.span
    if st.span is None:
        return _PAST_CUE.fullmatch(text, cue.start, cue.end) is not None
    if st.span.start <= cue.start < st.span.end:
        return True
    after_verb = st.span.end <= cue.start and _FEW_WORDS.fullmatch(text, st.span.end, cue.start) is not None
    return after_verb or _FEW_WORDS.fullmatch(text, sp.start, cue.start) is not None


def _dayless(text: str, item: Item, leads: list[Span]) -> Optional[tuple[int, int, str]]:
    """An item under its own date line whose lead tells an event done without naming a day ("held a
    meeting in Bishkek with …", "took place by videoconference", "was held"): the date line's day, as
    "today" would be. One that is still to come, or tells no event, has no day."""
    if not item.dateline or not _listed_over(text, item) or not any(_tells_done(text, sp) for sp in leads):
        return None
    assert item.dateline_span is not None
    return item.dateline_span.start, item.dateline_span.end, date.fromisoformat(item.dateline).isoformat()


def _wire_city(text: str, item: Item, known: Optional[KnownEntities]) -> Value:
    """The city of a wire dateline opening the item's lead ("GENEVA, 9 October 2020 –"), a place candidate."""
    for seg in item.segments[:3]:
        w = datelines.wire(text, seg.start, seg.end)
        if w is not None:
            return Value(text[w.city[0] : w.city[1]], Span(*w.city), 0.7)
    return Value(None, None, 0.7)


def _article(text: str, item: Item, lay: _Layout, known: Optional[KnownEntities]) -> list[Mention]:
    if not lay.sents:
        return []
    head_line = lay.headline or lay.sents[0]
    # a headline line may run on into a second sentence: the one with the date is the evidence
    head_sents = sentences.split_span(text, head_line) or [head_line]
    head = next((s for s in head_sents if _event_hits(text, s, lay)), head_sents[0])
    body = [s for p in lay.paragraphs for s in p]
    first = body[0] if body else None
    first_par = lay.paragraphs[0] if lay.paragraphs else []
    hit, where = None, None
    later = [s for p in lay.paragraphs[1:3] for s in p]
    fallback = None
    leads = [head] + ([first] if first else [])
    for n, sp in enumerate(leads + first_par[1:] + later):
        hits = _event_hits(text, sp, lay)
        if sp in leads and hits:
            # "today opened a mission for the 3 April elections": the day counted comes first
            anchored = _anchored(text, sp, item.dateline)
            if anchored and anchored[0] < hits[0].start:
                fallback, where = anchored, sp
                break
        if hits:
            hit, where = hits[0], sp
            break
        if n == len(leads) - 1:
            # "today" or "on Thursday" in the headline or the lead dates the main event before any later date;
            # a wire's lead with no day of its own reports the dateline's day
            for lead in leads:
                fallback = _anchored(text, lead, item.dateline) if types.event_type(text, [head, lead]).span else None
                if fallback is None and item.dateline and dates.wire_end(text, lead.start, lead.end) > lead.start:
                    w = datelines.wire(text, lead.start, lead.end)
                    fallback = (w.date.start, w.date.end, item.dateline) if w else None
                if fallback:
                    where = lead
                    break
            if fallback:
                break
    if hit is None and fallback is None and item.dateline_span is not None and types.event_type(text, leads).span is not None:
        if datelines.occurs(text, item.dateline_span.start):
            # a calendar's entry: its "When: 19-20 September 2023" line is the day of the event its lead announces
            found = dates.find_dates(text, item.dateline_span.start, item.dateline_span.end)
            if found:
                hit, where = found[0], leads[-1]
        elif first is not None and (fallback := _dayless(text, item, leads)) is not None:
            # a listing's release whose lead tells what was done without a day ("met on the eve of the session")
            where = first
    if hit is None and fallback is None:
        # with no day at all there is no event (GUIDELINE: "anything without a day of the month" is not one)
        return []
    pair = [head] + ([first] if first and first != head else [])
    if where in pair:
        evidence = where
        more = [s for s in pair if s != where]
    elif where in first_par:
        # "… will hold a series of webinars. The first webinar will take place on 5 March …": the dated sentence
        evidence, more = where, pair
    else:
        evidence, more = head, [s for s in pair if s != head] + ([where] if where else [])
    taking_part = [s for p in lay.paragraphs[1:3] for s in p if _TAKING_PART.search(text, s.start, s.end)]
    # further down an article, only plain attendance: "participation of X in …" there is a decision's topic
    taking_part += [s for p in lay.paragraphs[3:] for s in p if _ATTENDED.search(text, s.start, s.end)]
    regions = {
        "people": lay.sents,
        "orgs": [head_line] + first_par + taking_part,
        "location": _where_line(text, item) + [evidence] + more + first_par,
        "online": [head_line] + [s for p in lay.paragraphs[:2] for s in p],
    }
    out = [_mention(text, item, lay, evidence, more, hit, fallback, regions, known)]
    if where in later:  # read from a later paragraph: less sure it is the main event's date
        for v in (out[0].date_start, out[0].date_end):
            v.confidence = round(v.confidence * 0.7, 2)
    if hit is None and fallback is not None and fallback[0] is not None:
        # a day counted from the dateline anchors the later events as a written date would
        d = date.fromisoformat(fallback[2])
        hit = _one_day(fallback[0], fallback[1], d.day, d.month, d.year)
    if hit is not None:
        idx = lay.sents.index(where) if where in lay.sents else 0
        out += _announced(text, item, lay, max(idx + 1, len(pair)), hit, out[0], known)
    _share_out(text, lay, out)
    if out[0].status.value == "planned":
        out[0].participants = [p for p in out[0].participants if not _only_a_source(text, item, p)]
    return out


def _share_out(text: str, lay: _Layout, out: list[Mention]) -> None:
    """Someone first named in the sentence of another event of the item takes part in that one, not in the
    main one; so does a body."""
    for second in out[1:]:
        out[0].participants = [p for p in out[0].participants if not (p.span and second.evidence.contains(p.span))]
        out[0].organizations = [o for o in out[0].organizations if not (o.span and second.evidence.contains(o.span))]
        _hand_over(text, lay, out[0], second)
        _carry_subject(text, out[0], second)


# "The meeting was chaired by …" right after the sentence reporting a second event (a meeting)
# speaks of that event, not of the main one.
_THE_EVENT = re.compile(r"(?:The|This|That)[ \u00a0]+(?:\w+[ \u00a0]+)?(?=\w)")


def _hand_over(text: str, lay: _Layout, main: Mention, second: Mention) -> None:
    if second.event_type.value == main.event_type.value or second.evidence not in lay.sents:
        return
    following = []
    for sp in lay.sents[lay.sents.index(second.evidence) + 1 :]:
        m = _THE_EVENT.match(text, sp.start, sp.end)
        if not m or types.event_type(text, [Span(sp.start, min(sp.end, m.end() + 12))]).value != second.event_type.value:
            break
        following.append(sp)
    moved = [p for p in main.participants if p.span and any(sp.contains(p.span) for sp in following)]
    if moved:
        main.participants = [p for p in main.participants if p not in moved]
        second.participants = second.participants + [p for p in moved if p.name not in {q.name for q in second.participants}]


# "The next day, he …", "On 4 May, she …", "The day before, in Tashkent, he …"
_HE = re.compile(r"(?:[^,.]{3,40},\s*){0,2}(?:he|she)\b", re.I)
_THE_TITLE = re.compile(r"\bthe\s+(?:CSTO\s+)?((?:Deputy\s+|Acting\s+)?Secretary\s+General|Chief\s+of\s+the\s+(?:CSTO\s+)?Joint\s+Staff)\b",
                        re.I)


def _carry_subject(text: str, main: Mention, second: Mention) -> None:
    """A later event told of the main event's person without the name: "On 20 June, the Secretary
    General held talks with …", "The next day, he spoke …". The person named with that title (or,
    for "he"/"she" opening the sentence, the first one named) takes part in it too."""
    sp = second.evidence
    named = {p.name for p in second.participants}
    carried = None
    if _HE.match(text, sp.start, sp.end) and main.participants:
        carried = main.participants[0]
    elif by_surname := [p for p in main.participants if p.name not in named and _surname_in(text, sp, p.name)]:
        carried = by_surname[0]  # "That same day, Wierzbicki visited …": the surname of someone named in full
    else:
        for m in _THE_TITLE.finditer(text, sp.start, sp.end):
            after = text[m.end() : min(sp.end, m.end() + 40)]
            if any(after.lstrip().startswith(n.split()[0]) for n in named):
                continue  # "the Secretary General Imangali Tasmagambetov …": named right there
            title = " ".join(m.group(1).split()).casefold()
            # "the Secretary General" is not the Deputy Secretary General named before
            carried = next((p for p in main.participants if p.role and title in (role := " ".join(p.role.split()).casefold())
                            and ("deputy" in role) == ("deputy" in title)), None)
            break
    if carried is not None and carried.name not in named:
        second.participants = [Participant(carried.name, carried.role, carried.span, round(carried.confidence * 0.8, 2),
                                           carried.role_span)] + second.participants


def _surname_in(text: str, sp: Span, name: str) -> bool:
    surname = name.split()[-1] if len(name.split()) >= 2 else ""
    if len(surname) < 4 or not surname[:1].isupper():
        return False
    # str.find, not a pattern made per name: one compiled per person filled the re module's cache
    i = text.find(surname, sp.start, sp.end)
    while i >= 0:
        before, after = text[i - 1 : i] if i > sp.start else "", text[i + len(surname) : i + len(surname) + 1]
        if not _NAME_CHAR.match(before) and not (i + len(surname) < sp.end and _NAME_CHAR.match(after)):
            return True
        i = text.find(surname, i + 1, sp.end)
    return False


_NAME_CHAR = re.compile(r"[\w\-]")


# "Andrey Serdyukov said that the exercise will take place …": who announces a planned event
# is its source, not one of its participants.
_SPEAKS = re.compile(r"[ \u00a0,]*(?:said|noted|announced|stated|told|reported|informed|emphasi[sz]ed|stressed)\b")


def _only_a_source(text: str, item: Item, p) -> bool:
    surname = p.name.split()[-1]
    found = False
    # the item only (the pattern still sees the characters around it), not a copy of the page up to it
    for m in re.compile(rf"(?<![\w\-]){re.escape(surname)}(?![\w\-])").finditer(text, item.span.start, item.span.end):
        if not _SPEAKS.match(text, m.end()):
            return False
        found = True
    return found


def extract(text: str, item: Item, known: Optional[KnownEntities] = None) -> list[Mention]:
    lay = _layout(text, item)
    found = _article(text, item, lay, known) if item.kind == "article" else _teaser(text, item, lay, known)
    out = []
    for m in found:
        out.append(m)
        second = pairs.second_event(text, m)
        if second is not None:
            # the first event keeps only what its own clause names
            m.organizations = [o for o in m.organizations if o not in second.organizations]
            out.append(second)
    return out
