"""Hostile page shapes: a time and memory bound per page, in the import, in its workers and in reextract.

A page is segmented and extracted in time and memory that grow at most
linearly with it (issue #13, items 7 and 8): once a 150 KB page took 56 s and
a 1 MB one never finished (backtracking patterns), and pages under the 10 MiB
limit took 1.6-2.3 GB. What still goes past :data:`reviewer.importing.prepare.PAGE_SECONDS`
is stored without extraction, with a warning naming it.
"""
from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from hostile_files import GOOD_EN
from reviewer.importing import pipeline, prepare
from reviewer.cli import cli
from reviewer.store import Store

RELIABILITY = settings.get_profile("reliability")
ROOT = Path(__file__).resolve().parents[2]
PROSE = "The ministers met in Moscow. On 3 May 2024 "


def cpu_bound(size: int) -> float:
    """Seconds of CPU a page of ``size`` bytes may take: ~30 times what the worst shape costs
    here (~2.5 s per MB on a loaded machine), far below what a quadratic pattern needs."""
    return 2.0 + 20.0 * size / 1e6


def memory_bound(size: int) -> int:
    """Bytes a page may hold at its peak, besides its own text: ~40 bytes per byte of page at most."""
    return 30 * 2**20 + 40 * size


def _prepare_within_bounds(text: str) -> prepare.Prepared:
    raw = text.encode("utf-8")
    # the objects earlier tests left in this process are frozen out of the garbage collector's
    # scans, which the page's allocations would otherwise trigger at their cost
    gc.collect()
    gc.freeze()
    try:
        cpu = time.process_time()
        prepared = prepare.prepare("hostile.txt", raw, prepare.MentionCache())
        cpu = time.process_time() - cpu
        # once more for its memory: tracing every allocation makes it several times slower
        tracemalloc.start()
        try:
            prepare.prepare("hostile.txt", raw, prepare.MentionCache())
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    finally:
        gc.unfreeze()
    assert cpu <= cpu_bound(len(raw)), f"{cpu:.1f} s for {len(raw)} bytes"
    assert peak <= memory_bound(len(raw)), f"{peak / 2**20:.0f} MB for {len(raw)} bytes"
    if prepared.problem:
        assert prepared.problem.startswith("hostile.txt: ") and "\n" not in prepared.problem
    else:  # extracted for real, not cut off by the time limit
        assert not any("extraction took longer" in w for w in prepared.page.warnings)
    return prepared


# -- hypothesis: pages made of one hostile unit repeated, between ordinary text

UNITS = [
    # long tokens
    "x", "X", "Abcdefgh", "ABC", "A.", "Zh.", "-Abc", "'a", "12.12.2012", "1", "\u00e9", ".", "!", "\u2026",
    # repeated function words and role shapes
    " of the", ", of", "of the ", " and", "the ", "Minister ", "Minister x ", ", Abc", " (Abc)", "Council of ",
    " of Abc", "cooperation with the Abc ", "preparation of the ", "lasted until ", "named after ", "will ",
    # dates and lists
    "1, ", "1 May and ", "May 1, ", "1 - ", "On the eve, ", "today ",
    # quotes, brackets, media, files
    "\u201c", "\u201cA ", '"A ', "\u00abA ", "Council (", "(A ", "(Photo)", "a.jpg", "a.jpg ", "a@", "+7 1",
    # mixed scripts and controls of layout
    "\u0412\u0441\u0442\u0440\u0435\u0447\u0430 ", "\u4f1a\u8b70", "\u03a9 ", "\u0645\u0631\u062d\u0628\u0627 ",
    "\u202e", "\u00a0", "\t", " ", "  ",
    # many short lines
    "x\n", "\n", "Abc def ghi\n", "12.12.2012\nAbc def ghi.\n", "x\r",
]


@st.composite
def hostile_pages(draw) -> str:
    units = draw(st.lists(st.one_of(st.sampled_from(UNITS), st.text(min_size=1, max_size=6)), min_size=1, max_size=3))
    unit = "".join(units)
    most = 30_000 // len(unit)
    repeat = draw(st.one_of(st.just(most), st.integers(1, most)))  # half of them as long as allowed
    before = draw(st.sampled_from([PROSE, "", "Abc def ghi\n12.12.2012The ministers met.\n", GOOD_EN]))
    after = draw(st.sampled_from(["", " Abc Abcov.", "\n", " A", GOOD_EN]))
    return before + unit * repeat + after


