"""Data cannot hurt its user: page text is never HTML, exports stay in the chosen folder, CSV cells are never formulas."""
from __future__ import annotations

import csv
import json
import os
import re
from pathlib import Path

import pytest

from reviewer.export import export
from reviewer.importing.pipeline import import_paths
from reviewer.review import ReviewService
from reviewer.store import Store

HTML_HEADLINE = '<b>Ministers met</b> <img src="http://example.com/x.png"> in Minsk'
HTML_SENTENCE = ('On 3 May 2024, <script>alert(1)</script> the CSTO <b>bold</b> Joint Staff held a meeting '
                 '<img src="http://example.com/x.png"> in Minsk.')
HTML_PAGE = f"{HTML_SENTENCE}\n{HTML_HEADLINE}\n03.05.2024{HTML_SENTENCE}\nGo back\n"
UI = Path(__file__).resolve().parents[2] / "ui"


@pytest.fixture
def html_db(tmp_path: Path) -> Path:
    page = tmp_path / "page with html.txt"
    page.write_text(HTML_PAGE, encoding="utf-8")
    db = tmp_path / "html.db"
    with Store(db) as store:
        assert import_paths(store, [page]).imported
    return db


@pytest.fixture
def window(qtbot, html_db, tmp_path):
    from PySide6.QtCore import QSettings

    from ui.app import open_window

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("reviewer/name", "tester")
    w = open_window(html_db, settings)
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w.current is not None)
    return w


def test_page_text_with_html_is_shown_literally_and_loads_nothing(window):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel, QTextBrowser

    assert not window.findChildren(QTextBrowser)  # nothing that follows links or fetches resources
    for row in range(window.model.rowCount()):
        window.open_release(window.model.release_id(row))
        view = window.page.text
        shown = view.toPlainText()
        assert '<img src="http://example.com/x.png">' in shown and "<b>bold</b>" in shown
        assert "<script>alert(1)</script>" in shown
        doc_html = view.document().toHtml()
        assert "<img" not in doc_html.replace("&lt;img", "")  # escaped, never an element
        for label in window.findChildren(QLabel):  # any label that shows page text shows it as text
            if any(bit in label.text() for bit in ("bold</b>", "example.com", "alert(1)", "Ministers met")):
                assert label.textFormat() == Qt.TextFormat.PlainText, (label.objectName(), label.text())


def test_release_list_tooltips_never_render_page_text_as_html(window):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import Qt as QtGuiNs

    for row in range(window.model.rowCount()):
        tip = window.model.data(window.model.index(row, 0), Qt.ItemDataRole.ToolTipRole)
        title = window.model.data(window.model.index(row, 0), Qt.ItemDataRole.DisplayRole)
        if tip and "<" in title:
            assert not QtGuiNs.mightBeRichText(tip) or "&lt;" in tip, tip


def test_the_window_code_has_no_network_or_web_view():
    # Qt's plain-text widgets never fetch; a web view or network manager would be the way to load a URL.
    for path in UI.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"QtNetwork|QtWebEngine|QNetworkAccessManager|QTextBrowser|urlopen|requests", source), path


# --------------------------------------------------------------------------
# Exports

FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1", "\r=1"]


@pytest.fixture
def hostile_values(html_db: Path) -> Path:
    """Every event's values set by a reviewer to what a spreadsheet would execute."""
    with Store(html_db) as store:
        svc = ReviewService(store, "=cmd|' /C calc'!A0")
        for i, (event_id,) in enumerate(store.db.execute(
                "SELECT id FROM events WHERE deleted = 0 AND merged_into IS NULL").fetchall()):
            svc.set_field(event_id, "location", FORMULAS[i % len(FORMULAS)].strip() or "=1")
            for f in FORMULAS:
                svc.add_participant(event_id, f.strip() or "=1", role="+" + f.strip())
                svc.add_organization(event_id, f.strip() or "=1")
        for (rid,) in store.db.execute("SELECT id FROM releases WHERE merged_into IS NULL").fetchall():
            svc.set_release_status(rid, "verified")
    return html_db


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


