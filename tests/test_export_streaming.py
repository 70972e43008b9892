"""Export streams: chunk by chunk it writes what a plain all-in-memory reading gives, in flat memory.

The reference here reads the database the simplest way (everything in
memory, a query per event, merge chains walked one link at a time with
``Store.live_root``), which is what the export did before it streamed; the
streaming export must give the same bytes for every format and scope, with
chunks so small that merged events and their roots fall in different chunks.
"""
from __future__ import annotations

import csv
import io
import json
import sqlite3
import tracemalloc
from collections import defaultdict

import pytest

from reviewer.dedupe.merge import merge
from reviewer.export import ExportCancelled, dataset, export, sqlite_dataset, writers
from reviewer.export.tables import TABLES
from reviewer.review import ReviewService
from reviewer.store import Store

COLUMNS = ["id", "date_start", "date_end", "event_type", "status", "location", "online", "review_status",
           "reviewer", "updated_at", "edited_fields"]


def live_ids(store):
    return [r[0] for r in store.db.execute("SELECT id FROM events WHERE deleted = 0 AND merged_into IS NULL ORDER BY id")]


@pytest.fixture
def tangled(verified_seeds, monkeypatch):
    """The seeds (pages repeating a teaser, people spelt two ways, two releases verified by alice) with a
    merge, a chain of merges whose mentions stayed on the absorbed events, a corrupt merge cycle, a deleted
    event and a link to a missing person; read three events at a time, so merged events and their roots
    fall in different chunks."""
    store, svc, _ = verified_seeds
    ids = every_id(store)
    # notes: on an event merged away below (its root carries it), a flag on the root, one on the end of the chain
    # of merges, a release's note (every event of it carries it), and a cleared one (exported nowhere)
    svc.set_note("absorbed's note", event_id=ids[4])
    svc.set_note("", True, "dates disagree", event_id=ids[2])
    svc.set_note("chained", event_id=ids[6])
    (release,), = store.db.execute("SELECT release_id FROM events WHERE id = ?", [ids[0]])
    svc.set_note("the release's note", release_id=release)
    svc.set_note("cleared", event_id=ids[1])
    svc.set_note("", event_id=ids[1])
    merge(store, ids[2], ids[4])  # moves ids[4]'s mentions to ids[2]
    svc.delete_event(ids[3])
    raw = sqlite3.connect(store.path)  # what an older merge, or a damaged file, left behind
    raw.execute("UPDATE events SET merged_into = ? WHERE id = ?", [ids[0], ids[5]])  # a chain ids[6] -> ids[5] -> ids[0]
    raw.execute("UPDATE events SET merged_into = ? WHERE id = ?", [ids[5], ids[6]])  # with its mentions left behind
    raw.execute("INSERT INTO mentions (event_id, item_id, position, evidence_start, evidence_end)"
                " SELECT ?, item_id, position, evidence_start, evidence_end FROM mentions WHERE event_id = ? LIMIT 1",
                [ids[6], ids[5]])  # the same sentence reached through two merged events
    raw.execute("UPDATE events SET merged_into = ? WHERE id = ?", [ids[-2], ids[-3]])  # a cycle: neither exported
    raw.execute("UPDATE events SET merged_into = ? WHERE id = ?", [ids[-3], ids[-2]])
    raw.execute("UPDATE event_participants SET person_id = 987654 WHERE id = (SELECT max(id) FROM event_participants)")
    raw.commit()
    raw.close()
    monkeypatch.setattr(dataset, "CHUNK", 3)
    return store


def every_id(store):
    return [r[0] for r in store.db.execute("SELECT id FROM events ORDER BY id")]


def plain_notes(store, event_id):
    """The notes of an event (and of the events merged into it), then of its release; cleared ones left out."""
    (release,), = store.db.execute("SELECT release_id FROM events WHERE id = ?", [event_id])
    rows = store.db.execute("SELECT id, event_id, release_id, text, flag, reason, who, at FROM notes ORDER BY id").fetchall()
    mine = [("event", r) for r in rows if r[1] is not None and store.live_root("events", r[1]) == event_id]
    mine += [("release", r) for r in rows if r[2] is not None and r[2] == release]
    return [{"on": on, "text": r[3], "second_look": bool(r[4]), "reason": r[5], "by": r[6], "at": r[7]}
            for on, r in mine if r[3] or r[4]]


