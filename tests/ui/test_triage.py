"""The list and triage driven like a reviewer: search as you type, filters, sorting by a header click, the shown
release always a listed one, F8 to the next doubt, the flags and counts that empty as values are checked."""
from __future__ import annotations

import json

from PySide6.QtCore import QPoint, Qt

from driving import LEFT, db_all, key

from reviewer.review.attention import SCALAR_FIELDS


def listed(w) -> list[int]:
    while w.model.canFetchMore():
        w.model.fetchMore()
    return [w.model.release_id(r) for r in range(w.model.rowCount())]


def settle(path, doubtful: dict[int, list[str]]) -> None:
    """Every value confident, except the fields named per event (0.3): the doubts a test reasons about."""
    import sqlite3

    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE events SET confidence = ?", [json.dumps({f: 0.9 for f in SCALAR_FIELDS})])
        conn.execute("UPDATE event_participants SET confidence = 0.9")
        for event_id, fields in doubtful.items():
            conf = {f: 0.3 if f in fields else 0.9 for f in SCALAR_FIELDS}
            conn.execute("UPDATE events SET confidence = ? WHERE id = ?", [json.dumps(conf), event_id])


def events_by_release(path) -> list[tuple[int, int]]:
    return db_all(path, "SELECT id, release_id FROM events WHERE deleted = 0 ORDER BY release_id, id")


