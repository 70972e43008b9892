"""A reviewer's search text read once: into an FTS5 query for the list, and into patterns that mark the hits in the page.

``joint training`` finds items with both words, ``"joint training"`` the
phrase, and with ``any_words`` either word (or phrase). The last bare word is
a prefix while it is being typed (``minsk`` finds ``Minsk``; ``trai`` finds
``training``), from its second letter on; so is the last word of a phrase
whose closing quote is not typed yet. Every term is quoted for FTS5, so no input is a syntax error.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w", re.UNICODE)
#: The word being typed searches as a prefix once it has this many characters.
MIN_PREFIX = 2


@dataclass(frozen=True)
class Term:
    text: str  # a word, or a phrase's words separated by single spaces
    prefix: bool  # the last word typed: matches words it begins


def terms(text: str) -> list[Term]:
    """The words and "phrases" of a search, in order; terms without a letter or digit (FTS5 ignores them) dropped."""
    found: list[tuple[str, bool]] = []  # (words, still being typed: a bare word, or a phrase not yet closed)
    for m in _TOKEN.finditer(text):
        phrase = m.group(1) is not None
        words = (m.group(1) if phrase else m.group(2)).replace('"', " ").split()
        if words and any(_WORD.search(w) for w in words):
            found.append((" ".join(words), not phrase or not m.group(0).endswith('"') or len(m.group(0)) == 1))
    out = []
    typing = bool(text) and not text[-1].isspace()
    for i, (t, open_) in enumerate(found):
        prefix = typing and open_ and i == len(found) - 1
        if prefix and len(t.split()[-1]) < MIN_PREFIX:
            t = " ".join(t.split()[:-1])  # one letter being typed matches most of the archive: wait for the next
            prefix = False
            if not t:
                continue
        out.append(Term(t, prefix=prefix))
    return out


def fts_match(text: str, any_words: bool = False) -> str:
    """The FTS5 MATCH expression for a search ('' when it has no term)."""
    parts = [f'"{t.text}"' + ("*" if t.prefix else "") for t in terms(text)]
    return (" OR " if any_words else " AND ").join(parts)


def hit_pattern(text: str) -> re.Pattern[str] | None:
    """A case-insensitive pattern matching each term where FTS5 would (word starts; phrases across any gap)."""
    alts = []
    for t in terms(text):
        body = r"\W+".join(re.escape(w) for w in t.text.split())
        alts.append(rf"\b{body}" + (r"\w*" if t.prefix else r"\b"))
    return re.compile("|".join(alts), re.IGNORECASE) if alts else None
