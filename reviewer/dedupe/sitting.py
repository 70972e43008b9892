"""What an event's sentence says about the sitting it reports, for telling two reports of one
sitting from two sittings of one day: the kind of gathering it names (a summit, a conference, a
round table), its ordinal ("the Ninth Summit"), the sittings it is only beside ("on the
sidelines of the summit", "ahead of the session", "to prepare the summit"), the document signed
at it ("signed … an agreement on joint monitoring of the river") and the states it names.

Patterns over the words, never names: a report of a summit and a report of a forum opened the
same day by the same people are two events, whatever else they share.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ..extract.gazetteer import STATES

# Gatherings with a name of their own kind: two of them on one day in one place are told apart by it.
# ("meeting", "session", "sitting" and "talks" are said of any of them, so they are only generic.)
_KINDS = {
    "summit": "summit", "summits": "summit", "forum": "forum", "forums": "forum", "conference": "conference",
    "conferences": "conference", "congress": "congress", "seminar": "seminar", "seminars": "seminar",
    "webinar": "webinar", "webinars": "webinar", "course": "course", "courses": "course", "exercise": "exercise",
    "exercises": "exercise", "drill": "drill", "drills": "drill", "camp": "camp", "exhibition": "exhibition",
    "lecture": "lecture", "ceremony": "ceremony", "plenary": "plenary",
}
_GENERIC = {"meeting": "meeting", "meetings": "meeting", "session": "session", "sessions": "session",
            "sitting": "sitting", "sittings": "sitting", "talks": "talks"}
# "press conference" and "round table" are kinds of their own, not a conference or a table;
# "in the course of the talks" names no course.
_COMPOUNDS = {("press", "conference"): "press conference", ("press", "conferences"): "press conference",
              ("round", "table"): "round table", ("round", "tables"): "round table"}
_NOT_A_KIND = {("course", "of")}
_TOKEN = re.compile(r"[a-z0-9][a-z0-9\-]*")
_WORD = re.compile(r"[A-Za-z][A-Za-z\-]*")

# "the Ninth Summit", "the 40th plenary session": an ordinal within three words before a sitting's name.
_ORDINALS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
             "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth").split()
_NUMBERED = re.compile(r"\d{1,3}(?:st|nd|rd|th)")
_COUNTED = {"summit", "session", "forum", "conference", "congress", "meeting", "sitting", "plenary"}

# An event beside another: its sentence names the other sitting after one of these words, up to the
# clause's end ("On the sidelines of the Ninth Summit, …"; "held in Baku ahead of the summit"; "considered
# the agenda of the Council's meeting": preparing a sitting is another sitting).
_BESIDE = re.compile(
    r"\b(?:sidelines|margins|on\s+the\s+eve|prior\s+to|ahead\s+of|following|in\s+preparation\s+for|"
    r"preparations?\s+for|preparing|to\s+prepare|agenda\s+(?:of|for))\s+(?:of\s+)?(?P<object>[^,.;:()\n]{0,80})",
    re.I)
# What it is beside is a sitting when its first words name one ("the session of …", "its next meeting"),
# not when a meeting is only further on ("the agenda of the forthcoming meetings").
_GENERIC_HEAD = re.compile(r"(?:(?:the|a|an|its|their|this)\s+)?(?:[\w\-]+\s+){0,2}?(?P<head>meetings?|sessions?|sittings?|talks)\b")

# "signed … an agreement on joint monitoring of the Syr Darya": the document's subject, up to the clause's end.
_SIGNED = re.compile(r"\bsign(?:ed|s|ing)?\b", re.I)
_DOCUMENT = re.compile(r"\b(?:agreement|memorandum(?:\s+of\s+understanding)?|protocol|treaty|declaration|road\s*map|"
                       r"contract|convention)\s+(?:on|of|for|between|in\s+the\s+field\s+of)\s+(?P<subject>[^,;:()\n]{3,80})",
                       re.I)
_FILLER = {"the", "of", "on", "and", "in", "for", "a", "an", "to", "between", "with", "its", "their", "two", "said"}
# States named (continents and regions are no party to anything).
_STATE = re.compile(r"\b(?:" + "|".join(sorted((re.escape(n) for n in STATES if n not in {
    "Europe", "Asia", "Eurasia", "Africa", "America", "Caucasus"}), key=len, reverse=True)) + r")\b")


@dataclass
class Sitting:
    kinds: frozenset[str]  # the named kinds of gathering the sentence reports (outside what it is beside)
    generic: frozenset[str]  # meeting, session…: said of any sitting
    ordinals: frozenset[tuple[str, str]]  # ("9", "summit") for "the Ninth Summit"
    beside: tuple[str, ...]  # what the sentence is beside, lowercased ("the ninth summit of the bscu")
    document: frozenset[str]  # the words of the subject of a document it says was signed
    evidence: str

    @cached_property
    def states(self) -> frozenset[str]:
        """The states the sentence names (read only for the rules that ask)."""
        return frozenset(_STATE.findall(self.evidence))


def read(evidence: str) -> Sitting:
    """The sitting a sentence names (:class:`Sitting`)."""
    objects, own, last = [], [], 0
    for m in _BESIDE.finditer(evidence):
        objects.append(m.group("object").strip().casefold())
        own.append(evidence[last : m.start()])
        last = m.end()
    own_text = " ".join([*own, evidence[last:]]) if objects else evidence
    kinds, generic, ordinals = _named(own_text)
    document: frozenset[str] = frozenset()
    signed = _DOCUMENT.search(own_text) if _SIGNED.search(own_text) else None
    if signed:
        document = frozenset(w.casefold() for w in _WORD.findall(signed.group("subject")) if w.casefold() not in _FILLER)
    return Sitting(kinds, generic, ordinals, tuple(objects), document, evidence)


def _named(text: str) -> tuple[frozenset[str], frozenset[str], frozenset[tuple[str, str]]]:
    """The kinds of gathering, the generic words and the ordinals a text names, in one pass over its
    lowercased words (a regular expression per kind took five times as long)."""
    tokens = _TOKEN.findall(text.casefold())
    kinds, generic, ordinals = set(), set(), set()
    for i, w in enumerate(tokens):
        pair = (w, tokens[i + 1] if i + 1 < len(tokens) else "")
        if pair in _COMPOUNDS:
            kinds.add(_COMPOUNDS[pair])
        elif w in _KINDS and pair not in _NOT_A_KIND and (i == 0 or (tokens[i - 1], w) not in _COMPOUNDS):
            kinds.add(_KINDS[w])
        elif w in _GENERIC:
            generic.add(_GENERIC[w])
        elif w in _ORDINALS or _NUMBERED.fullmatch(w):
            after = (_KINDS.get(t) or _GENERIC.get(t) for t in tokens[i + 1 : i + 4])
            kind = next((k for k in after if k in _COUNTED), None)
            if kind:
                ordinals.add((str(_ORDINALS.index(w) + 1) if w in _ORDINALS else w[:-2], kind))
    return frozenset(kinds), frozenset(generic), frozenset(ordinals)


def differ(a: Sitting, b: Sitting) -> bool:
    """Two sentences that name different sittings: each a kind of gathering and none in common
    (a summit and a forum), or the same kind with another ordinal (the Ninth and the Tenth Summit)."""
    if a.kinds and b.kinds and not a.kinds & b.kinds:
        return True
    kinds_a, kinds_b = {k for _, k in a.ordinals}, {k for _, k in b.ordinals}
    return any(k in kinds_b and (n, k) not in b.ordinals for n, k in a.ordinals) or any(
        k in kinds_a and (n, k) not in a.ordinals for n, k in b.ordinals)


def beside(a: Sitting, b: Sitting, bodies: list[str]) -> bool:
    """Whether one sentence tells of an event beside the sitting the other reports: what it is
    beside names the other's kind of gathering (or its generic one), or a body both name."""
    for one, other in ((a, b), (b, a)):
        for obj in one.beside:
            head = _GENERIC_HEAD.match(obj)
            if (_named(obj)[0] & other.kinds or (head and _GENERIC[head.group("head")] in other.generic)
                    or any(_names(obj, body) for body in bodies)):
                return True
    return False


