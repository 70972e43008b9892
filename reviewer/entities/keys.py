"""Collision keys for cluster suggestions: names that share a key may be one entity.

OpenRefine's key-collision methods, made for names of people, bodies and
places in translated press releases:

* ``fingerprint``: casefolded, accents and punctuation gone, function words
  dropped, the remaining words sorted and unique ("Petrov, Ivan" and
  "Ivan Petrov"; "Council of CIS Heads of State" and "CIS Council of Heads
  of State");
* ``transliteration``: the same words folded to a transliteration skeleton
  (``kh``/``h``, ``y``/``i``/``j``, ``-yev``/``-ev``…; the rule the duplicate
  search uses for surnames, :func:`reviewer.dedupe.people.fold`);
* ``acronym``: a body written as an acronym and as its spelled-out name —
  by the initials of the name's words ("Regional Anti-Terrorist Structure",
  RATS) or as the text defines it ("… for Central Asia (UNRCCA)") — and a
  body with or without the acronym of the organization it belongs to
  ("CSTO Joint Staff", "Joint Staff of the Collective Security Treaty
  Organization", "Joint Staff"). Which acronyms are such parents is read from
  the names themselves (one written before another body's name), never
  listed here;
* ``initial``: a person's initial and surname ("S. Ordabayev") against one
  full name ("Samat Ordabaev").

Every function here is pure: names in, keys out.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from ..dedupe.people import fold

#: Words that say nothing about which entity a name is (dropped from fingerprints).
FUNCTION_WORDS = frozenset({"the", "of", "and", "for", "on", "in", "at", "to", "a", "an", "under", "with", "by"})
#: A qualifier after a parent's name that does not change the body: "… of the CSTO member states".
_MEMBERS = re.compile(r"\s+member\s+(?:states|countries|nations)\s*$", re.I)
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")
_OF = re.compile(r"\s+of\s+(?:the\s+)?")
_OF_ACRONYM = re.compile(r"\S\s+of\s+(?:the\s+)?([A-Z][A-Z0-9]{1,7})(?:\s+(?i:member\s+(?:states|countries|nations)))?\s*$")
# "Full Name (ACR)" as a text writes it: capitalised words (with the small words between them) before the acronym.
_DEFINITION = re.compile(
    r"((?:[A-Z][\w\u2019'\-]*[ \u00a0]+(?:(?:of|for|on|and|the|in|against)[ \u00a0]+){0,2}){1,12})\((?P<acr>[A-Z]{2,8})\)"
)


_JOINING = re.compile(r"[.'\u2019]")
_HYPHENS = re.compile(r"[\-\u2010-\u2014]")
_OTHER_PUNCT = re.compile(r"[^\w\s]|_")


def plain(name: str, hyphen: str = "") -> str:
    """Casefolded, accents stripped, ``.`` and apostrophes removed, hyphens removed (or ``hyphen``), other
    punctuation a space."""
    s = name.casefold()
    if not s.isascii():
        s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return " ".join(_OTHER_PUNCT.sub(" ", _HYPHENS.sub(hyphen, _JOINING.sub("", s))).split())


def words(name: str, hyphen: str = "") -> tuple[str, ...]:
    """The words of :func:`plain` without function words."""
    return tuple(w for w in plain(name, hyphen).split() if w not in FUNCTION_WORDS)


@lru_cache(maxsize=100_000)
def fingerprint(name: str) -> str:
    return " ".join(sorted(set(words(name))))


#: Spellings the surname skeleton keeps apart but names of every kind vary in: "Kuznetzov"/"Kuznetsov",
#: "Djumabek"/"Jumabek"/"Yumabek" (after :func:`fold`, which already makes "y" an "i").
_MORE_FOLDS = (("tz", "ts"), ("dj", "j"), ("j", "i"))


@lru_cache(maxsize=200_000)
def skeleton(word: str) -> str:
    """One word's transliteration skeleton (digits kept as they are)."""
    if word.isdigit():
        return word
    w = fold(word)
    for a, b in _MORE_FOLDS:
        w = w.replace(a, b)
    return w


@lru_cache(maxsize=100_000)
def translit(name: str, hyphen: str = "") -> str:
    """The fingerprint of the words' transliteration skeletons (digits kept: "Group 2" is not "Group 3");
    ``hyphen=" "``: the parts of a hyphenated word as words of their own (what nearest neighbours compare, so
    "Counter-Terrorism" and "Counter Terrorism" differ by nothing and "Nur-Sultan", "Nursultan" by a space)."""
    if hyphen and not _HYPHENS.search(name):
        return translit(name)
    return " ".join(sorted({skeleton(w) for w in words(name, hyphen)} - {""}))


