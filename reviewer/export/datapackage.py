"""The ``datapackage.json`` that travels with every export (Frictionless Data Package v1).

It lists each file with its size and sha256, each field with its type and
meaning, and the provenance: the source pages with their sha256, the
application and its version, the export time and the reviewers. The export
time (``created``) is the only part that changes between two exports of the
same database.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Optional

from .. import __version__
from .dataset import Dataset
from .tables import TABLES, Column, Table
from .writers import CSV_DIALECT, CSV_ENCODING, FORMULA_STARTS

NAME = "release-reviewer-events"

JSONL_FIELDS = [
    *[Column(c.name, c.type, c.description, c.required) for c in TABLES[0].columns[:7]],
    Column("participants", "array", "People taking part, in text order: objects {name, role, aliases, id, canonical};"
           " aliases are other spellings of the same person, id the curator's reference id (null when none is known),"
           " canonical the person's curated name"),
    Column("organizations", "array", "Organizations and bodies taking part or hosting (strings, as written)"),
    Column("sources", "array", "Every report of the event: objects {doc (file name), sha256 (of the page's bytes),"
           " evidence (the sentence), start, end (character offsets into the page's text), and for a web page"
           " url (its canonical URL) and published (its publication date, YYYY-MM-DD) when it gives them}", True),
    *[Column(c.name, c.type, c.description, c.required) for c in TABLES[0].columns[7:10]],
    Column("edited_fields", "array", "Fields a reviewer set by hand (the rest are as extracted)"),
    Column("notes", "array", "Reviewers' notes: objects {on (event or release), text, second_look (flagged for a"
           " second look), reason (why), by, at}"),
    Column("organization_entities", "array", "The organizations again, in the same order, with their entities: objects"
           " {name (as written), canonical, id (the curator's reference id, null when none is known), entity}"),
    *[Column(c.name, c.type, c.description, c.required) for c in TABLES[0].columns[10:]],
]


def file_facts(path: Path) -> dict:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return {"bytes": path.stat().st_size, "hash": f"sha256:{h.hexdigest()}"}


def _field(c: Column, csv: bool = False) -> dict:
    out: dict = {"name": c.name, "type": c.type, "description": c.description}
    if c.type == "boolean" and csv:
        out.update(trueValues=["true"], falseValues=["false"])
    if c.required:
        out["constraints"] = {"required": True}
    return out


def table_schema(table: Table, csv: bool = False) -> dict:
    schema: dict = {"fields": [_field(c, csv) for c in table.columns], "primaryKey": list(table.primary_key)}
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": list(mine), "reference": {"resource": other, "fields": list(theirs)}}
            for mine, other, theirs in table.foreign_keys
        ]
    if csv:
        schema["missingValues"] = [""]
    return schema


NEUTRALISED = ("Text cells that a spreadsheet would run as a formula (starting with "
               + ", ".join(repr(s) for s in FORMULA_STARTS) + ", also after leading spaces or invisible characters)"
               " are prefixed with an apostrophe.")


def resources(fmt: str, files: dict[str, tuple[str, Path]]) -> list[dict]:
    """Resource entries for the written ``files``: resource name -> (final file name, path written)."""
    if fmt == "jsonl":
        name, path = files["events"]
        return [{
            "name": "events", "path": name, "profile": "data-resource", "format": "jsonl",
            "mediatype": "application/jsonl", "encoding": "utf-8",
            "description": "One canonical event per line, in the interchange format of the Release Reviewer"
                           " annotation guideline",
            **file_facts(path),
            "schema": {"fields": [_field(c) for c in JSONL_FIELDS], "primaryKey": ["id"]},
        }]
    if fmt == "csv":
        return [{
            "name": t.name, "path": files[t.name][0], "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": CSV_ENCODING, "dialect": dict(CSV_DIALECT),
            "description": f"{t.description}. {NEUTRALISED}",
            **file_facts(files[t.name][1]), "schema": table_schema(t, csv=True),
        } for t in TABLES]
    name, path = files["database"]
    facts = file_facts(path)
    return [{
        "name": t.name, "path": name, "profile": "tabular-data-resource", "format": "sqlite",
        "mediatype": "application/vnd.sqlite3", "dialect": {"table": t.name},
        "description": t.description + (". Full-text search on evidence: table sources_fts (FTS5)"
                                        if t.name == "sources" else ""),
        **facts, "schema": table_schema(t),
    } for t in TABLES]


def descriptor(data: Dataset, fmt: str, files: dict[str, tuple[str, Path]], created: str,
               version: Optional[str] = None) -> dict:
    scope = "verified events" if data.scope == "verified" else "all canonical events, reviewed or not"
    return {
        "profile": "tabular-data-package" if fmt in ("csv", "sqlite") else "data-package",
        "name": NAME,
        "title": f"Events from press releases ({scope})",
        "description": "Events extracted from scraped press-release pages and reviewed in Release Reviewer:"
                       " date, type, status, place, participants, organizations, and every source sentence."
                       " Duplicate reports of one event are merged into one event with several sources.",
        "created": created,
        "sources": [{"title": name, "path": name, "hash": f"sha256:{sha}"} for name, sha in data.documents()],
        "contributors": [{"title": who, "role": "contributor"} for who in data.reviewers],
        "generator": {"application": "release-reviewer", "version": version or __version__,
                      "format": fmt, "scope": data.scope, "events": data.count},
        "resources": resources(fmt, files),
    }