def _names(text: str, body: str) -> bool:
    """Whether lowercased ``text`` holds every capitalised word of a body's name."""
    words = set(_WORD.findall(text))
    key = [w.casefold() for w in _WORD.findall(body) if w[0].isupper()]
    return bool(key) and all(w in words for w in key)


# "Prime Minister X hosted the Lakes Council in Riga": the body a person hosted or chaired, up to the clause's end.
_HOSTS = re.compile(r"\b(?:hosted|hosts|chaired|chairs|convened|convenes|presided\s+over|presides\s+over)\s+"
                    r"(?P<object>[^,.;:()\n]{0,80})", re.I)


def hosted(evidence: str, bodies: list[str]) -> list[str]:
    """The ``bodies`` the sentence says someone hosted, chaired or convened."""
    objects = [m.group("object").casefold() for m in _HOSTS.finditer(evidence)]
    return [b for b in bodies if any(_names(obj, b) for obj in objects)]


def same_document(a: Sitting, b: Sitting) -> bool:
    """Both sentences say a document was signed, on the same subject (three words of it at least)."""
    return len(a.document) >= 3 and a.document == b.document


def states_differ(a: Sitting, b: Sitting) -> bool:
    """Each sentence names a state the other does not: the parties or the counterparts differ."""
    return bool(a.states and b.states and not a.states <= b.states and not b.states <= a.states)
