"""The outside check, end to end: import the seeds, export every event as JSON Lines, score against gold.

Runs exactly the contract commands of DESIGN.md through click, the scoring
included (``reviewer evaluate --json``), against the seed gold kept in the
repository (``tests/gold/seeds.jsonl``); the floors are those of the
extraction and dedupe issues.
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


def test_event_f1_on_the_seeds(result):
    assert result["f1"] >= 0.95, f"F1 {result['f1']:.3f}; missed {result['misses']}; extra {result['extras']}"


@pytest.mark.parametrize("field", ["date_start", "date_end", "event_type", "status", "location", "online",
                                   "participants", "organizations"])
def test_every_field_on_the_seeds(result, field):
    assert result["fields"][field] >= 0.90, f"{field}: {result['fields'][field]:.3f}"


def test_duplicate_pairs_on_the_seeds(result):
    d = result["duplicate_pairs"]
    assert d["precision"] >= 0.95 and d["recall"] >= 0.95, d
