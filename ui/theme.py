"""Every colour of the window, chosen once per light and dark palette, and View ▸ Theme (System, Light, Dark).

The highlight colours were chosen for the page text of each palette: text on
every one is at least WCAG AA (4.5:1), and the field colours, the event's
sentence among them, are at least 20 apart in CIEDE2000 (``ui.colour_math``)
from each other and from what they are drawn on, the page and the shown
release's shading (``tests/ui/test_theme.py`` checks all of it). Colour is never the only cue: each
field also has its own underline or frame (``FIELD_CUES``), shown in the legend.
Widgets read :func:`colours` when they paint or when the palette changes
(``QEvent.PaletteChange``), so switching the theme repaints at once.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Callable, Mapping, Optional

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette, QTextCharFormat
from PySide6.QtWidgets import QApplication, QWidget

THEMES = ("system", "light", "dark")
THEME_KEY = "view/theme"
FUSION = "Fusion"  # draws from the palette on every platform, so a dark palette is dark everywhere (offscreen too)

Style = QTextCharFormat.UnderlineStyle

Pen = Qt.PenStyle

#: The non-colour cue of each field in the page and the legend: (underline style, frame drawn round it, its name).
#: Qt has six underlines that look different; the two one-word fields get a frame (a line above the text
#: would merge with the line before it).
FIELD_CUES: Mapping[str, tuple[Style, Pen, str]] = MappingProxyType({
    "date": (Style.SingleUnderline, Pen.NoPen, "solid underline"),
    "type": (Style.DashDotDotLine, Pen.NoPen, "dash-dot-dot underline"),
    "status": (Style.NoUnderline, Pen.SolidLine, "solid frame"),
    "location": (Style.DashUnderline, Pen.NoPen, "dashed underline"),
    "online": (Style.NoUnderline, Pen.DotLine, "dotted frame"),
    "participant": (Style.DotLine, Pen.NoPen, "dotted underline"),
    "role": (Style.WaveUnderline, Pen.NoPen, "wavy underline"),
    "organization": (Style.DashDotLine, Pen.NoPen, "dash-dot underline"),
})


@dataclass(frozen=True)
class Colours:
    """The colours of one theme (``#rrggbb``); ``text`` and ``base`` are its palette's page text and background."""

    text: str
    base: str
    fields: Mapping[str, str]  # background of each field's span, by field key (FIELD_CUES)
    field_ink: Mapping[str, str]  # each field's underline, and its spans' colour in other events
    evidence: str  # the event's sentence
    item: str  # the shown release's extent in the page
    item_bar: str  # the bar beside that extent
    furniture: str  # page furniture's text
    flash: str
    hit: str
    hit_text: str
    low: str  # values needing attention, refused input
    edited: str  # values a reviewer set
    muted: str  # secondary text
    hint_bg: str
    year_bg: str
    year_text: str
    merged: str
    error_bg: str
    error_border: str
    error_text: str
    note_bg: str
    note_border: str
    note_text: str
    status: Mapping[str, str]  # release status dots
    status_mark: str  # the tick inside the verified dot
    duplicate: str
    types: tuple[str, ...]  # timeline dots, in reviewer.model.EVENT_TYPES order
    verified_ring: str  # the timeline's ring around a verified event


LIGHT = Colours(
    text="#000000", base="#ffffff",
    fields=MappingProxyType({"date": "#93b1e6", "type": "#f0d0ff", "status": "#39b4a4", "location": "#cefe96",
                             "online": "#9ef3ff", "participant": "#f7a98f", "role": "#9f987c",
                             "organization": "#db81ac"}),
    field_ink=MappingProxyType({"date": "#1a4fa0", "type": "#7b3fa8", "status": "#0b6b5f", "location": "#3a7d16",
                                "online": "#17718a", "participant": "#a8431f", "role": "#6b6440",
                                "organization": "#a02a66"}),
    evidence="#fad157", item="#ece7d6", item_bar="#8c6d1f", furniture="#5f6368", flash="#ffb300",
    hit="#ff9632", hit_text="#000000",
    low="#c5221f", edited="#1967d2", muted="#5f6368", hint_bg="#f1f3f4", year_bg="#fce8b2", year_text="#7a4f01",
    merged="#7b1fa2",
    error_bg="#fce8e6", error_border="#f5c2bd", error_text="#a50e0e",
    note_bg="#e8f0fe", note_border="#aecbfa", note_text="#174ea6",
    status=MappingProxyType({"unreviewed": "#80868b", "in_progress": "#e37400", "verified": "#137333"}),
    status_mark="#ffffff", duplicate="#a142f4",
    types=("#1a73e8", "#12b5cb", "#e37400", "#9334e6", "#188038", "#d01884", "#f9ab00", "#c5221f", "#80868b"),
    verified_ring="#000000",
)

DARK = Colours(
    text="#e8eaed", base="#1e1f22",
    fields=MappingProxyType({"date": "#2f5a9f", "type": "#251156", "status": "#217370", "location": "#107404",
                             "online": "#004024", "participant": "#873e2e", "role": "#65656a",
                             "organization": "#89376b"}),
    field_ink=MappingProxyType({"date": "#8ab4f8", "type": "#c58af9", "status": "#5fd3c5", "location": "#81c995",
                                "online": "#78d9ec", "participant": "#fcad70", "role": "#bdc1c6",
                                "organization": "#ff8bcb"}),
    evidence="#614b05", item="#2f2c25", item_bar="#d8b45a", furniture="#9ea3a8", flash="#7a5200",
    hit="#b34700", hit_text="#ffffff",
    low="#f28b82", edited="#8ab4f8", muted="#9aa0a6", hint_bg="#2a2b2f", year_bg="#4a3a0e", year_text="#fde293",
    merged="#d7aefb",
    error_bg="#3c1f1e", error_border="#8c3a35", error_text="#f6aea9",
    note_bg="#1c2b41", note_border="#3b5f99", note_text="#aecbfa",
    status=MappingProxyType({"unreviewed": "#9aa0a6", "in_progress": "#fbbc04", "verified": "#81c995"}),
    status_mark="#202124", duplicate="#c58af9",
    types=("#8ab4f8", "#78d9ec", "#fcad70", "#c58af9", "#81c995", "#ff8bcb", "#fdd663", "#f28b82", "#bdc1c6"),
    verified_ring="#ffffff",
)


def is_dark(palette: Optional[QPalette] = None) -> bool:
    """Whether a palette (the application's by default) is dark: its window darker than mid grey."""
    pal = palette if palette is not None else QGuiApplication.palette()
    return pal.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def colours(palette: Optional[QPalette] = None) -> Colours:
    """The colours for a palette (the application's by default): the dark set on a dark one."""
    return DARK if is_dark(palette) else LIGHT


def dark_palette() -> QPalette:
    """A real dark palette (every role and the disabled group), for the Fusion style."""
    R, G = QPalette.ColorRole, QPalette.ColorGroup
    pal = QPalette()
    for role, colour in ((R.Window, "#202124"), (R.WindowText, "#e8eaed"), (R.Base, DARK.base), (R.Text, DARK.text),
                         (R.AlternateBase, "#26272b"), (R.ToolTipBase, "#303134"), (R.ToolTipText, "#e8eaed"),
                         (R.PlaceholderText, "#9aa0a6"), (R.Button, "#2d2e32"), (R.ButtonText, "#e8eaed"),
                         (R.BrightText, "#ffffff"), (R.Light, "#4a4c50"), (R.Midlight, "#3c3d41"), (R.Mid, "#303134"),
                         (R.Dark, "#151618"), (R.Shadow, "#000000"), (R.Highlight, "#3d6cbf"),
                         (R.HighlightedText, "#ffffff"), (R.Link, "#8ab4f8"), (R.LinkVisited, "#c58af9")):
        pal.setColor(role, QColor(colour))
    for role, colour in ((R.WindowText, "#80868b"), (R.Text, "#80868b"), (R.ButtonText, "#80868b"),
                         (R.Highlight, "#3c3d41"), (R.HighlightedText, "#9aa0a6")):
        pal.setColor(G.Disabled, role, QColor(colour))
    return pal


def light_palette() -> QPalette:
    pal = QApplication.style().standardPalette() if QApplication.style().name().lower() == FUSION.lower() else QPalette()
    pal.setColor(QPalette.ColorRole.Text, QColor(LIGHT.text))
    pal.setColor(QPalette.ColorRole.Base, QColor(LIGHT.base))
    return pal


_system: Optional[tuple[str, QPalette]] = None  # the style and palette the application started with


def apply_theme(choice: str) -> None:
    """Set the application's style and palette for ``choice`` (one of THEMES); every widget repaints."""
    global _system
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if _system is None:
        _system = (app.style().name(), QPalette(app.palette()))
    if choice not in ("light", "dark"):
        if app.style().name() != _system[0]:
            app.setStyle(_system[0])
        app.setPalette(_system[1])
    else:
        if app.style().name().lower() != FUSION.lower():
            app.setStyle(FUSION)
        app.setPalette(dark_palette() if choice == "dark" else light_palette())
    _restyle_all(app)


def saved_theme(settings: QSettings) -> str:
    value = settings.value(THEME_KEY)
    return value if value in THEMES else "system"


def set_theme(settings: QSettings, choice: str) -> None:
    """Apply ``choice`` and remember it for the next start."""
    apply_theme(choice)
    settings.setValue(THEME_KEY, choice)
    settings.sync()


def set_style(widget: QWidget, make: Optional[Callable[[Colours], str]]) -> None:
    """Give ``widget`` a style sheet made from the theme's colours, made again whenever the theme changes."""
    widget._theme_style = make  # type: ignore[attr-defined]  # read back by _restyle_all
    sheet = make(colours()) if make is not None else ""
    if sheet != widget.styleSheet():  # the same sheet set again would still polish the widget again
        widget.setStyleSheet(sheet)


def _restyle_all(app: QApplication) -> None:
    """Widgets with a style sheet keep the palette they were polished with: polish them again with the new one."""
    c = colours()
    for widget in app.allWidgets():
        make = getattr(widget, "_theme_style", None)
        sheet = make(c) if make is not None else widget.styleSheet()
        if sheet:
            widget.setStyleSheet(sheet)
