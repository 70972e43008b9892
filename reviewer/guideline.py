"""The guideline (docs/guideline.md) as the application reads it: its text and each event type's definition.

The application ships its own copy, ``reviewer/guideline.md``, because an
installed package cannot reach the repository's ``docs/``. ``docs/guideline.md``
is the one people edit (the README and reviewers link to it);
``tests/test_guideline.py`` fails, naming the command that fixes it, when the
copy differs from it by a byte.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

#: The section whose ``### <type>`` headings define the event types.
TYPES_SECTION = "Event types"

_MARKUP = re.compile(r"[`*]")


@lru_cache(maxsize=1)
def text() -> str:
    """The guideline as Markdown."""
    return resources.files(__package__).joinpath("guideline.md").read_text(encoding="utf-8")


def type_definitions(markdown: str | None = None) -> dict[str, str]:
    """``{event type: its definition}``: the first paragraph under each type's heading, markup removed."""
    lines = (text() if markdown is None else markdown).splitlines()
    out: dict[str, str] = {}
    in_section, current = False, None
    paragraph: list[str] = []
    for line in lines + [""]:
        if line.startswith("## "):
            in_section = line[3:].strip() == TYPES_SECTION
            current = None
            continue
        if not in_section:
            continue
        if line.startswith("### "):
            current, paragraph = line[4:].strip().strip("`"), []
            continue
        if current is None:
            continue
        if line.strip():
            paragraph.append(line.strip())
        elif paragraph:
            out[current] = _MARKUP.sub("", " ".join(paragraph))
            current = None
    return out
