"""The guideline ships with the application and defines every event type the editor offers."""
from __future__ import annotations

from pathlib import Path

from reviewer import guideline
from reviewer.model import EVENT_TYPES

ROOT = Path(__file__).resolve().parent.parent


def test_the_shipped_copy_is_the_guideline_in_docs():
    source, copy = ROOT / "docs" / "guideline.md", ROOT / "reviewer" / "guideline.md"
    assert copy.read_bytes() == source.read_bytes(), "run: cp docs/guideline.md reviewer/guideline.md"


def test_every_event_type_has_its_definition():
    defs = guideline.type_definitions()
    assert list(defs) == list(EVENT_TYPES)
    assert defs["consultations"] == "Consultations between officials, named as such by the text."
    assert all(len(d) > 30 and "`" not in d and "*" not in d for d in defs.values())


def test_definitions_are_the_first_paragraph_of_the_types_section_only():
    md = ("# Title\n\n### meeting\n\nnot in the section\n\n## Event types\n\nintro\n\n"
          "### `visit`\n\nA **trip**\nsomewhere.\n\n- example\n\n### other\n\nAnything else.\n\n"
          "## Next\n\n### training\n\nout again\n")
    assert guideline.type_definitions(md) == {"visit": "A trip somewhere.", "other": "Anything else."}