@settings(RELIABILITY)
@given(text=hostile_pages())
def test_any_hostile_page_is_prepared_within_its_time_and_memory_bound(text):
    _prepare_within_bounds(text)


# -- the shapes the issue names, at the sizes it gives (in a child process: a regression hangs, it is killed)

CHILD = """
import json, resource, sys, time
from reviewer.importing import ingest, prepare
raw = open(sys.argv[1], "rb").read()
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
cpu = time.process_time()
p = prepare.prepare(sys.argv[1], raw, prepare.MentionCache())
print(json.dumps({"cpu": time.process_time() - cpu,
                  "peak_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024,
                  "problem": p.problem, "warnings": p.page.warnings if p.page else []}))
"""


def _in_child(tmp_path: Path, text: str, timeout: float, child: str = CHILD, name: str = "page.txt") -> dict:
    """Run ``child`` (a script printing JSON) on ``text`` written to ``name``, in a process of its own."""
    page = tmp_path / name
    page.write_text(text, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    try:
        out = subprocess.run([sys.executable, "-c", child, str(page)], capture_output=True, text=True, env=env,
                             timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"a {len(text)}-character page was not prepared within {timeout} s")
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout)


@pytest.mark.parametrize("shape", [
    PROSE + "Sergey Lavrov, the Minister" + " of the" * 21_000 + " Abc.",  # the role's trailing small words
    PROSE + "Sergey Lavrov, the Minister" + ", of" * 37_000 + " Abc.",
    PROSE + "1, " * 50_000,  # a list of days without end
    PROSE + "\u00abA " * 50_000,  # quotations never closed
    PROSE + "\n" + "a.jpg" * 30_000 + "!\n",  # a line of photo names glued together
    PROSE + "a" + " " * 150_000 + "b c d",  # a run of spaces before a dateline's place
    PROSE + "Abc def ghi jkl mno\n" * 7_500,  # a page of wrapped lines, once joined by rereading the paragraph
    PROSE + "On 1 May the talks were moved to " * 4_500 + "2 May.",  # postponed days, once each marked again
])
def test_a_150_kb_page_of_a_shape_that_backtracked_takes_seconds(tmp_path, shape):
    result = _in_child(tmp_path, shape, timeout=60)
    size = len(shape.encode("utf-8"))
    assert result["cpu"] <= cpu_bound(size), result
    assert result["problem"] is None and result["warnings"] == [], result


@pytest.mark.parametrize("shape, refused", [
    (PROSE + "X" + "x" * 1_500_000, None),  # one 1.5 MB word
    (PROSE + "Abcdef " * 215_000, None),  # 1.5 MB of capitalised words
    (PROSE + "\n" + "x\n" * 1_500_000, "too many lines for a page (1,500,002; the limit is 50,000)"),
])
def test_a_page_of_megabytes_stays_within_its_memory_bound(tmp_path, shape, refused):
    result = _in_child(tmp_path, shape, timeout=120)
    size = len(shape.encode("utf-8"))
    assert result["peak_mb"] * 2**20 <= memory_bound(size), result
    assert result["cpu"] <= cpu_bound(size), result
    if refused:
        assert result["problem"].endswith(f"page.txt: {refused}"), result
    else:
        assert result["problem"] is None and result["warnings"] == [], result


IMPORT_CHILD = """
import json, resource, sys
from reviewer.importing import pipeline
from reviewer.store import Store
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with Store(sys.argv[2]) as store:
    report = pipeline.import_paths(store, [sys.argv[1]], workers=0)
print(json.dumps({"peak_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024,
                  "imported": len(report.imported), "skipped": report.skipped}))
"""


