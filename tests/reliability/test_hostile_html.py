"""Hostile HTML and feeds: bounded time and memory, a page or a one-line refusal, never a tag in the text.

Measured in a child process (a regression that hangs is killed, and its peak
memory is its own): 10 MB of scripts, in a few large blocks or in 50,000
small ones, is read in well under a second of CPU and under 200 MB; two
million ``<br>``, 200,000 nested ``<div>`` or 90,000 ``<option>`` (which the
parser takes minutes over: its time grows with the square of the depth, and
of a select's length) are refused before parsing.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import test_hostile_pages as hostile_pages
from reviewer.importing import html_text, ingest, prepare

RELIABILITY = settings.get_profile("reliability")
ARTICLE = ("<article><h1>Ministers met in Valmora</h1><p>On 3 May 2024, the ministers of defence of the Northern "
           "Cooperation Council met in Valmora to discuss the joint air defence system.</p></article>")
SCRIPT_TEXT = "if(i<n){document.write('<p>On 1 June 2020 the Council met in Rome.</p>')};var x=\"</div>\";\n"

# Peak memory as VmHWM: the process's own high-water mark. (ru_maxrss would not do: a child starts with its
# parent's, and the test run's process is larger than the bound.)
CHILD = """
import json, sys, time
from reviewer.importing import prepare
raw = open(sys.argv[1], "rb").read()
cpu = time.process_time()
p = prepare.prepare(sys.argv[1], raw, prepare.MentionCache(), source=prepare.Source(sys.argv[1], raw, kind="html"))
hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"cpu": time.process_time() - cpu, "peak_mb": int(hwm.split()[1]) / 1024,
                  "problem": p.problem, "text": p.page.text if p.page else None}))
"""


def _in_child(tmp_path: Path, markup: str, timeout: float = 60) -> dict:
    return hostile_pages._in_child(tmp_path, markup, timeout, child=CHILD, name="page.html")


def _ten_mb(block: str, scripts: int) -> str:
    per = (10_000_000 - len(ARTICLE)) // scripts
    body = "".join(f"<script>{(SCRIPT_TEXT * (per // len(SCRIPT_TEXT) + 1))[:per - 17]}</script>" for _ in range(scripts))
    return f"<html><head><title>Scripts</title>{body[: len(body) // 2]}</head><body>{ARTICLE}{body[len(body) // 2:]}" \
           "</body></html>" if block == "head and body" else f"<html><body>{body}{ARTICLE}</body></html>"


@pytest.mark.parametrize("scripts, where", [(4, "head and body"), (50_000, "body")])
def test_ten_megabytes_of_scripts_are_read_in_bounded_time_and_memory(tmp_path, scripts, where):
    markup = _ten_mb(where, scripts)
    assert 9_900_000 < len(markup) < ingest.MAX_FILE_BYTES
    got = _in_child(tmp_path, markup)
    assert got["problem"] is None
    assert got["text"].splitlines() == [
        "Ministers met in Valmora",
        "On 3 May 2024, the ministers of defence of the Northern Cooperation Council met in Valmora to discuss the "
        "joint air defence system."]
    assert got["cpu"] < 5.0, got["cpu"]  # 0.1-0.4 s measured
    assert got["peak_mb"] < 200, got["peak_mb"]  # the whole process, interpreter included: 65-85 MB measured


@pytest.mark.parametrize("markup, reason", [
    ("<html><body>" + "<br>" * 2_000_000 + ARTICLE, "too many HTML elements for a page (over 100,000)"),
    ("<html><body>" + "<div>" * 200_000 + ARTICLE, "HTML nested too deeply for a page (over 3,000 elements deep)"),
    ("<html><body>" + "<b><i>" * 100_000 + ARTICLE, "HTML nested too deeply"),
    ("<html><body><select>" + "<option>x" * 90_000 + "</select>" + ARTICLE,  # 90 s in the parser
     "too many <option> elements for a page (over 5,000)"),
    ("<html><body>" + "<a href='/x'>Home page of the Council</a>" * 40_000, "no main text found"),  # links only
])
def test_markup_that_would_take_the_parser_minutes_is_refused_at_once(tmp_path, markup, reason):
    got = _in_child(tmp_path, markup, timeout=60)
    assert got["problem"] is not None and reason in got["problem"], got["problem"]
    assert got["cpu"] < 5.0, got["cpu"]


# -- any markup: a page whose text holds no tag, or one line


_PIECES = ["<p>", "</p>", "<div>", "</div>", "<script>", "</script>", "<style>", "<!--", "-->", "<br>", "<a href=x>",
           "</a>", "<table><tr><td>", "<title>", "</title>", "<article>", "&nbsp;", "&lt;p&gt;", "&#0;", "<![CDATA[",
           "<meta charset=koi8-r>", "<h1>", "<li>", "<time datetime='2024-02-30'>", "\x00", "\ufeff", "\u2028",
           "On 3 May 2024, the ministers met in Valmora to discuss the joint air defence system. ",
           "Secretary General Maren Solberg visited Harbury. "]


@settings(RELIABILITY)
@given(pieces=st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=8)), max_size=60),
       encoding=st.sampled_from(["utf-8", "cp1251", "utf-16"]))
def test_any_markup_gives_a_page_free_of_tags_or_one_line(pieces, encoding):
    markup = "".join(pieces)
    raw = markup.encode(encoding, errors="replace")
    prepared = prepare.prepare("any.html", raw, prepare.MentionCache(), source=prepare.Source("any.html", raw, kind="html"))
    if prepared.problem is not None:
        assert prepared.problem.startswith("any.html: ") and "\n" not in prepared.problem
        return
    page = prepared.page
    assert page is not None
    if "&lt;" not in markup and "<title>" not in markup:  # (an escaped tag, or a title's raw text, is text)
        for tag in ("<p>", "<div>", "<script>", "<br>", "<a href", "<td>", "<!--", "<h1>", "</"):
            assert tag not in page.text, (tag, page.text)
    for item in page.items:
        assert 0 <= item.span.start <= item.span.end <= len(page.text)
    assert html_text.iso_day(page.published) == page.published if page.published else True
