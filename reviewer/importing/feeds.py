"""A scraper's feed of pages: a JSON Lines file, one object a page.

    {"url": "https://…/news/123", "html": "<html>…", "published": "2024-03-12", "title": "…"}
    {"url": "https://…/news/124", "text": "Ministers met in Minsk\\n…"}

``url`` is required (an absolute http or https URL), and one of ``html`` or
``text`` (a string); ``published`` (``YYYY-MM-DD``, or an ISO date-time) and
``title`` are optional and override what the page's own metadata says. Each
line is read alone within the bounds of :mod:`reviewer.jsonl_reader` (a line
holds at most one page of :data:`~reviewer.ingest.MAX_FILE_BYTES`); a bad line
is one ``FILE:LINE: reason`` and the lines after it are still read.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional, Union

from . import ingest
from .. import jsonl_reader
from .html_text import iso_day, web_url

#: A feed line: one page's markup or text, with its JSON quoting (escapes can double it) and the other fields.
MAX_FEED_LINE = 2 * ingest.MAX_FILE_BYTES + (1 << 20)
_KEYS = ("url", "html", "text", "published", "title")


@dataclass(frozen=True)
class FeedPage:
    """One page of a feed: ``raw`` (its markup or text as UTF-8) and what the feed says of it."""

    path: str  # printable: "feed.jsonl:12"
    kind: str  # "html" or "text"
    raw: bytes
    sha256: str
    url: str
    published: Optional[str] = None
    title: Optional[str] = None


@dataclass(frozen=True)
class BadEntry:
    path: str  # "feed.jsonl:12", or the feed itself when it cannot be read at all
    reason: str


def read_feed(path: Union[str, Path], shown: str) -> Iterator[Union[FeedPage, BadEntry]]:
    """The pages of the feed at ``path`` in order, a :class:`BadEntry` for each bad line (``shown``: the
    printable path messages use). A feed that cannot be opened is one :class:`BadEntry`."""
    entries = 0
    try:
        with jsonl_reader.BoundedLines(Path(path), max_line=MAX_FEED_LINE) as lines:
            if ingest.looks_binary(lines.head()):
                yield BadEntry(shown, "binary file, not a JSON Lines feed")
                return
            for number, value, problem in lines.each():
                entries += 1
                where = f"{shown}:{number}"
                if problem is None:
                    problem, page = _page(where, value)
                    if page is not None:
                        yield page
                        continue
                yield BadEntry(where, problem or "not a page")
    except jsonl_reader.BadFile as exc:
        yield BadEntry(shown, str(exc))
        return
    except jsonl_reader.BadLine as exc:  # not raised by each(); a guard for the reader's other refusals
        yield BadEntry(f"{shown}:{exc.line}", str(exc))
        return
    if not entries:
        yield BadEntry(shown, "empty feed (no line holds a page)")


def _page(where: str, value: object) -> tuple[Optional[str], Optional[FeedPage]]:
    """(None, the page) or (the reason, None) for one parsed line."""
    if not isinstance(value, dict):
        return f"not a JSON object but {_kind(value)}; a feed line is one page: {{\"url\": …, \"html\": …}}", None
    url = value.get("url")
    if url is None:
        return 'no "url"', None
    if not isinstance(url, str) or web_url(url) is None:
        return f'"url" is not an absolute http(s) URL: {_short(url)}', None
    html, text = value.get("html"), value.get("text")
    if html is not None and text is not None:
        return 'both "html" and "text"; give one', None
    body, kind = (html, "html") if html is not None else (text, "text")
    if body is None:
        return 'no "html" or "text"', None
    if not isinstance(body, str):
        return f'"{kind}" is not a string but {_kind(body)}', None
    if not body.strip():
        return f'"{kind}" is empty', None
    published = value.get("published")
    if published is not None and (not isinstance(published, str) or iso_day(published) is None):
        return f'"published" is not a date (YYYY-MM-DD or an ISO date-time): {_short(published)}', None
    title = value.get("title")
    if title is not None and not isinstance(title, str):
        return f'"title" is not a string but {_kind(title)}', None
    try:
        raw = body.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate (\ud800) parses as JSON but is no text
        return f'"{kind}" holds \\u{ord(exc.object[exc.start]):04x}, half of a character, not text', None
    if len(raw) > ingest.MAX_FILE_BYTES:
        return f'"{kind}" is {ingest._too_large(len(raw))}', None
    title = " ".join(title.split())[:1000] or None if title else None
    return None, FeedPage(where, kind, raw, hashlib.sha256(raw).hexdigest(), web_url(url) or url,
                          iso_day(published) if published else None, title)


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true or false", type(None): "null",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def _short(value: object) -> str:
    shown = ingest.printable(repr(value))
    return shown if len(shown) <= 80 else shown[:77] + "…"


__all__ = ["BadEntry", "FeedPage", "MAX_FEED_LINE", "read_feed"]
