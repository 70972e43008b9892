"""The left pane: search as you type, filters, the sortable lazily fetched list of releases, and its legend."""
from __future__ import annotations

from typing import Callable, Optional

from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView, QToolButton,
    QVBoxLayout, QWidget,
)

from reviewer.model import EVENT_TYPES
from reviewer.review import Filter, InvalidValue
from reviewer.review.validation import parse_date

from .accessibility import labelled, named
from .background import LatestOnly
from .release_model import LEGEND, LOW_MARK, NOTE_MARKS, STATUS_HELP, ReleaseListModel
from .theme import Colours, colours, set_style

#: The legend's stand-ins for the status dots (the icons are drawn in release_model.status_icon).
SYMBOLS = {"unreviewed": "&#9675;", "in_progress": "&#9679;", "verified": "&#10004;"}

#: Search as you type waits this long after the last key, so a word typed fast is one query.
DEBOUNCE_MS = 200
#: ... and the count of matches this long after the list was refiltered.
COUNT_AFTER_MS = 400
#: The "Show" choices: (label, Filter flag set).
SHOW = (("Everything", None), ("Needs attention", "attention"), ("Low values", "low_confidence"),
        ("Undecided pairs", "duplicates"), ("Second look", "flag"), ("Notes and flags", "note"))
def invalid_style(c: Colours) -> str:
    return f"border: 1px solid {c.low};"