def reference(store, scope):
    """(JSON Lines text, table rows by name, descriptor facts) read the plain way."""
    where = "deleted = 0 AND merged_into IS NULL" + (" AND review_status = 'verified'" if scope == "verified" else "")
    entities = {eid: (kind, name, aid, country, sorted({name, *(a for (a,) in store.db.execute(
        "SELECT name FROM entity_variants WHERE entity_id = ?", [eid]))}))
        for eid, kind, name, aid, country in store.db.execute("SELECT id, kind, name, authority_id, country FROM entities")}
    people = {eid: (e[1], e[4]) for eid, e in entities.items() if e[0] == "person"}
    cited = defaultdict(list)
    for mid, eid, doc, sha, start, end, text, url, published in store.db.execute(
            "SELECT mentions.id, mentions.event_id, documents.name, documents.sha256, evidence_start, evidence_end,"
            " documents.text, documents.url, documents.published FROM mentions JOIN items ON items.id = mentions.item_id"
            " JOIN documents ON documents.id = items.document_id"):
        cited[store.live_root("events", eid)].append((doc, start, end, mid, sha, text[start:end], url, published))
    lines, rows = [], {t.name: [] for t in TABLES}
    named, others, documents, reviewers = set(), set(), set(), set()
    for values in store.db.execute(f"SELECT {', '.join(COLUMNS)} FROM events WHERE {where} ORDER BY id").fetchall():
        ev = dict(zip(COLUMNS, values), online=bool(values[6]), edited_fields=sorted(json.loads(values[10])))
        participants = []
        for name, role, pid in store.db.execute("SELECT name, role, person_id FROM event_participants"
                                                " WHERE event_id = ? ORDER BY position, id", [ev["id"]]).fetchall():
            pid = pid if pid in people else None
            same = " ".join(name.split()).casefold()
            aliases = [a for a in people[pid][1] if " ".join(a.split()).casefold() != same] if pid else []
            participants.append((name, role, pid, aliases))
            named |= {pid} - {None}
        organizations = store.db.execute("SELECT name, entity_id FROM event_organizations WHERE event_id = ?"
                                         " ORDER BY position, id", [ev["id"]]).fetchall()
        (place,) = store.db.execute("SELECT place_id FROM events WHERE id = ?", [ev["id"]]).fetchone()
        others |= {e for _, e in organizations if e is not None} | ({place} - {None})
        sources = []
        for doc, start, end, _mid, sha, evidence, url, published in sorted(cited[ev["id"]], key=lambda c: c[:4]):
            if (doc, sha, start, end, evidence, url, published) not in sources[-1:]:
                sources.append((doc, sha, start, end, evidence, url, published))
        documents |= {(doc, sha) for doc, sha, *_ in sources}
        reviewers |= {ev["reviewer"]} - {None, ""}
        notes = plain_notes(store, ev["id"])
        lines.append(json.dumps({
            **{k: ev[k] for k in COLUMNS[:7]},
            "participants": [{"name": n, "role": r, "aliases": a, "id": entities[p][2] if p else None,
                              "canonical": entities[p][1] if p else None} for n, r, p, a in participants],
            "organizations": [n for n, _ in organizations],
            "sources": [{"doc": d, "sha256": h, "evidence": e, "start": s, "end": t,
                         **({"url": u} if u else {}), **({"published": p} if p else {})}
                        for d, h, s, t, e, u, p in sources],
            **{k: ev[k] for k in COLUMNS[7:]}, "notes": notes,
            "organization_entities": [{"name": n, "canonical": entities[e][1], "id": entities[e][2], "entity": e}
                                      for n, e in organizations],
            "place_id": place, "location_country": entities[place][3] if place else None}, ensure_ascii=False) + "\n")
        rows["events"].append((*(ev[k] for k in COLUMNS[:-1]), place, entities[place][3] if place else None))
        rows["participants"] += [(ev["id"], i, n, r, p, entities[p][1] if p else None, entities[p][2] if p else None)
                                 for i, (n, r, p, _a) in enumerate(participants)]
        rows["organizations"] += [(ev["id"], i, n, e, entities[e][1], entities[e][2]) for i, (n, e) in enumerate(organizations)]
        rows["sources"] += [(ev["id"], i, *s) for i, s in enumerate(sources)]
        rows["notes"] += [(ev["id"], i, *n.values()) for i, n in enumerate(notes)]
    for pid in sorted(named):
        rows["people"].append((pid, people[pid][0]))
        rows["aliases"] += [(pid, a) for a in people[pid][1]]
    for eid in sorted(named | others):
        rows["entities"].append((eid, *entities[eid][:4]))
        rows["entity_variants"] += [(eid, a) for a in entities[eid][4]]
    facts = {"sources": [{"title": d, "path": d, "hash": f"sha256:{h}"} for d, h in sorted(documents)],
             "contributors": [{"title": r, "role": "contributor"} for r in sorted(reviewers)], "events": len(lines)}
    return "".join(lines), rows, facts


