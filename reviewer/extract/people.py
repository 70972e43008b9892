"""People taking part in an event, found by name shape and role context.

A name is the run of capitalised name-like words at the end of a capitalised
run ("CSTO Secretary General Imangali Tasmagambetov" → "Imangali
Tasmagambetov"; "S. Ordabayev"; "Kassym-Jomart Tokayev"). It is kept when a
role backs it up (a title before it: "the President of the Republic of
Belarus Alexander Lukashenko", "Minister of Foreign Affairs of the Russian
Federation, Sergey Lavrov"; or after it: "Taalatbek Masadykov, the CSTO Deputy
Secretary General"), when a reviewer taught it, or, at a lower confidence,
when its last word has a common post-Soviet surname ending. The press
contact ("CSTO spokesman …") and names inside quotations are left out.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Optional

from ..model import KnownEntities, Participant, Span
from ..names import name_key
from . import budget
from .gazetteer import FIRST_NAMES, NON_NAME_WORDS, PRESS_ROLES, SURNAME_END, TITLES, alternation
from .scanning import quotations, trailing_words_start

# Words may carry letters beyond ASCII ("Momčilo Babić"); initials may be two letters ("Zh.").
_TOKEN = r"(?:[A-Z][a-z]?\.|[A-Z](?:[^\W\d_]|[\u2019'])+(?:-[A-Za-z](?:[^\W\d_]|[\u2019'])+)*|[A-Z]{2,}(?:['\u2019]s)?)"
# Words of a name are apart by spaces, or by one line break where a PDF's text wrapped the line ("Ilze\nBerzina").
_GAP = r"(?:[ \u00a0]+|[ \u00a0]*\n[ \u00a0]*)"
_RUN_RE = re.compile(rf"(?<![\w.\-]){_TOKEN}(?:{_GAP}{_TOKEN})*")
_TOKEN_RE = re.compile(_TOKEN)
_INITIAL = re.compile(r"[A-Z][a-z]?\.$")
_TITLE_RE = re.compile(rf"\b(?:{alternation(t for t in TITLES if not t.endswith('.'))})\b", re.I)
_TITLE_CASED = re.compile(rf"\b(?:{alternation(t for t in TITLES if not t.endswith('.'))})\b")
# Lower-case words allowed inside a role ("Minister of Foreign Affairs of the Russian Federation").
_ROLE_SMALL = {"of", "the", "for", "on", "and", "in", "to", "at", "under", "a"}
# At most 100 words (a role is a few; the longest the pages run to is ~50): on "…, Abc, Abc, Abc …"
# each name was read to the sentence's end.
_ROLE_AFTER = re.compile(
    r"[ \u00a0]*,[ \u00a0]*(?:the[ \u00a0]+|a[ \u00a0]+)?"
    r"(?P<role>(?:[A-Z][\w\u2019'\-]*)(?:(?:[ \u00a0]+|[ \u00a0]*,[ \u00a0]*)(?:[A-Z][\w\u2019'\-]*|\([^()\n]{1,60}\)|"
    r"of|the|for|on|and|in|to|under|at)){0,100})"
)
#: Characters from a title to its person's name at most (the site's longest role is under 150).
_LONGEST_ROLE = 300
#: Distinct people one item lists at most (an event names a few; each new one is compared with all).
MAX_PEOPLE = 100
# A capitalised phrase that goes on as a body's name is not a person: "… for Preventive Diplomacy for Central Asia".
# … or names a place: "the Losiny Ostrov training ground".
_CONTINUES = re.compile(r"[ \u00a0]+(?:of|for|on)[ \u00a0]+(?:the[ \u00a0]+)?[A-Z]|[ \u00a0]*\([A-Z]{2,}|"
                        r"[ \u00a0]+(?:training[ \u00a0]+ground|firing[ \u00a0]+range|range|airfield|square|palace)\b")
# "the University named after I. Arabaev": the name of a body, not a participant.
_NAMED_AFTER = re.compile(r"\bnamed[ \u00a0]+after[ \u00a0]+$")
_TRAILING_SMALL = frozenset({"of", "the", "for", "on", "and", "in", "to", "under", "at"})
_CAPWORD = re.compile(r"[A-Z][\w\u2019'\-]*")


def _continues(text: str, start: int, end: int, limit: int, name_toks: list) -> bool:
    """Whether the words go on as a body's name; not "Prime Minister of Georgia Levan Chikovani on the
    Organization's support": two name words right after their title, then the topic of talks."""
    m = _CONTINUES.match(text, end, limit)
    if m is None:
        return False
    return not (m.group().lstrip(" \u00a0").startswith("on") and len(name_toks) == 2
                and _role_before(text, max(start, name_toks[0].start() - 80), name_toks[0].start()) is not None)