class ReleaseList(QWidget):
    """Search, filters and the list; every change of them refilters the model (after ``leave()`` allowed it)."""

    filter_applied = Signal(object)  # the Filter now shown

    def __init__(self, model: ReleaseListModel, parent: Optional[QWidget] = None,
                 leave: Callable[[], bool] = lambda: True):
        super().__init__(parent)
        self.model = model
        # The window's "leave the field" step: saves the value being typed in the editor, False when it is invalid.
        self.leave = leave
        self.search = named(QLineEdit(), "Search the releases' text",
                            'words, all of them or any; "a phrase" in quotes; Ctrl+F comes here')
        self.search.setObjectName("search")
        self.search.setPlaceholderText('Search the text (Ctrl+F): words, "a phrase"')
        self.search.setClearButtonEnabled(True)
        self.words = named(QComboBox(), "Match all words or any word")
        self.words.addItem("all words", False)
        self.words.addItem("any word", True)
        self.words.setToolTip("Match releases holding all the words (and \"phrases\") or any of them")
        self.count = QLabel()
        self.count.setObjectName("releaseCount")
        self.show_what = named(QComboBox(), "Show", "narrows the list to what needs attention, low values, pairs, notes")
        for label, flag in SHOW:
            self.show_what.addItem(label, flag)
        self.status = named(QComboBox(), "Status filter")
        self.status.addItem("Any status", None)
        for s, label in (("unreviewed", "Unreviewed"), ("in_progress", "In progress"), ("verified", "Verified")):
            self.status.addItem(label, s)
        self.more = QToolButton()
        self.more.setText("More filters")
        self.more.setCheckable(True)
        self.filters = self._more_filters()
        self.filters.setVisible(False)
        self.more.toggled.connect(self.filters.setVisible)

        self.view = named(QTableView(), "Releases", "the Status column says each release's status and flags in words")
        self.view.setObjectName("releaseList")
        self.view.setModel(model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        h = self.view.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Fixed widths: ResizeToContents would read every fetched row on each change.
        for col, width in ((1, 84), (2, 84), (3, 44), (4, 48)):
            h.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            h.resizeSection(col, width)
        # No indicator: the list's own order (grouped by page) until a header is clicked; a third click returns to it.
        h.setSortIndicatorClearable(True)
        h.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.words)
        layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.show_what, 1)
        row.addWidget(self.status, 1)
        layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.more)
        row.addStretch(1)
        row.addWidget(self.count)
        layout.addLayout(row)
        layout.addWidget(self.filters)
        layout.addWidget(self.view, 1)
        self.legend = self._legend()
        layout.addWidget(self.legend)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.apply)
        # text: as you type, debounced; Enter, or clearing it, at once
        for edit in (self.search, *self._texts):
            edit.textChanged.connect(self._on_text)
            edit.returnPressed.connect(self.apply)
        for combo in (self.words, self.show_what, self.status, self.type, self.reviewer):
            combo.currentIndexChanged.connect(self.apply)
            # sized by a few letters, not the longest choice: the pane can be made narrow
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(3)
        self._counter = LatestOnly(model.db_path, self)
        self._counter.answered.connect(self._on_counted)
        # the count reads every match: asked once the typing has stopped, not on every pause between keys
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_AFTER_MS)
        self._count_timer.timeout.connect(self._count)
        self._show_count()

    def _more_filters(self) -> QWidget:
        box = QWidget()
        form = QFormLayout(box)
        form.setContentsMargins(0, 0, 0, 0)
        self.type = QComboBox()
        self.type.addItem("Any type", None)
        for t in EVENT_TYPES:
            self.type.addItem(t, t)
        self.date_from, self.date_to = QLineEdit(), QLineEdit()
        for edit, text in ((self.date_from, "from"), (self.date_to, "to")):
            edit.setPlaceholderText(f"{text}: 2024-12-20, 20.12.2024, 20 Dec 2024")
            named(edit, f"Dates {text}", "a date such as 2024-12-20, 20.12.2024 or 20 Dec 2024")
        self.location, self.participant, self.organization = QLineEdit(), QLineEdit(), QLineEdit()
        for edit in (self.location, self.participant, self.organization):
            edit.setPlaceholderText("part of the name")
            edit.setClearButtonEnabled(True)
        self.reviewer = QComboBox()
        self.reviewer.addItem("Anyone", None)
        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addWidget(self.date_to)
        # Alt letters free of the menus' (F E R H) and the editor's fields' (S N T U L O P G)
        labelled(form, "T&ype", self.type)
        labelled(form, "&Dates", dates, buddy=self.date_from)
        labelled(form, "Pl&ace", self.location, description="part of the place's name")
        labelled(form, "Part&icipant", self.participant, description="part of the participant's name")
        labelled(form, "Organi&zation", self.organization, description="part of the organization's name")
        labelled(form, "Re&viewer", self.reviewer)
        self._texts = (self.date_from, self.date_to, self.location, self.participant, self.organization)
        return box

    @staticmethod
    def _legend_text() -> str:
        c = colours()
        items = [f"<span style='color:{c.status[status]}'>{SYMBOLS[status]}</span>&nbsp;{text}"
                 for status, pair, text in LEGEND if not pair]
        items += [f"<span style='color:{c.duplicate}'>&#9632;</span>&nbsp;pair to decide",
                  f"<b style='color:{c.low}'>{LOW_MARK}</b>&nbsp;low values",
                  f"{NOTE_MARKS[1]}&nbsp;note", f"{NOTE_MARKS[2]}&nbsp;second look"]
        return " &nbsp; ".join(items)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # another theme: the legend in its colours
            self.legend.setText(self._legend_text())

    def _legend(self) -> QLabel:
        """What the Status column's marks mean; one wrapped line, so the pane can be made narrow."""
        label = QLabel(self._legend_text())
        label.setObjectName("legend")
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setToolTip(STATUS_HELP)
        return label

    # -- applying ------------------------------------------------------------------

    def refresh_reviewers(self, names: list[str]) -> None:
        """The reviewer filter's choices (keeps the chosen one)."""
        chosen = self.reviewer.currentData()
        self.reviewer.blockSignals(True)
        while self.reviewer.count() > 1:
            self.reviewer.removeItem(1)
        for name in names:
            self.reviewer.addItem(name, name)
        self.reviewer.setCurrentIndex(max(0, self.reviewer.findData(chosen)))
        self.reviewer.blockSignals(False)

    @Slot(str)
    def _on_text(self, text: str) -> None:
        if text:
            self._timer.start()
        else:
            self.apply()

    def current_filter(self) -> Filter:
        """The filter the widgets describe; a date that cannot be read is left out (and marked)."""
        flag = self.show_what.currentData()
        dates = []
        for edit in (self.date_from, self.date_to):
            try:
                value = parse_date(edit.text(), what="filter date")
            except InvalidValue as exc:
                set_style(edit, invalid_style)
                edit.setToolTip(str(exc))
                value = None
            else:
                set_style(edit, None)
                edit.setToolTip("")
            # a year-unknown date bounds nothing (the filter compares known dates only)
            dates.append(value if value and not value.startswith("XXXX") else None)
        old = self.model.filter
        return Filter(
            status=self.status.currentData(), low_confidence=flag == "low_confidence", duplicates=flag == "duplicates",
            attention=flag == "attention", search=self.search.text(), any_words=bool(self.words.currentData()),
            event_type=self.type.currentData(), date_from=dates[0], date_to=dates[1], location=self.location.text(),
            participant=self.participant.text(), organization=self.organization.text(),
            reviewer=self.reviewer.currentData(), sort=old.sort, descending=old.descending,
            notes=flag if flag in ("note", "flag") else None)

    @Slot()
    def apply(self) -> None:
        """Refilter now, once the window let the editor's pending value go (saved, or refused with a reason)."""
        self._timer.stop()
        flt = self.current_filter()
        if flt == self.model.filter:
            return
        if not self.leave():
            return  # the banner says why; the next change of a filter tries again
        self.model.set_filter(flt)
        self._show_count()
        self.filter_applied.emit(flt)

    def _show_count(self) -> None:
        """Count what the filter lists off the UI thread (a common word matches 100,000 releases: ~0.1 s)."""
        self.count.setText("counting…")
        self._count_timer.start()

    @Slot()
    def _count(self) -> None:
        flt = self.model.filter
        self._counter.request(lambda svc: (flt, svc.count_releases(flt)))

    @Slot(object)
    def _on_counted(self, answer: tuple[Filter, int]) -> None:
        flt, n = answer
        if flt != self.model.filter:
            return  # a count for a filter since left (the newer one's count follows)
        narrowed = flt != Filter(sort=flt.sort, descending=flt.descending)
        self.count.setText(f"{n:,} match{'' if n == 1 else 'es'}" if narrowed else f"{n:,} release{'' if n == 1 else 's'}")

    @property
    def counting(self) -> bool:
        return self._count_timer.isActive() or self._counter.busy
