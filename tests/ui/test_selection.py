"""Fields set from a page selection are marked in the page, audited, and undone as one step."""
from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from ui.page_view import FIELD_COLOURS

CTRL = Qt.KeyboardModifier.ControlModifier


def db_rows(path, sql, params=()):
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, params).fetchall()


def marks(page, colour):
    """(start, end) of every range the page shows with ``colour`` behind it."""
    want = QColor(colour)
    return {(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in page.text.extraSelections()
            if s.format.background().color() == want}


def spans_of(path, event_id):
    return db_rows(path, 'SELECT f.field, f.value, f.start, f."end", f.confidence FROM field_spans f'
                         " JOIN mentions m ON m.id = f.mention_id WHERE m.event_id = ? ORDER BY f.id", [event_id])


def select_word(qtbot, w, nth):
    """Select the ``nth`` word of the shown item (any page: the test names no seed words) and return its range."""
    detail = w.service.release_detail(w.current)
    s0, e0 = detail.item_span
    words = [(i, i + len(t)) for i, t in _words(detail.text, s0, e0) if t.isalpha() and len(t) > 3]
    s, e = words[nth]
    w.page.select(s, e)
    w.page.text.setFocus()
    return s, e, detail.text[s:e]


def _words(text, start, end):
    i = start
    for tok in text[start:end].split():
        i = text.index(tok, i)
        yield i, tok
        i += len(tok)


def test_location_from_a_selection_is_marked_and_undone_exactly(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    ev = w.editor.current_event
    before = spans_of(review_db, ev.id)
    mentions_before = db_rows(review_db, "SELECT * FROM mentions ORDER BY id")
    s, e, word = select_word(qtbot, w, 2)
    qtbot.keyClick(w.page.text, Qt.Key.Key_2, CTRL)

    assert db_rows(review_db, "SELECT location FROM events WHERE id = ?", [ev.id]) == [(word,)]
    assert spans_of(review_db, ev.id) == before + [("location", word, s, e, 1.0)]
    assert (s, e) in marks(w.page, FIELD_COLOURS["location"])  # the page shows it in the location colour
    assert db_rows(review_db, "SELECT * FROM mentions ORDER BY id") == mentions_before  # the event had one already
    audit = w.service.audit("field_spans")
    assert audit and audit[-1]["action"] == "edit:insert" and audit[-1]["who"] == "tester"

    w.undo_stack.undo()  # one step takes the value and its span away
    assert db_rows(review_db, "SELECT location FROM events WHERE id = ?", [ev.id]) == [(None,)]
    assert spans_of(review_db, ev.id) == before
    assert (s, e) not in marks(w.page, FIELD_COLOURS["location"])
    assert w.service.audit("field_spans")[-1]["action"] == "undo:delete"
    w.undo_stack.redo()
    assert spans_of(review_db, ev.id) == before + [("location", word, s, e, 1.0)]
    assert (s, e) in marks(w.page, FIELD_COLOURS["location"])


def test_a_field_on_an_event_without_a_mention_adds_one(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    w.releases.view.setFocus()
    qtbot.keyClick(w.releases.view, Qt.Key.Key_N, CTRL)  # a new event: no sentence, no mention yet
    ev = w.editor.current_event
    assert ev.origin == "manual" and ev.mention_id is None
    s, e, word = select_word(qtbot, w, 1)
    qtbot.keyClick(w.page.text, Qt.Key.Key_4, CTRL)

    assert [o.name for o in w.service.event(ev.id).organizations] == [word]
    mentions = db_rows(review_db, "SELECT id, item_id, evidence_start, evidence_end FROM mentions WHERE event_id = ?", [ev.id])
    assert len(mentions) == 1 and mentions[0][2] <= s < e <= mentions[0][3]  # the sentence around the selection
    assert spans_of(review_db, ev.id) == [("organization", word, s, e, 1.0)]
    assert (s, e) in marks(w.page, FIELD_COLOURS["organization"])
    assert w.editor.current_event.evidence == (mentions[0][2], mentions[0][3])
    assert {a["table_name"] for a in w.service.audit() if a["row_id"] in (mentions[0][0],)} >= {"mentions"}

    w.undo_stack.undo()
    assert db_rows(review_db, "SELECT count(*) FROM mentions WHERE event_id = ?", [ev.id]) == [(0,)]
    assert spans_of(review_db, ev.id) == [] and w.service.event(ev.id).organizations == []
    assert (s, e) not in marks(w.page, FIELD_COLOURS["organization"])
    assert ev.id in [e.id for e in w.service.release_detail(w.current).events]  # only the organization was undone
