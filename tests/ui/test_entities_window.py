"""Review ▸ People and organizations (Ctrl+Shift+P), driven with real keys and clicks on the seeds: the lists and
their search, merge, split, rename, confirm, a place's country, taught names, the events of an entity opened in
the window — each undone and redone from the keyboard, and read back from the database and the export."""
from __future__ import annotations

import json
import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from driving import ALT, CTRL, LEFT, NONE, SHIFT, db_all, key

from reviewer.review import ReviewService
from reviewer.store import Store
from ui import entities_ask, entities_checks, entities_pane, entities_reconcile
from ui.entities import EntitiesDialog


@pytest.fixture
def entities_db(seeded_db, tmp_path):
    """The seeds imported (real extraction), plus two organizations a reviewer typed in other spellings."""
    target = tmp_path / "entities.db"
    src, dst = sqlite3.connect(seeded_db), sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.close()
    with Store(target) as store:
        svc = ReviewService(store, "ana")
        first, second = [r[0] for r in store.db.execute(
            "SELECT id FROM events WHERE deleted = 0 AND merged_into IS NULL ORDER BY id LIMIT 2")]
        svc.add_organization(first, "CSTO Crisis Response Centre")
        svc.add_organization(second, "Regional Anti-Terrorist Structure of the SCO")
    return target


def open_entities(qtbot, w) -> EntitiesDialog:
    """Ctrl+Shift+P in the window, as a reviewer opens it; the dialog active (its keys reach it)."""
    w.releases.view.setFocus()
    key(qtbot, Qt.Key.Key_P, CTRL | SHIFT)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in w.findChildren(EntitiesDialog)), timeout=3000)
    d = next(d for d in w.findChildren(EntitiesDialog) if d.isVisible())
    d.activateWindow()
    qtbot.waitUntil(d.isActiveWindow, timeout=3000)
    return d


def to_tab(qtbot, d, letter, pane_key):
    key(qtbot, letter, ALT)
    assert d.pane() is d.panes[pane_key]
    return d.panes[pane_key]


def find(qtbot, pane, text):
    """Type a search into the tab's Find box (Alt+F) and let it apply (Enter: at once)."""
    key(qtbot, Qt.Key.Key_F, ALT)
    assert pane.search.hasFocus()
    pane.search.selectAll()
    qtbot.keyClicks(pane.search, text)
    qtbot.keyClick(pane.search, Qt.Key.Key_Return)
    assert pane.model.search == text


def click_row(view, row, mods=NONE):
    QTest.mouseClick(view.viewport(), LEFT, mods, view.visualRect(view.model().index(row, 0)).center())


def entity_rows(path, kind):
    return db_all(path, "SELECT id, name FROM entities WHERE kind = ? ORDER BY id", [kind])


def entity_tables(path):
    """Everything an entity action may change, for before/after comparisons."""
    with sqlite3.connect(path) as conn:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall()
                for t in ("entities", "entity_variants", "entity_rejections", "event_participants",
                          "event_organizations", "known_entities")}


def exported(store_path, tmp_path) -> list[dict]:
    from reviewer.export import export

    out = tmp_path / "out.jsonl"
    with Store(store_path) as store:
        export(store, "jsonl", out, "all", force=True)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def exported_orgs(store_path, tmp_path) -> dict[str, set]:
    """Organization as written → the (canonical name, id) pairs the export gives it."""
    out: dict[str, set] = {}
    for ev in exported(store_path, tmp_path):
        for o in ev["organization_entities"]:
            out.setdefault(o["name"], set()).add((o["canonical"], o["id"]))
    return out


def undo(qtbot):
    key(qtbot, Qt.Key.Key_Z, CTRL)


def redo(qtbot):
    key(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)


# -- the lists -------------------------------------------------------------------------------------------------