def csv_bytes(table, rows) -> bytes:
    out = io.StringIO(newline="")
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(table.column_names)
    w.writerows([writers.csv_cell(v) for v in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


@pytest.mark.parametrize("scope", ["all", "verified"])
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "sqlite"])
def test_streamed_export_is_byte_for_byte_the_plain_reading(tangled, tmp_path, fmt, scope):
    text, rows, facts = reference(tangled, scope)
    assert facts["events"] > (0 if scope == "verified" else dataset.CHUNK)  # not empty; all: several chunks
    assert any(len({s[2] for s in rows["sources"] if s[0] == e[0]}) > 1 for e in rows["events"])
    target = tmp_path / {"jsonl": "e.jsonl", "csv": "t", "sqlite": "e.db"}[fmt]
    result = export(tangled, fmt, target, scope)
    if fmt == "jsonl":
        assert target.read_text(encoding="utf-8") == text
    elif fmt == "csv":
        for table in TABLES:
            assert (target / f"{table.name}.csv").read_bytes() == csv_bytes(table, rows[table.name]), table.name
    else:
        sqlite_dataset.write_tables(tmp_path / "reference.db", rows, lambda: False)
        assert target.read_bytes() == (tmp_path / "reference.db").read_bytes()
    pkg = json.loads(result.descriptor.read_text(encoding="utf-8"))
    assert (pkg["sources"], pkg["contributors"], pkg["generator"]["events"], result.events) == (
        facts["sources"], facts["contributors"], facts["events"], facts["events"])


def test_the_reference_sees_what_the_case_sets_up(tangled):
    """Guard the test above: merged sources, aliases and the missing person are in the reference."""
    text, rows, _ = reference(tangled, "all")
    ids = every_id(tangled)
    exported = {r[0] for r in rows["events"]}
    assert exported == set(ids) - {ids[3], ids[4], ids[5], ids[6], ids[-2], ids[-3]}
    per_event = defaultdict(int)
    for s in rows["sources"]:
        per_event[s[0]] += 1
    stored = mentions_per_event(tangled)
    assert stored[ids[5]] and stored[ids[6]] and not stored[ids[4]]
    assert per_event[ids[0]] == stored[ids[0]] + stored[ids[5]] + stored[ids[6]] - 1  # one sentence twice
    assert per_event[ids[2]] == stored[ids[2]]
    assert any(p[4] is None for p in rows["participants"]) and 987654 not in {p[0] for p in rows["people"]}
    assert '"aliases": ["' in text
    notes = {(n[0], n[3]) for n in rows["notes"]}
    assert {(ids[2], "absorbed's note"), (ids[2], ""), (ids[0], "chained"), (ids[0], "the release's note")} <= notes
    assert "cleared" not in {n[3] for n in rows["notes"]}


def mentions_per_event(store):
    return defaultdict(int, store.db.execute("SELECT event_id, count(*) FROM mentions GROUP BY event_id").fetchall())


# -- memory, progress, cancel ------------------------------------------------------


