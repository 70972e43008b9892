"""View ▸ Theme (System, Light, Dark) and the zoom keys, with what the window last used applied at once."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from .theme import THEMES, apply_theme, saved_theme, set_theme
from .zoom import Zoom

#: (name, menu text, keys): Ctrl+= is Ctrl++ on keyboards where + needs Shift.
ZOOM_ACTIONS = (("zoom_in", "Zoom &in", ["Ctrl++", "Ctrl+="]), ("zoom_out", "Zoom &out", ["Ctrl+-"]),
                ("zoom_reset", "&Actual size", ["Ctrl+0"]))


def add_view_entries(menu: QMenu, settings: QSettings, zoomed: list[QWidget], add_action: Callable) -> Zoom:
    """Add the zoom actions (through ``add_action(menu, name, text, slot, keys, leaves=False)``) and the Theme menu.

    The remembered theme and zoom are applied here; returns the Zoom.
    """
    zoom = Zoom(settings, zoomed, menu)
    for name, text, keys in ZOOM_ACTIONS:
        add_action(menu, name, text, getattr(zoom, "reset" if name == "zoom_reset" else name),
                   keys, leaves=False)
    themes = menu.addMenu("&Theme")
    themes.setObjectName("themeMenu")
    group = QActionGroup(themes)
    current = saved_theme(settings)
    for choice in THEMES:
        act = QAction(f"&{choice.capitalize()}", themes)
        act.setCheckable(True)
        act.setChecked(choice == current)
        act.setData(choice)
        act.triggered.connect(lambda _=False, c=choice: set_theme(settings, c))
        group.addAction(act)
        themes.addAction(act)
    apply_theme(current)
    return zoom