def test_search_as_you_type_lists_counts_and_marks_the_hits(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    everything = listed(w)
    qtbot.mouseClick(w.releases.search, LEFT)
    qtbot.keyClicks(w.releases.search, "Tajik")  # no Enter: the list follows the typing once it pauses
    qtbot.waitUntil(lambda: w.model.filter.search == "Tajik", timeout=3000)
    hits = listed(w)
    assert 0 < len(hits) < len(everything)
    assert all("tajik" in w.service.release_detail(r).text.lower() for r in hits)
    assert w.current in hits  # the shown release is one of the listed ones
    qtbot.waitUntil(lambda: w.releases.count.text() == f"{len(hits)} matches", timeout=3000)
    text = w.service.release_detail(w.current).text
    assert w.page.hits and all(text[s:e].lower().startswith("tajik") for s, e in w.page.hits)
    assert f"{len(w.page.hits)} search hit" in w.page.title.text()

    # "any word" widens, a quoted phrase narrows
    qtbot.keyClicks(w.releases.search, "istan training")
    qtbot.waitUntil(lambda: w.model.filter.search == "Tajikistan training", timeout=3000)
    both = listed(w)
    w.releases.words.setFocus()
    qtbot.keyClick(w.releases.words, Qt.Key.Key_Down)  # all words → any word
    qtbot.waitUntil(lambda: w.model.filter.any_words, timeout=3000)
    either = listed(w)
    assert set(both) < set(either)
    qtbot.mouseClick(w.releases.search, LEFT)
    qtbot.keyClick(w.releases.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(w.releases.search, '"Secretary General"')
    qtbot.keyClick(w.releases.search, Qt.Key.Key_Return)  # Enter: at once
    phrase = listed(w)
    assert phrase and all("secretary general" in " ".join(w.service.release_detail(r).text.lower().split())
                          for r in phrase)


def test_a_filter_that_hides_the_shown_release_shows_a_listed_one_or_says_none(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    shown = w.current
    qtbot.mouseClick(w.releases.more, LEFT)
    qtbot.mouseClick(w.releases.location, LEFT)
    qtbot.keyClicks(w.releases.location, "Nowhereville")
    qtbot.keyClick(w.releases.location, Qt.Key.Key_Return)
    assert listed(w) == [] and w.current is None
    assert "No release matches" in w.page.text.toPlainText() and not w.editor.isEnabled()
    qtbot.keyClick(w.releases.location, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(w.releases.location, Qt.Key.Key_Delete)  # cleared: at once
    assert w.current == shown == listed(w)[0] and w.editor.isEnabled()

    # a type filter chosen with the keyboard: the shown release moves to one of the listed ones
    w.service.set_field(events_by_release(review_db)[-1][0], "event_type", "briefing")
    w.releases.type.setFocus()
    while w.releases.type.currentData() != "briefing":
        qtbot.keyClick(w.releases.type, Qt.Key.Key_Down)
    last_release = events_by_release(review_db)[-1][1]
    assert listed(w) == [last_release] and w.current == last_release


def test_clicking_a_header_sorts_the_list(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    ev, rel = events_by_release(review_db)[3]
    w.service.set_dates(ev, "1990-01-02", "1990-01-02")
    header = w.releases.view.horizontalHeader()

    def click(section: int) -> None:
        x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
        qtbot.mouseClick(header.viewport(), LEFT, pos=QPoint(x, header.height() // 2))

    click(1)  # Date
    assert w.model.filter.sort == "date" and not w.model.filter.descending
    dates = [w.model.data(w.model.index(r, 1)) for r in range(w.model.rowCount())]
    known = [d for d in dates if d[:1].isdigit()]
    assert known[0] == "1990-01-02" and known == sorted(known)
    click(1)  # again: latest first
    dates = [w.model.data(w.model.index(r, 1)) for r in range(len(listed(w)))]
    known = [d for d in dates if d[:1].isdigit()]
    assert w.model.filter.descending and known == sorted(known, reverse=True) and known[-1] == "1990-01-02"
    assert w.current in listed(w)
    click(4)  # Events
    counts = [int(w.model.data(w.model.index(r, 4))) for r in range(w.model.rowCount())]
    assert w.model.filter.sort == "events" and counts == sorted(counts)


def test_f8_walks_the_doubts_and_checking_empties_the_flag_the_filter_and_the_count(
        qtbot, open_review_window, review_db):
    evs = events_by_release(review_db)
    (e1, r1), (e2, r2) = evs[1], evs[4]
    settle(review_db, {e1: ["date_start", "location"], e2: ["status"]})
    w = open_review_window(review_db)
    assert w.current == evs[0][1]
    qtbot.waitUntil(lambda: "3 low values left" in w.progress.text(), timeout=5000)
    w.releases.show_what.setFocus()
    qtbot.keyClick(w.releases.show_what, Qt.Key.Key_Down)  # Show: needs attention
    assert listed(w) == [r1, r2] and w.current == r1
    row = w.model.row_of(r1)
    assert w.model.data(w.model.index(row, 3)) == "!"  # the flag in the Status column

    w.releases.view.setFocus()
    key(qtbot, Qt.Key.Key_F8)
    assert (w.current, w.editor.current_event.id) == (r1, e1) and w.editor.date_start.hasFocus()
    assert "start date 30 %" in w.statusBar().currentMessage()
    key(qtbot, Qt.Key.Key_F8)
    assert w.editor.location.hasFocus()
    key(qtbot, Qt.Key.Key_F8)
    assert (w.current, w.editor.current_event.id) == (r2, e2) and w.editor.status.hasFocus()

    # the value is right: checked (the window's "this is right" key calls the same operation)
    w.runner.run(w.service.mark_checked, e2, "status")
    assert db_all(review_db, "SELECT status, checked_fields FROM events WHERE id = ?", [e2]) == [("held", '["status"]')]
    assert w.model.row_of(r2) is None or w.model.data(w.model.index(w.model.row_of(r2), 3)) == ""
    qtbot.waitUntil(lambda: "2 low values left" in w.progress.text(), timeout=5000)
    key(qtbot, Qt.Key.Key_F8)  # wraps round to what is left
    assert (w.current, w.editor.current_event.id) == (r1, e1)

    # verifying checks what the release shows: nothing is left anywhere
    w.runner.run(w.service.verify_release, r1)
    qtbot.waitUntil(lambda: "0 low values left" in w.progress.text(), timeout=5000)
    assert w.progress.text().startswith("1 of ") and w.progress.bar.value() == 1
    assert w.service.count_releases(w.model.filter) == 0
    key(qtbot, Qt.Key.Key_F8)
    assert w.statusBar().currentMessage().startswith("Nothing needs attention")


def test_the_legend_and_the_tooltip_explain_the_row(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    legend = w.releases.findChild(type(w.releases.count), "legend").text()
    for words in ("unreviewed", "in progress", "verified", "pair to decide", "low values"):
        assert words in legend
    tip = w.model.data(w.model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert w.service.release_sentence(w.model.release_id(0)).split()[-1].replace("'", "&#x27;") in tip
