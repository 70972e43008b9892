"""The outside check, end to end: import the seeds, export every event as JSON Lines, score against gold.

Runs exactly the contract commands of DESIGN.md through click, the scoring
included (``reviewer evaluate --json``), against the seed gold kept in the
repository (``tests/gold/seeds.jsonl``). The seeds are the CSTO figures the
other-sites work must keep (issue 18): every event, every field and every
duplicate pair exactly, so one extra event or one wrong value fails here.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewer.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold" / "seeds.jsonl"


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("contract")
    db, out = tmp / "x.db", tmp / "x.jsonl"
    runner = CliRunner()
    imported = runner.invoke(cli, ["--db", str(db), "import", str(SEEDS)], catch_exceptions=False)
    assert imported.exit_code == 0, imported.output
    exported = runner.invoke(cli, ["--db", str(db), "export", "--format", "jsonl", "--all", "-o", str(out)],
                             catch_exceptions=False)
    assert exported.exit_code == 0, exported.output
    scored = runner.invoke(cli, ["evaluate", str(GOLD), str(out), "--json"], catch_exceptions=False)
    assert scored.exit_code == 0, scored.output
    return json.loads(scored.output)


def test_every_seed_event_and_no_other(result):
    assert result["precision"] == 1.0 and result["recall"] == 1.0, f"F1 {result['f1']:.3f}; missed {result['misses']}; extra {result['extras']}"


@pytest.mark.parametrize("field", ["date_start", "date_end", "event_type", "status", "location", "online",
                                   "participants", "organizations"])
def test_every_field_on_the_seeds(result, field):
    assert result["fields"][field] == 1.0, f"{field}: {result['fields'][field]:.3f}"


def test_duplicate_pairs_on_the_seeds(result):
    d = result["duplicate_pairs"]
    assert d["precision"] == 1.0 and d["recall"] == 1.0, d
