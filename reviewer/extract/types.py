"""Event type and held/planned status from the words of the event's sentences.

The type is the first cue word in the sentence that reports the event: press
sentences name their event early ("On 10 December, … hosted consultations …
on joint training activities" is consultations, not training). Multi-word
cues are listed before the single words they contain ("training courses" is
education, not training).
"""
from __future__ import annotations

import re
from typing import Optional

from ..model import Span, Value

# (event type, cue pattern); the alternation is ordered longest-first per type
# and all cues are searched at once, the earliest match winning.
_CUES: list[tuple[str, str]] = [
    ("education", r"training\s+courses?|training\s+seminars?|advanced\s+training|refresher\s+courses?|courses?|seminars?|"
                  r"webinars?|lectures?|(?:youth\s+|summer\s+|training\s+)?camps?\b|"
                  r"graduat\w*|master[\s-]classes?|internships?|schools?\b|workshops?|educational\s+\w+|"
                  r"study\s+tours?|academic\s+\w+"),
    ("consultations", r"consultations?|consulted"),
    ("training", r"training\s+sessions?|joint\s+trainings?|trainings?|exercises?|drills?|command[\s-]post|"
                 r"staff\s+training|maneuvers|manoeuvres|war\s+games?"),
    # "will present the priorities to the Permanent Council": an address to a body
    ("briefing", r"present(?:s|ed)?(?=\s+(?:[\w'\u2019\-]+\s+){0,6}?(?:to|before)\s+the\b)|"
                 # "presented the final report of the mission": the findings told
                 r"present(?:s|ed|ing)?(?=\s+(?:the|its|his|her|their|a)\s+(?:[\w\-]+\s+){0,2}"
                 r"(?:report|findings|conclusions|results|assessment)s?\b)|briefings?|briefed|brief(?:s|ing)?\b|speech(?:es)?|spoke\b|addressed|address(?:es|ing)?(?=\s+the\b)|made\s+a\s+report|delivered\s+an?\s+(?!lecture)\w+|"
                 r"press\s+conference|press\s+approach|statements?\s+to\s+the|presentation|interview|"
                 r"lecture\s+to"),
    ("visit", r"(?:official|working|state)\s+visit|visits?|visited|arrived|trip|tour\s+of|"
              r"travel(?:s|led|ling)?\s+to|(?:is|are)\s+due\s+in"),
    ("ceremony", r"ceremon\w*|parades?|anniversary|commemorat\w*|wreath[\s-]laying|laid\s+(?:a\s+)?(?:wreath|flowers)|"
                 r"memorial|celebrat\w*|awarding|awarded|solemn\w*|handover|farewell|credentials|remembrance|"
                 r"tribute|memory\s+of|flowers|ground[\s-]?breaking|ribbon[\s-]cutting|foundation\s+stone"),
    ("operation", r"operations?|raids?|special\s+measures"),
    # an observation mission opened, an appointment: events of no other type, yet events
    ("other", r"(?:election\s+)?(?:observation|monitoring)\s+missions?"),
    # two officials signing a memorandum meet to sign it
    ("meeting", r"meetings?|met\s+with|met\b|meets?\b|sessions?|sitting|talks|negotiations|conference|summit|"
                r"symposi(?:um|a)|colloqui(?:um|a)|congress\b|"
                r"forum|round\s+table|roundtable|gathering|received|receives|conversation|signed|signing|"
                r"signs?(?=\s+(?:an?\s+|the\s+)?(?:memorand|agreement|protocol|accord|treaty|contract|declaration))|"
                # "held a videoconference" is a meeting; "videoconference consultations" are consultations
                r"video[\s-]?conferenc(?:es|e|ing)\b(?!\s+(?:consultations?|meetings?|sessions?|talks|briefings?|seminars?|"
                r"conferences?|trainings?|courses?|lectures?))"),
]
# One word-start check in front of the alternation lets the scan skip mid-word positions quickly.
_CUE_RE = re.compile(r"\b(?=[a-zA-Z])(?:" + "|".join(f"(?P<{t}>{p})" for t, p in _CUES) + ")", re.I)