def test_the_lists_open_from_the_review_menu_search_as_typed_and_pass_the_model_tester(
        qtbot, qtmodeltester, open_review_window, entities_db):
    w = open_review_window(entities_db)
    d = open_entities(qtbot, w)
    people = d.pane()
    assert people is d.panes["person"]
    assert [r.id for r in people.model.records] == [r[0] for r in sorted(
        entity_rows(entities_db, "person"), key=lambda r: (r[1].casefold(), r[0]))]
    qtmodeltester.check(people.model)
    row = next(r for r in people.model.records if r.name == "Samat Ordabaev")
    assert "S. Ordabayev" in row.other_names

    find(qtbot, people, "ordabay")  # part of a spelling that is not the canonical one
    assert [r.name for r in people.model.records] == ["Samat Ordabaev"]
    assert people.view.currentIndex().row() == 0 and people.shown.name == "Samat Ordabaev"
    spellings = [people.spelling_model.data(people.spelling_model.index(i, 0))
                 for i in range(people.spelling_model.rowCount())]
    assert "S. Ordabayev" in spellings
    qtbot.waitUntil(lambda: not people.reading_events, timeout=5000)  # read off the UI thread
    assert people.event_model.rowCount() == people.shown.events == 2
    qtmodeltester.check(people.spelling_model)
    qtmodeltester.check(people.event_model)

    orgs = to_tab(qtbot, d, Qt.Key.Key_O, "organization")
    qtmodeltester.check(orgs.model)
    places = to_tab(qtbot, d, Qt.Key.Key_A, "place")
    assert "Country" in places.model.columns and places.country_button.isVisibleTo(places)
    moscow = next(r for r in places.model.records if r.name == "Moscow")
    assert places.model.data(places.model.index(places.model.row_of(moscow.id), 1)) == "RU"


def test_the_list_is_fetched_in_batches(qtbot, qtmodeltester, open_review_window, entities_db, monkeypatch):
    from ui.entities_model import EntityTableModel

    monkeypatch.setattr(EntityTableModel, "BATCH", 4)
    w = open_review_window(entities_db)
    people = open_entities(qtbot, w).pane()
    total = len(entity_rows(entities_db, "person"))
    assert people.model.rowCount() == 4 and people.model.canFetchMore()
    qtmodeltester.check(people.model)
    while people.model.canFetchMore():
        people.model.fetchMore()
    assert people.model.rowCount() == total


def test_another_connections_changes_show_live_keeping_the_search_and_the_chosen_entity_and_event(
        qtbot, open_review_window, entities_db):
    from reviewer.entities import EntityService

    w = open_review_window(entities_db)
    d = open_entities(qtbot, w)
    people = d.pane()
    find(qtbot, people, "Rakhmon")
    qtbot.waitUntil(lambda: people.event_model.rowCount() == 2, timeout=5000)
    click_row(people.events, 1)
    chosen_event = people.event_model.records[1].event_id
    person = people.shown
    with qtbot.waitSignal(w.live.refreshed, timeout=2500), Store(entities_db) as other:  # another window, say
        EntityService(other, "bob").rename(person.id, "Emomali Rahmon", expected=person.name)
    qtbot.waitUntil(lambda: not people.reading_events, timeout=5000)
    assert people.search.text() == "Rakhmon" and people.model.search == "Rakhmon"
    assert people.shown.id == person.id and people.shown.name == "Emomali Rahmon"
    assert people.model.record(people.view.currentIndex().row()).name == "Emomali Rahmon"
    assert people.event_model.record(people.events.currentIndex().row()).event_id == chosen_event


def test_unused_entities_are_hidden_until_asked_for_and_follow_others_changes(qtbot, open_review_window, entities_db):
    w = open_review_window(entities_db)
    d = open_entities(qtbot, w)
    orgs = to_tab(qtbot, d, Qt.Key.Key_O, "organization")
    find(qtbot, orgs, "Anti-Terrorist Structure")
    [rats] = orgs.model.records
    assert rats.events == 1 and not orgs.show_unused.isChecked()
    [(event_id,)] = db_all(entities_db, "SELECT event_id FROM event_organizations WHERE entity_id = ?", [rats.id])
    with qtbot.waitSignal(w.live.refreshed, timeout=2500), Store(entities_db) as other:
        ReviewService(other, "bob").delete_event(event_id)  # its one event gone: no event names it now
    assert orgs.model.records == [] and orgs.shown is None
    orgs.show_unused.setFocus()
    key(qtbot, Qt.Key.Key_Space)  # tick "Show unused"
    assert orgs.show_unused.isChecked()
    assert [(r.id, r.events) for r in orgs.model.records] == [(rats.id, 0)] and orgs.shown.id == rats.id
    key(qtbot, Qt.Key.Key_U, ALT)  # and untick it (a mnemonic clicks the box a moment later, as it draws it pressed)
    qtbot.waitUntil(lambda: not orgs.show_unused.isChecked(), timeout=2000)
    assert orgs.model.records == [] and orgs.shown is None


