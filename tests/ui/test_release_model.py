"""The release list model: a valid Qt model that fetches rows in batches, never all at once."""
from __future__ import annotations

from reviewer.review import Filter, ReviewService
from reviewer.store import Store
from ui.release_model import ReleaseListModel


def test_model_is_valid_and_fetches_lazily(qapp, qtmodeltester, review_db):
    with Store(review_db) as store:
        svc = ReviewService(store, "tester")
        model = ReleaseListModel(svc)
        model.BATCH = 4
        model.fetchMore()
        assert model.rowCount() == 4 and model.canFetchMore()  # only the first batch is loaded
        qtmodeltester.check(model)
        total = svc.count_releases()
        while model.canFetchMore():
            model.fetchMore()
        assert model.rowCount() == total
        ids = [model.release_id(r) for r in range(total)]
        assert ids == sorted(ids)
        qtmodeltester.check(model)


def test_row_of_fetches_until_found_and_page_heads_its_group(qapp, review_db):
    with Store(review_db) as store:
        svc = ReviewService(store, "tester")
        model = ReleaseListModel(svc)
        model.BATCH = 2
        last = svc.release_page(limit=1000)[-1].id
        assert model.row_of(last) == svc.count_releases() - 1
        pages = [model.data(model.index(r, 1)) for r in range(model.rowCount())]
        named = [p for p in pages if p]
        assert len(named) == len(set(named)) == len({r.document for r in svc.release_page(limit=1000)})


def test_refresh_shows_new_status_and_filter_resets(qapp, qtmodeltester, review_db):
    with Store(review_db) as store:
        svc = ReviewService(store, "tester")
        model = ReleaseListModel(svc)
        model.fetchMore()
        rid = model.release_id(0)
        icon_before = model.data(model.index(0, 0), 1).cacheKey()
        svc.set_release_status(rid, "verified")
        model.refresh(rid)
        assert model.data(model.index(0, 0), 1).cacheKey() != icon_before
        assert "verified" in model.data(model.index(0, 0), 3)
        model.set_filter(Filter(status="verified"))
        assert model.rowCount() == 1 and model.release_id(0) == rid
        qtmodeltester.check(model)
