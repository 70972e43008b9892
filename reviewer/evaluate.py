"""Score an export against a gold file, as ``docs/guideline.md`` defines the scoring.

``reviewer evaluate GOLD.jsonl EXPORT.jsonl`` runs :func:`evaluate`. Its figures
are, by design, those of the evaluation script the project was first scored with
(the outside check): the same matching, the same field scores and the same
duplicate pairs, so a number in the README can be reproduced from a clone.

How it scores:

- **Events.** Every exported event is unfolded into its mentions, one per
  (document, evidence sentence) of its sources. Each gold event is paired with
  at most one mention of the same document whose ``date_start`` has the same
  month and day and whose evidence covers at least 60 % of the gold evidence's
  words in order; the best-covered pairs are taken first. Precision is
  matched / mentions on the gold's documents, recall matched / gold events.
- **Fields**, over matched pairs: dates exact (a gold year ``XXXX`` asks only
  month and day), type, status and location exact after folding case and
  spaces, online as a truth value, participants and organizations as the F1
  of two name sets with forgiving matching (``S. Ordabayev`` ~ ``Samat
  Ordabaev``; ``SCO RATS`` ~ ``the SCO RATS``).
- **Duplicate pairs.** Gold events sharing a ``cluster`` should be one
  exported event: every two of them form a gold pair, every two matched gold
  events whose mentions belong to one exported event a predicted pair.

Standard library only; the name similarity is difflib's, on purpose, since a
faster library's ratio differs at the margin and would move the figures.
"""
from __future__ import annotations

import difflib
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any, Callable, Container, Iterable, Iterator

FIELDS = ("date_start", "date_end", "event_type", "status", "location", "online",
          "participants", "organizations")

#: How much of the gold evidence a mention's sentence must cover to be the same event.
MIN_OVERLAP = 0.6
#: Surnames at least this similar (difflib ratio) may name one person.
SURNAME_SIMILARITY = 0.8
#: Organizations whose content words overlap this much (Jaccard) are one body.
ORG_WORD_OVERLAP = 0.6
#: Words that say nothing about which body is meant.
ORG_STOPWORDS = frozenset({"the", "of", "on", "and", "under", "for", "in", "to", "a", "an"})
#: A longer line is no event record; refusing it keeps a stray binary file from filling memory.
MAX_LINE = 1 << 20

_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2019": "'"})


class EvaluateError(ValueError):
    """A file that cannot be scored; the message names the file (and line) and the reason."""


# -- reading ---------------------------------------------------------------

def read_jsonl(path: Path, what: str) -> list[dict]:
    """The objects of a JSON Lines file, or :class:`EvaluateError` naming the bad line."""
    return list(iter_jsonl(path, what))


