"""Shared fixtures: tmp_path databases, the seed pages and their gold answers."""
from __future__ import annotations

import json
import os
from pathlib import Path

# Qt must be told before it loads; pytest-qt has no option for the platform.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from reviewer.store import Store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold" / "seeds.jsonl"


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def gold() -> dict[str, dict]:
    return {d["doc"]: d for d in map(json.loads, GOLD.read_text(encoding="utf-8").splitlines()) if d}


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture
def store(db_path: Path):
    s = Store(db_path)
    yield s
    s.close()


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory) -> Path:
    """A database with the seeds imported once per session; copy it before writing."""
    from reviewer.importing.pipeline import import_paths

    path = tmp_path_factory.mktemp("seeded") / "seeds.db"
    with Store(path) as s:
        import_paths(s, [SEEDS])
    return path


@pytest.fixture
def seeded_store(seeded_db: Path, tmp_path: Path):
    """A private, writable copy of the seeded database."""
    import sqlite3

    target = tmp_path / "seeded.db"
    src = sqlite3.connect(seeded_db)
    dst = sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.close()
    s = Store(target)
    yield s
    s.close()


def _fake_mentions(page):
    """One plain mention per item (evidence = its first segment), so review tests never depend on extraction."""
    from reviewer.model import Mention, Participant, Span, Value

    out = {}
    for item in page.items:
        seg = item.segments[0]
        day = f"{item.dateline}" if item.dateline else "XXXX-12-20"
        out[item.seq] = [Mention(
            evidence=Span(seg.start, seg.end),
            date_start=Value(day, Span(seg.start, min(seg.start + 5, seg.end)), 0.9 if item.dateline else 0.4),
            date_end=Value(day, None, 0.9 if item.dateline else 0.4),
            event_type=Value("meeting", None, 0.8),
            status=Value("held", None, 0.9),
            location=Value(None, None, 0.5),
            online=Value(False, None, 0.9),
            participants=[Participant("Test Person", "Speaker", Span(seg.start, min(seg.start + 3, seg.end)), 0.7)],
        )]
    return out


def build_review_db(path: Path, pages=None) -> Path:
    """The seed pages stored with :func:`_fake_mentions` (deterministic events for review and UI tests)."""
    from reviewer.importing import ingest

    with Store(path) as s:
        for p in pages or sorted(SEEDS.glob("*.txt")):
            page = ingest.read_page(p)
            hashes = {it.seq: ingest.content_hash(page.text, it) for it in page.items}
            s.add_page(page, _fake_mentions(page), hashes)
    return path


@pytest.fixture(scope="session")
def review_db_template(tmp_path_factory) -> Path:
    return build_review_db(tmp_path_factory.mktemp("review") / "review.db")


@pytest.fixture
def review_db(review_db_template: Path, tmp_path: Path) -> Path:
    """A private writable copy of the seeds with deterministic fake events."""
    import sqlite3

    target = tmp_path / "review.db"
    src, dst = sqlite3.connect(review_db_template), sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.close()
    return target


@pytest.fixture
def verified_seeds(seeded_store):
    """The seeds with their first two releases that have events verified by "alice".

    Returns ``(store, service, release ids)``; a test may edit those events
    further (they stay verified) before exporting.
    """
    from reviewer.review import ReviewService

    svc = ReviewService(seeded_store, "alice")
    releases = [r[0] for r in seeded_store.db.execute(
        "SELECT DISTINCT release_id FROM events WHERE deleted = 0 AND merged_into IS NULL ORDER BY release_id LIMIT 2")]
    for rel in releases:
        svc.set_release_status(rel, "verified")
    return seeded_store, svc, releases
