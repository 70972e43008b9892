"""The event editor: every field of the selected event, its confidence, and edits saved as they are left.

A value is saved on Enter, when its field loses focus, and — through
:meth:`EventEditor.commit_pending` — before anything takes the reviewer
elsewhere (another event or release, a dialog, closing the window). A value
the core refuses stays in its field, marked, with the reason beside it.
"""
from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Callable, Optional

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate, QAbstractItemView, QApplication, QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QListWidget, QListWidgetItem, QMenu, QPushButton, QTableWidget, QTableWidgetItem, QToolButton, QVBoxLayout,
    QWidget,
)

from reviewer.guideline import type_definitions
from reviewer.model import EVENT_TYPES, STATUSES
from reviewer.review import NO_CHECK, EventView, Organization, Person, ReleaseDetail, ReviewError, split_name_role
from reviewer.review.reports import Reports

from .accessibility import named
from .commands import EditRunner
from .field_widgets import FieldLabel, WheelNeedsFocus
from .text import plain_tooltip
from .theme import Colours, colours, set_style

LIST_FIELDS = ("participants", "organizations")


def low_style(c: Colours) -> str:
    return f"color: {c.low}; font-weight: bold;"


def edited_style(c: Colours) -> str:
    return f"color: {c.edited};"


def plain_style(c: Colours) -> str:
    return f"color: {c.muted};"


def error_style(c: Colours) -> str:
    return f"QLineEdit {{ border: 2px solid {c.low}; border-radius: 3px; }}"

#: Each field the keyboard can reach: (name, label, the letter of its Alt key, what the page marks for it).
#: F, E, R and H are the menus' letters, so they are not used here.
FIELDS = (
    ("date_start", "Start", "S", "date"),
    ("date_end", "End", "N", "date"),
    ("event_type", "Type", "T", "type"),
    ("status", "Status", "U", "status"),
    ("location", "Location", "L", "location"),
    ("online", "Online", "O", "online"),
    ("participants", "Participants", "P", "participant"),
    ("organizations", "Organizations", "G", "organization"),
)
#: What a screen reader says after a field's name, where the name alone does not tell how to fill it.
FIELD_HINTS = {
    "date_start": "a date such as 2024-12-20, 20.12.2024 or 20 December 2024; Enter saves",
    "date_end": "a date such as 2024-12-20, 20.12.2024 or 20 December 2024; Enter saves",
    "location": "a city, or empty when the release does not say; Enter saves",
    "participants": "name, role and confidence; F2 edits a cell, Delete removes the row",
    "organizations": "name and confidence; F2 edits a cell, Delete removes the row",
}
NO_EVENT_HINT = ("This release has no event yet. Select the sentence that reports one in the page and press "
                 "Ctrl+Shift+N, or press Ctrl+N for an empty event.")


def event_summary(i: int, ev: EventView) -> str:
    when = ev.date_start or "no date"
    if ev.date_end and ev.date_end != ev.date_start:
        when += f" – {ev.date_end}"
    return f"{i + 1}. {when}  {ev.event_type or '?'}  {ev.location or ''}".rstrip()