def iter_jsonl(path: Path, what: str) -> Iterator[dict]:
    """The objects of a JSON Lines file one at a time (an export may be large), checked as :func:`read_jsonl`."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            for number, raw in enumerate(_lines(f, path), 1):
                if not raw.strip():
                    continue
                try:
                    obj = json.loads(raw.decode("utf-8"))
                except UnicodeDecodeError:
                    raise EvaluateError(f"{path}:{number}: not UTF-8 text") from None
                except json.JSONDecodeError as exc:
                    raise EvaluateError(f"{path}:{number}: not JSON ({exc.msg})") from None
                if not isinstance(obj, dict):
                    raise EvaluateError(f"{path}:{number}: a {what} line must be a JSON object")
                _check_record(obj, what, f"{path}:{number}")
                yield obj
    except OSError as exc:
        raise EvaluateError(f"{path}: cannot read ({exc.strerror or exc})") from None


def _lines(f, path: Path) -> Iterator[bytes]:
    while True:
        raw = f.readline(MAX_LINE + 1)
        if not raw:
            return
        if len(raw) > MAX_LINE:
            raise EvaluateError(f"{path}: a line longer than {MAX_LINE // 1024} KiB; not a JSON Lines file")
        yield raw


def _check_record(obj: dict, what: str, where: str) -> None:
    if what == "gold":
        if not isinstance(obj.get("doc"), str) or not isinstance(obj.get("events"), list):
            raise EvaluateError(f"{where}: a gold line needs \"doc\" (text) and \"events\" (a list)")
        for ev in obj["events"]:
            if not isinstance(ev, dict) or not isinstance(ev.get("evidence"), (str, list)):
                raise EvaluateError(f"{where}: every gold event needs \"evidence\" (text or a list of texts)")
    elif not isinstance(obj.get("sources") or [], list):
        raise EvaluateError(f"{where}: \"sources\" must be a list")


# -- comparing text --------------------------------------------------------

def fold(text: Any) -> str:
    """Case, curly quotes and runs of spaces folded away."""
    text = "" if text is None else str(text)
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip().casefold()


def words(text: Any) -> list[str]:
    return re.findall(r"\w+", fold(text))


def coverage(gold_evidence: str, sentence: str) -> float:
    """Share of the gold evidence's words found, in order, in the mention's sentence."""
    g, s = fold(gold_evidence), fold(sentence)
    if not g or not s:
        return 0.0
    # a gold evidence is a sentence's first 60 characters; a short sentence may be its whole
    if g in s or (len(s) >= 20 and s in g):
        return 1.0
    gw, sw = words(g), words(s)
    if not gw:
        return 0.0
    blocks = difflib.SequenceMatcher(None, gw, sw, autojunk=False).get_matching_blocks()
    return sum(b.size for b in blocks) / len(gw)


def month_day(date: Any) -> str:
    return str(date or "")[5:10]


def same_date(gold: Any, found: Any) -> bool:
    if not gold or not found:
        return not gold and not found
    if str(gold).startswith("XXXX"):
        return month_day(gold) == month_day(found)
    return gold == found


def _name(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("name") or ""
    return " ".join(words(value))


def same_person(a: Any, b: Any) -> bool:
    a, b = _name(a), _name(b)
    if not a or not b:
        return False
    if a == b or a in b or b in a:
        return True
    ta, tb = a.split(), b.split()
    # transliterations differ in a letter or two of the surname ("Ordabayev", "Ordabaev")
    if difflib.SequenceMatcher(None, ta[-1], tb[-1]).ratio() < SURNAME_SIMILARITY:
        return False
    return len(ta) == 1 or len(tb) == 1 or ta[0][0] == tb[0][0]


def same_organization(a: Any, b: Any) -> bool:
    a, b = _name(a), _name(b)
    if not a or not b:
        return False
    if a == b or f" {a} " in f" {b} " or f" {b} " in f" {a} ":
        return True
    wa, wb = set(a.split()) - ORG_STOPWORDS, set(b.split()) - ORG_STOPWORDS
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= ORG_WORD_OVERLAP


def set_f1(gold: Any, found: Any, same: Callable[[Any, Any], bool]) -> float:
    """F1 of two name lists, each gold name taking the first unused name it matches."""
    gold, found = list(gold or []), list(found or [])
    if not gold and not found:
        return 1.0
    if not gold or not found:
        return 0.0
    used: set[int] = set()
    for g in gold:
        for i, f in enumerate(found):
            if i not in used and same(g, f):
                used.add(i)
                break
    if not used:
        return 0.0
    precision, recall = len(used) / len(found), len(used) / len(gold)
    return 2 * precision * recall / (precision + recall)


def field_score(field: str, gold: dict, found: dict) -> float:
    g, f = gold.get(field), found.get(field)
    if field in ("date_start", "date_end"):
        return float(same_date(g, f))
    if field == "participants":
        return set_f1(g, f, same_person)
    if field == "organizations":
        return set_f1(g, f, same_organization)
    if field == "online":
        return float(bool(g) == bool(f))
    return float(fold("" if g is None else g) == fold("" if f is None else f))


# -- scoring ---------------------------------------------------------------

@dataclass
class _Mention:
    event_id: str
    record: dict
    evidence: str


def mentions_by_doc(export: Iterable[dict], docs: Container[str]) -> tuple[dict[str, list[_Mention]], set[str]]:
    """Each exported event once per (document, sentence) among its sources, on the documents ``docs``.

    Events are read one at a time and only those on ``docs`` are kept, so a
    large export is never held whole; the other documents are returned by name.
    """
    out: dict[str, list[_Mention]] = defaultdict(list)
    others: set[str] = set()
    for n, event in enumerate(export):
        event_id = str(event.get("id", n))
        seen = set()
        for src in event.get("sources") or []:
            doc = src.get("doc") if isinstance(src, dict) else None
            if not isinstance(doc, str):
                continue
            evidence = src.get("evidence")
            if evidence is not None and not isinstance(evidence, str):
                evidence = ""  # a number or a list is no sentence
            if (doc, evidence) in seen:
                continue
            seen.add((doc, evidence))
            if doc in docs:
                out[doc].append(_Mention(event_id, event, evidence or ""))
            else:
                others.add(doc)
    return out, others


def _pairs(gold_events: list[dict], mentions: list[_Mention]) -> list[tuple[float, int, int]]:
    pairs = []
    for gi, g in enumerate(gold_events):
        alternatives = g["evidence"] if isinstance(g["evidence"], list) else [g["evidence"]]
        for mi, m in enumerate(mentions):
            if month_day(g.get("date_start")) != month_day(m.record.get("date_start")):
                continue
            best = max(coverage(alt, m.evidence) for alt in alternatives)
            if best >= MIN_OVERLAP:
                pairs.append((best, gi, mi))
    # best coverage first; on a tie the later gold event and mention, as the original script sorted
    return sorted(pairs, reverse=True)


def evaluate(gold_docs: list[dict], export: Iterable[dict]) -> dict:
    """The scores as a plain dict (see the module's docstring); the keys are the ``--json`` contract."""
    by_doc = {d["doc"]: d for d in gold_docs}
    found, others = mentions_by_doc(export, by_doc)
    n_gold = n_found = n_matched = 0
    sums: dict[str, float] = defaultdict(float)
    matched_to: dict[tuple[str, int], str] = {}
    misses: list[tuple[str, str]] = []
    extras: list[tuple[str, str]] = []
    for doc, gdoc in by_doc.items():
        gold_events, mentions = gdoc["events"], found.get(doc, [])
        n_gold += len(gold_events)
        n_found += len(mentions)
        used_g: set[int] = set()
        used_m: set[int] = set()
        for _, gi, mi in _pairs(gold_events, mentions):
            if gi in used_g or mi in used_m:
                continue
            used_g.add(gi)
            used_m.add(mi)
            matched_to[(doc, gi)] = mentions[mi].event_id
            for f in FIELDS:
                sums[f] += field_score(f, gold_events[gi], mentions[mi].record)
        n_matched += len(used_g)
        misses += [(doc, str(g["evidence"])) for gi, g in enumerate(gold_events) if gi not in used_g]
        extras += [(doc, m.evidence[:60]) for mi, m in enumerate(mentions) if mi not in used_m]
    precision = n_matched / n_found if n_found else 0.0
    recall = n_matched / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "gold_events": n_gold, "predicted_mentions": n_found, "matched": n_matched,
        "precision": precision, "recall": recall, "f1": f1,
        "fields": {f: (sums[f] / n_matched if n_matched else 0.0) for f in FIELDS},
        "duplicate_pairs": duplicate_pairs(by_doc, matched_to),
        "misses": misses, "extras": extras, "docs_not_in_gold": sorted(others),
    }


