"""Fields set from a page selection are marked in the page, audited, and undone as one step."""
from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtTest import QTest

from reviewer.review import InvalidValue
from reviewer.selection import snap_to_words
from ui.theme import LIGHT

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
    assert (s, e) in marks(w.page, LIGHT.fields["location"])  # the page shows it in the location colour
    assert db_rows(review_db, "SELECT * FROM mentions ORDER BY id") == mentions_before  # the event had one already
    audit = w.service.audit("field_spans")
    assert audit and audit[-1]["action"] == "edit:insert" and audit[-1]["who"] == "tester"

    w.undo_stack.undo()  # one step takes the value and its span away
    assert db_rows(review_db, "SELECT location FROM events WHERE id = ?", [ev.id]) == [(None,)]
    assert spans_of(review_db, ev.id) == before
    assert (s, e) not in marks(w.page, LIGHT.fields["location"])
    assert w.service.audit("field_spans")[-1]["action"] == "undo:delete"
    w.undo_stack.redo()
    assert spans_of(review_db, ev.id) == before + [("location", word, s, e, 1.0)]
    assert (s, e) in marks(w.page, LIGHT.fields["location"])


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
    assert (s, e) in marks(w.page, LIGHT.fields["organization"])
    assert w.editor.current_event.evidence == (mentions[0][2], mentions[0][3])
    assert {a["table_name"] for a in w.service.audit() if a["row_id"] in (mentions[0][0],)} >= {"mentions"}

    w.undo_stack.undo()
    assert db_rows(review_db, "SELECT count(*) FROM mentions WHERE event_id = ?", [ev.id]) == [(0,)]
    assert spans_of(review_db, ev.id) == [] and w.service.event(ev.id).organizations == []
    assert (s, e) not in marks(w.page, LIGHT.fields["organization"])
    assert ev.id in [e.id for e in w.service.release_detail(w.current).events]  # only the organization was undone


# -- faithful selections: real drags and Shift+arrows on the seeds, then the assign key ------------------

def _cursor_at(page, offset):
    cur = QTextCursor(page.text.document())
    cur.setPosition(page._pos.to_doc(offset))
    return cur


def _point(page, offset):
    """Where the caret for text offset ``offset`` is drawn in the page's viewport (scrolled into view)."""
    page.text.setTextCursor(_cursor_at(page, offset))
    page.text.ensureCursorVisible()
    return page.text.cursorRect(_cursor_at(page, offset)).center()


def drag(page, start, end):
    """Select text offsets [start, end) with a mouse drag, as a reviewer does."""
    a = _point(page, start)
    b = page.text.cursorRect(_cursor_at(page, end)).center()
    viewport = page.text.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    QTest.mouseMove(viewport, b)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)
    assert page.selected_range() == (start, end)


