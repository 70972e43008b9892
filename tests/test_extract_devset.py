"""Extraction on held-out-style pages (tests/extract_pages/): floors that guard against regressions.

Three sets, all composed in the site's shape with other content than the
seeds and annotated by hand per docs/guideline.md: ``dev.jsonl`` (24 pages, written
beside the extractor), ``blind.jsonl`` and ``blind2.jsonl`` (24 and 20 pages,
each written by an engineer who never saw it; each scored once before any fix
against it).
tests/extract_pages/score_dev.py prints the full report (``--show-misses``,
``--gold blind.jsonl``). Floors sit a margin below what the extractor
reaches, so a change that loses events or fields fails here.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "extract_pages"


@pytest.fixture(scope="module")
def dev():
    spec = importlib.util.spec_from_file_location("score_dev", HERE / "score_dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module", params=["dev.jsonl", "blind.jsonl", "blind2.jsonl", "sites_a.jsonl", "sites_b.jsonl",
                                                "sites_c.jsonl", "sites_d.jsonl", "sites_e.jsonl"])
def result(request, dev):
    r, seg = dev.run(HERE / request.param)
    r["floors"] = FLOORS[request.param]
    return r, seg


def test_segmentation_matches_gold_items(result):
    r, errors = result
    assert len(errors) <= r["floors"].get("segmentation_errors", 0), "\n".join(errors)


def test_event_f1(result):
    r, _ = result
    assert r["f1"] >= r["floors"]["f1"], f"F1 {r['f1']:.3f}; missed {r['misses']}; extra {r['extras']}"


def test_event_precision(result):
    r, _ = result
    assert r["precision"] >= r["floors"]["precision"], f"precision {r['precision']:.3f}; extra {r['extras']}"


@pytest.mark.parametrize("field", ["date_start", "date_end", "event_type", "status", "location", "online",
                                   "participants", "organizations"])
def test_field(result, field):
    r, _ = result
    assert r["fields"][field] >= r["floors"][field], f"{field}: {r['fields'][field]:.3f}"


# Reached (tests/extract_pages/score_dev.py, one mention per event, no duplicate merging):
# dev, 24 pages, 87 events: F1 1.000, precision 1.000; date_start, date_end, event_type, status 1.000,
#   location 0.989, online 0.989, participants 1.000, organizations 0.982.
# blind, 24 pages, 93 events: F1 1.000 (0.950 at its first score), precision 1.000; date_start, date_end,
#   event_type 0.989, status, location, online 1.000, participants 1.000, organizations 0.991.
# blind2, 20 pages, 64 events: F1 0.968 (0.917 at its first score), precision 0.984; date_start, date_end,
#   status, location, online 1.000, event_type 0.967, participants 0.972, organizations 0.885.
# sites_a, 22 pages, 63 events, and sites_b, 21 pages, 57 events (other sites' shapes, issue 18; see
#   extract_pages/README-sites.md): F1 0.992 and 0.955 (0.031 and 0.145 at their first scores), precision 1.000
#   and 0.981, segmentation 22/22 and 21/21; date_start 1.000 / 1.000, date_end 0.984 / 1.000, event_type
#   0.984 / 0.943, status 1.000 / 1.000, location 0.984 / 0.962 (0.849 before unknown cities were read after
#   'today', the opening date and a short stretch after the verb), online 1.000 / 1.000, participants 0.973 /
#   0.933, organizations 0.742 / 0.849 (0.712 / 0.792 before bodies named by their common noun, venues,
#   prepared bodies and a state's own body in a post were read; the rest differ from the gold by an acronym
#   the text defines, or by a body named only in a post, which the CSTO gold leaves out).
#   After the third set's work (wire and date-line forms, two events in a sentence, signing, "then", digest
#   entries): sites_b F1 0.982 (precision 0.982), participants 0.919, organizations 0.827.
# sites_c, 21 pages, 71 events (a third blind set, issue 18): F1 0.925 (0.557 at its first score), precision
#   0.984, segmentation 16/21 (7/21); date_start 0.984, date_end 0.968, event_type 0.968, status 0.984,
#   location 0.952, online 0.968, participants 0.895, organizations 0.844. After calendars' When: lines, advisories'
#   Who: lines, feeds' hashtags, "postponed to", "held in X the day before", "at the end of the session": F1 0.993
#   (precision 1.000), segmentation 21/21; date_start 1.000, date_end 0.986, status 0.986, online 0.986.
# Fields after the other organizations' bodies, titles and types (xfields, issue 18): organizations sites_a
#   0.742 -> 0.906, sites_b 0.827 -> 0.952, sites_c 0.844 -> 0.948, blind2 0.887 -> 0.912; participants sites_a
#   0.973 -> 0.978, sites_b 0.919 -> 0.961, sites_c 0.895 -> 0.913; event_type sites_a 0.984 -> 1.000, sites_b
#   0.964 -> 0.982, sites_c 0.968 -> 1.000; location sites_c 0.952 -> 0.986 (with xevents' work).
# sites_d, 22 pages, 89 events (a fourth blind set, written this session and never tuned on; README-sites.md):
#   F1 0.561 after this session's work (0.439 at its first score), precision 0.860, segmentation 6/22 (3/22);
#   date_start 0.946, date_end 0.919, event_type 0.973, status 0.973, location 0.892, online 0.973,
#   participants 0.748, organizations 0.811 (37 matched; two pages, events tables with no prose, are refused).
# sites_e, 23 pages, 81 events (a fifth set, in the held-out set's own five site kinds; README-sites.md):
#   F1 0.969 (0.809 at its first score, then tuned on), precision 0.987, segmentation 22/23 (22/23);
#   date_start 1.000, date_end 0.961, event_type 0.974, status 1.000, location 0.935, online 0.987,
#   participants 0.968, organizations 0.898.
# Floors are those less a margin of about two events.
FLOORS = {
    "dev.jsonl": {"f1": 0.96, "precision": 0.96, "date_start": 0.97, "date_end": 0.97, "event_type": 0.97,
                  "status": 0.97, "location": 0.96, "online": 0.96, "participants": 0.96, "organizations": 0.95},
    "blind.jsonl": {"f1": 0.96, "precision": 0.96, "date_start": 0.96, "date_end": 0.96, "event_type": 0.96,
                    "status": 0.97, "location": 0.97, "online": 0.97, "participants": 0.96, "organizations": 0.96},
    "blind2.jsonl": {"f1": 0.93, "precision": 0.95, "date_start": 0.96, "date_end": 0.96, "event_type": 0.91,
                     "status": 0.96, "location": 0.96, "online": 0.96, "participants": 0.93, "organizations": 0.88,
                     "segmentation_errors": 0},
    "sites_a.jsonl": {"f1": 0.96, "precision": 0.96, "date_start": 0.96, "date_end": 0.95, "event_type": 0.96,
                      "status": 0.96, "location": 0.95, "online": 0.96, "participants": 0.94, "organizations": 0.87},
    "sites_b.jsonl": {"f1": 0.92, "precision": 0.94, "date_start": 0.96, "date_end": 0.96, "event_type": 0.94,
                      "status": 0.96, "location": 0.92, "online": 0.96, "participants": 0.92, "organizations": 0.91},
    "sites_c.jsonl": {"f1": 0.96, "precision": 0.97, "date_start": 0.97, "date_end": 0.95, "event_type": 0.96,
                      "status": 0.95, "location": 0.95, "online": 0.95, "participants": 0.88, "organizations": 0.91,
                      "segmentation_errors": 0},
    "sites_d.jsonl": {"f1": 0.53, "precision": 0.81, "date_start": 0.89, "date_end": 0.86, "event_type": 0.91,
                      "status": 0.91, "location": 0.83, "online": 0.91, "participants": 0.69, "organizations": 0.75,
                      "segmentation_errors": 18},
    "sites_e.jsonl": {"f1": 0.94, "precision": 0.96, "date_start": 0.97, "date_end": 0.93, "event_type": 0.94,
                      "status": 0.97, "location": 0.90, "online": 0.96, "participants": 0.93, "organizations": 0.86,
                      "segmentation_errors": 1},
}
