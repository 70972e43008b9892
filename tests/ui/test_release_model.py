"""The release list model: a valid Qt model that fetches rows in batches, never all at once, sorted in SQL."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt

from reviewer.review import Filter, ReviewService
from reviewer.store import Store
from ui.release_model import ReleaseListModel

TOOLTIP = Qt.ItemDataRole.ToolTipRole


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
        assert model.rowCount() == total == model.count()
        ids = [model.release_id(r) for r in range(total)]
        assert ids == sorted(ids)
        qtmodeltester.check(model)


def test_sorted_by_a_column_in_batches_and_row_of_finds_any_release(qapp, qtmodeltester, review_db):
    with Store(review_db) as store:
        svc = ReviewService(store, "tester")
        ev = svc.release_detail(svc.release_page(limit=1)[0].id).events[0]
        svc.set_dates(ev.id, "2031-01-01", "2031-01-01")
        model = ReleaseListModel(svc)
        model.BATCH = 3
        model.sort(1, Qt.SortOrder.DescendingOrder)  # Date, latest first
        assert model.rowCount() == 3 and model.data(model.index(0, 1)) == "2031-01-01"
        last = svc.release_page(limit=10_000, flt=replace(model.filter, descending=False))[0].id  # sorts last
        assert model.row_of(last) == svc.count_releases() - 1 == model.rowCount() - 1
        dates = [model.data(model.index(r, 1)) for r in range(model.rowCount())]
        assert dates == sorted(dates, key=lambda d: d.replace("XXXX", "0000"), reverse=True)  # year unknown: last
        # (the tester attached last: its own reaction to a reset fetches a batch while the reset is in flight)
        qtmodeltester.check(model)
        other = ReleaseListModel(svc)
        other.sort(1, Qt.SortOrder.AscendingOrder)
        other.sort(-1)  # the indicator cleared: the list's own order
        assert other.filter == Filter() and other.release_id(0) == svc.release_page(limit=1)[0].id


def test_refresh_shows_new_status_and_filter_resets(qapp, qtmodeltester, review_db):
    with Store(review_db) as store:
        svc = ReviewService(store, "tester")
        model = ReleaseListModel(svc)
        model.fetchMore()
        rid = model.release_id(0)
        icon_before = model.data(model.index(0, 3), Qt.ItemDataRole.DecorationRole).cacheKey()
        assert model.data(model.index(0, 3)) == "!"  # the fake extraction's locations are all low
        svc.verify_release(rid)
        model.refresh(rid)
        assert model.data(model.index(0, 3), Qt.ItemDataRole.DecorationRole).cacheKey() != icon_before
        assert model.data(model.index(0, 3)) == ""  # verifying checked the low values: the "!" is gone
        assert "verified" in model.data(model.index(0, 0), TOOLTIP)
        model.set_filter(Filter(status="verified"))
        assert model.rowCount() == 1 and model.release_id(0) == rid
        qtmodeltester.check(model)


def test_tooltip_holds_the_first_sentence_in_full(qapp, review_db):
    with Store(review_db) as store:
        svc = ReviewService(store, "tester")
        model = ReleaseListModel(svc)
        model.fetchMore()
        rows = [svc.release_row(model.release_id(r)) for r in range(model.rowCount())]
        r = max(range(len(rows)), key=lambda i: len(svc.release_sentence(rows[i].id)))
        sentence = svc.release_sentence(rows[r].id)
        assert len(sentence) > 60
        tip = model.data(model.index(r, 0), TOOLTIP)
        assert " ".join(sentence.split()[-4:]).replace("'", "&#x27;").replace('"', "&quot;") in tip
