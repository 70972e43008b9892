"""Colours per theme: AA contrast of text on every highlight, field colours ΔE ≥ 20 apart with a non-colour cue
each, View ▸ Theme switched with the keyboard and the mouse (what is painted changes, and is remembered)."""
from __future__ import annotations

from itertools import combinations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication, QMenu

from ui.colour_math import colour_difference, contrast_ratio
from ui.page_marks import OTHER_MARKS
from ui.page_view import field_key
from ui.theme import DARK, FIELD_CUES, LIGHT, THEME_KEY, apply_theme, dark_palette, light_palette

THEMES = {"light": LIGHT, "dark": DARK}
AA = 4.5


@pytest.fixture(autouse=True)
def system_theme_after():
    """A theme is application-wide: every test here leaves the system one behind it."""
    yield
    apply_theme("system")


def palette_of(name: str) -> QPalette:
    return light_palette() if name == "light" else dark_palette()


@pytest.mark.parametrize("name", THEMES)
def test_text_on_every_highlight_meets_wcag_aa(qapp, name):
    c, pal = THEMES[name], palette_of(name)
    text = pal.color(QPalette.ColorRole.Text).name()
    assert text == c.text and pal.color(QPalette.ColorRole.Base).name() == c.base  # the colours' palette is the real one
    pairs = {f"page text on {k}": (text, bg) for k, bg in c.fields.items()}
    pairs.update({"page text on the sentence": (text, c.evidence), "page text on the release": (text, c.item),
                  "page text on a flash": (text, c.flash), "search hit": (c.hit_text, c.hit),
                  "furniture on the page": (c.furniture, c.base), "furniture in the release": (c.furniture, c.item),
                  "error banner": (c.error_text, c.error_bg), "note banner": (c.note_text, c.note_bg),
                  "year unknown tag": (c.year_text, c.year_bg), "editor hint": (c.muted, c.hint_bg)})
    window = pal.color(QPalette.ColorRole.Window).name()
    for what, fg in (("low value", c.low), ("edited value", c.edited), ("muted text", c.muted), ("merged", c.merged),
                     ("imported file", c.status["verified"])):
        pairs[f"{what} on the base"] = (fg, c.base)
        pairs[f"{what} on the window"] = (fg, window)
    low = {what: round(contrast_ratio(fg, bg), 2) for what, (fg, bg) in pairs.items() if contrast_ratio(fg, bg) < AA}
    assert not low, f"{name}: below {AA}:1 — {low}"


@pytest.mark.parametrize("name", THEMES)
def test_field_colours_are_ciede2000_20_apart_and_each_field_has_its_own_line(name):
    c = THEMES[name]
    colours = {**c.fields, "sentence": c.evidence}  # the fields sit on the sentence: it counts as one of them
    close = {(a, b): round(colour_difference(colours[a], colours[b]), 1) for a, b in combinations(colours, 2)
             if colour_difference(colours[a], colours[b]) < 20}
    assert not close, f"{name}: fields closer than ΔE00 20 — {close}"
    # ... and from what they are drawn on: the page, and the shown release's shading over it
    faint = {(field, under): round(colour_difference(colour, bg), 1) for field, colour in colours.items()
             for under, bg in (("page", c.base), ("release", c.item)) if colour_difference(colour, bg) < 20}
    assert not faint, f"{name}: fields closer than ΔE00 20 to their background — {faint}"
    assert set(c.fields) == set(FIELD_CUES)
    cues = [(style, frame) for style, frame, _words in FIELD_CUES.values()]
    assert len(set(cues)) == len(cues)  # no two fields share a line: told apart without colour
    # the shown release and the sentence stand out from the page
    assert colour_difference(c.item, c.base) >= 7 and contrast_ratio(c.item_bar, c.base) >= 3


def page_pixel(w, start, end):
    """The colour painted behind the page text at a span (a pixel at the top left of its first character)."""
    text = w.page.text
    cur = QTextCursor(text.document())
    cur.setPosition(w.page._pos.to_doc(start))
    rect = text.cursorRect(cur)
    img = text.viewport().grab().toImage()
    return QColor(img.pixel(rect.left() + 2, rect.top() + 1)).name()


def current_span(w):
    """A span of the shown event, and the field whose colour is painted at its start (the last one drawn there)."""
    ev = w.editor.current_event
    mine = [sp for sp in w.service.release_detail(w.current).spans
            if sp.event_id == ev.id and field_key(sp.field) in FIELD_CUES]
    sp = mine[0]
    return sp, field_key([o for o in mine if o.start <= sp.start < o.end][-1].field)


def menu_popup(qtbot) -> QMenu:
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=3000)
    return QApplication.activePopupWidget()