def is_acronym(token: str) -> bool:
    return bool(_ACRONYM.match(token)) and any(c.isalpha() for c in token)


def initials(name: str) -> str:
    """The acronym a spelled-out name makes: the first letter of each capitalised word and of each part of a
    hyphenated one ("Anti-Terrorist" gives A and T), an acronym's own letters ("UN Office" gives UNO); small
    words give none. Empty when a word is not capitalised (a phrase, not a name)."""
    out = []
    for tok in name.replace("\u00a0", " ").split():
        tok = tok.strip("\"'\u201c\u201d\u00ab\u00bb(),")
        if not tok or tok.casefold() in FUNCTION_WORDS:
            continue
        if is_acronym(tok):
            out.append(tok)
            continue
        for part in tok.split("-"):
            if part and part[0].isupper():
                out.append(part[0])
            elif part:
                return ""
    return "".join(out)


def definitions(text: str) -> dict[str, set[str]]:
    """Acronyms a text defines, with the names it gives them: "the Regional Anti-Terrorist Structure (RATS)".

    The name is the shortest run of words before the bracket that starts with the acronym's first letter and
    holds its other letters in order ("Head of the UN Regional Centre for Preventive Diplomacy for Central
    Asia (UNRCCA)" defines UNRCCA as "UN Regional Centre … Central Asia"; "… (KAZWAT)" after "Kazakh Water
    Agency" is found the same way).
    """
    out: dict[str, set[str]] = {}
    for m in _DEFINITION.finditer(text):
        acr, toks = m.group("acr"), m.group(1).split()
        for start in range(len(toks) - 1, -1, -1):
            if toks[start].casefold() in FUNCTION_WORDS or toks[start][0] != acr[0]:
                continue
            full = " ".join(toks[start:])
            full = re.sub(r"(?:\s+(?:of|for|on|and|the|in|against))+$", "", full)
            if len(full.split()) >= 2 and _subsequence(acr[1:], full[1:]):
                out.setdefault(acr, set()).add(full)
                break
    return out


def _subsequence(short: str, long: str) -> bool:
    it = iter(long.upper())
    return all(c in it for c in short.upper())


@dataclass(frozen=True)
class Body:
    """A body's name read as ``parent`` (an organization's acronym, or None) and the body's own name."""

    parent: Optional[str]
    body: str


def parent_candidates(names: Iterable[str]) -> set[str]:
    """Acronyms written before another body's name or after its "of" ("CSTO Joint Staff", "SCO RATS",
    "Executive Committee of the CAEU"): organizations that have bodies."""
    out = set()
    for name in names:
        toks = name.split()
        if len(toks) >= 2 and is_acronym(toks[0]):
            out.add(toks[0])
        m = _OF_ACRONYM.search(name) if " of " in name else None
        if m:
            out.add(m.group(1))
    return out


def bodies(name: str, parents: set[str]) -> list[Body]:
    """The ways ``name`` reads as a body of a parent: "CSTO Joint Staff", "Joint Staff of the CSTO" and
    "Joint Staff of the Collective Security Treaty Organization" (its initials a known parent) all give
    ``Body("CSTO", "Joint Staff")``; a name with no parent gives ``Body(None, name)``."""
    name = " ".join(name.split())
    toks = name.split()
    out = []
    if len(toks) >= 2 and toks[0] in parents:
        out.append(Body(toks[0], " ".join(toks[1:])))
    bare = _MEMBERS.sub("", name) if " of " in name else ""
    for m in _OF.finditer(bare):  # the parent is what follows one "of": "… of the Commonwealth of Independent States"
        parent = bare[m.end():]
        letters = parent if is_acronym(parent) else initials(parent)
        if letters in parents and m.start() > 0:
            out.append(Body(letters, bare[: m.start()]))
    return out or [Body(None, name)]


def body_keys(body: str, parents: set[str], defined: dict[str, set[str]]) -> set[str]:
    """Keys of a body's own name: its fingerprint and the acronym it is or makes (three letters at least, unless
    a text defined it), an acronym's spelled-out names as texts define them, and an acronym that starts with a
    parent's ("UNOCT": UN + OCT)."""
    keys = {"fp:" + fingerprint(body)}
    if is_acronym(body):
        keys.add("acr:" + body)
        for full in defined.get(body, ()):
            keys.add("fp:" + fingerprint(full))
            keys.add("acr:" + initials(full))
    else:
        letters = initials(body)
        if len(letters) >= 3:
            keys.add("acr:" + letters)
    return keys


def split_acronym(token: str, parents: set[str]) -> list[Body]:
    """An acronym that begins with a parent's acronym: "UNOCT" is UN's "OCT" (two letters left at least)."""
    return [Body(p, token[len(p):]) for p in parents if token.startswith(p) and len(token) - len(p) >= 2]
