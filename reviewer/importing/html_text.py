"""An HTML page's bytes → its main text and provenance (canonical URL, title, publication date).

The main text is what a reader of the page reads as the release: the
headline, its date line and its paragraphs, one block a line, without the
site's menus, sidebars, banners, share buttons and footer — and never a tag,
a script or a style. Everything after this works on that text as on a text
page (segmentation, extraction, evidence offsets), so the stored text is
exactly what the spans point into.

Parsing is lexbor's (through selectolax): a maintained HTML5 parser that
reads broken markup as browsers do, about 0.1 ms for a press page. The
choice of the main block is ours, a few rules measured on the layouts in
``tests/html_pages/``: the element that holds the most paragraph text not
inside links, widened to its ``<article>`` (so the headline and the date come
along); trafilatura (tried, see the README) took 100 times longer, ran a
table layout's paragraphs into one line and took a copyright year for the
publication date.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterator, Optional
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from . import ingest

#: Removed with everything inside them before anything is read: never text of the page.
_NEVER_TEXT = ["script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas",
               "video", "audio", "map", "head", "select", "textarea", "button", "input", "dialog"]
#: Site furniture by its tag, removed from the main block.
_CHROME_TAGS = "nav, aside, footer, form, menu"
#: Site furniture by its class or id (``class="share-buttons"``, ``id="breadcrumbs"``).
_CHROME_NAMES = re.compile(r"(?:^|[\s_-])(?:share|sharing|social|breadcrumbs?|cookies?|banner|advert\w*|ads?|promo|"
                           r"related|comments?|subscribe|newsletter|tags|print|pagination|pager|sidebar|menu|navbar|"
                           r"footer|copyright)(?:$|[\s_-])", re.I)
#: Elements that start a new line of text.
_BLOCKS = ("p, div, section, article, main, header, h1, h2, h3, h4, h5, h6, li, dt, dd, tr, td, th, caption, "
           "blockquote, pre, address, figure, figcaption, center, table, ul, ol, dl, hr, br, time")
_HEADINGS = ("h1", "h2", "h3")
_MARK = "\ue000"  # a private-use character: where a block starts or ends
_SPACE = re.compile(r"[^\S\ue000]+")  # runs of white space (no-break spaces too), not the marks
#: JSON-LD blocks larger than this are not read (a real one is a few KB).
_MAX_JSON_LD = 256 * 1024
#: Titles and URLs longer than this are not provenance, they are garbage.
_MAX_TITLE, _MAX_URL = 1000, 2000

_DECLARED = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_ISO_DAY = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])")


@dataclass
class HtmlPage:
    """The main text of an HTML page and what its metadata says about it."""

    text: str
    encoding: str
    title: Optional[str] = None
    url: Optional[str] = None
    published: Optional[str] = None  # YYYY-MM-DD
    warnings: list[str] = field(default_factory=list)


def decode_html(raw: bytes, path: str) -> tuple[str, str, list[str]]:
    """HTML bytes → text: a byte order mark, else UTF-8 when the bytes are UTF-8 (whatever the page
    declares), else the declared charset when the bytes read as it, else the text pages' guess (cp1251
    or cp1252) — with a warning whenever the declared charset was not the one that read the page."""
    if raw.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return ingest.decode(raw, path)
    declared = _declared(raw)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if ingest.looks_binary(raw):  # what ingest.decode refuses in UTF-8, without decoding the bytes again
            raise IngestError(path, "binary file, not text")
        warnings = [] if declared in (None, "utf-8") or text.isascii() else [
            f"{path}: declares {declared} but is UTF-8; read as UTF-8"]
        return ingest._text(text, path), "utf-8", warnings
    if declared not in (None, "utf-8") and _plausible(raw, declared):
        return raw.decode(declared), declared, []
    text, encoding, _ = ingest.decode(raw, path)  # refuses binary data; warns that it guessed
    said = f"declares {declared} but is not" if declared else "declares no charset and is not UTF-8"
    return text, encoding, [f"{path}: {said}; decoded as {encoding}"]


def _declared(raw: bytes) -> Optional[str]:
    """The charset the page's ``<meta>`` declares (in its first 4 KB), as Python names it."""
    m = _DECLARED.search(raw, 0, 4096)
    if not m:
        return None
    import codecs

    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
    except LookupError:
        return None
    return "cp1252" if name == "latin-1" else name  # browsers read "iso-8859-1" as windows-1252