@pytest.mark.parametrize("lines", ["x\n", "x\u2028", "x\x0c"])
def test_a_page_of_millions_of_lines_costs_no_memory_in_a_whole_import(tmp_path, lines):
    # the import reads every page once more first, to learn the lines its pages repeat (menus)
    folder = tmp_path / "in"
    folder.mkdir()
    for i, city in enumerate(["Astana", "Bishkek", "Yerevan"]):
        (folder / f"{i}.txt").write_text(GOOD_EN.replace("Minsk", city), encoding="utf-8")
    (folder / "lines.txt").write_text(PROSE + lines * 1_500_000, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", IMPORT_CHILD, str(folder), str(tmp_path / "r.db")],
                         capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout)
    assert result["imported"] == 3
    assert result["skipped"] == [f"{folder}/lines.txt: too many lines for a page (1,500,001; the limit is 50,000)"]
    assert result["peak_mb"] * 2**20 <= memory_bound(3 * 1_500_000), result


def test_reextract_of_a_hostile_page_takes_seconds(tmp_path):
    # stored first by the import (bounded), then extracted again: reextract runs the same extraction
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "roles.txt").write_text(PROSE + "Sergey Lavrov, the Minister" + " of the" * 21_000 + " Abc.",
                                      encoding="utf-8")
    with Store(tmp_path / "r.db") as store:
        assert len(pipeline.import_paths(store, [folder]).imported) == 1
        cpu = time.process_time()
        pipeline.reextract(store)
        assert time.process_time() - cpu <= cpu_bound(150_000)


# -- past the time limit: stored without extraction, and said so (here, in workers, in reextract)


@pytest.fixture
def three_pages(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i, city in enumerate(["Astana", "Bishkek", "Yerevan"]):
        (folder / f"{i}.txt").write_text(GOOD_EN.replace("Minsk", city), encoding="utf-8")
    return folder


def _events(db: Path) -> int:
    with Store(db) as store:
        return store.db.execute("SELECT count(*) FROM events").fetchone()[0]


def test_a_page_past_its_time_limit_is_stored_without_events_and_named_in_a_warning(three_pages, tmp_path,
                                                                                     monkeypatch):
    monkeypatch.setattr(prepare, "PAGE_SECONDS", 0.0)
    db = tmp_path / "r.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "import", "--workers", "0", str(three_pages)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    warned = [line for line in result.output.splitlines() if line.startswith("warning: ")]
    assert warned == [f"warning: {three_pages}/{i}.txt: extraction took longer than 0 s; the page is stored"
                      " without its events" for i in range(3)]
    assert "3 imported" in result.output
    assert _events(db) == 0
    with Store(db) as store:
        texts = [t for (t,) in store.db.execute("SELECT text FROM documents ORDER BY name")]
    assert [("Astana" in t, "Bishkek" in t, "Yerevan" in t) for t in texts] == \
        [(True, False, False), (False, True, False), (False, False, True)]


def test_the_time_limit_holds_in_worker_processes(three_pages, tmp_path, monkeypatch):
    monkeypatch.setattr(prepare, "PAGE_SECONDS", 0.0)
    with Store(tmp_path / "r.db") as store:
        report = pipeline.import_paths(store, [three_pages], workers=1)
    assert len(report.imported) == 3 and report.events == 0
    assert sum("extraction took longer than 0 s" in w for w in report.warnings) == 3


def test_reextract_past_the_time_limit_keeps_the_events_and_says_so(three_pages, tmp_path, monkeypatch):
    db = tmp_path / "r.db"
    with Store(db) as store:
        pipeline.import_paths(store, [three_pages])
        before = store.db.execute("SELECT * FROM events ORDER BY id").fetchall()
        assert before
    monkeypatch.setattr(prepare, "PAGE_SECONDS", 0.0)
    result = CliRunner().invoke(cli, ["--db", str(db), "reextract"], catch_exceptions=False)
    assert result.exit_code == 0
    warned = [line for line in result.output.splitlines() if line.startswith("warning: ")]
    assert warned == [f"warning: {i}.txt: extraction took longer than 0 s; the events of the rest of the page"
                      " were left as they were" for i in range(3)]
    with Store(db) as store:
        assert store.db.execute("SELECT * FROM events ORDER BY id").fetchall() == before