# -- merge, split, rename ---------------------------------------------------------------------------------------


def test_merge_choosing_the_name_kept_then_undo_redo_and_the_export(qtbot, open_review_window, entities_db, tmp_path,
                                                                    monkeypatch):
    w = open_review_window(entities_db)
    d = open_entities(qtbot, w)
    orgs = to_tab(qtbot, d, Qt.Key.Key_O, "organization")
    find(qtbot, orgs, "crisis")
    assert sorted(r.name for r in orgs.model.records) == ["CSTO Crisis Response Center", "CSTO Crisis Response Centre"]
    asked = []

    def choose(rows, parent):  # the dialog's answer: keep "Center", held by that entity
        asked.append(entities_ask.merge_names(rows))
        holder = next(r.id for r in rows if r.name == "CSTO Crisis Response Center")
        return entities_ask.merge_choice(rows, "CSTO Crisis Response Center", holder)

    monkeypatch.setattr(entities_ask.MergeDialog, "ask", staticmethod(choose))
    before = entity_tables(entities_db)
    click_row(orgs.view, 0)
    key(qtbot, Qt.Key.Key_Down, SHIFT)  # both selected
    assert len(orgs.selected_rows()) == 2
    key(qtbot, Qt.Key.Key_M, CTRL | SHIFT)
    assert [n for n, _ in asked[0]] == ["CSTO Crisis Response Center", "CSTO Crisis Response Centre"]
    survivor = next(i for i, n in entity_rows(entities_db, "organization") if n == "CSTO Crisis Response Center")
    assert [n for _, n in entity_rows(entities_db, "organization") if "Crisis" in n] == ["CSTO Crisis Response Center"]
    assert set(db_all(entities_db, "SELECT entity_id FROM event_organizations WHERE name LIKE 'CSTO Crisis%'")) == {
        (survivor,)}
    assert [r.name for r in orgs.model.records] == ["CSTO Crisis Response Center"]
    assert orgs.shown.id == survivor and "CSTO Crisis Response Centre" in orgs.shown.other_names
    assert "Saved: Merge" in d.message.text()
    assert exported_orgs(entities_db, tmp_path)["CSTO Crisis Response Centre"] == {("CSTO Crisis Response Center", None)}

    undo(qtbot)
    assert entity_tables(entities_db) == before
    assert len(orgs.model.records) == 2
    assert exported_orgs(entities_db, tmp_path)["CSTO Crisis Response Centre"] == {("CSTO Crisis Response Centre", None)}
    redo(qtbot)
    assert [n for _, n in entity_rows(entities_db, "organization") if "Crisis" in n] == ["CSTO Crisis Response Center"]
    assert w.undo_stack.count() == 1  # on the main window's stack: its Edit menu undoes it too

    from ui.history import HistoryDialog  # the history window lists the merge, its undo and its redo

    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=3000)
    w.releases.view.setFocus()
    key(qtbot, Qt.Key.Key_H, CTRL)
    qtbot.waitUntil(lambda: any(h.isVisible() for h in w.findChildren(HistoryDialog)), timeout=3000)
    history = next(h for h in w.findChildren(HistoryDialog) if h.isVisible())
    history.scope.setCurrentIndex(history.scope.findData("all"))
    merged = [r for r in history.model.rows if r.table == "event_organizations" and r.field == "entity_id"]
    assert {r.action for r in merged} >= {"edit", "undo", "redo"} and {r.who for r in merged} == {"tester"}