def _plausible(raw: bytes, encoding: str) -> bool:
    """The bytes decode in ``encoding`` and, for a one-byte Western charset, are not Cyrillic text in disguise."""
    try:
        raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    if encoding in ("cp1252", "iso8859-15", "cp1250", "iso8859-2"):
        try:  # the same test text pages pass (Cyrillic words are runs of high bytes)
            return ingest.decode(raw)[1] != "cp1251"
        except ingest.IngestError:
            return False  # binary: refused with its path by the text pages' decoding
    return True


def main_text(markup: str, path: str, encoding: str = "utf-8", base_url: Optional[str] = None) -> HtmlPage:
    """The main text and metadata of a decoded HTML page; :class:`~reviewer.ingest.IngestError` when
    it has no main text."""
    _check_shape(markup, path)
    tree = LexborHTMLParser(markup)
    meta = _metadata(tree, base_url)
    _remove(tree.css(", ".join(_NEVER_TEXT)))
    body = tree.body
    if body is None:
        raise IngestError(path, "no main text found (the page has no body)")
    main = _main_block(body)
    _drop_chrome(main)
    outside_links = len(main.text(deep=True).strip()) - sum(len(a.text(deep=True).strip()) for a in main.css("a"))
    text = _lines(main)
    if outside_links < 2 * PARAGRAPH_WORDS or not _has_paragraph(text):  # (a list of links is a menu)
        raise IngestError(path, "no main text found (no paragraph of prose outside the page's menus, scripts and styles)")
    heading = _heading(main)
    title = meta.get("title") or heading or meta.get("head_title")
    if title and text.split("\n", 1)[0] not in (title, heading):
        text = f"{title}\n{text}"  # a main block without its headline: the metadata's title heads it
    if meta.get("published") is None:
        meta["published"] = _time_in(main)
    return HtmlPage(text, encoding, title, meta.get("url"), meta.get("published"))


IngestError = ingest.IngestError

#: Elements a page may have at most: a press page has a few thousand; each costs parsing time and memory
#: (100,000 take about 0.5 s and 30 MB), and 10 MB of ``<br>`` would be two million.
MAX_ELEMENTS = 100_000
#: Nesting a page may have at most: real pages nest a few dozen deep, and the parser's time grows with the
#: square of the depth (30,000 nested ``<div>`` took 2 s, 200,000 over a minute).
MAX_DEPTH = 3_000
#: ``<option>`` elements a page may have at most: the parser's time grows with the square of a list's
#: length (20,000 took 1.8 s, 90,000 ninety seconds); a real list (the world's countries) has a few hundred.
MAX_OPTIONS = 5_000
_TAG_START = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,40})")
#: Elements that hold nothing or close themselves when the next one opens: they add no depth.
_NO_DEPTH = frozenset("area base br col embed hr img input link meta param source track wbr p li dt dd tr td th "
                      "option optgroup thead tbody tfoot colgroup caption rp rt frame keygen".split())
_RAW_TEXT = ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext")


def _check_shape(markup: str, path: str) -> None:
    """Refuse markup the parser would take too long or too much memory for: too many elements, nested too
    deeply. Counted as the parser reads: a script's or style's text holds no elements (``a<b`` in a loop)."""
    lower = None
    count = depth = deepest = options = 0
    pos = 0
    while (m := _TAG_START.search(markup, pos)) is not None:
        count += 1
        if count > MAX_ELEMENTS:
            raise IngestError(path, f"too many HTML elements for a page (over {MAX_ELEMENTS:,})")
        pos = m.end()
        name = m.group(2).lower()
        if m.group(1):
            depth = max(0, depth - (name not in _NO_DEPTH))
            continue
        if name == "option":
            options += 1
            if options > MAX_OPTIONS:
                raise IngestError(path, f"too many <option> elements for a page (over {MAX_OPTIONS:,})")
        if name in _RAW_TEXT:
            lower = lower if lower is not None else markup.lower()
            end = lower.find(f"</{name}", pos)
            if end < 0:
                return  # the rest of the page is that element's text
            pos = end + len(name) + 2
            continue
        if name not in _NO_DEPTH:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    raise IngestError(path, f"HTML nested too deeply for a page (over {MAX_DEPTH:,} elements deep)")