def _name_like(tok: str) -> bool:
    if _INITIAL.match(tok):
        return True
    if "-" in tok and all(part.casefold() in NON_NAME_WORDS for part in tok.split("-")):
        return False  # "Secretary-General", "Under-Secretary-General" are titles, not "Kassym-Jomart"
    return tok[1:2].islower() and tok.casefold() not in NON_NAME_WORDS and not tok.endswith(("'s", "\u2019s"))


def _trim_name(toks: list) -> list:
    """"… for Preventive Diplomacy Boris Serikyev": a name starts at its given name or initial."""
    for j in range(len(toks) - 2, -1, -1):
        w = toks[j].group()
        if _INITIAL.match(w) or w.casefold() in FIRST_NAMES:
            # "Kassym-Jomart Tokayev": a given name right before still belongs to the name
            while j > 0 and toks[j - 1].group().casefold() in FIRST_NAMES:
                j -= 1
            return toks[j:]
    return toks if len(toks) <= 3 else toks[-2:]


def _role_word(w: str) -> bool:
    """A word that may stand in a role: capitalised, of/the/…, or in brackets."""
    w = w.strip(",")
    return not w or w in _ROLE_SMALL or w[0].isupper() or w.startswith("(") or w.endswith(")")


def _role_words_from(text: str, lo: int, end: int) -> int:
    """Where the run of role words that ends at ``end`` starts (no earlier than ``lo``)."""
    start = end
    while True:
        b = start
        while b > lo and text[b - 1].isspace():
            b -= 1
        a = b
        while a > lo and not text[a - 1].isspace():
            a -= 1
        if a == b or not _role_word(text[a:b]) or (a == lo and a > 0 and not text[a - 1].isspace()):
            return start
        start = a


def _role_ok(text: str, start: int, end: int, words_from: int) -> bool:
    """Whether ``text[start:end]`` (after a title) is all role words, given where the run of role
    words ending at ``end`` starts: one pass per name, not one per title before it."""
    j = start
    while j < end and not text[j].isspace():
        j += 1
    if j > start and not _role_word(text[start:j]):  # the rest of the word the title ends in
        return False
    while j < end and text[j].isspace():
        j += 1
    return j >= words_from


def _prev_word(text: str, lo: int, end: int) -> Optional[int]:
    """Start of the capitalised word just before ``end`` (which follows spaces), or ``None``."""
    j = end
    while j > lo and text[j - 1] in " \u00a0":
        j -= 1
    if j == end or j == lo:
        return None
    i = j
    while i > lo and not text[i - 1].isspace():
        i -= 1
    w = text[i:j]
    return i if w[:1].isupper() and _CAPWORD.fullmatch(w) else None


def _role_before(text: str, lo: int, name_start: int) -> Optional[Span]:
    """The role right before a name: the earliest title whose rest reaches the name in role words."""
    lo = max(lo, name_start - _LONGEST_ROLE)
    words_from = None  # found once, and only when a title is there (most names have none before them)
    for m in _TITLE_RE.finditer(text, lo, name_start):
        if words_from is None:
            words_from = _role_words_from(text, lo, name_start)
        if not _role_ok(text, m.end(), name_start, words_from):
            continue
        # Take in the capitalised modifiers just before the title: "CSTO Deputy", "Acting", "Russian".
        start = m.start()
        while (w := _prev_word(text, lo, start)) is not None and text[w:start].strip() not in ("The", "A", "An"):
            start = w
        end = name_start
        while end > start and text[end - 1] in " ,\u00a0":
            end -= 1
        return Span(start, end)
    return None


def _role_after(text: str, name_end: int, limit: int) -> Optional[Span]:
    m = _ROLE_AFTER.match(text, name_end, limit)
    if not m or not _TITLE_CASED.search(m.group("role")):
        return None
    # "…of Internationalist Soldiers, the CSTO Deputy Secretary General Taalatbek Masadykov": a role
    # that ends in a name of its own is that person's, not the capitalised words before the comma
    toks = _TOKEN_RE.findall(m.group("role"))
    if len(toks) >= 3 and _name_like(toks[-1]) and _name_like(toks[-2]):
        return None
    s, e = m.start("role"), m.end("role")
    # drop trailing small words: "…General and" / "…Peacekeeping, held" never get here, but "of the" might
    return Span(s, s + trailing_words_start(text[s:e], _TRAILING_SMALL))


