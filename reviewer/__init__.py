"""Release Reviewer core: ingest, extraction, storage, duplicates and export. No Qt here."""

__version__ = "0.1.0"