def read_html(raw: bytes, path: str, base_url: Optional[str] = None) -> HtmlPage:
    """Decode and read an HTML page's bytes (see :func:`decode_html`, :func:`main_text`)."""
    markup, encoding, warnings = decode_html(raw, path)
    page = main_text(markup, path, encoding, base_url)
    page.warnings = warnings + page.warnings
    return page


# --------------------------------------------------------------------------
# The main block


def _own_text(node: LexborNode) -> int:
    """Characters of text directly inside ``node`` or its inline children, links left out."""
    n = 0
    child = node.child
    while child is not None:
        if child.is_text_node:
            n += len((child.text_content or "").strip())
        elif child.tag in ("b", "strong", "i", "em", "span", "font", "u", "q", "abbr", "cite", "small", "sup", "sub"):
            n += len(child.text(deep=True).strip())
        child = child.next
    return n


def _main_block(body: LexborNode) -> LexborNode:
    """The element holding the most paragraph text (each text block credits its parent, and half its
    grandparent), widened to the ``<article>`` around it; the body when no block has text."""
    scores: dict[int, float] = {}
    nodes: dict[int, LexborNode] = {}
    for block in body.css("p, div, td, li, dd, blockquote, pre, section, article, main"):
        own = _own_text(block)
        if own < 25:  # a label, a date, a menu entry
            continue
        parent = block.parent
        for share in (1.0, 0.5):
            if parent is None:
                break
            scores[parent.mem_id] = scores.get(parent.mem_id, 0.0) + own * share
            nodes[parent.mem_id] = parent
            parent = parent.parent
    if not scores:
        return body
    best = nodes[max(scores, key=lambda k: scores[k])]
    # paragraphs of its own beside the best block (a stray closing tag put them there): the parent has them all
    while best.parent is not None and best.tag != "body" and \
            scores.get(best.parent.mem_id, 0.0) >= _WIDEN * scores[best.mem_id]:
        best = best.parent
    node: Optional[LexborNode] = best
    while node is not None and node.tag not in ("article", "body"):
        node = node.parent
    return node if node is not None and node.tag == "article" else best


#: A parent takes half its grandchildren's text; at this share of the best block's score it has paragraphs of its own.
_WIDEN = 0.6


def _drop_chrome(main: LexborNode) -> None:
    """Remove the site's furniture inside the main block: by its tag, by its class or id, and blocks of links only.

    A block holding half the main block's text is kept whatever its name (``<div id="print-area">``
    around the article)."""
    half = len(main.text(deep=True)) / 2
    _remove([node for node in main.css(_CHROME_TAGS) if len(node.text(deep=True)) < half])
    _remove([node for node in main.css("[class], [id]")
             if _CHROME_NAMES.search(f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}")
             and len(node.text(deep=True)) < half])
    _remove([node for node in main.css("p, li, td, div") if _links_only(node)])  # "Print version", "Back to the list"


def _links_only(node: LexborNode) -> bool:
    links = sum(len(a.text(deep=True).strip()) for a in node.css("a"))
    return bool(links) and links >= len(node.text(deep=True).strip())


def _remove(nodes: list[LexborNode]) -> None:
    """Remove ``nodes`` with everything inside them. Only the outermost are removed: removing a node frees
    the ones inside it, which must then not be touched again (the parser's memory, not Python's)."""
    chosen = {node.mem_id for node in nodes}
    inside: dict[int, bool] = {}  # element -> whether it or an element around it is chosen (each walked once)
    outermost = []
    for node in nodes:  # all decided before anything is freed
        path, parent, found = [], node.parent, False
        while parent is not None:
            key = parent.mem_id
            if key in inside:
                found = inside[key]
                break
            if key in chosen:
                found = True
                break
            path.append(key)
            parent = parent.parent
        for key in path:
            inside[key] = found
        if not found:
            outermost.append(node)
    for node in outermost:
        node.decompose()


def _lines(main: LexborNode) -> str:
    """The block's text, a line per block element, white space inside a line folded to one space."""
    for node in main.css(_BLOCKS):
        node.insert_before(_MARK)
        node.insert_after(_MARK)
    raw = main.text(deep=True)
    out = []
    for line in raw.split(_MARK):
        line = _SPACE.sub(" ", line).strip()
        if line:
            out.append(line)
    return "\n".join(out)


