"""``reviewer evaluate`` on a tiny gold file whose every figure was worked out by hand."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewer.cli import cli

MEETING_A = "On December 11, 2024, Taalatbek Masadykov met the head of UNOCT in Moscow."
MEETING_B = "Taalatbek Masadykov met the head of UNOCT on December 11 in Moscow."
TRAINING_A = "On 20 December, a joint training session was held at the Crisis Response Center."
TRAINING_B = "A joint training session of the Crisis Response Center took place on 20 December."
SEMINAR_A = "From 17 to 18 April a seminar will be held in Almaty for border guards."
NOTE_A = "On 20 December the press service issued a note."

GOLD = [
    {"doc": "a.txt", "events": [
        {"date_start": "2024-12-11", "date_end": "2024-12-11", "event_type": "meeting", "status": "held",
         "location": "Moscow", "online": False, "participants": ["Taalatbek Masadykov", "Samat Ordabaev"],
         "organizations": ["UNOCT"], "evidence": MEETING_A[:60], "cluster": "c1"},
        {"date_start": "XXXX-12-20", "date_end": "XXXX-12-20", "event_type": "training", "status": "held",
         "location": None, "online": False, "participants": [],
         "organizations": ["CSTO Crisis Response Center"], "evidence": TRAINING_A[:60], "cluster": "c2"},
        {"date_start": "2024-04-17", "date_end": "2024-04-18", "event_type": "education", "status": "planned",
         "location": "Almaty", "online": False, "participants": [], "organizations": [],
         "evidence": SEMINAR_A[:60]},
    ]},
    {"doc": "b.txt", "events": [
        {"date_start": "2024-12-11", "date_end": "2024-12-11", "event_type": "meeting", "status": "held",
         "location": "Moscow", "online": False, "participants": ["Taalatbek Masadykov"],
         "organizations": ["UNOCT"], "evidence": ["Masadykov in Moscow", MEETING_B[:56]], "cluster": "c1"},
        {"date_start": "XXXX-12-20", "date_end": "XXXX-12-20", "event_type": "training", "status": "held",
         "location": None, "online": False, "participants": [],
         "organizations": ["CSTO Crisis Response Center"], "evidence": TRAINING_B[:60], "cluster": "c2"},
    ]},
]


def event(eid, sources, **fields):
    base = {"id": eid, "date_start": None, "date_end": None, "event_type": "meeting", "status": "held",
            "location": None, "online": False, "participants": [], "organizations": []}
    return {**base, **fields, "sources": [{"doc": d, "evidence": e} for d, e in sources]}


EXPORT = [
    # one event reported on both pages: the c1 pair is found
    event("E1", [("a.txt", MEETING_A), ("b.txt", MEETING_B)], date_start="2024-12-11", date_end="2024-12-11",
          location="moscow", participants=[{"name": "T. Masadykov", "role": "Deputy"}, "S. Ordabayev",
                                           "Ivan Petrov"], organizations=["UNOCT"]),
    # the training on page a, with a wrong end day, a wrong city and one organization too many
    event("E2", [("a.txt", TRAINING_A)], date_start="2025-12-20", date_end="2025-12-21", event_type="training",
          location="Bishkek", organizations=["CSTO Crisis Response Center", "UNRCCA"]),
    # the same training on page b, left a separate event: the c2 pair is missed
    event("E5", [("b.txt", TRAINING_B)], date_start="2024-12-20", date_end="2024-12-20", event_type="training",
          organizations=["Crisis Response Center of the CSTO"]),
    # same month and day as the training, but too few of its words: an extra
    event("E3", [("a.txt", NOTE_A)], date_start="2024-12-20", date_end="2024-12-20", event_type="other"),
    # the seminar's sentence with the wrong day: no match, so the seminar is missed and this is extra
    event("E4", [("a.txt", SEMINAR_A)], date_start="2024-04-19", date_end="2024-04-19", event_type="education"),
    # a page the gold does not cover is ignored
    event("E6", [("c.txt", "On 1 May, something happened.")], date_start="2024-05-01"),
]

# Worked out by hand: 5 gold events, 6 mentions on the gold's pages (a: E1 E2 E3 E4, b: E1 E5), 4 matched.
EXPECTED_FIELDS = {
    "date_start": 1.0,            # XXXX-12-20 asks only month and day
    "date_end": 3 / 4,            # E2 ends on the 21st
    "event_type": 1.0,
    "status": 1.0,
    "location": 3 / 4,            # "moscow" is Moscow; Bishkek is not "not stated"
    "online": 1.0,
    # a: 2 of 2 gold found among 3 (F1 0.8); b: 1 of 1 among 3 (F1 0.5); both trainings none = none (1.0)
    "participants": (0.8 + 0.5 + 1 + 1) / 4,
    # E2: 1 of 1 among 2 (F1 2/3); "Crisis Response Center of the CSTO" is the same body (same words)
    "organizations": (1 + 1 + 2 / 3 + 1) / 4,
}


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    gold, export = tmp_path / "gold.jsonl", tmp_path / "export.jsonl"
    gold.write_text("".join(json.dumps(d) + "\n" for d in GOLD), encoding="utf-8")
    export.write_text("".join(json.dumps(e) + "\n" for e in EXPORT), encoding="utf-8")
    return gold, export


def run(*args: str):
    return CliRunner().invoke(cli, ["evaluate", *args], catch_exceptions=False)


def test_json_figures_are_the_hand_counted_ones(files):
    out = run(str(files[0]), str(files[1]), "--json")
    assert out.exit_code == 0, out.output
    r = json.loads(out.output)
    assert (r["gold_events"], r["predicted_mentions"], r["matched"]) == (5, 6, 4)
    assert r["precision"] == pytest.approx(4 / 6)
    assert r["recall"] == pytest.approx(4 / 5)
    assert r["f1"] == pytest.approx(8 / 11)
    assert r["fields"] == pytest.approx(EXPECTED_FIELDS)
    assert r["duplicate_pairs"] == pytest.approx({"gold": 2, "predicted": 1, "precision": 1.0, "recall": 0.5})
    assert r["misses"] == [["a.txt", SEMINAR_A[:60]]]
    assert sorted(r["extras"]) == [["a.txt", SEMINAR_A[:60]], ["a.txt", NOTE_A]]
    assert r["docs_not_in_gold"] == ["c.txt"]


def test_text_report_and_show_misses(files):
    out = run(str(files[0]), str(files[1]), "--show-misses")
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[0] == "events: gold 5, predicted mentions 6, matched 4"
    assert "  participants   0.825" in lines
    assert "duplicate pairs: gold 2, predicted 1, precision 1.000, recall 0.500" in lines
    assert f"  missed  a.txt: {SEMINAR_A[:60]}" in lines
    assert f"  extra   a.txt: {NOTE_A}" in lines
    mean = sum(EXPECTED_FIELDS.values()) / 8
    assert lines[-1] == f"precision 0.667 recall 0.800 F1 0.727 fields {mean:.3f}"
    assert not any("missed" in line for line in run(str(files[0]), str(files[1])).output.splitlines())


def test_nothing_exported_scores_zero_without_dividing_by_zero(files, tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    r = json.loads(run(str(files[0]), str(empty), "--json").output)
    assert (r["precision"], r["recall"], r["f1"]) == (0.0, 0.0, 0.0)
    assert r["duplicate_pairs"]["precision"] == 0.0 and r["duplicate_pairs"]["recall"] == 0.0


@pytest.mark.parametrize("content, reason", [
    (b'{"doc": "a.txt", "events": []}\n{"doc": "b.txt", "events": [\n', ":2: not JSON"),
    (b"\xff\xfe{}\n", ":1: not UTF-8 text"),
    (b'["a list"]\n', ":1: a gold line must be a JSON object"),
    (b'{"doc": "a.txt"}\n', ':1: a gold line needs "doc" (text) and "events" (a list)'),
    (b'{"doc": "a.txt", "events": [{"date_start": "2024-01-01"}]}\n', ':1: every gold event needs "evidence"'),
    (b"x" * (2 << 20), "a line longer than 1024 KiB"),
])
def test_a_bad_gold_file_is_one_line_naming_it(files, tmp_path, content, reason):
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(content)
    out = CliRunner().invoke(cli, ["evaluate", str(bad), str(files[1])])
    assert out.exit_code == 1
    assert out.output.startswith(f"Error: {bad}") and reason in out.output
    assert len(out.output.strip().splitlines()) == 1 and "Traceback" not in out.output


def test_a_missing_or_unreadable_export_is_one_line(files, tmp_path):
    out = CliRunner().invoke(cli, ["evaluate", str(files[0]), str(tmp_path / "nowhere.jsonl")])
    assert out.exit_code == 1 and "nowhere.jsonl: cannot read" in out.output
    folder = tmp_path / "folder.jsonl"
    folder.mkdir()
    out = CliRunner().invoke(cli, ["evaluate", str(files[0]), str(folder)])
    assert out.exit_code == 2 and "is a directory" in out.output and "Traceback" not in out.output


def test_odd_sources_in_an_export_are_scored_not_a_crash(files, tmp_path):
    odd = tmp_path / "odd.jsonl"
    records = [*EXPORT,
               {"id": "X1", "date_start": "2024-12-20", "sources": [{"doc": 5, "evidence": "x"}, "a.txt", None]},
               {"id": "X2", "date_start": "2024-12-20", "sources": [{"doc": "a.txt", "evidence": ["a", "list"]}]},
               {"id": "X3", "sources": None}]
    odd.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = run(str(files[0]), str(odd), "--json")
    assert out.exit_code == 0, out.output
    r = json.loads(out.output)
    # X2's evidence is no sentence: one more unmatched mention on a.txt, nothing else changes
    assert (r["gold_events"], r["predicted_mentions"], r["matched"]) == (5, 7, 4)
    assert ["a.txt", ""] in r["extras"] and r["docs_not_in_gold"] == ["c.txt"]
