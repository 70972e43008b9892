#!/usr/bin/env python3
"""Score extraction on the held-out-style dev pages beside this file.

usage: score_dev.py [--show-misses] [--fields] [--gold blind.jsonl | blind2.jsonl]

``--gold`` picks another gold file beside this one: ``blind.jsonl`` holds 24
pages written by an engineer who never saw the extractor (scored once before
any fix made against it; see the README's Extraction section).

Each page is read and segmented (``ingest.read_page``), every item extracted
(``extract_item``), and the mentions written in the interchange format of
docs/guideline.md, one line per mention; ``reviewer.evaluate`` compares them
with ``dev.jsonl``. Segmentation is checked against the gold ``items`` as well.
Duplicate merging is not measured here (each mention is its own event).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
GOLD = HERE / "dev.jsonl"
sys.path.insert(0, str(ROOT))

from reviewer.evaluate import evaluate, report_lines  # noqa: E402
from reviewer.importing import furniture  # noqa: E402
from reviewer.extract import extract_item  # noqa: E402
from reviewer.importing.ingest import IngestError, page_from_bytes  # noqa: E402

_LEARNED: dict[tuple, frozenset] = {}


def read_page(path: Path):
    """A page segmented as an import of its whole set segments it: with the set's repeated lines as furniture."""
    docs = tuple(sorted(p.name for p in HERE.glob(path.name.rsplit("_", 1)[0] + "_*.txt")))
    if docs not in _LEARNED:
        _LEARNED[docs] = furniture.learn((HERE / d).read_text(encoding="utf-8") for d in docs)
    try:
        return page_from_bytes(path.name, path.read_bytes(), path=str(path), learned=_LEARNED[docs])
    except IngestError:  # a page the import refuses (and skips) gives no items and no events, as it does there
        return None


def gold_docs(gold: Path = GOLD) -> list[dict]:
    return [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]


def page_items(doc: str) -> list[dict]:
    page = read_page(HERE / doc)
    if page is None:
        return []
    return [{"kind": i.kind, "start": i.first_line(page.text)[:50], "dateline": i.dateline} for i in page.items]


def export_records(docs: list[str]) -> list[dict]:
    out = []
    for doc in docs:
        page = read_page(HERE / doc)
        if page is None:
            continue
        for item in page.items:
            for n, m in enumerate(extract_item(page.text, item)):
                out.append({
                    "id": f"{doc}#{item.seq}.{n}",
                    "date_start": m.date_start.value, "date_end": m.date_end.value,
                    "event_type": m.event_type.value, "status": m.status.value,
                    "location": m.location.value, "online": bool(m.online.value),
                    "participants": [p.name for p in m.participants],
                    "organizations": [o.value for o in m.organizations],
                    "sources": [{"doc": doc, "evidence": page.text[m.evidence.start : m.evidence.end],
                                 "start": m.evidence.start, "end": m.evidence.end}],
                })
    return out


def segmentation_errors(gold: list[dict]) -> list[str]:
    errors = []
    for g in gold:
        got = page_items(g["doc"])
        if got != g["items"]:
            errors.append(f"{g['doc']}: got {got}\n  want {g['items']}")
    return errors


def run(gold_file: Path = GOLD) -> tuple[dict, list[str]]:
    gold = gold_docs(gold_file)
    records = export_records([g["doc"] for g in gold])
    return evaluate(gold, records), segmentation_errors(gold)


def main(argv: list[str]) -> None:
    gold = HERE / argv[argv.index("--gold") + 1] if "--gold" in argv else GOLD
    result, seg = run(gold)
    print(f"segmentation: {len(gold_docs(gold)) - len(seg)}/{len(gold_docs(gold))} pages exact")
    for e in seg:
        print("  " + e)
    # duplicate merging is not measured here: every mention is its own event
    lines = report_lines(result, "--show-misses" in argv)
    print("\n".join(line for line in lines if not line.startswith("duplicate pairs")))


if __name__ == "__main__":
    main(sys.argv[1:])
