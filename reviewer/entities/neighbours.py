"""Nearest-neighbour pairs of names (rapidfuzz), compared within blocks, never all pairs.

Each name is reduced to its transliteration fingerprint (:func:`keys.translit`, hyphenated words in parts)
and compared only with the names it shares a block with: the first four
letters of one of its rarer words, or (a name made only of frequent words,
"Security Council") the first letters of all its words together. A pair is
kept when its score reaches the threshold, its numbers agree, and every word
one name has and the other lacks is a spelling of one the other has
("Councils"/"Council", "Rakhmon"/"Rahmon"): a pair that differs by a word of
its own ("… of Belarus" / "… of Uzbekistan", "Petrov" / "Ivan Petrov") is two
entities, however close the strings.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Iterator

import numpy as np
from rapidfuzz import fuzz, process

from .keys import translit

#: A pair at or above this score (0–100, rapidfuzz ``ratio`` of the sorted skeletons) is proposed.
THRESHOLD = 88
#: A differing word must be at least this close to its counterpart (rapidfuzz ``ratio``).
WORD_THRESHOLD = 88
#: Names shorter than this (skeleton letters) are left to the key methods: three letters say too little.
MIN_LENGTH = 5
#: A word in more names than this share of a kind (and at least FREQUENT_MIN) blocks nothing on its own.
FREQUENT_SHARE = 0.005
FREQUENT_MIN = 50
#: Blocks larger than this are compared only by their rarer words' blocks (bounded cost on any input).
MAX_BLOCK = 2000
PREFIX = 4
#: Differing words shorter than this must be equal (acronyms and short words: one letter makes another name).
SHORT_WORD = 5


def neighbour_pairs(names: Iterable[tuple[int, str]], *, threshold: float = THRESHOLD) -> Iterator[tuple[int, int, float]]:
    """``(a, b, score)`` for pairs of owners (``a < b``) whose names are near neighbours; ``names`` are
    ``(owner, name)`` and an owner may have several names (its best pair is given once)."""
    skeletons: dict[str, set[int]] = defaultdict(set)
    for owner, name in names:
        s = translit(name, " ")
        if len(s.replace(" ", "")) >= MIN_LENGTH:
            skeletons[s].add(owner)
    texts = list(skeletons)
    owners = [sorted(skeletons[t]) for t in texts]
    best: dict[tuple[int, int], float] = {}
    for same in owners:  # one skeleton, several owners: the same name but for spelling
        for k, a in enumerate(same):
            for b in same[k + 1:]:
                best[(a, b)] = 100.0
    for block in _blocks(texts):
        for i, j, score in _scored(texts, block, threshold):
            if not _words_agree(texts[i], texts[j]):
                continue
            for a in owners[i]:
                for b in owners[j]:
                    if a != b:
                        pair = (min(a, b), max(a, b))
                        best[pair] = max(best.get(pair, 0.0), score)
    for (a, b), score in sorted(best.items()):
        yield a, b, score


def _blocks(texts: list[str]) -> Iterator[list[int]]:
    df: dict[str, int] = defaultdict(int)
    for t in texts:
        for w in t.split():
            df[w] += 1
    frequent = max(FREQUENT_MIN, int(FREQUENT_SHARE * len(texts)))
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, t in enumerate(texts):
        ws = t.split()
        rare = {w[:PREFIX] for w in ws if df[w] <= frequent and not w.isdigit()}
        for key in rare or {" ".join(sorted({w[:PREFIX] for w in ws}))}:
            blocks[key].append(i)
    for members in blocks.values():
        if 2 <= len(members) <= MAX_BLOCK:
            yield members


def _scored(texts: list[str], block: list[int], threshold: float) -> Iterator[tuple[int, int, float]]:
    choices = [texts[i] for i in block]
    matrix = process.cdist(choices, choices, scorer=fuzz.ratio, score_cutoff=threshold, dtype=np.uint8, workers=1)
    rows, cols = np.nonzero(np.triu(matrix, k=1))
    for r, c in zip(rows.tolist(), cols.tolist()):
        yield block[r], block[c], float(matrix[r, c])


def _words_agree(a: str, b: str) -> bool:
    wa, wb = set(a.split()), set(b.split())
    only_a, only_b = wa - wb, wb - wa
    if sorted("".join(only_a)) == sorted("".join(only_b)):  # "counterterrorism" / "counter terrorism"
        return True
    if len(only_a) != len(only_b):  # a word of its own: another entity
        return False
    if any(w.isdigit() or len(w) < SHORT_WORD for w in only_a | only_b):  # "CSTO"/"BCSO": a letter is a body
        return False
    return all(max(fuzz.ratio(w, v) for v in only_b) >= WORD_THRESHOLD for w in only_a) and all(
        max(fuzz.ratio(w, v) for v in only_a) >= WORD_THRESHOLD for w in only_b
    )