def multiply(store, times: int) -> int:
    """Copy every event (with its people, organizations and mentions) until there are ``times`` as many."""
    top = store.db.execute("SELECT max(id) FROM events").fetchone()[0]
    cols = {t: [r[1] for r in store.db.execute(f"PRAGMA table_info({t})") if r[1] != "id"]
            for t in ("events", "event_participants", "event_organizations", "mentions")}
    with store.transaction():
        for k in range(1, times):
            shift = lambda c: f"{c} + {k * top}" if c in ("event_id", "merged_into") else c  # noqa: E731
            store.db.execute(f"INSERT INTO events (id, {', '.join(cols['events'])}) SELECT id + {k * top},"
                             f" {', '.join(map(shift, cols['events']))} FROM events WHERE id <= {top}")
            for t in ("event_participants", "event_organizations", "mentions"):
                store.db.execute(f"INSERT INTO {t} ({', '.join(cols[t])}) SELECT {', '.join(map(shift, cols[t]))}"
                                 f" FROM {t} WHERE event_id <= {top}")
    return len(live_ids(store))


def peak_while_exporting(store, path) -> int:
    tracemalloc.start()
    try:
        export(store, "jsonl", path, "all")
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_number_of_events(seeded_store, tmp_path, monkeypatch):
    monkeypatch.setattr(dataset, "CHUNK", 50)
    small = multiply(seeded_store, 80)  # large enough that hashing the file (1 MB blocks) is not the peak
    peak_small = peak_while_exporting(seeded_store, tmp_path / "small.jsonl")
    big = multiply(seeded_store, 4)  # 4 times as many events again
    peak_big = peak_while_exporting(seeded_store, tmp_path / "big.jsonl")
    assert big == 4 * small
    # holding every event would take about 4 times the memory; a chunk at a time takes the same
    assert peak_big < 1.5 * peak_small, (peak_small, peak_big)


def test_progress_counts_the_events_off_every_200(seeded_store, tmp_path, monkeypatch):
    monkeypatch.setattr(dataset, "CHUNK", 70)
    total = multiply(seeded_store, 50)
    calls = []
    export(seeded_store, "csv", tmp_path / "t", "all", progress=lambda done, of, _label: calls.append((done, of)))
    assert calls[0] == (0, total) and calls[-1] == (total, total)
    assert [d for d, _ in calls[:-1]] == list(range(0, total, 200))


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "sqlite"])
@pytest.mark.parametrize("when", ["mid-stream", "after the last event"])
def test_cancel_while_streaming_or_filling_the_database_leaves_nothing(seeded_store, tmp_path, monkeypatch,
                                                                        fmt, when):
    monkeypatch.setattr(dataset, "CHUNK", 40)
    monkeypatch.setattr(sqlite_dataset, "_CANCEL_CHECK_STEPS", 100)  # SQLite asks at once, not after 100,000 steps
    total = multiply(seeded_store, 30)
    out = tmp_path / "out"
    out.mkdir()
    seen = []

    def cancelled():
        return bool(seen) and (seen[-1] >= total if when == "after the last event" else seen[-1] >= 200)

    with pytest.raises(ExportCancelled):
        export(seeded_store, fmt, out / "e", "all", progress=lambda done, _t, _l: seen.append(done),
               cancelled=cancelled)
    assert list(out.iterdir()) == []  # no staged file, no spool


def test_an_edit_saved_while_exporting_does_not_tear_the_export(seeded_store, tmp_path, monkeypatch):
    """The window may save an edit while a long export runs: the export shows the database as it began."""
    monkeypatch.setattr(dataset, "CHUNK", 3)
    ids = live_ids(seeded_store)
    expected, _, _ = reference(seeded_store, "all")
    other = Store(seeded_store.path)  # the window's own connection
    edits = []

    def cancelled():  # asked at every event: the second is in the first chunk, later chunks are not read yet
        edits.append(len(edits))
        if len(edits) == 2:
            ReviewService(other, "bob").delete_event(ids[-1])
            merge(other, ids[-2], ids[-3])
        return False

    result = export(seeded_store, "jsonl", tmp_path / "e.jsonl", "all", cancelled=cancelled)
    other.close()
    assert (tmp_path / "e.jsonl").read_text(encoding="utf-8") == expected
    assert result.events == len(ids) and len(live_ids(seeded_store)) == len(ids) - 2  # the edits were saved
