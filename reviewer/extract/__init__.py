"""Items → event mentions: every field with the span it was read from and a confidence.

Pure Python and regular expressions (no Qt, no models, no network), fast
enough to read hundreds of pages a second. Modules, by what they hold:

* ``sentences`` — sentence splitting in document offsets;
* ``dates`` — day-of-month dates in every form, and year resolution;
* ``types`` — event type and held/planned status;
* ``people`` — participants with their roles;
* ``orgs`` — organizations and bodies;
* ``places`` — the city, and videoconference (online);
* ``gazetteer`` — the domain word lists these share;
* ``events`` — which sentences report an event, and building the Mention.
"""
from __future__ import annotations

from typing import Optional

from ..model import Item, KnownEntities, Mention
from .events import extract


def extract_item(text: str, item: Item, known: Optional[KnownEntities] = None) -> list[Mention]:
    """The event mentions of one item; every span is an offset range into ``text``."""
    return extract(text, item, known)


__all__ = ["extract_item"]