def test_a_merge_and_its_undo_show_the_wait_cursor_and_say_what_runs_while_they_hold_the_window(
        qtbot, open_review_window, entities_db, monkeypatch):
    w = open_review_window(entities_db)
    d = open_entities(qtbot, w)
    orgs = to_tab(qtbot, d, Qt.Key.Key_O, "organization")
    find(qtbot, orgs, "crisis")
    rows = orgs.model.records
    monkeypatch.setattr(entities_ask.MergeDialog, "ask",
                        staticmethod(lambda rows, parent: entities_ask.merge_choice(rows, rows[0].name, rows[0].id)))
    seen = []

    def cursor() -> object:
        over = QApplication.overrideCursor()
        return over.shape() if over is not None else None

    def watching(fn):
        def run(*args, **kwargs):
            seen.append((cursor(), d.message.text()))
            return fn(*args, **kwargs)
        return run

    monkeypatch.setattr(d.ctx.service, "merge_many", watching(d.ctx.service.merge_many))
    monkeypatch.setattr(w.service, "revert", watching(w.service.revert))
    click_row(orgs.view, 0)
    key(qtbot, Qt.Key.Key_Down, SHIFT)
    key(qtbot, Qt.Key.Key_M, CTRL | SHIFT)
    events = sum(r.events for r in rows)
    assert seen == [(Qt.CursorShape.WaitCursor, f"Merging 2 organizations named in {events} events into {rows[0].name!r}…")]
    assert cursor() is None and "Saved: Merge" in d.message.text()
    undo(qtbot)
    assert len(seen) == 2 and seen[1][0] == Qt.CursorShape.WaitCursor and cursor() is None
    assert len(orgs.model.records) == 2


def test_split_an_automatic_link_off_then_undo_and_redo(qtbot, open_review_window, entities_db, tmp_path):
    w = open_review_window(entities_db)
    d = open_entities(qtbot, w)
    links = to_tab(qtbot, d, Qt.Key.Key_L, "links")
    row = next(i for i, v in enumerate(links.model.records) if v.name == "T. Masadykov")
    cells = [links.model.data(links.model.index(row, c)) for c in range(4)]
    assert cells[1] == "Taalatbek Masadykov" and cells[3]  # with its reason
    click_row(links.view, row)
    before = entity_tables(entities_db)
    key(qtbot, Qt.Key.Key_S, CTRL | SHIFT)
    new = db_all(entities_db, "SELECT id FROM entities WHERE name = 'T. Masadykov'")
    assert len(new) == 1
    assert set(db_all(entities_db, "SELECT person_id FROM event_participants WHERE name = 'T. Masadykov'")) == set(new)
    assert "T. Masadykov" not in [v.name for v in links.model.records]  # no longer an automatic link to check
    people = [p for ev in exported(entities_db, tmp_path) for p in ev["participants"]]
    assert all("T. Masadykov" not in p["aliases"] for p in people if p["name"] == "Taalatbek Masadykov")

    undo(qtbot)
    assert entity_tables(entities_db) == before
    assert "T. Masadykov" in [v.name for v in links.model.records]
    redo(qtbot)
    assert db_all(entities_db, "SELECT id FROM entities WHERE name = 'T. Masadykov'") == new


def test_split_a_spelling_from_the_people_tab(qtbot, open_review_window, entities_db):
    w = open_review_window(entities_db)
    d = open_entities(qtbot, w)
    people = d.pane()
    find(qtbot, people, "Ordabaev")
    i = next(i for i, v in enumerate(people.spelling_model.records) if v.name == "S. Ordabayev")
    click_row(people.spellings, i)
    key(qtbot, Qt.Key.Key_S, ALT)  # the Split off button's letter (a button's letter clicks it a moment later)
    qtbot.waitUntil(lambda: len(db_all(entities_db, "SELECT id FROM entities WHERE name = 'S. Ordabayev'")) == 1)
    undo(qtbot)
    assert db_all(entities_db, "SELECT id FROM entities WHERE name = 'S. Ordabayev'") == []


def test_rename_then_undo_and_redo_and_the_export(qtbot, open_review_window, entities_db, tmp_path, monkeypatch):
    w = open_review_window(entities_db)
    d = open_entities(qtbot, w)
    people = d.pane()
    find(qtbot, people, "putin")
    pid = people.shown.id
    monkeypatch.setattr(entities_pane, "ask_text", lambda parent, title, label, text="": "Vladimir V. Putin")
    people.view.setFocus()
    key(qtbot, Qt.Key.Key_F2)
    assert db_all(entities_db, "SELECT name FROM entities WHERE id = ?", [pid]) == [("Vladimir V. Putin",)]
    assert people.shown.name == "Vladimir V. Putin"
    canon = {p["canonical"] for ev in exported(entities_db, tmp_path) for p in ev["participants"]
             if p["name"] == "Vladimir Putin"}
    assert canon == {"Vladimir V. Putin"}
    undo(qtbot)
    assert db_all(entities_db, "SELECT name FROM entities WHERE id = ?", [pid]) == [("Vladimir Putin",)]
    assert people.shown.name == "Vladimir Putin"
    redo(qtbot)
    assert db_all(entities_db, "SELECT name FROM entities WHERE id = ?", [pid]) == [("Vladimir V. Putin",)]