def shift_select(qtbot, page, start, length):
    """Click before ``start``, then Shift+Right ``length`` times: a keyboard selection."""
    QTest.mouseClick(page.text.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     _point(page, start))
    for _ in range(length):
        qtbot.keyClick(page.text, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert page.selected_range() == (start, start + length)


def shown_release(w, words):
    """Open the release whose own text holds ``words``; (release id, its first event id, offset of the words)."""
    for r in w.service.release_page(limit=100):
        d = w.service.release_detail(r.id)
        i = d.text.find(words, *d.item_span)
        if i >= 0 and d.events:
            w.open_release(r.id)
            return r.id, d.events[0].id, i
    raise AssertionError(f"no release says {words!r}")


def participants(path, event_id):
    return [r[0] for r in db_rows(path, "SELECT name FROM event_participants WHERE event_id = ? ORDER BY id", [event_id])]


def organizations(path, event_id):
    return [r[0] for r in db_rows(path, "SELECT name FROM event_organizations WHERE event_id = ? ORDER BY id", [event_id])]


def dates(path, event_id):
    return db_rows(path, "SELECT date_start, date_end FROM events WHERE id = ?", [event_id])[0]


def test_a_half_word_selection_takes_the_whole_name_and_the_name_again_is_refused(qtbot, open_review_window,
                                                                                  seeded_store):
    path = seeded_store.path
    w = open_review_window(path)
    _, ev, i = shown_release(w, " S. Ordabayev and")
    pid = next(p.id for p in w.service.event(ev).participants if p.name == "S. Ordabayev")
    w.service.remove_participant(pid)  # the extractor had him; the reviewer adds him from the page instead
    w.open_release(w.current)
    before = participants(path, ev)

    drag(w.page, i, i + len(" S. Ordabay"))  # a space before, half a word after
    qtbot.keyClick(w.page.text, Qt.Key.Key_3, CTRL)
    assert participants(path, ev) == before + ["S. Ordabayev"]
    start = i + 1
    marked = [sp[:4] for sp in spans_of(path, ev)]  # the page marks the whole name (the extractor's span counts)
    assert ("participant", "S. Ordabayev", start, start + len("S. Ordabayev")) in marked

    shift_select(qtbot, w.page, start, len("S. Ordab"))  # the same person again, by keyboard
    qtbot.keyClick(w.page.text, Qt.Key.Key_3, CTRL)
    assert participants(path, ev) == before + ["S. Ordabayev"]  # not twice
    assert "'S. Ordabayev' is already listed on this event" in w.editor.message.text()


def test_an_organization_already_listed_is_refused(qtbot, open_review_window, seeded_store):
    path = seeded_store.path
    w = open_review_window(path)
    _, ev, i = shown_release(w, "the UNRCCA, the CIS")
    before = organizations(path, ev)
    assert "UNRCCA" in before
    drag(w.page, i + len("the UN"), i + len("the UNRCC"))
    qtbot.keyClick(w.page.text, Qt.Key.Key_4, CTRL)
    assert organizations(path, ev) == before
    assert "organization 'UNRCCA' is already listed on this event" in w.editor.message.text()


def test_a_date_selected_without_its_year_keeps_the_year_the_sentence_gives(qtbot, open_review_window, seeded_store):
    path = seeded_store.path
    w = open_review_window(path)
    _, ev, i = shown_release(w, "On December 11, 2024, the 40th meeting")
    assert dates(path, ev) == ("2024-12-11", "2024-12-11")
    w.service.set_dates(ev, "2024-12-12", "2024-12-12")  # a wrong day to correct from the page
    w.open_release(w.current)
    start = i + len("On ")
    drag(w.page, start, start + len("December 11"))  # the year is outside the selection
    qtbot.keyClick(w.page.text, Qt.Key.Key_1, CTRL)
    assert dates(path, ev) == ("2024-12-11", "2024-12-11")  # never XXXX-12-11
    assert ("date_start", "2024-12-11", start, start + len("December 11, 2024")) in [sp[:4] for sp in spans_of(path, ev)]


def test_a_date_without_any_year_in_its_item_keeps_the_events_known_year(qtbot, open_review_window, seeded_store):
    path = seeded_store.path
    w = open_review_window(path)
    _, ev, i = shown_release(w, "On 20 December, a joint training")  # a teaser: no dateline, no other date
    w.service.set_dates(ev, "2023-12-19", "2023-12-19")  # the reviewer knew the year
    w.open_release(w.current)
    shift_select(qtbot, w.page, i + len("On "), len("20 December"))
    qtbot.keyClick(w.page.text, Qt.Key.Key_1, CTRL)
    assert dates(path, ev) == ("2023-12-20", "2023-12-20")


def test_text_outside_the_shown_release_is_refused(qtbot, open_review_window, seeded_store):
    path = seeded_store.path
    w = open_review_window(path)
    rid, ev, _ = shown_release(w, "the SCO RATS, and the ICRC")
    detail = w.service.release_detail(rid)
    other = detail.text.index("Council December 23, 2014, Moscow") + len("Council December 23, 2014, ")
    assert other >= detail.item_span[1]  # another release's headline on the same page
    before = db_rows(path, "SELECT location FROM events WHERE id = ?", [ev])
    drag(w.page, other, other + len("Moscow"))
    qtbot.keyClick(w.page.text, Qt.Key.Key_2, CTRL)
    assert db_rows(path, "SELECT location FROM events WHERE id = ?", [ev]) == before
    assert "'Moscow': outside the shown release" in w.editor.message.text()


def test_another_spelling_of_a_listed_person_is_refused_naming_the_listed_one(qtbot, open_review_window, seeded_store):
    path = seeded_store.path
    w = open_review_window(path)
    _, ev, i = shown_release(w, "Taalatbek Masadykov, the CSTO")
    pid = next(p.id for p in w.service.event(ev).participants if p.name == "Taalatbek Masadykov")
    w.service.set_participant(pid, name="T. Masadykov")  # the same person (a known spelling of him)
    w.open_release(w.current)
    before = participants(path, ev)
    drag(w.page, i, i + len("Taalatbek Masadykov"))
    qtbot.keyClick(w.page.text, Qt.Key.Key_3, CTRL)
    assert participants(path, ev) == before
    assert "'Taalatbek Masadykov' is already listed on this event as 'T. Masadykov'" in w.editor.message.text()


@pytest.mark.parametrize(("text", "selected", "snapped"), [
    ("with S. Ordabayev and", " S. Ordabay", "S. Ordabayev"),
    ("held in Moscow, Minsk and", ", Minsk", "Minsk"),  # punctuation before a word takes no word along
    ("held in Moscow. The", "Moscow.", "Moscow"),  # a full stop after a word ends the sentence
    ("met S. Ordabayev.", "S.", "S."),  # an initial keeps its stop
    ("the UN Security Council (UNSC) said", "(UNSC", "UNSC"),
    ("the Council (UNSC) said", "Council (UNSC)", "Council (UNSC)"),  # a bracket that closes its own opening stays
    ("in Rostov-on-Don on", "ostov-on-D", "Rostov-on-Don"),
    ("in “Al-Qaeda” and", "“Al-Qaeda”", "Al-Qaeda"),
])
def test_a_selection_snaps_to_whole_words(text, selected, snapped):
    start = text.index(selected)
    s, e = snap_to_words(text, (0, len(text)), start, start + len(selected))
    assert text[s:e] == snapped


@pytest.mark.parametrize(("selected", "message"), [("   ", "only white space"), ("OTHER", "outside the shown release"),
                                                   (" ,", "holds no word")])
def test_a_selection_without_a_word_of_the_release_is_refused(selected, message):
    text = "held in Moscow   , Minsk. OTHER"
    start = text.rindex(selected)
    with pytest.raises(InvalidValue, match=message):
        snap_to_words(text, (0, text.index("OTHER")), start, start + len(selected))


def test_a_new_event_from_another_releases_sentence_is_refused(qtbot, open_review_window, seeded_store):
    path = seeded_store.path
    w = open_review_window(path)
    rid, _, _ = shown_release(w, "the SCO RATS, and the ICRC")
    detail = w.service.release_detail(rid)
    other = detail.text.index("The December 2014 session")
    assert other >= detail.item_span[1]
    events_before = db_rows(path, "SELECT count(*) FROM events")
    QTest.mouseClick(w.page.text.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     _point(w.page, other + 4))  # the caret in the next release's article
    qtbot.keyClick(w.page.text, Qt.Key.Key_N, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert db_rows(path, "SELECT count(*) FROM events") == events_before
    assert "outside the shown release" in w.editor.message.text()