#: A paragraph: a line of at least this many words (a site's name or a menu entry has fewer).
PARAGRAPH_WORDS = 6


def _has_paragraph(text: str) -> bool:
    return any(len(line) >= 2 * PARAGRAPH_WORDS and len(line.split(maxsplit=PARAGRAPH_WORDS)) > PARAGRAPH_WORDS - 1
               and ingest.has_prose(line) for line in text.split("\n"))


def _heading(main: LexborNode) -> Optional[str]:
    node = main.css_first(", ".join(_HEADINGS))
    return _clean(node.text(deep=True), _MAX_TITLE) if node is not None else None


def _time_in(main: LexborNode) -> Optional[str]:
    for node in main.css("time[datetime]"):
        if day := iso_day(node.attributes.get("datetime")):
            return day
    return None


# --------------------------------------------------------------------------
# Metadata


def _metadata(tree: LexborHTMLParser, base_url: Optional[str]) -> dict[str, Optional[str]]:
    """Canonical URL, title and publication date from the head (before anything is removed)."""
    props: dict[str, str] = {}
    for node in tree.css("meta[content]"):
        key = (node.attributes.get("property") or node.attributes.get("name") or node.attributes.get("itemprop") or "")
        content = node.attributes.get("content")
        if key and content and key.lower() not in props:
            props[key.lower()] = content
    ld = list(_json_ld(tree))
    canonical = tree.css_first('link[rel="canonical"][href]')
    url = web_url(canonical.attributes.get("href") if canonical else None, base_url) or web_url(props.get("og:url"), base_url) \
        or next(filter(None, (web_url(_str(d.get("url")), base_url) for d in ld)), None)
    head_title = tree.css_first("head title")
    title = _clean(props.get("og:title"), _MAX_TITLE) or next(
        filter(None, (_clean(_str(d.get("headline")), _MAX_TITLE) for d in ld)), None)
    published = None
    for key in ("article:published_time", "datepublished", "pubdate", "publishdate", "date", "dc.date.issued",
                "dc.date", "og:published_time"):
        if published := iso_day(props.get(key)):
            break
    if published is None:
        published = next(filter(None, (iso_day(_str(d.get("datePublished"))) for d in ld)), None)
    return {"url": url, "title": title, "published": published,
            "head_title": _site_less(head_title.text() if head_title else None)}


def _json_ld(tree: LexborHTMLParser) -> Iterator[dict]:
    """The objects of the page's JSON-LD blocks (a list or an ``@graph`` opened), bad ones left out."""
    for node in tree.css('script[type="application/ld+json"]'):
        raw = node.text()
        if len(raw) > _MAX_JSON_LD:
            continue
        try:
            data: Any = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        stack, seen = [data], 0
        while stack and seen < 100:
            item = stack.pop(0)
            seen += 1
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
                yield item


def _str(value: Any) -> Optional[str]:
    return value if isinstance(value, str) else None


def iso_day(value: Optional[str]) -> Optional[str]:
    """``2024-03-12`` from ``2024-03-12``, ``2024-03-12T10:00:00+03:00`` and the like; None otherwise."""
    if not value or not (m := _ISO_DAY.match(value)):
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


def web_url(value: Optional[str], base: Optional[str] = None) -> Optional[str]:
    """An absolute http(s) URL, resolved against ``base`` when relative; None for anything else."""
    if not value or len(value) > _MAX_URL:
        return None
    value = value.strip()
    if base:
        value = urljoin(base, value)
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() or ord(c) < 32 for c in value):
        return None
    return value


def _clean(value: Optional[str], longest: int) -> Optional[str]:
    if not value:
        return None
    value = " ".join(value.split())
    return value[:longest] or None


def _site_less(title: Optional[str]) -> Optional[str]:
    """A ``<title>`` without the site's name beside it (``Headline | Site``, ``Site — Headline``): the longer part."""
    title = _clean(title, _MAX_TITLE)
    if not title:
        return None
    for sep in (" | ", " — ", " – ", " :: "):
        if sep in title:
            return max(title.split(sep), key=len).strip() or title
    return title


__all__ = ["HtmlPage", "decode_html", "iso_day", "main_text", "read_html", "web_url"]