def test_a_refused_value_is_one_line_and_changes_nothing(qtbot, open_review_window, entities_db, monkeypatch):
    w = open_review_window(entities_db)
    d = open_entities(qtbot, w)
    places = to_tab(qtbot, d, Qt.Key.Key_A, "place")
    before = entity_tables(entities_db)
    monkeypatch.setattr(entities_pane, "ask_text", lambda parent, title, label, text="": "Kazakhstan")
    qtbot.mouseClick(places.country_button, LEFT)
    assert entity_tables(entities_db) == before and w.undo_stack.count() == 0
    assert d.message.text().startswith("Not done:") and "\n" not in d.message.text()
    assert "Traceback" not in d.message.text()


def test_confirm_and_a_places_country_then_undo(qtbot, open_review_window, entities_db, monkeypatch):
    w = open_review_window(entities_db)
    d = open_entities(qtbot, w)
    places = to_tab(qtbot, d, Qt.Key.Key_A, "place")
    find(qtbot, places, "Almaty")
    pid = places.shown.id
    places.view.setFocus()
    key(qtbot, Qt.Key.Key_K, CTRL)
    assert db_all(entities_db, "SELECT confirmed_by FROM entities WHERE id = ?", [pid]) == [("tester",)]
    assert places.model.data(places.model.index(0, places.model.columns.index("Confirmed by"))) == "tester"
    monkeypatch.setattr(entities_pane, "ask_text", lambda parent, title, label, text="": "KG")
    key(qtbot, Qt.Key.Key_Y, ALT)
    qtbot.waitUntil(lambda: db_all(entities_db, "SELECT country FROM entities WHERE id = ?", [pid]) == [("KG",)])
    undo(qtbot)
    undo(qtbot)
    assert db_all(entities_db, "SELECT confirmed_by, country FROM entities WHERE id = ?", [pid]) == [(None, "KZ")]


def test_a_taught_name_is_fixed_and_removed_then_undone(qtbot, open_review_window, entities_db, monkeypatch):
    w = open_review_window(entities_db)
    d = open_entities(qtbot, w)
    taught = to_tab(qtbot, d, Qt.Key.Key_T, "taught")
    row = next(i for i, t in enumerate(taught.model.records) if t.name == "CSTO Crisis Response Centre")
    tid = taught.model.records[row].id
    click_row(taught.view, row)
    monkeypatch.setattr(entities_checks, "ask_text", lambda parent, title, label, text="": "CSTO Crisis Response Center")
    key(qtbot, Qt.Key.Key_F2)
    assert db_all(entities_db, "SELECT name FROM known_entities WHERE id = ?", [tid]) == [("CSTO Crisis Response Center",)]
    click_row(taught.view, next(i for i, t in enumerate(taught.model.records) if t.id == tid))
    key(qtbot, Qt.Key.Key_V, ALT)
    qtbot.waitUntil(lambda: db_all(entities_db, "SELECT name FROM known_entities WHERE id = ?", [tid]) == [])
    undo(qtbot)
    undo(qtbot)
    assert db_all(entities_db, "SELECT name FROM known_entities WHERE id = ?", [tid]) == [("CSTO Crisis Response Centre",)]


# -- the events of an entity ------------------------------------------------------------------------------------


def test_the_events_of_an_entity_open_in_the_window_and_step_with_f3(qtbot, open_review_window, entities_db):
    w = open_review_window(entities_db)
    d = open_entities(qtbot, w)
    people = d.pane()
    find(qtbot, people, "Rakhmon")
    qtbot.waitUntil(lambda: people.event_model.rowCount() == 2, timeout=5000)  # read off the UI thread
    events = people.event_model.records
    assert len(events) == 2
    click_row(people.events, 0)
    key(qtbot, Qt.Key.Key_Return)
    assert (w.current, w.editor.current_event.id) == (events[0].release_id, events[0].event_id)
    key(qtbot, Qt.Key.Key_F3)
    assert (w.current, w.editor.current_event.id) == (events[1].release_id, events[1].event_id)
    key(qtbot, Qt.Key.Key_F3, SHIFT)
    assert (w.current, w.editor.current_event.id) == (events[0].release_id, events[0].event_id)


