"""A second event told in the same sentence: "met the Minister and visited the flood centre",
"received the delegation, and the two sides then opened a photo exhibition".

The second clause starts at "and" (maybe "then") followed by an action verb of its own; it is
another event when its type differs from the first clause's, or when it names an event of its own
(a forum, a conference, an exhibition) that the first clause does not. "Met and discussed",
"met and held talks" stay one event: discussing is no event, and talks are the meeting itself. Nor
is a visit split: what a visit's sentence adds ("arrived in Tbilisi and met the Minister") is part of
the visit (the guideline's hard case), unless another sentence dates it on its own.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

from ..model import Mention, Span, Value
from . import types

_VERB = (r"visit(?:ed|s)?|open(?:ed|s)?|inaugurat(?:ed|es?)|attend(?:ed|s)?|laid|lay|took[ \u00a0]+part|"
         r"take[ \u00a0]+part|met|meet|received|receive|addressed|address|delivered|deliver|chaired|chair|"
         r"launched|launch|toured|tour")
_SECOND = re.compile(
    r",?[ \u00a0]+and[ \u00a0]+(?:(?:the[ \u00a0]+)?(?:two|both)[ \u00a0]+(?:sides|parties|delegations|ministers|leaders)[ \u00a0]+"
    r"|(?:he|she|they)[ \u00a0]+)?(?:then[ \u00a0]+|later[ \u00a0]+|also[ \u00a0]+)?(?:will[ \u00a0]+)?"
    rf"(?P<verb>{_VERB})\b", re.I)
# An event that names itself: the second clause's own occasion.
_OCCASION = re.compile(r"\b(?:forum|conference|summit|round[ \u00a0]+table|congress|exhibition|fair|festival)\b", re.I)
_TALKS = re.compile(r"\b(?:talks|meeting|consultations?|negotiations|conversation)\b", re.I)


def second_event(text: str, first: Mention) -> Optional[Mention]:
    """The other event of the first mention's sentence, dated, placed and timed as the first."""
    sp = first.evidence
    cue = first.event_type.span
    if cue is None or not sp.start <= cue.start < sp.end or first.event_type.value == "visit":
        return None
    m = _SECOND.search(text, cue.end, sp.end)
    if m is None:
        return None
    clause = Span(m.start("verb"), sp.end)
    kind = types.event_type(text, [clause])
    own = _OCCASION.search(text, clause.start, clause.end)
    if kind.value == first.event_type.value and (own is None or _TALKS.match(text, own.start(), own.end())):
        return None
    if kind.value == first.event_type.value and own is not None and \
            _OCCASION.search(text, sp.start, m.start()) is not None:
        return None  # "opened the forum and chaired the forum's session": one occasion
    kind = Value(kind.value, kind.span, round(kind.confidence * 0.9, 2))
    # the subject (named before the first verb) takes part in both; the first clause's guests stay with it
    people = [p for p in first.participants if p.span is None or p.span.start < cue.start or p.span.start >= clause.start]
    orgs = [o for o in first.organizations if o.span is not None and o.span.start >= clause.start]
    return replace(first, event_type=kind, participants=people or list(first.participants), organizations=orgs,
                   more_evidence=[])
