"""The Export dialog drives the real export on the worker: files appear, existing ones are replaced only when asked."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from ui.export_dialog import ExportDialog


@pytest.fixture
def dialog(qtbot, seeded_store):
    dlg = ExportDialog(seeded_store.path)
    qtbot.addWidget(dlg)
    return dlg


def choose(dlg, fmt: str, scope: str, target: Path) -> None:
    dlg.format_box.setCurrentIndex(dlg.format_box.findData(fmt))
    dlg.scope_box.setCurrentIndex(dlg.scope_box.findData(scope))
    dlg.destination.setText(str(target))


def press_export(qtbot, dlg, signal="exported"):
    with qtbot.waitSignal(getattr(dlg, signal), timeout=10000) as blocker:
        dlg.export_button.click()
    return blocker.args[0]


def test_export_writes_the_chosen_format_and_reports_it(qtbot, dialog, seeded_store, tmp_path):
    choose(dialog, "csv", "all", tmp_path / "tables")
    result = press_export(qtbot, dialog)
    assert result.events == seeded_store.stats()["events"] > 0
    assert (tmp_path / "tables" / "events.csv").exists() and (tmp_path / "tables" / "datapackage.json").exists()
    assert f"{result.events} events written" in dialog.status.text()
    assert dialog.progress.value() == dialog.progress.maximum() and dialog.export_button.isEnabled()


def test_verified_scope_writes_only_verified_events(qtbot, dialog, tmp_path):
    choose(dialog, "jsonl", "verified", tmp_path / "v.jsonl")
    result = press_export(qtbot, dialog)
    assert result.events == 0 and (tmp_path / "v.jsonl").read_text() == ""
    assert json.loads((tmp_path / "v.jsonl.datapackage.json").read_text())["generator"]["scope"] == "verified"


def test_existing_export_is_replaced_only_after_yes(qtbot, dialog, tmp_path, monkeypatch):
    target = tmp_path / "e.db"
    target.write_bytes(b"old")
    asked = []
    monkeypatch.setattr(ExportDialog, "ask", classmethod(lambda cls, parent, title, text: asked.append(text) or False))
    choose(dialog, "sqlite", "all", target)
    dialog.export_button.click()
    assert asked and str(target) in asked[0]
    assert target.read_bytes() == b"old" and "not replaced" in dialog.status.text()

    monkeypatch.setattr(ExportDialog, "ask", classmethod(lambda cls, parent, title, text: True))
    press_export(qtbot, dialog)
    assert target.read_bytes().startswith(b"SQLite format 3\x00")


def test_a_refused_destination_shows_one_line_and_writes_nothing(qtbot, dialog, tmp_path):
    choose(dialog, "jsonl", "all", tmp_path / "missing" / "e.jsonl")
    with qtbot.waitSignal(dialog.failed, timeout=1000) as blocker:
        dialog.export_button.click()
    assert "no such folder" in blocker.args[0] and "\n" not in dialog.status.text()
    assert not (tmp_path / "missing").exists()


def test_browse_fills_the_destination_and_format_swaps_default_names(qtbot, dialog, tmp_path, monkeypatch):
    picked = tmp_path / "chosen.jsonl"
    monkeypatch.setattr(ExportDialog, "choose_path", classmethod(lambda cls, parent, fmt, start: picked))
    dialog.browse_button.click()
    assert dialog.destination.text() == str(picked)
    dialog.destination.setText(str(tmp_path / "events.jsonl"))
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("sqlite"))
    assert dialog.destination.text() == str(tmp_path / "events.db")
    dialog.destination.setText(str(tmp_path / "mine.jsonl"))
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("csv"))
    assert dialog.destination.text() == str(tmp_path / "mine.jsonl")  # a typed name is the user's


def test_cancel_while_writing_stops_the_export_and_keeps_the_dialog(qtbot, dialog, tmp_path, monkeypatch):
    import threading

    import ui.export_dialog as module
    from reviewer.export import export as real_export

    started, go_on = threading.Event(), threading.Event()

    def slow_export(store, fmt, target, scope, force, progress, cancelled):
        started.set()
        go_on.wait(5)  # the user presses Cancel meanwhile
        return real_export(store, fmt, target, scope, force, progress, cancelled)

    monkeypatch.setattr(module, "export", slow_export)
    choose(dialog, "csv", "all", tmp_path / "t")
    dialog.export_button.click()
    assert started.wait(5) and dialog.close_button.text() == "Cancel" and not dialog.export_button.isEnabled()
    with qtbot.waitSignal(dialog.failed, timeout=10000) as blocker:
        dialog.close_button.click()
        go_on.set()
    assert "cancelled" in blocker.args[0] and not (tmp_path / "t").exists()
    assert dialog.export_button.isEnabled() and dialog.close_button.text() == "Close"
