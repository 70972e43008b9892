"""The window reaches the database only through its services: no widget builds one from the store."""
from __future__ import annotations

import re
from pathlib import Path

import ui
from reviewer.dedupe.service import DuplicateService
from reviewer.session import ReviewSession
from reviewer.store import Store


def test_no_widget_reaches_the_review_services_store():
    reach = re.compile(r"\b(service|svc|_service|_svc)\.store\b")
    found = [f"{path.name}:{n}: {line.strip()}" for path in sorted(Path(ui.__file__).parent.rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if reach.search(line)]
    assert not found, "the store reached through a service in ui/:\n" + "\n".join(found)


def test_the_session_hands_out_services_for_its_reviewer_as_named_now(seeded_store):
    session = ReviewSession(seeded_store, "ana")
    assert session.path == seeded_store.path and session.entities().reviewer == "ana"
    version = session.data_version()
    with Store(seeded_store.path) as other:  # another connection's commit moves it; the session's own does not
        ReviewSession(other, "bob").change_reviewer("bea")
    assert session.data_version() != version
    version = session.data_version()
    session.change_reviewer("cleo")
    assert session.data_version() == version and session.entities().reviewer == "cleo"
    assert [c.id for c in session.duplicates().candidates()] == [c.id for c in DuplicateService(seeded_store).candidates()]
