"""Showing page text safely: Qt guesses that text which looks like HTML is rich
text (in tooltips and labels), so page text is always escaped first."""
from __future__ import annotations

import html


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally, line breaks kept."""
    return "<p style='white-space:pre'>" + html.escape(text) + "</p>"
