"""``reviewer accuracy``: known corrections made through the review service are exactly what it reports."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from reviewer.accuracy import accuracy, report_lines
from reviewer.cli import cli
from reviewer.review import ReviewService


def names(store, table, event_id):
    return [r[0] for r in store.db.execute(f"SELECT name FROM {table} WHERE event_id = ? ORDER BY position, id",
                                           [event_id])]


def event_of(store, release_id):
    return store.rows("SELECT * FROM events WHERE release_id = ? AND deleted = 0 AND merged_into IS NULL",
                      [release_id])[0]


def participant_id(store, event_id, name):
    return store.db.execute("SELECT id FROM event_participants WHERE event_id = ? AND name = ?",
                            [event_id, name]).fetchone()[0]


@pytest.fixture
def corrected(seeded_store):
    """Three reviewers' work on the seeds; returns the store and what each event looked like before it."""
    s = seeded_store
    alice, bob, carol = (ReviewService(s, who) for who in ("alice", "bob", "carol"))
    summit, training, consult, third, fourth = (event_of(s, r) for r in (5, 1, 2, 3, 4))
    before = {ev["id"]: {**ev, "participants": names(s, "event_participants", ev["id"]),
                         "organizations": names(s, "event_organizations", ev["id"])}
              for ev in (summit, consult, third)}
    assert summit["location"] == "Moscow" and "Vladimir Putin" in before[summit["id"]]["participants"]

    # alice, release 5: a city, a renamed and an added person, a missed event; a change taken back is none
    alice.set_field(summit["id"], "location", "Minsk")
    alice.set_participant(participant_id(s, summit["id"], "Vladimir Putin"), name="V. Putin")
    alice.add_participant(summit["id"], "Ivan Petrov", "observer")
    temp = alice.add_participant(summit["id"], "Temp Person")
    alice.remove_participant(temp.changes[0].row_id)
    alice.revert(alice.set_field(summit["id"], "event_type", "visit"))
    alice.add_event(5, date_start="2014-12-22", event_type="ceremony")
    alice.set_release_status(5, "verified")
    # alice, release 1: its only event was spurious
    alice.delete_event(training["id"])
    alice.set_release_status(1, "verified")
    # bob, release 2: both dates, and an organization replaced; a removal undone is none
    bob.set_dates(consult["id"], "2024-12-10", "2024-12-11")
    org = s.db.execute("SELECT id FROM event_organizations WHERE event_id = ?", [consult["id"]]).fetchone()[0]
    bob.remove_organization(org)
    bob.add_organization(consult["id"], "CSTO Joint Staff")
    bob.revert(bob.set_field(consult["id"], "online", not consult["online"]))
    bob.set_release_status(2, "verified")
    # bob, release 3: verified as extracted
    bob.set_release_status(3, "verified")
    # carol corrects release 4 but never verifies it: not counted
    carol.set_field(fourth["id"], "location", "Dushanbe")
    return s, before, summit["id"], consult["id"], third["id"]


def test_reports_exactly_the_corrections_made(corrected):
    s, before, summit, consult, _third = corrected
    r = accuracy(s)
    got = {(c["event_id"], c["field"]): (c["extracted"], c["verified"]) for c in r["corrections"]}
    was = before[summit]["participants"]
    assert got == {
        (summit, "location"): ("Moscow", "Minsk"),
        (summit, "participants"): (was, [("V. Putin" if n == "Vladimir Putin" else n) for n in was] + ["Ivan Petrov"]),
        (consult, "date_start"): (before[consult]["date_start"], "2024-12-10"),
        (consult, "date_end"): (before[consult]["date_end"], "2024-12-11"),
        (consult, "organizations"): (before[consult]["organizations"], ["CSTO Joint Staff"]),
    }
    t = r["all"]
    assert (t["verified"], t["corrected"], t["missed"], t["spurious"]) == (3, 2, 1, 1)
    f = t["fields"]
    assert {k: (f[k]["correct"], f[k]["checked"]) for k in ("date_start", "date_end", "event_type", "status",
                                                             "location", "online")} == {
        "date_start": (2, 3), "date_end": (2, 3), "event_type": (3, 3), "status": (3, 3), "location": (2, 3),
        "online": (3, 3)}
    assert f["location"]["accuracy"] == pytest.approx(2 / 3)
    n_people = sum(len(before[e]["participants"]) for e in before)
    assert (f["participants"]["extracted"], f["participants"]["verified"], f["participants"]["kept"]) == (
        n_people, n_people + 1, n_people - 1)
    assert f["participants"]["precision"] == pytest.approx((n_people - 1) / n_people)
    n_orgs = sum(len(before[e]["organizations"]) for e in before)
    assert (f["organizations"]["extracted"], f["organizations"]["verified"], f["organizations"]["kept"]) == (
        n_orgs, n_orgs, n_orgs - 1)


def test_per_reviewer_and_per_month(corrected):
    s, *_ = corrected
    r = accuracy(s)
    assert list(r["by_reviewer"]) == ["alice", "bob"]  # carol verified nothing
    alice, bob = r["by_reviewer"]["alice"], r["by_reviewer"]["bob"]
    assert (alice["verified"], alice["corrected"], alice["missed"], alice["spurious"]) == (1, 1, 1, 1)
    assert (bob["verified"], bob["corrected"], bob["missed"], bob["spurious"]) == (2, 1, 0, 0)
    assert bob["fields"]["date_start"] == {"checked": 2, "correct": 1, "accuracy": 0.5}
    month = s.db.execute("SELECT substr(min(imported_at), 1, 7) FROM documents").fetchone()[0]
    assert list(r["by_month"]) == [month] and r["by_month"][month] == r["all"]


def test_nothing_verified_reports_nothing(seeded_store):
    ReviewService(seeded_store, "dave").set_field(event_of(seeded_store, 4)["id"], "location", "Dushanbe")
    r = accuracy(seeded_store)
    assert r["corrections"] == [] and r["all"]["verified"] == 0
    assert report_lines(r) == ["no verified events yet: verify some releases in the window, then ask again"]


def test_the_command_reads_it_all_back_from_the_file(corrected):
    s, _before, summit, *_ = corrected
    expected = accuracy(s)
    path = s.path
    s.close()
    out = CliRunner().invoke(cli, ["--db", str(path), "accuracy", "--json"], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    assert json.loads(out.output) == json.loads(json.dumps(expected))
    text = CliRunner().invoke(cli, ["--db", str(path), "accuracy"], catch_exceptions=False).output.splitlines()
    assert text[0] == ("verified extracted events 3 (2 corrected), missed (added by reviewers) 1, "
                       "spurious (deleted by reviewers) 1")
    assert "  location             2 / 3         0.667" in text
    assert f"  event {summit} (release 5) location: Moscow → Minsk" in text
