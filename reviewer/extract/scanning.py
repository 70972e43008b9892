"""Scans that a regular expression would do in time quadratic in the text on hostile input.

Python's ``re`` backtracks: ``«[^»]*»`` searched over a sentence of a
thousand unclosed ``«`` reads to its end from each of them, and
``(?:[ ,]+(?:of|the))+$`` over "of the of the … Abc" does the same from each
word. These do the same work in one pass, with exactly the results of the
patterns they replace (which their docstrings quote).
"""
from __future__ import annotations

import re

# --------------------------------------------------------------------------
# Quotations

_CLOSE = {"\u201c": "\u201d", '"': '"', "\u00ab": "\u00bb"}
_OPEN_RE = re.compile('[\u201c"\u00ab]')
_END_RE = {"\u201c": re.compile("[\u201d\u201c\n]"), '"': re.compile('["\n]'), "\u00ab": re.compile("[\u00bb\n]")}


def quotations(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``(start, end)`` of every quotation in ``text[start:end]``, as
    ``re.finditer(r'“[^”“\\n]*”|"[^"\\n]*"|«[^»\\n]*»')`` finds them.

    An opening mark that finds no closing one before the line ends proves that
    no later mark of its kind before that point closes either, so none of them
    is read again.
    """
    out: list[tuple[int, int]] = []
    dead: dict[str, int] = {}  # opening mark -> none of its kind before this position closes
    pos = start
    while (m := _OPEN_RE.search(text, pos, end)) is not None:
        i, mark = m.start(), m.group()
        if i < dead.get(mark, -1):
            pos = i + 1
            continue
        stop = _END_RE[mark].search(text, i + 1, end)
        if stop is not None and stop.group() == _CLOSE[mark]:
            out.append((i, stop.end()))
            pos = stop.end()
        else:
            dead[mark] = stop.start() if stop is not None else end
            pos = i + 1
    return out


# --------------------------------------------------------------------------
# Small words at the end of a name or role

_SEPARATORS = " \u00a0,"


def trailing_words_start(s: str, words: frozenset[str], separators_too: bool = False) -> int:
    """Where the run of small words at the end of ``s`` starts (``len(s)`` when there is none):
    ``re.search(r'(?:[ \\u00a0,]+(?:of|the|…))+$', s)``, or with ``separators_too``
    ``(?:[ \\u00a0,]+(?:of|the|…))*[ \\u00a0,]*$`` (which also takes separators alone)."""
    end = len(s)
    if separators_too:
        while end > 0 and s[end - 1] in _SEPARATORS:
            end -= 1
    cut = end if separators_too else len(s)
    while True:
        k = end
        while k > 0 and s[k - 1].isalpha():
            k -= 1
        if k == end or s[k:end] not in words:
            return cut
        j = k
        while j > 0 and s[j - 1] in _SEPARATORS:
            j -= 1
        if j == k:
            return cut
        end = cut = j