def duplicate_pairs(by_doc: dict[str, dict], matched_to: dict[tuple[str, int], str]) -> dict:
    clusters: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for doc, gdoc in by_doc.items():
        for gi, g in enumerate(gdoc["events"]):
            if g.get("cluster"):
                clusters[g["cluster"]].append((doc, gi))
    gold = {frozenset(p) for members in clusters.values() for p in combinations(members, 2)}
    found = {frozenset((a, b)) for a, b in combinations(sorted(matched_to), 2) if matched_to[a] == matched_to[b]}
    hits = len(gold & found)
    return {"gold": len(gold), "predicted": len(found),
            "precision": hits / len(found) if found else (1.0 if not gold else 0.0),
            "recall": hits / len(gold) if gold else 1.0}


def evaluate_files(gold: Path, export: Path) -> dict:
    return evaluate(read_jsonl(gold, "gold"), iter_jsonl(export, "export"))


def field_mean(result: dict) -> float:
    return sum(result["fields"].values()) / len(result["fields"])


def report_lines(result: dict, show_misses: bool = False) -> list[str]:
    """The plain-text report ``reviewer evaluate`` prints."""
    lines = [(f"events: gold {result['gold_events']}, predicted mentions {result['predicted_mentions']}, "
              f"matched {result['matched']}")]
    lines += [f"  {f:<14} {v:.3f}" for f, v in result["fields"].items()]
    d = result["duplicate_pairs"]
    lines.append(f"duplicate pairs: gold {d['gold']}, predicted {d['predicted']}, "
                 f"precision {d['precision']:.3f}, recall {d['recall']:.3f}")
    if show_misses:
        lines += [f"  missed  {doc}: {ev}" for doc, ev in result["misses"]]
        lines += [f"  extra   {doc}: {ev}" for doc, ev in result["extras"]]
    lines.append(f"precision {result['precision']:.3f} recall {result['recall']:.3f} "
                 f"F1 {result['f1']:.3f} fields {field_mean(result):.3f}")
    return lines
