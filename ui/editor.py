"""The event editor: every field of the selected event, its confidence, and edits saved on Enter."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QListWidget, QListWidgetItem, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from reviewer.guideline import type_definitions
from reviewer.model import EVENT_TYPES, STATUSES
from reviewer.review import LOW_CONFIDENCE, EventView, ReleaseDetail

from .commands import EditRunner

LOW_STYLE = "color: #c5221f; font-weight: bold;"
EDITED_STYLE = "color: #1a73e8;"
PLAIN_STYLE = "color: #5f6368;"
ERROR_STYLE = "QLineEdit { border: 2px solid #c5221f; border-radius: 3px; }"


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

    def __init__(self, runner: EditRunner, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._runner = runner
        self._runner.failed.connect(self._on_failed)
        self._detail: Optional[ReleaseDetail] = None
        self.current_event: Optional[EventView] = None
        self._loading = False
        self._conf: dict[str, QLabel] = {}

        self.events = QListWidget(self)
        self.events.setObjectName("eventList")
        self.events.setMaximumHeight(110)
        self.events.currentRowChanged.connect(self._on_event_row)
        add, delete = QPushButton("Add event"), QPushButton("Delete event")
        add.clicked.connect(self.add_event_requested)
        delete.clicked.connect(self.delete_event_requested)
        self.delete_button = delete

        self.date_start, self.date_end = QLineEdit(), QLineEdit()
        for w, name in ((self.date_start, "date_start"), (self.date_end, "date_end")):
            w.setPlaceholderText("YYYY-MM-DD or XXXX-MM-DD")
            w.editingFinished.connect(lambda n=name, w=w: self._on_text_field(n, w))
        self.year_unknown = QLabel("year unknown")
        self.year_unknown.setStyleSheet("background: #fce8b2; color: #7a4f01; border-radius: 3px; padding: 1px 6px;")
        self.event_type = QComboBox()
        self.event_type.addItems(["", *EVENT_TYPES])
        for i, definition in enumerate(type_definitions().get(t) for t in EVENT_TYPES):
            self.event_type.setItemData(i + 1, definition, Qt.ItemDataRole.ToolTipRole)  # the guideline's words
        self.event_type.activated.connect(lambda _i: self._on_choice("event_type", self.event_type))
        self.status = QComboBox()
        self.status.addItems(["", *STATUSES])
        self.status.activated.connect(lambda _i: self._on_choice("status", self.status))
        self.location = QLineEdit()
        self.location.setPlaceholderText("city, or empty when not stated")
        self.location.editingFinished.connect(lambda: self._on_text_field("location", self.location))
        self.online = QCheckBox("held by videoconference")
        self.online.clicked.connect(self._on_online)

        self.participants = self._table(["Name", "Role", "Conf."])
        self.participants.itemChanged.connect(self._on_participant_changed)
        self.new_participant = QLineEdit()
        self.new_participant.setPlaceholderText("Add a participant: name, role  ⏎")
        self.new_participant.returnPressed.connect(self._on_add_participant)
        self.organizations = self._table(["Organization", "Conf."])
        self.organizations.itemChanged.connect(self._on_organization_changed)
        self.new_organization = QLineEdit()
        self.new_organization.setPlaceholderText("Add an organization  ⏎")
        self.new_organization.returnPressed.connect(self._on_add_organization)
        rm_p, rm_o = QPushButton("Remove"), QPushButton("Remove")
        rm_p.clicked.connect(self._on_remove_participant)
        rm_o.clicked.connect(self._on_remove_organization)

        self.message = QLabel()
        self.message.setObjectName("editorMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet("color: #c5221f;")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self._field_label("Start", "date"), self._with_conf(self.date_start, "date_start"))
        form.addRow(self._field_label("End", "date"), self._with_conf(self.date_end, "date_end", self.year_unknown))
        form.addRow(self._field_label("Type", "type"), self._with_conf(self.event_type, "event_type"))
        form.addRow(self._field_label("Status", "status"), self._with_conf(self.status, "status"))
        form.addRow(self._field_label("Location", "location"), self._with_conf(self.location, "location"))
        form.addRow(self._field_label("Online", "online"), self._with_conf(self.online, "online"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(QLabel("<b>Events of this release</b>"))
        head.addStretch(1)
        head.addWidget(add)
        head.addWidget(delete)
        layout.addLayout(head)
        layout.addWidget(self.events)
        layout.addLayout(form)
        layout.addWidget(self._field_label("Participants", "participant"))
        layout.addWidget(self.participants, 2)
        layout.addLayout(self._row(self.new_participant, rm_p))
        layout.addWidget(self._field_label("Organizations", "organization"))
        layout.addWidget(self.organizations, 1)
        layout.addLayout(self._row(self.new_organization, rm_o))
        layout.addWidget(self.message)
        self._set_enabled(False)

    # -- building ---------------------------------------------------------------

    def _table(self, headers: list[str]) -> QTableWidget:
        t = QTableWidget(0, len(headers))
        t.setHorizontalHeaderLabels(headers)
        t.verticalHeader().setVisible(False)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        h = t.horizontalHeader()
        h.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.ResizeToContents)
        t.cellClicked.connect(lambda row, _col, t=t: self._on_cell_clicked(t, row))
        return t

    def _field_label(self, text: str, key: str) -> QPushButton:
        # A flat button: clicking the name of a field shows where the page says it.
        b = QPushButton(text)
        b.setFlat(True)
        b.setToolTip(f"Show the {key} in the page")
        b.setStyleSheet("text-align: left; font-weight: bold; padding: 2px 4px;")
        b.setCursor(Qt.CursorShape.PointingHandCursor)
        b.clicked.connect(lambda: self.field_clicked.emit(key, ""))
        return b

    def _with_conf(self, widget: QWidget, name: str, extra: Optional[QWidget] = None) -> QHBoxLayout:
        conf = QLabel()
        conf.setMinimumWidth(64)
        self._conf[name] = conf
        row = QHBoxLayout()
        row.addWidget(widget, 1)
        if extra is not None:
            row.addWidget(extra)
        row.addWidget(conf)
        return row

    @staticmethod
    def _row(*widgets: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(widgets[0], 1)
        for w in widgets[1:]:
            row.addWidget(w)
        return row

    def _set_enabled(self, on: bool) -> None:
        for w in (self.date_start, self.date_end, self.event_type, self.status, self.location, self.online,
                  self.participants, self.organizations, self.new_participant, self.new_organization, self.delete_button):
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
        self._show_event(detail.events[row] if row >= 0 else None)

    def select_event(self, row: int) -> None:
        if 0 <= row < self.events.count():
            self.events.setCurrentRow(row)

    def _show_event(self, ev: Optional[EventView]) -> None:
        self.current_event = ev
        self._loading = True
        self.message.clear()
        for w in (self.date_start, self.date_end, self.location):
            w.setStyleSheet("")
        self._set_enabled(ev is not None)
        self.date_start.setText(ev.date_start or "" if ev else "")
        self.date_end.setText(ev.date_end or "" if ev else "")
        self.year_unknown.setVisible(bool(ev and ev.year_unknown))
        self.event_type.setCurrentText(ev.event_type or "" if ev else "")
        self.status.setCurrentText(ev.status or "" if ev else "")
        self.location.setText(ev.location or "" if ev else "")
        self.online.setChecked(bool(ev and ev.online))
        for name, lab in self._conf.items():
            self._show_conf(lab, ev, name)
        self.participants.setRowCount(0)
        self.organizations.setRowCount(0)
        if ev is not None:
            self._fill(self.participants, [(p.id, [p.name, p.role or ""], p.confidence) for p in ev.participants])
            self._fill(self.organizations, [(o.id, [o.name], o.confidence) for o in ev.organizations])
        self._loading = False

    def _fill(self, table: QTableWidget, rows: list[tuple[int, list[str], float]]) -> None:
        """Rows of (id, editable texts, confidence); the id rides on the first cell."""
        for row_id, texts, confidence in rows:
            r = table.rowCount()
            table.insertRow(r)
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, row_id)
                table.setItem(r, c, item)
            table.setItem(r, len(texts), self._conf_item(confidence))
        # Long roles and organization names wrap onto more lines instead of being cut off.
        table.resizeRowsToContents()

    @staticmethod
    def _show_conf(lab: QLabel, ev: Optional[EventView], name: str) -> None:
        if ev is None:
            lab.clear()
        elif name in ev.edited_fields:
            lab.setText("✎ edited")
            lab.setStyleSheet(EDITED_STYLE)
        elif name in ev.confidence:
            c = ev.confidence[name]
            lab.setText(f"{c:.0%}{' low' if c < LOW_CONFIDENCE else ''}")
            lab.setStyleSheet(LOW_STYLE if c < LOW_CONFIDENCE else PLAIN_STYLE)
            lab.setToolTip("confidence of the extraction")
        else:
            lab.setText("")

    @staticmethod
    def _conf_item(c: float) -> QTableWidgetItem:
        item = QTableWidgetItem(f"{c:.0%}")
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        if c < LOW_CONFIDENCE:
            item.setForeground(Qt.GlobalColor.red)
            item.setText(f"{c:.0%} low")
        return item

    # -- edits ------------------------------------------------------------------------

    @property
    def _svc(self):
        return self._runner.service

    @Slot(int)
    def _on_event_row(self, row: int) -> None:
        if self._loading or self._detail is None or not (0 <= row < len(self._detail.events)):
            return
        self._show_event(self._detail.events[row])
        self.event_selected.emit(self._detail.events[row].id)

    def _on_text_field(self, name: str, widget: QLineEdit) -> None:
        if self._loading or self.current_event is None:
            return
        value = widget.text().strip()
        if value == (getattr(self.current_event, name) or ""):
            widget.setStyleSheet("")
            return
        if self._runner.run(self._svc.set_field, self.current_event.id, name, value or None) is None:
            widget.setStyleSheet(ERROR_STYLE)  # refused: the text stays for the reviewer to fix

    def _on_choice(self, name: str, combo: QComboBox) -> None:
        if self._loading or self.current_event is None:
            return
        if combo.currentText() != (getattr(self.current_event, name) or ""):
            if self._runner.run(self._svc.set_field, self.current_event.id, name, combo.currentText() or None) is None:
                combo.setCurrentText(getattr(self.current_event, name) or "")

    @Slot(bool)
    def _on_online(self, checked: bool) -> None:
        if not self._loading and self.current_event is not None and checked != self.current_event.online:
            if self._runner.run(self._svc.set_field, self.current_event.id, "online", checked) is None:
                self.online.setChecked(self.current_event.online)

    @Slot()
    def _on_add_participant(self) -> None:
        if self.current_event is None:
            return
        name, _, role = self.new_participant.text().partition(",")
        if self._runner.run(self._svc.add_participant, self.current_event.id, name, role.strip() or None) is not None:
            self.new_participant.clear()

    @Slot()
    def _on_add_organization(self) -> None:
        if self.current_event is not None and self._runner.run(self._svc.add_organization, self.current_event.id,
                                                       self.new_organization.text()) is not None:
            self.new_organization.clear()

    def _row_id(self, table: QTableWidget, row: int) -> Optional[int]:
        item = table.item(row, 0)
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    @Slot(QTableWidgetItem)
    def _on_participant_changed(self, item: QTableWidgetItem) -> None:
        if self._loading or self.current_event is None:
            return
        pid = self._row_id(self.participants, item.row())
        if item.column() == 0:
            self._runner.run(self._svc.set_participant, pid, name=item.text())
        elif item.column() == 1:
            self._runner.run(self._svc.set_participant, pid, role=item.text())

    @Slot(QTableWidgetItem)
    def _on_organization_changed(self, item: QTableWidgetItem) -> None:
        if not self._loading and self.current_event is not None and item.column() == 0:
            self._runner.run(self._svc.set_organization, self._row_id(self.organizations, item.row()), item.text())

    @Slot()
    def _on_remove_participant(self) -> None:
        pid = self._row_id(self.participants, self.participants.currentRow())
        if pid is not None:
            self._runner.run(self._svc.remove_participant, pid)

    @Slot()
    def _on_remove_organization(self) -> None:
        oid = self._row_id(self.organizations, self.organizations.currentRow())
        if oid is not None:
            self._runner.run(self._svc.remove_organization, oid)

    def _on_cell_clicked(self, table: QTableWidget, row: int) -> None:
        item = table.item(row, 0)
        if item is not None:
            self.field_clicked.emit("participant" if table is self.participants else "organization", item.text())

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.message.setText(message)
