"""The benchmark tools work: the corpus is deterministic and page-shaped, and run.py completes.

No timing is asserted here (speed is reported by the benchmarks themselves).
"""
from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from reviewer.importing.ingest import content_hash, parse_page

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCH))

from make_corpus import iter_pages, write_corpus  # noqa: E402


def test_same_seed_gives_the_same_pages_and_another_seed_other_pages():
    first = list(iter_pages(60, seed=5))
    assert first == list(iter_pages(60, seed=5))
    assert first != list(iter_pages(60, seed=6))
    assert len({name for name, _ in first}) == 60


def test_pages_split_into_a_sidebar_of_teasers_and_one_dated_article():
    pages = [parse_page(name, text) for name, text in iter_pages(200, seed=2)]
    for page in pages:
        kinds = Counter(item.kind for item in page.items)
        assert kinds["article"] == 1, page.name
        assert kinds["teaser"] >= 3, page.name
        article = next(i for i in page.items if i.kind == "article")
        assert article.dateline, f"{page.name}: article without a dateline"
        assert {"contact"} <= {f.kind for f in page.furniture}, page.name


def test_teasers_repeat_across_pages_and_some_articles_are_scraped_twice():
    teasers, articles = Counter(), Counter()
    for name, text in iter_pages(300, seed=2):
        page = parse_page(name, text)
        for item in page.items:
            (teasers if item.kind == "teaser" else articles)[item.headline or item.first_line(text)] += 1
    assert max(teasers.values()) >= 5  # the sidebar changes only every few pages
    assert len(teasers) >= 20  # … but it does change
    assert sum(1 for n in articles.values() if n > 1) >= 5  # rescrapes


def test_names_appear_in_several_spellings():
    text = "\n".join(t for _, t in iter_pages(300, seed=2))
    assert any(f"{initial}. " in text for initial in "ABKMRSTV")  # "K. Ospanov"
    from make_corpus import Writer, transliterate
    import random

    people = Writer(2, 100).people
    variants = {p.last: transliterate(p.last, random.Random(0)) for p in people}
    assert sum(1 for last, other in variants.items() if other != last and other in text) >= 3


def test_every_date_form_occurs():
    text = "\n".join(t for _, t in iter_pages(400, seed=4))
    import re

    forms = {
        "day month": r"\bOn \d{1,2} [A-Z][a-z]+,",
        "month day, year": r"\bOn [A-Z][a-z]+ \d{1,2}, \d{4},",
        "from to": r"\bFrom \d{1,2} to \d{1,2} [A-Z][a-z]+ \d{4}",
        "range": r"\b\d{1,2}-\d{1,2} [A-Z][a-z]+ \d{4}",
        "and": r"\bOn \d{1,2} and \d{1,2} [A-Z][a-z]+",
        "this year": r"\bOn [A-Z][a-z]+ \d{1,2}, this year",
        "glued dateline": r"\d{2}\.\d{2}\.\d{4}[A-Z]",
    }
    missing = [name for name, pattern in forms.items() if not re.search(pattern, text)]
    assert not missing


def test_written_corpus_is_in_folders_and_reads_back_identically(tmp_path):
    write_corpus(tmp_path / "c", 30, seed=1)
    files = sorted((tmp_path / "c").rglob("*.txt"))
    assert len(files) == 30
    hashes = {content_hash(t, i) for n, t in iter_pages(30, seed=1) for i in parse_page(n, t).items}
    from reviewer.importing.ingest import read_page

    read = {content_hash(p.text, i) for p in map(read_page, files) for i in p.items}
    assert read == hashes


@pytest.mark.slow
def test_run_completes_and_writes_the_figures(tmp_path):
    out = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--pages", "20", "--json", str(out), "--workdir", str(tmp_path / "w"),
         "--moves", "10", "--edits", "10"],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    figures = json.loads(out.read_text())
    for key in ("pages", "import_pages_per_s", "import_peak_rss_mb", "dedupe_s", "dedupe_peak_rss_mb", "export_s",
                "open_s", "next_p50_ms", "next_p95_ms", "edit_p50_ms", "edit_p95_ms", "entities_list_s"):
        assert key in figures, key
    assert figures["entities_organization_count"] > 0 and figures["entities_list_s"] > 0
    assert figures["pages"] == 20
    assert figures["import_pages_per_s"] > 0
    assert figures["import_items"] >= 20 * 4
    assert figures["export_events"] > 0
    assert "import + extraction" in proc.stdout


def test_bench_import_cpu_reports_each_part_of_the_import_in_cpu_seconds(tmp_path):
    out = tmp_path / "cpu.json"
    proc = subprocess.run(
        [sys.executable, str(BENCH / "bench_import_cpu.py"), "--pages", "20", "--workers", "0", "--json", str(out),
         "--workdir", str(tmp_path / "w")],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    figures = json.loads(out.read_text())
    assert figures["pages"] == 20 and figures["events"] > 0
    for part in ("import", "pass"):
        assert set(figures[part]) == {"wall_s", "cpu_s", "workers_cpu_s"}, figures
    assert figures["import"]["cpu_s"] > 0 and figures["import"]["workers_cpu_s"] == 0  # no workers asked for
    assert "pages/s whole; load average" in proc.stdout
