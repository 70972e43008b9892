"""Render the File menu and the report of an import made from it to docs/file-menu.png and docs/import-report.png.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot_file_menu.py [OUT_DIR]

The import is a real one, run the way File ▸ Import folder… runs it: a folder
of the seeds, three other pages, an HTML page, a feed with a bad line, and
files the import does not read.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QPoint, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QMenu  # noqa: E402

HTML = """<!doctype html><html><head><meta charset="utf-8"><title>Consultations in Minsk</title>
<link rel="canonical" href="https://example.org/news/2024/consultations-minsk"></head>
<body><nav>Home | News | Contacts</nav><article><h1>Consultations in Minsk</h1>
<p>On 14 March 2024, consultations of the deputy foreign ministers of the member states were held in Minsk.</p>
</article><footer>© Press service</footer></body></html>
"""


def make_folder(folder: Path) -> None:
    folder.mkdir(parents=True)
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        shutil.copy(p, folder / p.name)
    for p in sorted((ROOT / "tests" / "extract_pages").glob("blind2_0[1-2].txt")):
        shutil.copy(p, folder / p.name)
    (folder / "consultations-minsk.html").write_text(HTML, encoding="utf-8")
    feed = [{"url": "https://example.org/news/2024/visit", "text": "On 2 April 2024, the Secretary General visited"
             " Bishkek and met the Minister of Defence of Kyrgyzstan."}, "not a page"]
    (folder / "crawl.jsonl").write_text("\n".join(json.dumps(x) for x in feed) + "\n", encoding="utf-8")
    (folder / "notes.md").write_text("# what to import next\n")
    (folder / "empty.txt").write_text("")


def main(out: Path) -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "crawls" / "csto-2024"
        make_folder(folder)
        settings = QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
        settings.setValue("reviewer/name", "Dana K.")
        from ui.app import open_window
        from ui.import_report import ImportReportDialog

        window = open_window(Path(tmp) / "events.db", settings)
        window.resize(1400, 860)
        started = window.file_menu.import_paths([folder])
        assert started is not None
        while started.report is None:
            app.processEvents()
            time.sleep(0.01)
        app.processEvents()
        out.mkdir(parents=True, exist_ok=True)
        report = window.findChild(ImportReportDialog)
        report.grab().save(str(out / "import-report.png"))
        report.close()
        export = window.actions_by_name["export"]
        menu = next(m for m in window.menuBar().findChildren(QMenu) if export in m.actions())
        menu.popup(window.mapToGlobal(QPoint(8, 28)))
        app.processEvents()
        menu.grab().save(str(out / "file-menu.png"))
        menu.close()
        window.close()
        window.service.store.close()
        from ui.operations import worker_pool

        worker_pool().waitForDone(10_000)
    print(out / "file-menu.png", out / "import-report.png")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs")
