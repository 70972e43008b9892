"""The name key: when two spellings of a name are the same spelling. Defined once, here.

Every part of the application that asks "is this the same name?" — the
store linking a participant to its person, the entity tables' unique
spellings (``entity_variants.key``), the export folding a person's other
spellings, accuracy comparing names, a selection refusing a name already
listed — uses :func:`name_key`, so they can never disagree.

Only case and spacing are forgiven: ``Ivan  PETROV`` is ``Ivan Petrov``.
Transliteration variants (``Ordabayev``/``Ordabaev``) are different
spellings of one entity, linked as variants, never the same key.
"""
from __future__ import annotations


def name_key(name: str) -> str:
    """``name`` with its whitespace collapsed to single spaces, trimmed and casefolded."""
    return " ".join(name.split()).casefold()
