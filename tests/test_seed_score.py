"""The outside check, end to end: import the seeds, export every event as JSON Lines, score against gold.

Runs exactly the contract commands of DESIGN.md through click and the shared
``score.py``; the floors are those of the extraction and dedupe issues.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewer.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT.parent / "shared" / "eval" / "gold" / "seeds.jsonl"
SCORE = ROOT.parent / "shared" / "eval" / "score.py"


@pytest.fixture(scope="module")
def score_module():
    if not SCORE.exists() or not GOLD.exists():
        pytest.skip(f"{SCORE.parent} not present (shared/ sits beside the repository in CI)")
    spec = importlib.util.spec_from_file_location("shared_score", SCORE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def result(score_module, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("contract")
    db, out = tmp / "x.db", tmp / "x.jsonl"
    runner = CliRunner()
    imported = runner.invoke(cli, ["--db", str(db), "import", str(SEEDS)], catch_exceptions=False)
    assert imported.exit_code == 0, imported.output
    exported = runner.invoke(cli, ["--db", str(db), "export", "--format", "jsonl", "--all", "-o", str(out)],
                             catch_exceptions=False)
    assert exported.exit_code == 0, exported.output
    return score_module.score(score_module.load_jsonl(GOLD), score_module.load_jsonl(out))


def test_event_f1_on_the_seeds(result):
    assert result["f1"] >= 0.95, f"F1 {result['f1']:.3f}; missed {result['misses']}; extra {result['extras']}"


@pytest.mark.parametrize("field", ["date_start", "date_end", "event_type", "status", "location", "online",
                                   "participants", "organizations"])
def test_every_field_on_the_seeds(result, field):
    assert result["fields"][field] >= 0.90, f"{field}: {result['fields'][field]:.3f}"


def test_duplicate_pairs_on_the_seeds(result):
    d = result["duplicate_pairs"]
    assert d["precision"] >= 0.95 and d["recall"] >= 0.95, d
