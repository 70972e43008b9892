"""The page view: plain text only, offsets right even with CRLF and emoji, spans marked."""
from __future__ import annotations

from reviewer.review import EventView, FieldSpan, ReleaseDetail, ReleaseRow
from ui.page_view import PageView


def detail(text: str, spans=()) -> ReleaseDetail:
    rel = ReleaseRow(1, "t", "teaser", None, "unreviewed", "page.txt", 1, False, False)
    ev = EventView(1, 1, None, None, None, None, None, False, {}, [], "extracted", "unreviewed", evidence=(0, len(text)))
    return ReleaseDetail(rel, 1, 1, text, (0, len(text)), [], [ev], list(spans), ["page.txt"])


def test_page_text_is_never_html(qtbot):
    view = PageView()
    qtbot.addWidget(view)
    text = "On 1 May <b>a seminar</b> was held &amp; <script>x</script>."
    view.show_release(detail(text), 1)
    assert view.text.toPlainText() == text


def test_selection_offsets_survive_crlf_and_astral_characters(qtbot):
    view = PageView()
    qtbot.addWidget(view)
    text = "Photo \U0001F4F7 line\r\nOn 2 May, Imangali Tasmagambetov spoke."
    name = "Imangali Tasmagambetov"
    s = text.index(name)
    view.show_release(detail(text, [FieldSpan(1, "participant", name, s, s + len(name), 0.9)]), 1)
    view.select(s, s + len(name))
    assert view.text.textCursor().selectedText() == name
    got = []
    view.selection_action.connect(lambda *a: got.append(a))
    view.actions_by_kind["participant"].trigger()
    assert got == [("participant", s, s + len(name), name)]
    view.flash(s, s + len(name))
    assert view.flashing == (s, s + len(name))
    assert any(sel.cursor.selectedText() == name for sel in view.text.extraSelections())