# A planned event: the text speaks of it in the future.
_PLANNED_RE = re.compile(
    r"\b(?:will\s+(?:\w+\s+)?\w+|(?:is|are)\s+(?:scheduled|planned|expected|to\s+be\s+held|due)|(?:is|are)\s+to\s+\w+|"
    r"shall\s+be\s+held|next\s+(?:meeting|session|round)|upcoming|forthcoming|to\s+be\s+held|"
    # "the parties agreed to hold the next round on …": an intention, though "agreed" is past
    r"(?:agreed|decided|plan(?:s|ned)?|intend(?:s|ed)?)\s+to\s+(?:hold|conduct|organi[sz]e|convene|meet))\b",
    re.I,
)
# Words that name a later event without a future verb: the sentence is planned
# only if nothing in it was held ("consultations on the agenda of the next
# meeting were held" reports held consultations).
_WEAK_PLANNED = re.compile(r"(?:next|upcoming|forthcoming)", re.I)
# A past main verb before any "will" means the event was held ("the parties
# discussed measures that will strengthen …").
_HELD_RE = re.compile(
    r"\b(?=[a-zA-Z])(?:\b(?:was|were|has\s+been|have\s+been)\s+(?:held|conducted|organi[sz]ed|completed|opened|carried\s+out)|"
    r"\btook\s+(?:place|part)|\bcompleted\s+its\s+work|\b(?:held|met|discussed|signed|visited|hosted|attended|"
    r"participated|completed|opened|adopted|approved|considered|spoke|delivered|presented|received|conducted|"
    r"organi[sz]ed|began|started|finished|summed|reviewed|chaired|noted|stressed|paid|laid|handed|awarded|"
    r"congratulated|briefed|informed|exchanged|agreed|launched)\b)",
    re.I,
)


# "The results of the operation were summed up at the meeting": the operation is past, the news is the meeting.
_RESULTS_OF = re.compile(r"\bresults[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+|this[ \u00a0]+)?$", re.I)


# "approved a statement on the 30th anniversary": the topic of a document, not the event.
_DOCUMENT_ON = re.compile(r"\b(?:statement|declaration|resolution|appeal|message|address|report)s?[ \u00a0]+"
                          r"(?:on|about|regarding|dedicated[ \u00a0]+to)[ \u00a0]+(?:[\w'\u2019\-]+[ \u00a0]+){0,4}$", re.I)


# "The Treaty was signed in Tashkent on 15 May 1992": a document's signing, not a meeting.
_DOCUMENT_SIGNED = re.compile(r"\b(?:treat(?:y|ies)|agreements?|memorand\w*|protocols?|conventions?|charters?|"
                              r"declarations?|documents?|accords?|contracts?)[ \u00a0]+(?:(?:was|were|is|are|has[ \u00a0]+been|"
                              r"have[ \u00a0]+been|to[ \u00a0]+be)[ \u00a0]+)?$", re.I)


def _document_signed(text: str, sp: Span, m: re.Match) -> bool:
    return m.lastgroup == "meeting" and m.group()[:4].casefold() == "sign" and \
        _DOCUMENT_SIGNED.search(text, max(sp.start, m.start() - 40), m.start()) is not None


# "Minister X, on a working visit to Vienna, spoke at …", "arrived in Tbilisi on Sunday and met …", "arrived
# in Batumi for the youth camp": the trip is the circumstance, the sentence's news is what follows it.
_ON_A_VISIT = re.compile(r"\b(?:on|during|in\s+the\s+course\s+of)\s+(?:an?|his|her|their)\s+(?:[\w\-]+\s+){0,2}$", re.I)
_ARRIVED = re.compile(r"arriv", re.I)


def _background_visit(text: str, sp: Span, m: re.Match) -> bool:
    if m.lastgroup != "visit":
        return False
    return bool(_ARRIVED.match(m.group())) or _ON_A_VISIT.search(text, max(sp.start, m.start() - 40), m.start()) is not None