# -- keyboard and names ------------------------------------------------------------------------------------------


TAB_STOPS = (Qt.FocusPolicy.StrongFocus, Qt.FocusPolicy.TabFocus, Qt.FocusPolicy.WheelFocus)


def test_enter_decides_nothing_anywhere(qtbot, open_review_window, entities_db, monkeypatch):
    asked = []  # a question asked is an action begun: Enter must begin none
    for where, name in ((entities_pane, "ask_text"), (entities_checks, "ask_text"),
                        (entities_reconcile, "ask_authority_file")):
        monkeypatch.setattr(where, name, lambda *args, n=name, **kw: asked.append(n))
    monkeypatch.setattr(entities_ask.MergeDialog, "ask", staticmethod(lambda *args: asked.append("merge")))
    w = open_review_window(entities_db)
    d = open_entities(qtbot, w)
    before = entity_tables(entities_db)
    for i in range(d.tabs.count()):  # every tab, reached by its Alt letter
        letter = d.tabs.tabText(i)[d.tabs.tabText(i).index("&") + 1]
        key(qtbot, getattr(Qt.Key, f"Key_{letter.upper()}"), ALT)
        pane = d.pane()
        assert d.tabs.currentIndex() == i
        for widget in pane.findChildren(QWidget):
            if widget.isVisible() and widget.isEnabled() and widget.focusPolicy() in TAB_STOPS:
                widget.setFocus()
                key(qtbot, Qt.Key.Key_Return)
                d.activateWindow()  # an event opened in the window (Enter on the events) takes the focus there
                qtbot.waitUntil(d.isActiveWindow, timeout=3000)
    assert entity_tables(entities_db) == before and w.undo_stack.count() == 0 and asked == []


def test_tab_reaches_every_control_of_a_list(qtbot, open_review_window, entities_db):
    w = open_review_window(entities_db)
    d = open_entities(qtbot, w)
    people = d.pane()
    qtbot.waitUntil(lambda: people.open_button.isEnabled(), timeout=5000)  # once the first events are read
    people.search.setFocus()
    reached = set()
    for _ in range(20):
        key(qtbot, Qt.Key.Key_Tab)
        reached.add(QApplication.focusWidget())
    wanted = {people.view, people.spellings, people.events, people.split_button, people.open_button,
              people.merge_button, people.rename_button, people.confirm_button, people.authority_button}
    assert wanted <= reached


def test_every_control_has_an_accessible_name(qtbot, open_review_window, entities_db):
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QTabBar

    w = open_review_window(entities_db)
    d = open_entities(qtbot, w)
    controls = [c for c in d.findChildren(QWidget)
                if isinstance(c, (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QPlainTextEdit, QTabBar))
                and c.parent() is not None and not c.parent().inherits("QComboBoxPrivateContainer")
                and type(c.parent()).__name__ not in ("QTableView", "QTableWidget", "QLineEdit", "QComboBox")]
    assert len(controls) > 40
    unnamed = [f"{type(c).__name__} {c.toolTip()[:40]}" for c in controls if not c.accessibleName().strip()]
    assert not unnamed


def test_the_merge_question_takes_no_enter_and_keeps_the_chosen_name(qtbot, entities_db):
    from reviewer.entities import EntityService

    with Store(entities_db) as store:
        rows = EntityService(store, "tester").entities("organization", "crisis")
    dlg = entities_ask.MergeDialog(rows)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.activateWindow()
    qtbot.waitUntil(dlg.isActiveWindow, timeout=3000)
    dlg.names.setFocus()
    key(qtbot, Qt.Key.Key_Down)  # the second name: "Centre", held by the entity a reviewer typed
    key(qtbot, Qt.Key.Key_Return)
    assert dlg.isVisible() and dlg.result() != dlg.DialogCode.Accepted
    key(qtbot, Qt.Key.Key_M, ALT)
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=3000)
    assert dlg.result() == dlg.DialogCode.Accepted
    choice = dlg.choice()
    holder = next(r.id for r in rows if r.name == "CSTO Crisis Response Centre")
    assert choice == entities_ask.MergeChoice([holder] + [r.id for r in rows if r.id != holder],
                                              "CSTO Crisis Response Centre")