def _quoted(text: str, span: Span) -> list[tuple[int, int]]:
    return quotations(text, span.start, span.end)


def _key(name: str) -> str:
    parts = name.replace("\u00a0", " ").split()
    return parts[-1].casefold() if parts else ""


def find_people(text: str, spans: list[Span], known: Optional[KnownEntities] = None) -> list[Participant]:
    """People named in the given sentences, fullest form first seen, without the press contact."""
    found: list[Participant] = []
    known_people = known.people if known else {}
    for sp in spans:
        budget.check()
        quotes = _quoted(text, sp)
        prev_end = sp.start
        for run in _RUN_RE.finditer(text, sp.start, sp.end):
            if " " not in run.group() and "\u00a0" not in run.group() and "\n" not in run.group():
                continue  # one capitalised word is never a name on its own here
            toks = list(_TOKEN_RE.finditer(text, run.start(), run.end()))
            i = len(toks)
            while i > 0 and _name_like(toks[i - 1].group()):
                i -= 1
            name_toks = toks[i:]
            while name_toks and _INITIAL.match(name_toks[-1].group()):
                name_toks = name_toks[:-1]
            while name_toks and name_toks[0].group() in _HONORIFICS:
                name_toks = name_toks[1:]  # "Ms. Reinholt": a courtesy title, not an initial
            if not name_toks:
                continue
            if len(name_toks) >= 3:
                name_toks = _trim_name(name_toks)
            ns, ne = name_toks[0].start(), name_toks[-1].end()
            name = _one_line(text[ns:ne])
            if (any(a <= ns < b for a, b in quotes) or _continues(text, sp.start, ne, sp.end, name_toks)
                    or _NAMED_AFTER.search(text, max(sp.start, ns - 14), ns)):
                continue
            if PRESS_ROLES.search(text, max(sp.start, ns - 40), ns):
                continue
            role = _role_before(text, prev_end, ns)
            if role is not None and text[role.start : role.end].rsplit(None, 1)[-1] in _ROLE_SMALL:
                first_tok = name_toks[0].group()
                if (_INITIAL.match(first_tok) or first_tok.casefold() in FIRST_NAMES
                        or SURNAME_END.search(name_toks[-1].group())):
                    pass
                elif len(name_toks) >= 3 and not _INITIAL.match(name_toks[-2].group()):
                    # "Chairman of the Kenesh Aibek Dzhunusov": a one-word body name, then the person
                    name_toks = name_toks[-2:]
                    ns = name_toks[0].start()
                    name = _one_line(text[ns:ne])
                    role = _role_before(text, prev_end, ns)
                else:
                    continue  # "Head of the Centre for | Preventive Diplomacy": the body's name goes on
            if role is None:
                role = _role_after(text, ne, sp.end)
            canonical = known_people.get(name_key(name))
            n = len(name_toks)
            if canonical:
                conf = 0.95
            elif n == 1:
                # a lone surname counts only right after its title: "President Putin"
                if role is None or role.end < ns - 2 or not SURNAME_END.search(name):
                    continue
                conf = 0.6
            elif n > 3:
                continue
            elif role is not None:
                conf = 0.9
            elif name_toks[0].group().casefold() in FIRST_NAMES:
                conf = 0.6
            elif SURNAME_END.search(name_toks[-1].group()):
                conf = 0.55
            elif any(_key(p.name) == _key(name) for p in found):
                conf = 0.7
            elif n == 2 and _opens_clause(text, sp.start, ns) and _ACTS.match(text, ne, sp.end):
                # "Nino Kvaratskhelia received …", "On 18-19 April, Rauf Mammadli paid …": a sentence's subject,
                # a first and a last name
                conf = 0.55
            else:
                continue
            role_text = text[role.start : role.end] if role else None
            said_from = role.start if role else ns
            if (_TOLD.match(text, ne, sp.end) and _ATTRIBUTION.search(text, max(sp.start, said_from - 30), said_from)
                    and not _opens_clause(text, sp.start, said_from)):
                continue  # "…, the Secretary General Ivan Petrov told reporters.": who reports the news, a source
            if role_text and PRESS_ROLES.search(role_text):
                continue
            prev_end = ne
            _add(found, Participant(canonical or name, role_text, Span(ns, ne), conf, role))
    return found


# "…, X told reporters." closing a sentence: the person is the news's source, not one who took part.
_TOLD = re.compile(r"[ \u00a0]+told[ \u00a0]+(?:reporters|journalists|the[ \u00a0]+(?:press|media)|"
                   r"an?[ \u00a0]+(?:news|press)[ \u00a0]+conference)\b")