def event_type(text: str, spans: list[Span]) -> Value:
    """The type cued earliest in the first span that has a cue; ``other`` otherwise."""
    for i, sp in enumerate(spans):
        background = None
        for m in _CUE_RE.finditer(text, sp.start, sp.end):
            if _RESULTS_OF.search(text, max(sp.start, m.start() - 20), m.start()):
                continue
            if _DOCUMENT_ON.search(text, max(sp.start, m.start() - 60), m.start()) or _document_signed(text, sp, m):
                continue
            conf = 0.85 if i == 0 else 0.7
            if background is None and _background_visit(text, sp, m):
                background = Value(m.lastgroup, Span(m.start(), m.end()), conf)
                continue
            if background is not None and m.lastgroup == "visit":
                return background
            return Value(m.lastgroup, Span(m.start(), m.end()), conf)
        if background is not None:
            return background
    return Value("other", None, 0.3)


# A cue inside these phrases names the event the sentence is measured against,
# not its own: "On 15 June, on the eve of the meeting, a joint training session …".
_RELATIVE_TO = re.compile(
    r"(?:\beve\s+of|\bprior\s+to|\bahead\s+of|\bafter|\bfollowing|\bsidelines\s+of|\bpreparations?\s+for|"
    r"\bpreparation\s+of|\bresults\s+of)\s+(?:the\s+|this\s+|that\s+)?$",
    re.I,
)


# "the meeting of the working group on the preparation of joint exercises": the exercises are the topic.
_TOPIC_OF = re.compile(r"(?:[ \u00a0]+(?:of|on|for|under)(?:[ \u00a0]+(?!(?:of|on|for|under)\b)[\w\-]+){1,3})+$")
_WHICH = re.compile(r"\b(?:which|that)\b")


def event_type_near(text: str, sp: Span, pos: int) -> Value:
    """The type of the event a date in ``sp`` at ``pos`` belongs to: the cue nearest before it, else after.

    For a sentence that reports a second event; cues naming another event
    ("on the eve of the meeting") are skipped.
    """
    before, after, any_before, prev = None, None, None, None
    for m in _CUE_RE.finditer(text, sp.start, sp.end):
        topic = prev is not None and _TOPIC_OF.match(text[prev.end() : m.start()].rstrip())
        prev = m
        if topic or _document_signed(text, sp, m):
            continue
        if m.start() < pos:
            any_before = m
        if _RELATIVE_TO.search(text, max(sp.start, m.start() - 40), m.start()):
            continue
        if m.start() < pos:
            before = m
        elif after is None:
            after = m
    if any_before is not None and any_before is not before and _WHICH.search(text, any_before.end(), pos):
        before = any_before  # "the preparation of the meeting, which will be held on 20 June": the date is its
    if before is not None and after is not None and after.lastgroup != "visit" and _background_visit(text, sp, before):
        before = None  # "arrived in Tbilisi on Sunday and met the Minister": the meeting is the news
    cue = before or after
    return Value(cue.lastgroup, Span(cue.start(), cue.end()), 0.7) if cue else Value("other", None, 0.3)


def status(text: str, spans: list[Span], event_date: Optional[str] = None,
           dateline: Optional[str] = None) -> Value:
    """``planned`` when the sentences speak in the future or the date is after the dateline."""
    for sp in spans:
        seg = text[sp.start : sp.end]
        held = _HELD_RE.search(seg)
        m = _PLANNED_RE.search(seg)
        while m and held and _WEAK_PLANNED.match(m.group()):
            m = _PLANNED_RE.search(seg, m.end())
        if m and not (held and held.start() < m.start()):
            return Value("planned", Span(sp.start + m.start(), sp.start + m.end()), 0.85)
        if held:
            return Value("held", Span(sp.start + held.start(), sp.start + held.end()), 0.9)
    if event_date and dateline and not event_date.startswith("XXXX") and event_date > dateline:
        return Value("planned", None, 0.6)
    return Value("held", None, 0.75)
