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
_GENERIC = {"meeting", "meetings", "session", "sessions", "sitting", "talks"}
_WORD = re.compile(r"[A-Za-z][A-Za-z\-]*")
# "press conference" and "round table" are kinds of their own, not a conference or a table;
# "in the course of the talks" names no course.
_COMPOUND = re.compile(r"\bpress\s+conferences?\b|\bround[\s\-]+tables?\b", re.I)
_NOT_A_KIND = re.compile(r"\bcourse\s+of\b", re.I)

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

_ORDINALS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
             "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth").split()
_ORDINAL = re.compile(
    r"\b(?P<n>" + "|".join(_ORDINALS) + r"|\d{1,3}(?:st|nd|rd|th))\s+(?:[A-Za-z\-]+\s+){0,2}?"
    r"(?P<kind>summit|session|forum|conference|congress|meeting|sitting|plenary)s?\b", re.I)


# "signed … an agreement on joint monitoring of the Syr Darya": the document's subject, up to the clause's end.
_SIGNED = re.compile(r"\bsign(?:ed|s|ing)?\b", re.I)
_DOCUMENT = re.compile(r"\b(?:agreement|memorandum(?:\s+of\s+understanding)?|protocol|treaty|declaration|road\s*map|"
                       r"contract|convention)\s+(?:on|of|for|between|in\s+the\s+field\s+of)\s+(?P<subject>[^,;:()\n]{3,80})",
                       re.I)
_FILLER = {"the", "of", "on", "and", "in", "for", "a", "an", "to", "between", "with", "its", "their", "two", "said"}
# States named (continents and regions are no party to anything).
_STATE = re.compile(r"\b(?:" + "|".join(sorted((re.escape(n) for n in STATES if n not in {
    "Europe", "Asia", "Eurasia", "Africa", "America", "Caucasus"}), key=len, reverse=True)) + r")\b")


@dataclass(frozen=True)
class Sitting:
    kinds: frozenset[str]  # the named kinds of gathering the sentence reports (outside what it is beside)
    generic: frozenset[str]  # meeting, session…: said of any sitting
    ordinals: frozenset[tuple[str, str]]  # ("9", "summit") for "the Ninth Summit"
    beside: tuple[str, ...]  # what the sentence is beside, lowercased ("the ninth summit of the bscu")
    document: frozenset[str]  # the words of the subject of a document it says was signed
    states: frozenset[str]  # the states it names


def read(evidence: str) -> Sitting:
    """The sitting a sentence names (:class:`Sitting`)."""
    objects = tuple(m.group("object").strip().casefold() for m in _BESIDE.finditer(evidence))
    own = _BESIDE.sub(" ", evidence)
    kinds, generic = _kinds(own)
    ordinals = frozenset((_number(m.group("n")), _kind(m.group("kind"))) for m in _ORDINAL.finditer(own))
    document: frozenset[str] = frozenset()
    if _SIGNED.search(own) and (m := _DOCUMENT.search(own)):
        document = frozenset(w.casefold() for w in _WORD.findall(m.group("subject")) if w.casefold() not in _FILLER)
    return Sitting(kinds, generic, ordinals, objects, document, frozenset(_STATE.findall(evidence)))


def _kinds(text: str) -> tuple[frozenset[str], frozenset[str]]:
    kinds = {re.sub(r"[\s\-]+", " ", m.group().casefold()).rstrip("s") for m in _COMPOUND.finditer(text)}
    words = [w.casefold() for w in _WORD.findall(_NOT_A_KIND.sub(" ", _COMPOUND.sub(" ", text)))]
    kinds |= {_KINDS[w] for w in words if w in _KINDS}
    return frozenset(kinds), frozenset(w.rstrip("s") if w != "talks" else w for w in words if w in _GENERIC)


def _kind(word: str) -> str:
    w = word.casefold()
    return _KINDS.get(w, w)


def _number(word: str) -> str:
    w = word.casefold()
    return str(_ORDINALS.index(w) + 1) if w in _ORDINALS else re.sub(r"\D", "", w)


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
            kinds = _kinds(obj)[0]
            head = _GENERIC_HEAD.match(obj)
            generic = head.group("head").rstrip("s") if head and head.group("head") != "talks" else "talks"
            if (kinds & other.kinds or (head and generic in other.generic)
                    or any(_names(obj, body) for body in bodies)):
                return True
    return False


def _names(text: str, body: str) -> bool:
    words = set(_WORD.findall(text))
    key = [w.casefold() for w in _WORD.findall(body) if w[0].isupper()]
    return bool(key) and all(w in words for w in key)


def same_document(a: Sitting, b: Sitting) -> bool:
    """Both sentences say a document was signed, on the same subject (three words of it at least)."""
    return len(a.document) >= 3 and a.document == b.document


def states_differ(a: Sitting, b: Sitting) -> bool:
    """Each sentence names a state the other does not: the parties or the counterparts differ."""
    return bool(a.states and b.states and not a.states <= b.states and not b.states <= a.states)