_ATTRIBUTION = re.compile(r",[ \u00a0]*(?:the[ \u00a0]+)?(?:[\w\-]+(?:'s|\u2019s)[ \u00a0]+)?$")
# An opening phrase before a sentence's subject: "On 18-19 April, ", "Later that day, ".
_OPENING = re.compile(r"(?:On|From|In|At|During|After|Before|Later|Earlier|Today|Yesterday|Meanwhile|Also|Then|That|"
                      r"The[ \u00a0]+(?:same|next|following)|Last|This)\b[^,;.:\n]{0,60},[ \u00a0]*")


def _opens_clause(text: str, start: int, ns: int) -> bool:
    """Whether a name at ``ns`` opens its sentence (from ``start``), or follows only an opening phrase."""
    if ns == start:
        return True
    m = _OPENING.match(text, start, ns)
    return m is not None and m.end() == ns


def _one_line(name: str) -> str:
    """A name a PDF's line wrap cut ("Ilze\nBerzina") written on one line; any other exactly as in the text."""
    return " ".join(name.split()) if "\n" in name else name


_HONORIFICS = frozenset({"Mr.", "Ms.", "Mrs.", "Dr.", "Mr", "Ms", "Mrs", "Dr"})
# What a person does at an event, right after the name that opens a sentence.
_ACTS = re.compile(r"[ \u00a0]+(?:also[ \u00a0]+)?(?:received|met|paid|briefed|visited|held|took[ \u00a0]+part|addressed|"
                   r"opened|signed|chaired|delivered|attended|welcomed|hosted|presented|spoke|laid)\b")


def _same_person(a: str, b: str) -> bool:
    """Same initial and the same or a transliterated surname ("Ordabayev" / "Ordabaev")."""
    if a.split()[0][0] != b.split()[0][0]:
        return False
    ka, kb = _key(a), _key(b)
    if ka == kb:
        return True
    # the quick ratios bound the ratio from above: most pairs are told apart without computing it
    m = SequenceMatcher(None, ka, kb)
    return m.real_quick_ratio() >= 0.8 and m.quick_ratio() >= 0.8 and m.ratio() >= 0.8


def _add(found: list[Participant], p: Participant) -> None:
    """Keep one entry per person: the fullest written form, the best role and confidence
    (at most :data:`MAX_PEOPLE` people: more are not an event's participants)."""
    for i, q in enumerate(found):
        if _same_person(q.name, p.name):
            best = p if len(p.name) > len(q.name) and "." not in p.name else q
            found[i] = Participant(
                best.name, q.role or p.role, best.span, max(q.confidence, p.confidence),
                q.role_span if q.role else p.role_span,
            )
            return
    if len(found) < MAX_PEOPLE:
        found.append(p)


# Titles that tell no one in particular when written alone: ranks and courtesy titles.
_RANKS_AND_COURTESY = frozenset({"General", "Colonel", "Major", "Captain", "Admiral", "Marshal", "Senior", "Deputy",
                                 "Mr", "Mrs", "Ms", "Dr", "Officer", "Expert", "Presidents", "Chiefs", "Heads",
                                 "Secretaries General", "Deputy Secretaries General", "Representative"})
# "the Director and the Deputy Minister will hold …", "the Chairperson-in-Office then opened …": a person named
# earlier, told again by the title alone ("the" and a capitalised title, no name after it).
_BARE_TITLE = re.compile(
    rf"\b[Tt]he[ \u00a0]+(?P<title>(?:(?:Deputy|Acting|Vice)[ \u00a0\-]+)?"
    rf"(?:{alternation(t for t in TITLES if t[:1].isupper() and not t.endswith('.') and t not in _RANKS_AND_COURTESY)}))"
    rf"(?![\w\-])(?![ \u00a0]*,?[ \u00a0]*[A-Z])(?![ \u00a0]+(?:of|for|at|to)\b)")


def by_title(text: str, span: Span, people: list[Participant]) -> list[Participant]:
    """Who among ``people`` (named elsewhere in the item, with their roles) the span tells by title alone.

    "the Secretary General" is not the Deputy Secretary General; a title that fits two people fits none."""
    out: list[Participant] = []
    for m in _BARE_TITLE.finditer(text, span.start, span.end):
        title = " ".join(m.group("title").replace("-", " ").split()).casefold()
        deputy = title.startswith(("deputy", "vice"))
        fits = [p for p in people if p.role and title in (role := " ".join(p.role.replace("-", " ").split()).casefold())
                and role.startswith(("deputy", "vice")) == deputy and p not in out]
        if len(fits) == 1:
            out.append(fits[0])
    return out