def test_view_theme_switches_with_the_keyboard_and_the_mouse_repaints_and_is_remembered(
        qtbot, open_review_window, review_db, qsettings):
    w = open_review_window(review_db)
    sp, key = current_span(w)
    w.page.scroll_to(sp.start)
    assert page_pixel(w, sp.start, sp.end) == LIGHT.fields[key]
    base_before = QColor(w.page.text.viewport().grab().toImage().pixel(w.page.text.viewport().width() - 3, 3))
    # keyboard: Alt+V opens View, T its Theme menu, D chooses Dark
    qtbot.keyClick(w, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    view = menu_popup(qtbot)
    qtbot.keyClick(view, Qt.Key.Key_T)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not view, timeout=3000)
    qtbot.keyClick(menu_popup(qtbot), Qt.Key.Key_D)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None, timeout=3000)
    assert qsettings.value(THEME_KEY) == "dark"
    # the palette change reaches the widgets through the event loop, at its next turn
    qtbot.waitUntil(lambda: page_pixel(w, sp.start, sp.end) == DARK.fields[key], timeout=3000)
    base_after = QColor(w.page.text.viewport().grab().toImage().pixel(w.page.text.viewport().width() - 3, 3))
    assert base_before.lightness() > 200 and base_after.lightness() < 60  # the page itself went dark
    label = w.editor.labels["date_start"]
    assert label.palette().color(label.foregroundRole()).lightness() > 150  # its text light on the dark window

    # reopened on the same settings: dark again
    w.close()
    w = open_review_window(review_db)
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 60
    # mouse: View in the menu bar, Theme, Light
    bar = w.menuBar()
    view_action = next(a for a in bar.actions() if a.text() == "&View")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(view_action).center())
    view = menu_popup(qtbot)
    theme_action = next(a for a in view.actions() if a.text() == "&Theme")
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=view.actionGeometry(theme_action).center())
    themes = theme_action.menu()
    qtbot.waitUntil(themes.isVisible, timeout=3000)
    light = next(a for a in themes.actions() if a.data() == "light")
    qtbot.mouseClick(themes, Qt.MouseButton.LeftButton, pos=themes.actionGeometry(light).center())
    assert qsettings.value(THEME_KEY) == "light"
    sp, key = current_span(w)
    w.page.scroll_to(sp.start)
    qtbot.waitUntil(lambda: page_pixel(w, sp.start, sp.end) == LIGHT.fields[key], timeout=3000)
    assert light.isChecked()


def test_the_legend_draws_each_field_with_the_page_s_own_line(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    legend = w.page.legend
    doc = legend.doc
    seen = {}
    block = doc.begin()
    it = block.begin()
    while not it.atEnd():
        frag = it.fragment()
        seen[frag.text().replace("\u00a0", " ").strip()] = frag.charFormat()
        it += 1
    framed = {legend.doc.toPlainText()[s:e]: pen.style() for s, e, pen in legend.frames}
    for key, (style, frame, _words) in FIELD_CUES.items():
        fmt = seen[key]
        assert fmt.underlineStyle() == style and framed.get(key, Qt.PenStyle.NoPen) == frame
        assert fmt.background().color().name() == LIGHT.fields[key]
    img = legend.grab().toImage()
    for rect, pen in legend.frame_rects():  # drawn: the frame's top edge in the pen's colour
        r = rect.toRect()
        assert any(QColor(img.pixel(x, r.top())).name() == pen.color().name() for x in range(r.left() + 1, r.right()))
    assert all(words in legend.text().replace("\u00a0", " ") for _m, words in OTHER_MARKS)
    assert "dotted underline" in legend.toolTip() and "solid frame" in legend.toolTip()
    assert legend.height() >= legend.heightForWidth(legend.width()) - 1  # whole, not cut


@pytest.mark.parametrize("name", THEMES)
def test_the_release_s_extent_has_a_bar_beside_it(qtbot, open_review_window, review_db, qsettings, name):
    qsettings.setValue(THEME_KEY, name)
    w = open_review_window(review_db)
    c = THEMES[name]
    w.page.scroll_to(w.service.release_detail(w.current).item_span[0])
    rect = w.page.text.bar_rect()
    assert rect is not None and rect.height() > 5
    img = w.page.text.viewport().grab().toImage()
    assert QColor(img.pixel(rect.center())).name() == c.item_bar
    outside = QPoint(rect.center().x(), rect.bottom() + 30)
    if outside.y() < img.height() and w.page.text.cursorForPosition(outside).position() > w.page.text.extent[1]:
        assert QColor(img.pixel(outside)).name() != c.item_bar  # only beside the release


def test_colours_are_defined_in_the_theme_only():
    """A colour written anywhere else in ui/ would stay the same in both themes (and escape the contrast test)."""
    import re
    from pathlib import Path

    import ui

    fixed = re.compile(r"#[0-9a-fA-F]{6}\b|[\"']#[0-9a-fA-F]{3}[\"']|QColor\(\s*[\"']|GlobalColor\.(?!transparent)\w+")
    found = [f"{path.name}:{n}: {line.strip()}" for path in sorted(Path(ui.__file__).parent.rglob("*.py"))
             if path.name != "theme.py"
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fixed.search(line)]
    assert not found, "colours outside ui/theme.py:\n" + "\n".join(found)


def test_framed_fields_are_framed_in_the_page(qtbot, open_review_window, seeded_db, tmp_path):
    import sqlite3

    db = tmp_path / "seeds.db"
    with sqlite3.connect(seeded_db) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    w = open_review_window(db)
    found = None
    for row in w.service.release_page(limit=100):  # the seeds' first release with a status span ("held")
        detail = w.service.release_detail(row.id)
        found = next((sp for sp in detail.spans if FIELD_CUES.get(field_key(sp.field), (0, Qt.PenStyle.NoPen))[1]
                      != Qt.PenStyle.NoPen), None)
        if found is not None:
            break
    assert found is not None, "the seeds mark no status or online span"
    w.open_release(found_release := row.id, found.event_id)
    assert w.current == found_release
    w.page.scroll_to(found.start)
    s, e = w.page._pos.to_doc(found.start), w.page._pos.to_doc(found.end)
    pen = {(a, b): p for a, b, p in w.page.text.frames}[(s, e)]
    assert pen.color().name() == LIGHT.text and pen.style() == FIELD_CUES[field_key(found.field)][1]
    r = w.page.text.frame_rects(s, e)[0]
    img = w.page.text.viewport().grab().toImage()
    assert any(QColor(img.pixel(x, r.top())).name() == LIGHT.text for x in range(r.left() + 1, r.right()))