def test_csv_export_writes_no_cell_a_spreadsheet_would_run(hostile_values, tmp_path):
    out = tmp_path / "export"
    with Store(hostile_values) as store:
        export(store, "csv", out, scope="all")
    cells = 0
    for path in out.glob("*.csv"):
        with open(path, newline="", encoding="utf-8-sig") as f:
            for row in csv.reader(f):
                for cell in row:
                    cells += 1
                    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (path.name, cell)
    assert cells > 0
    text = "".join(p.read_text(encoding="utf-8-sig") for p in out.glob("*.csv"))
    assert "'=HYPERLINK" in text and "'+cmd" in text and "'@SUM" in text


#: Formulas behind what a spreadsheet skips: spaces of any kind, line breaks, invisible characters.
HIDDEN_FORMULAS = [" =1+1", "  +cmd|' /C calc'!A0", "\u00a0=HYPERLINK(\"http://evil.example\")", "\u200b=1",
                   "\ufeff@SUM(1+1)", "\u3000-2+3", "\u2060=1", "\n=1", "\u200e\u00a0 =1"]


def test_csv_export_neutralises_a_formula_behind_spaces_or_invisible_characters(html_db, tmp_path):
    with Store(html_db) as store:
        svc = ReviewService(store, "mallory")
        event_id = store.db.execute("SELECT id FROM events WHERE deleted = 0 ORDER BY id").fetchone()[0]
        first = store.db.execute("SELECT count(*) FROM event_organizations WHERE event_id = ?", [event_id]).fetchone()[0]
        for value in HIDDEN_FORMULAS:  # the window keeps invisible characters but trims spaces ...
            svc.add_organization(event_id, value)
        # ... which a database written by an older version or another tool may still hold
        store.db.conn.executemany("UPDATE event_organizations SET name = ? WHERE event_id = ? AND position = ?",
                                  [(v, event_id, first + i) for i, v in enumerate(HIDDEN_FORMULAS)])
        store.db.conn.commit()
        stored = {r[0] for r in store.db.execute("SELECT name FROM event_organizations WHERE event_id = ?", [event_id])}
        assert set(HIDDEN_FORMULAS) <= stored
        export(store, "csv", tmp_path / "out", scope="all")
    with open(tmp_path / "out" / "organizations.csv", newline="", encoding="utf-8-sig") as f:
        names = {row["name"] for row in csv.DictReader(f)}
    assert {"'" + v for v in HIDDEN_FORMULAS} <= names, sorted(names)
    assert not set(HIDDEN_FORMULAS) & names


def test_jsonl_keeps_the_values_exactly_as_the_reviewer_typed_them(hostile_values, tmp_path):
    out = tmp_path / "events.jsonl"
    with Store(hostile_values) as store:
        export(store, "jsonl", out, scope="all")
    names = {p["name"] for line in out.read_text(encoding="utf-8").splitlines()
             for p in json.loads(line).get("participants", [])}
    assert "=HYPERLINK(\"http://evil.example\",\"x\")" in names and "@SUM(1+1)" in names


@pytest.mark.parametrize("fmt, name", [("csv", "chosen"), ("jsonl", "chosen/events.jsonl"), ("sqlite", "chosen/events.db")])
def test_an_export_writes_only_inside_the_folder_the_user_chose(hostile_values, tmp_path, fmt, name):
    root = tmp_path / "area"
    (root / "chosen").mkdir(parents=True) if fmt != "csv" else root.mkdir()
    target = root / name
    before = _files(tmp_path)
    with Store(hostile_values) as store:
        export(store, fmt, target, scope="all")
    chosen = target if fmt == "csv" else target.parent
    new = _files(tmp_path) - before
    assert new and all(p == chosen or chosen in p.parents for p in new), sorted(map(str, new))


def test_a_forced_csv_export_over_a_symlink_never_writes_outside_the_folder(hostile_values, tmp_path):
    out = tmp_path / "export"
    with Store(hostile_values) as store:
        export(store, "csv", out, scope="all")
        victim = tmp_path / "outside" / "victim.txt"
        victim.parent.mkdir()
        victim.write_text("precious\n")
        first = sorted(out.glob("*.csv"))[0]
        first.unlink()
        os.symlink(victim, first)  # a planted link where the export writes a table
        try:
            export(store, "csv", out, scope="all", force=True)
        except Exception as exc:  # refusing is fine too, as long as it is a one-line reason
            assert "\n" not in str(exc)
    assert victim.read_text() == "precious\n"