class EventEditor(QWidget):
    """Edits one event of the shown release through an :class:`EditRunner` (so every edit is undoable)."""

    event_selected = Signal(int)
    field_clicked = Signal(str, str)  # field key ("date", "participant", …), value ("" for any)
    add_event_requested = Signal()
    delete_event_requested = Signal()
    refused = Signal(str)  # commit_pending could not save a value: the reason, for the window's banner
    release_requested = Signal(int, int)  # open another release that reports this event: (release, event)
    checked_requested = Signal(str, object)  # "this value is right": (field, participant/organization row id or None)

    def __init__(self, runner: EditRunner, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._runner = runner
        self._runner.failed.connect(self._on_failed)
        self._detail: Optional[ReleaseDetail] = None
        self.current_event: Optional[EventView] = None
        self._loading = False
        self._conf: dict[str, QLabel] = {}
        self._right: dict[str, QToolButton] = {}  # a scalar field's "this is right" button, shown while it is low
        self._invalid: set[str] = set()  # text fields holding a refused value: kept over a refresh of the event
        self._table_ok = True
        self._wheel_guard = WheelNeedsFocus(self)

        self.events = named(QListWidget(self), "Events of this release", "Alt+Down and Alt+Up move between them")
        self.events.setObjectName("eventList")
        self.events.setMaximumHeight(110)
        self.events.currentRowChanged.connect(self._on_event_row)
        add, delete = QPushButton("Add event"), QPushButton("Delete event")
        add.clicked.connect(self.add_event_requested)
        delete.clicked.connect(self.delete_event_requested)
        self.delete_button = delete
        # "merged from N reports": the event stands in other releases too; a click opens the other one
        self.merged = named(QPushButton(), "Merged from other reports", "Opens another release that reports this event")
        self.merged.setObjectName("mergedFrom")
        self.merged.setFlat(True)
        set_style(self.merged, lambda c: f"color: {c.merged}; text-align: left; padding: 1px 4px;")
        self.merged.clicked.connect(self._on_merged_clicked)
        self.merged.hide()
        self._reports: Optional[Reports] = None
        self.hint = QLabel(NO_EVENT_HINT)
        self.hint.setObjectName("editorHint")
        self.hint.setWordWrap(True)
        set_style(self.hint, lambda c: f"color: {c.muted}; background: {c.hint_bg}; border-radius: 4px; padding: 8px;")
        self.hint.hide()

        self.date_start, self.date_end = QLineEdit(), QLineEdit()
        for w, name in ((self.date_start, "date_start"), (self.date_end, "date_end")):
            w.setPlaceholderText("2024-12-20, 20.12.2024, 20 December 2024")
            w.editingFinished.connect(lambda n=name, w=w: self._save_text(n, w))
        self.year_unknown = QLabel("year unknown")
        set_style(self.year_unknown,
                  lambda c: f"background: {c.year_bg}; color: {c.year_text}; border-radius: 3px; padding: 1px 6px;")
        self.event_type = self._combo(["", *EVENT_TYPES], "event_type")
        for i, definition in enumerate(type_definitions().get(t) for t in EVENT_TYPES):
            self.event_type.setItemData(i + 1, definition, Qt.ItemDataRole.ToolTipRole)  # the guideline's words
        self.status = self._combo(["", *STATUSES], "status")
        self.location = QLineEdit()
        self.location.setPlaceholderText("city, or empty when not stated")
        self.location.editingFinished.connect(lambda: self._save_text("location", self.location))
        self._texts = {"date_start": self.date_start, "date_end": self.date_end, "location": self.location}
        self.online = QCheckBox("held by videoconference")
        self.online.clicked.connect(self._on_online)

        self.participants = self._table(["Name", "Role", "Conf."])
        # in a short window the editor scrolls rather than squeeze a table below a row of a wrapped role
        self.participants.setMinimumHeight(110)
        self.participants.itemChanged.connect(self._on_participant_changed)
        # Name and role in two fields: a comma inside a name ("Petrov, Ivan") is never read as the role.
        self.new_participant = named(QLineEdit(), "New participant's name", "Enter adds the participant")
        self.new_participant_role = named(QLineEdit(), "New participant's role", "Enter adds the participant")
        self.new_participant.setPlaceholderText("New participant")
        self.new_participant_role.setPlaceholderText("role  ⏎")
        for w in (self.new_participant, self.new_participant_role):
            w.returnPressed.connect(self._add_participant)
        self.organizations = self._table(["Organization", "Conf."])
        self.organizations.setMinimumHeight(80)
        self.organizations.itemChanged.connect(self._on_organization_changed)
        self.new_organization = named(QLineEdit(), "New organization", "Enter adds the organization")
        self.new_organization.setPlaceholderText("Add an organization  ⏎")
        self.new_organization.returnPressed.connect(self._add_organization)
        rm_p = named(QPushButton("Remove"), "Remove the selected participant")
        rm_o = named(QPushButton("Remove"), "Remove the selected organization")
        rm_p.clicked.connect(self.remove_selected_participant)
        rm_o.clicked.connect(self.remove_selected_organization)
        ok_p, ok_o = self._right_button("participants"), self._right_button("organizations")
        self._right_rows = {"participants": ok_p, "organizations": ok_o}
        # Delete in a table removes its selected row (only while the table itself has focus, not a cell editor).
        self.remove_actions = [self._delete_key(self.participants, self.remove_selected_participant),
                               self._delete_key(self.organizations, self.remove_selected_organization)]

        self.message = QLabel()
        self.message.setObjectName("editorMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        set_style(self.message, lambda c: f"color: {c.low};")

        self.labels = {name: self._field_label(name, text, letter, key) for name, text, letter, key in FIELDS}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.labels["date_start"], self._with_conf(self.date_start, "date_start"))
        form.addRow(self.labels["date_end"], self._with_conf(self.date_end, "date_end", self.year_unknown))
        form.addRow(self.labels["event_type"], self._with_conf(self.event_type, "event_type"))
        form.addRow(self.labels["status"], self._with_conf(self.status, "status"))
        form.addRow(self.labels["location"], self._with_conf(self.location, "location"))
        form.addRow(self.labels["online"], self._with_conf(self.online, "online"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(QLabel("<b>Events of this release</b>"))
        head.addStretch(1)
        head.addWidget(add)
        head.addWidget(delete)
        layout.addLayout(head)
        layout.addWidget(self.events)
        layout.addWidget(self.merged)
        layout.addWidget(self.hint)
        layout.addLayout(form)
        layout.addWidget(self.labels["participants"])
        layout.addWidget(self.participants, 2)
        adding = self._row(self.new_participant, self.new_participant_role, rm_p, ok_p)
        adding.setStretchFactor(self.new_participant_role, 1)  # name and role share a narrow pane
        layout.addLayout(adding)
        layout.addWidget(self.labels["organizations"])
        layout.addWidget(self.organizations, 1)
        layout.addLayout(self._row(self.new_organization, rm_o, ok_o))
        layout.addWidget(self.message)
        self._set_enabled(False)

    # -- building ---------------------------------------------------------------

    def _combo(self, items: list[str], name: str) -> QComboBox:
        box = QComboBox()
        box.addItems(items)
        box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel never gives it focus…
        box.installEventFilter(self._wheel_guard)  # …nor changes it without focus
        box.activated.connect(lambda _i: self._save_choice(name, box))
        return box

    def _table(self, headers: list[str]) -> QTableWidget:
        t = QTableWidget(0, len(headers))
        t.setHorizontalHeaderLabels(headers)
        t.verticalHeader().setVisible(False)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        t.setTabKeyNavigation(False)  # Tab moves on to the next field instead of from cell to cell
        h = t.horizontalHeader()
        h.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.ResizeToContents)
        # a narrower pane wraps a long role or name onto more lines rather than cutting it (and a wider one onto
        # fewer): once the columns settled, as each column's resize alone would measure against the other's old width
        fit = QTimer(t)
        fit.setSingleShot(True)
        fit.setInterval(0)
        fit.timeout.connect(t.resizeRowsToContents)
        h.sectionResized.connect(lambda *_: fit.start())
        t.cellClicked.connect(lambda row, _col, t=t: self._on_cell_clicked(t, row))
        return t

    def _delete_key(self, table: QTableWidget, slot) -> QAction:
        act = QAction("Remove the selected participant or organization", table)
        act.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        act.triggered.connect(slot)
        table.addAction(act)
        return act

    def _field_label(self, name: str, text: str, letter: str, key: str) -> FieldLabel:
        # Clicking the name of a field shows where the page says it.
        lab = FieldLabel(text, letter)
        # the label names its field for a screen reader; Alt+letter stays the window's action (see FieldLabel)
        field = getattr(self, name)
        lab.setBuddy(field)
        named(field, text, FIELD_HINTS.get(name, ""))
        lab.setToolTip(f"Alt+{letter}: go to this field · click: show the {key} in the page")
        lab.clicked.connect(lambda: self.field_clicked.emit(key, ""))
        return lab

    def _with_conf(self, widget: QWidget, name: str, extra: Optional[QWidget] = None) -> QHBoxLayout:
        conf = QLabel()
        conf.setMinimumWidth(64)
        self._conf[name] = conf
        row = QHBoxLayout()
        row.addWidget(widget, 1)
        if extra is not None:
            row.addWidget(extra)
        row.addWidget(conf)
        row.addWidget(self._right_button(name))
        return row

    def _right_button(self, name: str) -> QToolButton:
        """"This is right": marks a low value checked without changing it (Ctrl+K does it for the focused one)."""
        what = {"participants": "the selected participant", "organizations": "the selected organization"}.get(
            name, next((text.lower() for n, text, _l, _k in FIELDS if n == name), name))
        b = named(QToolButton(), f"Mark {what} right")
        b.setText("✓ right")
        b.setToolTip("This value is right: mark it checked without changing it (Ctrl+K)")
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # pressed by mouse; the keyboard has Ctrl+K
        if name in LIST_FIELDS:
            b.clicked.connect(lambda: self._request_row_check(name))
        else:
            self._right[name] = b
            b.hide()
            b.clicked.connect(lambda: self.checked_requested.emit(name, None))
        return b

    @staticmethod
    def _row(*widgets: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(widgets[0], 1)
        for w in widgets[1:]:
            row.addWidget(w)
        return row

    def _set_enabled(self, on: bool) -> None:
        for w in (self.date_start, self.date_end, self.event_type, self.status, self.location, self.online,
                  self.participants, self.organizations, self.new_participant, self.new_participant_role,
                  self.new_organization, self.delete_button):
            w.setEnabled(on)

    # -- showing ------------------------------------------------------------------

    def show_release(self, detail: ReleaseDetail, event_id: Optional[int] = None) -> None:
        self._detail = detail
        self._loading = True
        self.events.clear()
        for i, ev in enumerate(detail.events):
            item = QListWidgetItem(event_summary(i, ev))
            item.setData(Qt.ItemDataRole.UserRole, ev.id)
            self.events.addItem(item)
        ids = [e.id for e in detail.events]
        row = ids.index(event_id) if event_id in ids else (0 if ids else -1)
        self.events.setCurrentRow(row)
        self._loading = False
        self.hint.setText(NO_EVENT_HINT)
        self.hint.setVisible(not ids)
        self._show_event(detail.events[row] if row >= 0 else None)

    def refresh_release(self, detail: ReleaseDetail) -> bool:
        """Show ``detail`` again after another process changed the database, keeping what is being typed.

        Nothing is redrawn when the release is as shown, nor while a table cell is open (closing its editor
        would drop the typed text; the save re-reads the event anyway). A text typed and not saved yet stays
        in its field, cursor and all, and its ``expected`` value stays the one the reviewer saw: a value
        changed underneath it meanwhile is refused as a conflict when saved, never overwritten unseen.
        True when the release was shown again (ui.live_refresh).
        """
        if detail == self._detail or any(t.state() == QAbstractItemView.State.EditingState
                                         for t in (self.participants, self.organizations)):
            return False
        seen = self.current_event
        typed = {name: (w.text(), w.cursorPosition()) for name, w in self._texts.items()
                 if seen is not None and w.text() != (getattr(seen, name) or "")}
        self.show_release(detail, seen.id if seen is not None else None)
        shown = self.current_event
        if typed and seen is not None and shown is not None and shown.id == seen.id:
            self.current_event = replace(shown, **{name: getattr(seen, name) for name in typed})
            for name, (text, cursor) in typed.items():
                self._texts[name].setText(text)
                self._texts[name].setCursorPosition(cursor)
        return True

    def show_nothing(self, hint: str) -> None:
        """No release to show (an empty database, or a filter that lists none): say what to do instead."""
        self._detail = None
        self._loading = True
        self.events.clear()
        self._loading = False
        self._show_event(None)
        self.hint.setText(hint)
        self.hint.show()

    def select_event(self, row: int) -> None:
        if 0 <= row < self.events.count():
            self.events.setCurrentRow(row)

    def focus_field(self, name: str) -> None:
        """Put the keyboard in one field (the Alt+letter keys); a table's first row is selected if none is."""
        widget = self._widget(name)
        if widget is None or not widget.isEnabled():
            return
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if isinstance(widget, QLineEdit):
            widget.selectAll()
        elif isinstance(widget, QTableWidget) and widget.currentRow() < 0 and widget.rowCount():
            widget.setCurrentCell(0, 0)

    def _widget(self, name: str) -> Optional[QWidget]:
        return getattr(self, name, None) if name in {f[0] for f in FIELDS} else None

    def _show_event(self, ev: Optional[EventView]) -> None:
        same = ev is not None and self.current_event is not None and ev.id == self.current_event.id
        if not same:
            self._invalid.clear()
        self.current_event = ev
        self._loading = True
        if not self._invalid:
            self.message.clear()
        self._set_enabled(ev is not None)
        for name, w in self._texts.items():
            if name not in self._invalid:  # a refused value stays for the reviewer to fix
                set_style(w, None)
                w.setText((getattr(ev, name) or "") if ev else "")
        self.year_unknown.setVisible(bool(ev and ev.year_unknown))
        self._show_reports(ev)
        self.event_type.setCurrentText(ev.event_type or "" if ev else "")
        self.status.setCurrentText(ev.status or "" if ev else "")
        self.online.setChecked(bool(ev and ev.online))
        for name, lab in self._conf.items():
            self._show_conf(lab, ev, name)
            self._right[name].setVisible(bool(ev and ev.low(name)))
        for name, button in self._right_rows.items():
            button.setEnabled(any(x.low for x in getattr(ev, name)) if ev else False)
        self.participants.setRowCount(0)
        self.organizations.setRowCount(0)
        if ev is not None:
            self._fill(self.participants, [(p.id, [p.name, p.role or ""], p) for p in ev.participants])
            self._fill(self.organizations, [(o.id, [o.name], o) for o in ev.organizations])
        self._loading = False

    def _fill(self, table: QTableWidget, rows: list[tuple[int, list[str], Person | Organization]]) -> None:
        """Rows of (id, editable texts, the row); the id rides on the first cell."""
        for row_id, texts, row in rows:
            r = table.rowCount()
            table.insertRow(r)
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, row_id)
                table.setItem(r, c, item)
            table.setItem(r, len(texts), self._conf_item(row.confidence, row.low, row.checked))
        # Long roles and organization names wrap onto more lines instead of being cut off.
        table.resizeRowsToContents()

    @staticmethod
    def _show_conf(lab: QLabel, ev: Optional[EventView], name: str) -> None:
        if ev is None:
            lab.clear()
        elif name in ev.edited_fields:
            lab.setText("✎ edited")
            set_style(lab, edited_style)
        elif name in ev.confidence:
            c = ev.confidence[name]
            checked = name in ev.checked_fields
            lab.setText(f"{c:.0%}{' low' if ev.low(name) else ' ✓ checked' if checked else ''}")
            set_style(lab, low_style if ev.low(name) else edited_style if checked else plain_style)
            lab.setToolTip("confidence of the extraction" + ("; a reviewer marked it right" if checked else ""))
        else:
            lab.setText("")

    @staticmethod
    def _conf_item(c: float, low: bool, checked: bool) -> QTableWidgetItem:
        item = QTableWidgetItem(f"{c:.0%}{' low' if low else ' ✓' if checked else ''}")
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        if low:
            item.setForeground(QColor(colours().low))
        return item

    def _show_reports(self, ev: Optional[EventView]) -> None:
        self._reports = self._svc.reports(ev.id) if ev is not None else None
        others = self._reports.others(self._detail.release.id if self._detail else None) if self._reports else []
        self.merged.setVisible(bool(self._reports and self._reports.merged))
        if self._reports and self._reports.merged:
            where = f"; also in release {others[0][0]}" if len(others) == 1 else (
                f"; also in {len(others)} other releases" if others else "")
            self.merged.setText(f"⧉ merged from {self._reports.count} reports{where}{' ▸' if others else ''}")
            self.merged.setToolTip(plain_tooltip("\n".join(f"release {r}: {t}" for r, t in others)) if others else "")
            self.merged.setEnabled(bool(others))

    @Slot()
    def _on_merged_clicked(self) -> None:
        ev, reports = self.current_event, self._reports
        others = reports.others(self._detail.release.id if self._detail else None) if reports else []
        if ev is None or not others:
            return
        if len(others) == 1:
            self.release_requested.emit(others[0][0], ev.id)
            return
        menu = QMenu(self)
        for rid, title in others:
            menu.addAction(f"Release {rid}: {title[:80]}", partial(self.release_requested.emit, rid, ev.id))
        menu.exec(self.merged.mapToGlobal(self.merged.rect().bottomLeft()))

    # -- "this value is right" ------------------------------------------------------

    def check_target(self) -> Optional[tuple[str, Optional[int]]]:
        """The low value Ctrl+K marks right: the focused field or selected row if low, else the event's first low one."""
        ev = self.current_event
        if ev is None:
            return None
        focus = QApplication.focusWidget()
        for name in self._right:
            if self._widget(name) is focus and ev.low(name):
                return name, None
        for name in LIST_FIELDS:
            table = self._widget(name)
            if table is focus and isinstance(table, QTableWidget):
                rows = getattr(ev, name)
                r = table.currentRow()
                if 0 <= r < len(rows) and rows[r].low:
                    return name, rows[r].id
        scalar = next((n for n in self._right if ev.low(n)), None)
        if scalar is not None:
            return scalar, None
        for name in LIST_FIELDS:
            row = next((x for x in getattr(ev, name) if x.low), None)
            if row is not None:
                return name, row.id
        return None

    def _request_row_check(self, name: str) -> None:
        table = self._widget(name)
        rows = getattr(self.current_event, name) if self.current_event is not None else []
        r = table.currentRow() if isinstance(table, QTableWidget) else -1
        if 0 <= r < len(rows):
            self.checked_requested.emit(name, rows[r].id)
        else:
            self.message.setText(f"Select the row of the {name[:-1]} that is right first.")

    # -- saving what is pending -------------------------------------------------------

    def commit_pending(self) -> bool:
        """Save the value being typed in any field (text, box, a table's open cell, the add fields).

        True when nothing is left unsaved. False when a value was refused: it
        stays in its field (marked, focused) and ``refused`` carries the reason.
        """
        if self._loading or self.current_event is None:
            return True
        steps: list[tuple[Callable[[], bool], Optional[QWidget]]] = [
            (lambda: self._commit_table(self.participants), None), (lambda: self._commit_table(self.organizations), None)]
        steps += [(partial(self._save_text, n, w), w) for n, w in self._texts.items()]
        steps += [(lambda: self._save_choice("event_type", self.event_type), self.event_type),
                  (lambda: self._save_choice("status", self.status), self.status),
                  (self._add_participant, self.new_participant), (self._add_organization, self.new_organization)]
        for step, widget in steps:
            # each save refreshes the event; a later step reads the refreshed one
            if self.current_event is None:
                return True
            if not step():
                if widget is not None:
                    widget.setFocus()  # the reviewer stays in the field that was refused
                self.refused.emit(self.message.text())
                return False
        return True

    def _commit_table(self, table: QTableWidget) -> bool:
        """Commit a table cell being edited; on refusal its editor stays open with the typed text."""
        if table.state() != QAbstractItemView.State.EditingState:
            return True
        editor = table.indexWidget(table.currentIndex())
        if editor is None:
            return True
        self._table_ok = True
        table.commitData(editor)
        if not self._table_ok:
            editor.setFocus()
            return False
        if shiboken6.isValid(editor):  # a saved edit re-reads the event, which already closed the editor
            table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        return True

    def _save_text(self, name: str, widget: QLineEdit) -> bool:
        ev = self.current_event
        if self._loading or ev is None:
            return True
        value = widget.text().strip()
        if value == (getattr(ev, name) or ""):
            self._invalid.discard(name)
            set_style(widget, None)
            return True
        svc = self._svc
        self._invalid.discard(name)  # a save refreshes the event: the new value is shown in its stored form
        if name == "date_start" and ev.date_start and ev.date_end == ev.date_start:
            # a one-day event stays one day: End follows Start
            ok = self._runner.run(svc.set_dates, ev.id, value or None, value or None,
                                  expected=(ev.date_start, ev.date_end)) is not None
        else:
            ok = self._runner.run(svc.set_field, ev.id, name, value or None, expected=getattr(ev, name)) is not None
        shown = self.current_event
        if ok or (shown is not None and widget.text() == (getattr(shown, name) or "")):
            # saved; or a Conflict reloaded the stored value over the typed one (the banner says why)
            set_style(widget, None)
        else:
            self._invalid.add(name)
            set_style(widget, error_style)  # refused: the text stays for the reviewer to fix
        return ok

    def _save_choice(self, name: str, combo: QComboBox) -> bool:
        ev = self.current_event
        if self._loading or ev is None or combo.currentText() == (getattr(ev, name) or ""):
            return True
        if self._runner.run(self._svc.set_field, ev.id, name, combo.currentText() or None,
                            expected=getattr(ev, name)) is None:
            combo.setCurrentText(getattr(ev, name) or "")
            return False
        return True

    @Slot(bool)
    def _on_online(self, checked: bool) -> None:
        if not self._loading and self.current_event is not None and checked != self.current_event.online:
            if self._runner.run(self._svc.set_field, self.current_event.id, "online", checked,
                                expected=self.current_event.online) is None:
                self.online.setChecked(self.current_event.online)

    @Slot()
    def _add_participant(self) -> bool:
        name, role = self.new_participant.text(), self.new_participant_role.text().strip() or None
        if self.current_event is None or not (name.strip() or role):
            return True
        if role is None and name.strip():
            try:  # the role field left empty: "Ivan Petrov — Deputy Minister" in one line splits (a comma never does)
                name, role = split_name_role(name)
            except ReviewError as exc:
                self.message.setText(str(exc))
                return False
        if self._runner.run(self._svc.add_participant, self.current_event.id, name, role) is None:
            return False
        self.new_participant.clear()
        self.new_participant_role.clear()
        return True

    @Slot()
    def _add_organization(self) -> bool:
        name = self.new_organization.text()
        if self.current_event is None or not name.strip():
            return True
        if self._runner.run(self._svc.add_organization, self.current_event.id, name) is None:
            return False
        self.new_organization.clear()
        return True

    # -- other edits ------------------------------------------------------------------

    @property
    def _svc(self):
        return self._runner.service

    @Slot(int)
    def _on_event_row(self, row: int) -> None:
        if self._loading or self._detail is None or not (0 <= row < len(self._detail.events)):
            return
        target = self._detail.events[row].id
        if self.current_event is not None and target != self.current_event.id and not self.commit_pending():
            self._select_quietly(self.current_event.id)  # a refused value keeps the reviewer on its event
            return
        ids = [e.id for e in self._detail.events]  # a save above re-read the release
        if target not in ids:
            return
        self._select_quietly(target)
        self._show_event(self._detail.events[ids.index(target)])
        self.event_selected.emit(target)

    def _select_quietly(self, event_id: int) -> None:
        self._loading = True
        for r in range(self.events.count()):
            if self.events.item(r).data(Qt.ItemDataRole.UserRole) == event_id:
                self.events.setCurrentRow(r)
        self._loading = False

    def _row_id(self, table: QTableWidget, row: int) -> Optional[int]:
        item = table.item(row, 0)
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    @Slot(QTableWidgetItem)
    def _on_participant_changed(self, item: QTableWidgetItem) -> None:
        if self._loading or self.current_event is None or item.column() > 1:
            return
        pid = self._row_id(self.participants, item.row())
        change = {"name": item.text()} if item.column() == 0 else {"role": item.text()}
        shown = next((p for p in self.current_event.participants if p.id == pid), None)  # what the window showed
        expected = (shown.name, shown.role) if shown is not None else NO_CHECK
        self._table_ok = self._runner.run(self._svc.set_participant, pid, **change, expected=expected) is not None
        if not self._table_ok:
            self._restore_cells()

    @Slot(QTableWidgetItem)
    def _on_organization_changed(self, item: QTableWidgetItem) -> None:
        if self._loading or self.current_event is None or item.column() != 0:
            return
        oid = self._row_id(self.organizations, item.row())
        shown = next((o.name for o in self.current_event.organizations if o.id == oid), NO_CHECK)
        self._table_ok = self._runner.run(self._svc.set_organization, oid, item.text(), expected=shown) is not None
        if not self._table_ok:
            self._restore_cells()

    def _restore_cells(self) -> None:
        """After a refused cell edit the cells show the stored values again (an open editor keeps the typed text)."""
        ev = self.current_event
        self._loading = True
        cells = [(self.participants, r, 0, p.name) for r, p in enumerate(ev.participants if ev else [])]
        cells += [(self.participants, r, 1, p.role or "") for r, p in enumerate(ev.participants if ev else [])]
        cells += [(self.organizations, r, 0, o.name) for r, o in enumerate(ev.organizations if ev else [])]
        for table, r, c, text in cells:
            item = table.item(r, c)
            if item is not None:
                item.setText(text)
        self._loading = False

    @Slot()
    def remove_selected_participant(self) -> None:
        pid = self._row_id(self.participants, self.participants.currentRow())
        if pid is not None:
            self._runner.run(self._svc.remove_participant, pid)
            self.participants.setFocus()

    @Slot()
    def remove_selected_organization(self) -> None:
        oid = self._row_id(self.organizations, self.organizations.currentRow())
        if oid is not None:
            self._runner.run(self._svc.remove_organization, oid)
            self.organizations.setFocus()

    def _on_cell_clicked(self, table: QTableWidget, row: int) -> None:
        item = table.item(row, 0)
        if item is not None:
            self.field_clicked.emit("participant" if table is self.participants else "organization", item.text())

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.message.setText(message)
