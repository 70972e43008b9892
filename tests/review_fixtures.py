"""What the review tests share: a service as reviewer "alice" on a private copy of the seeds, and where to start."""
from __future__ import annotations

import pytest

from reviewer.review import ReviewService
from reviewer.store import Store


@pytest.fixture
def svc(review_db):
    s = Store(review_db)
    yield ReviewService(s, "alice")
    s.close()


def first_release(svc):
    return svc.release_page(limit=1)[0]


def first_event(svc):
    return svc.release_detail(first_release(svc).id).events[0]
