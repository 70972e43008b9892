"""Render the review window on the bundled seeds to docs/screenshot.png (offscreen, no desktop needed).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot.py [OUT.png] [--theme light|dark] [--size WxH]

``--theme dark`` renders docs/screenshot-dark.png (View ▸ Theme ▸ Dark). ``--size`` is in logical pixels
(default: the window's first-start size). A small screen at 150 % scaling, as the README shows it:
``QT_SCALE_FACTOR=1.5 ... scripts/screenshot.py docs/screenshot-1280x720-150.png --size 853x480`` (a 1,280 × 720
picture).
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from reviewer.importing.pipeline import import_paths  # noqa: E402
from reviewer.store import Store  # noqa: E402


def main(out: Path, theme: str = "light", size: Optional[tuple[int, int]] = None) -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "seeds.db"
        with Store(db) as store:
            import_paths(store, [ROOT / "seeds"])
        settings = QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
        settings.setValue("reviewer/name", "screenshot")
        settings.setValue("view/theme", theme)
        from ui.app import open_window

        window = open_window(db, settings)
        # the default size (MainWindow._restore: 1400 × 860), as a first start opens it, unless one is asked for
        if size is not None:
            window.resize(*size)
        # Show a release worth looking at: the first one with a named participant and an organization.
        svc = window.service
        for row in svc.release_page(limit=500):
            d = svc.release_detail(row.id)
            if any(e.participants and e.organizations for e in d.events):
                window.open_release(row.id)
                break
        window.verify_and_next(anyway=True)  # one verified release in the list, and the status bar counts it
        window.previous_release()
        for _ in range(5):
            app.processEvents()
        deadline = time.monotonic() + 5  # the list's count is made off the UI thread: shown once it arrives
        while window.releases.count.text().startswith("counting") and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.02)
        for _ in range(3):  # and laid out at its width
            app.processEvents()
        window.statusBar().clearMessage()  # the verify's "Saved" line would cover the counts
        out.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(out))
        window.close()
        svc.store.close()
    print(out)


if __name__ == "__main__":
    args = sys.argv[1:]
    theme = args[args.index("--theme") + 1] if "--theme" in args else "light"
    size = tuple(int(n) for n in args[args.index("--size") + 1].split("x")) if "--size" in args else None
    paths = [a for a in args if a.endswith(".png")]
    main(Path(paths[0]) if paths else ROOT / "docs" / ("screenshot-dark.png" if theme == "dark" else "screenshot.png"),
         theme, size)  # type: ignore[arg-type]
