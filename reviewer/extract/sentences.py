"""Sentence splitting over an item's content segments, in document offsets.

Press pages mix non-breaking spaces, curly quotes, initials ("S. Ordabayev")
and dotted brand names ("Cronos.Asia"); a sentence ends at ``.!?`` (plus any
closing quote or bracket) followed by white space and a capital, a digit or an
opening quote, unless the word before the stop is an initial or an
abbreviation. A segment (one line of the page, or one paragraph of a page of
wrapped lines) never shares a sentence with another one.

A sentence is at most :data:`MAX_SENTENCE` characters: a longer run of text
(no press sentence is; hostile pages are) is cut at a space into pieces of at
most that, so every pattern of the extraction reads a bounded span, and its
time and memory per page grow at most linearly with the page.
"""
from __future__ import annotations

import re

from .. import datelines
from ..model import Span

#: The longest sentence the extraction reads whole (the longest on the site's pages is ~480 characters).
MAX_SENTENCE = 2000

# (Starting at the first mark of a run, the mark before it tested only where a mark is: from each
# of a million dots the run was read again.)
_BOUNDARY = re.compile(r"[.!?\u2026](?<![.!?\u2026][.!?\u2026])[.!?\u2026]*[\"\u201d\u2019\u00bb)\]]*(?=[\s\u00a0]+[\"\u201c\u00ab(\u2018]?[A-Z0-9\u0410-\u042f])")
_WORD_BEFORE = re.compile(r"([\w\-]+)[.!?\u2026]*[\"\u201d\u2019\u00bb)\]]*$")
# Abbreviations after which a stop does not end the sentence.
_ABBREV = {
    "mr", "mrs", "ms", "dr", "st", "no", "nos", "gen", "lt", "col", "maj", "capt", "adm", "sgt", "jr", "sr",
    "prof", "vs", "etc", "approx", "e.g", "i.e", "art", "para", "vol", "fig", "ref", "dept", "govt", "ave",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "p", "pp",
}
# Transliterated two-letter initials: "Zh. Abdrakhmanov", "Kh. Rakhimov".
_DIGRAPH_INITIALS = {"Zh", "Sh", "Ch", "Kh", "Yu", "Ya", "Ts", "Ye", "Yo", "Dzh"}
_LINE = re.compile(r"[^\n\r]+")
_WS = " \t\r\n\f\v\u00a0\u2002\u2003\u2009\u202f\ufeff"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _WS:
        start += 1
    while end > start and text[end - 1] in _WS:
        end -= 1
    return start, end


def split_span(text: str, span: Span, paragraph: bool = False) -> list[Span]:
    """Sentences of a span, each line on its own; with ``paragraph`` (a segment of wrapped lines) the
    sentences run on over its line breaks."""
    out: list[Span] = []
    # a segment of several lines is a paragraph of wrapped lines (a PDF's text, joined by the segmentation)
    runs = [span] if paragraph else [Span(m.start(), m.end()) for m in _LINE.finditer(text, span.start, span.end)]
    for line in runs:
        base = line.start
        limit = line.end
        pos = base
        # "ASHGABAT, 5 September (TPA). The …", "Tbilisi, 15 March 2024. The …": a wire dateline's stop opens the lead
        wire = datelines.wire(text, base, limit) if text[base : base + 1].isupper() else None
        for m in _BOUNDARY.finditer(text, base, limit):
            if wire is not None and m.end() <= wire.end:
                continue
            w = _WORD_BEFORE.search(text, max(base, m.start() - 40), m.end())
            word = w.group(1) if w else ""
            # "S. Ordabayev": a single capital before the stop is an initial.
            if (len(word) == 1 and word.isupper()) or word in _DIGRAPH_INITIALS or word.casefold() in _ABBREV:
                continue
            _add(text, pos, m.end(), out)
            pos = m.end()
        _add(text, pos, limit, out)
    return out


def _add(text: str, start: int, end: int, out: list[Span]) -> None:
    """The sentence ``text[start:end]``, trimmed, in pieces of at most :data:`MAX_SENTENCE` characters."""
    s, e = _trim(text, start, end)
    while e - s > MAX_SENTENCE:
        cut = text.rfind(" ", s + MAX_SENTENCE // 2, s + MAX_SENTENCE)
        cut = cut if cut > s else s + MAX_SENTENCE
        a, b = _trim(text, s, cut)
        if b > a:
            out.append(Span(a, b))
        s, e = _trim(text, cut, e)
    if e > s:
        out.append(Span(s, e))


def split(text: str, segments: list[Span]) -> list[Span]:
    """All sentences of an item, in document order."""
    out: list[Span] = []
    for seg in segments:
        out.extend(split_span(text, seg, paragraph=True))
    return out
