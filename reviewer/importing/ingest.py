"""Page files → :class:`~reviewer.model.Page` with items and furniture.

The decoded text is kept unchanged; everything else (items, furniture,
datelines) is a span into it, so the review window can highlight exactly what
the page says.

A scraped page is a sidebar of teasers (one paragraph each, sometimes after a
``DD.MM.YYYY`` line) followed by one article: a headline line, often followed
by a dateline glued to the next line (``23.12.2014The December…``) or by the
headline repeated with its dateline, then the body, then page furniture (a
separator, the press contact block, ``Go back`` links).
"""
from __future__ import annotations

import codecs
import fnmatch
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator, Optional

from .. import datelines
from . import furniture as site_furniture
from ..model import Furniture, Item, Page, Span

#: Files larger than this are refused: a press page is a few KB, so anything
#: this big is not a page (and would slow the window down for nothing).
MAX_FILE_BYTES = 10 * 1024 * 1024
#: Pages with more lines are refused: a press page has a few hundred, and
#: segmenting costs memory per line (5 million one-letter lines took 2 GB).
MAX_LINES = 50_000
#: A longer line is never a headline: the site's longest is ~230 characters,
#: and the extraction reads a headline as one sentence (see
#: :data:`reviewer.extract.sentences.MAX_SENTENCE`).
MAX_HEADLINE = 1000
#: Inline media markers split out of one line at most; more stay in its text.
MAX_MEDIA_PER_LINE = 50


class IngestError(Exception):
    """A file that cannot be imported; the message is one line for the user."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


# --------------------------------------------------------------------------
# Reading and decoding


def read_page(path: str | os.PathLike) -> Page:
    """Read, decode and segment one page file, or raise :class:`IngestError`."""
    p = Path(path)
    return page_from_bytes(p.name, read_bytes(p), path=str(p))


def read_bytes(path: str | os.PathLike) -> bytes:
    """A page file's bytes, or :class:`IngestError` (not a regular file, unreadable, too large).

    The checks are made on the file as opened, and the read stops one byte past
    the limit, so a file swapped or grown after it was listed is still refused
    instead of read whole into memory.
    """
    p = Path(path)
    shown = printable(str(p))
    try:
        # O_NONBLOCK: opening a FIFO named *.txt must not wait for a writer
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except PermissionError:
        raise IngestError(shown, "permission denied") from None
    except OSError as exc:
        raise IngestError(shown, f"cannot read ({exc.strerror or exc})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            # a FIFO or device named *.txt would block the import forever on read
            raise IngestError(shown, "not a regular file")
        if not st.st_mode & 0o444:
            # no read bit is the owner's intent even for root, who could read it anyway
            raise IngestError(shown, "permission denied")
        if st.st_size > MAX_FILE_BYTES:
            raise IngestError(shown, _too_large(st.st_size))
        os.set_blocking(fd, True)
        chunks, size = [], 0
        while size <= MAX_FILE_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_FILE_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_FILE_BYTES:  # it grew after the size was checked
            raise IngestError(shown, _too_large(size, "at least "))
        return b"".join(chunks)
    except IngestError:
        raise
    except PermissionError:
        raise IngestError(shown, "permission denied") from None
    except OSError as exc:
        raise IngestError(shown, f"cannot read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def _too_large(size: int, at_least: str = "") -> str:
    return f"too large ({at_least}{size / 1e6:.1f} MB; the limit is {MAX_FILE_BYTES // 2**20} MiB)"


# C0 and C1 controls, DEL, and the bidirectional overrides that reorder what a terminal shows.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(m: re.Match) -> str:
    c = ord(m.group())
    if 0xDC80 <= c <= 0xDCFF:  # a byte of a file name that is not UTF-8 (Python's surrogateescape)
        return f"\\x{c - 0xDC00:02x}"
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(m.group()) or (f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}")


def printable(name: str) -> str:
    """``name`` as one line of visible text: control characters, terminal escapes and bytes
    that are not UTF-8 written as ``\\n``, ``\\x1b``, ``\\xff``, so a file name can neither fake
    output lines nor drive the terminal, and can be stored and printed as UTF-8."""
    return _UNPRINTABLE.sub(_escape, name) if _UNPRINTABLE.search(name) else name


def page_from_bytes(name: str, raw: bytes, path: Optional[str] = None, sha256: Optional[str] = None,
                    learned: frozenset[str] = frozenset()) -> Page:
    """Decode and segment a page's bytes (``sha256``: their digest, when the caller has it already).

    The page's name and path are kept as :func:`printable` text: a file name
    that is not UTF-8 could not be stored, and one with a newline or a
    terminal escape would be shown raw wherever it is listed.
    """
    name, path = printable(name), printable(path or name)
    if not raw.strip():
        raise IngestError(path, "empty file")
    text, encoding, warnings = decode(raw, path)
    return page_from_text(name, text, path, sha256 or hashlib.sha256(raw).hexdigest(), encoding, warnings, learned)


def page_from_text(name: str, text: str, path: str, sha256: str, encoding: str, warnings: list[str],
                   learned: frozenset[str] = frozenset()) -> Page:
    """Segment a page's decoded text (``name`` and ``path`` already printable; ``sha256``: of its bytes),
    or raise :class:`IngestError` when it is too long or holds no prose."""
    if (lines := too_many_lines(text)) is not None:
        raise IngestError(path, f"too many lines for a page ({lines:,}; the limit is {MAX_LINES:,})")
    page = parse_page(name, text, learned)
    page.path = path
    page.sha256 = sha256
    page.encoding = encoding
    page.warnings = warnings + page.warnings
    if not any(_PROSE.search(item.content(text)) for item in page.items):
        raise IngestError(path, "no text content found (no paragraph of prose)")
    return page


#: Prose: three words of letters in a row on one line (or a run of CJK script),
#: so a file of numbers, symbols or one-word menu lines is not taken for a page.
# (Starting at a word's first letter only: from each letter of a 9 MB word the search read to its end.)
_PROSE = re.compile(r"(?<![^\W\d_])[^\W\d_]+(?:[^\S\n\r]+[^\W\d_]+){2,}|[\u3040-\u30ff\u4e00-\u9fff]{4,}")


def has_prose(text: str) -> bool:
    """Whether ``text`` holds a line of prose (see :data:`_PROSE`)."""
    return _PROSE.search(text) is not None


_BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x7fELF", b"SQLite format 3")


def looks_binary(raw: bytes) -> bool:
    """Bytes of an image, an archive, a program or a database, or holding a NUL: no page of text."""
    return raw.startswith(_BINARY_MAGIC) or b"\x00" in raw


def decode(raw: bytes, path: str = "") -> tuple[str, str, list[str]]:
    """Decode page bytes: UTF-8 (BOM or not), UTF-16 with BOM, else cp1251/cp1252 with a warning."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise IngestError(path, "starts with a UTF-16 byte order mark but is not valid UTF-16") from None
        return _text(text, path), "utf-16", []
    if looks_binary(raw):
        raise IngestError(path, "binary file, not text")
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8"), "utf-8-sig", []
        except UnicodeDecodeError:
            raise IngestError(path, "starts with a UTF-8 byte order mark but is not valid UTF-8") from None
    try:
        return _text(raw.decode("utf-8"), path), "utf-8", []
    except UnicodeDecodeError:
        pass
    # Legacy 8-bit: the site's Russian pages were cp1251; prefer it when the
    # high bytes read as Cyrillic letters, otherwise cp1252 (never fails).
    # Cyrillic words are runs of high bytes; Western accents sit between ASCII letters.
    # Counted by C-level byte operations: a list of positions cost ~40 bytes a high byte (360 MB for 9 MB).
    cp = raw.decode("cp1251", errors="replace")
    high = len(raw) - len(raw.translate(None, _HIGH_BYTES))
    in_runs = high - _LONE_HIGH.subn(b"", raw)[1]
    cyrillic = len(raw) - len(raw.translate(None, _CP1251_CYRILLIC))
    if high and cyrillic / high > 0.7 and in_runs / high > 0.6 and "\ufffd" not in cp:
        return cp, "cp1251", [f"{path}: not UTF-8; decoded as cp1251 (Cyrillic)"]
    # Windows' cp1252 rather than latin-1 itself: it is latin-1 where latin-1 prints, and reads
    # 0x80-0x9f as "…", curly quotes and dashes instead of control characters (0x85 "…" ended lines).
    text = raw.decode("cp1252", errors="latin-1-for-undefined")
    if _control_share(text) > 0.05:
        raise IngestError(path, "not decodable as text (not UTF-8, UTF-16, cp1251 or latin-1 prose)")
    return text, "cp1252", [f"{path}: not UTF-8; decoded as cp1252 (latin-1)"]


def _latin1_for_undefined(exc: UnicodeDecodeError) -> tuple[str, int]:
    """The five bytes cp1252 leaves undefined read as latin-1 (controls, so they count as binary)."""
    return exc.object[exc.start : exc.end].decode("latin-1"), exc.end


# typeshed types an error handler for every UnicodeError; this one is only used to decode
codecs.register_error("latin-1-for-undefined", _latin1_for_undefined)  # type: ignore[arg-type]


_HIGH_BYTES = bytes(range(128, 256))
_LONE_HIGH = re.compile(rb"(?<![\x80-\xff])[\x80-\xff](?![\x80-\xff])")
_CP1251_CYRILLIC = bytes(b for b in _HIGH_BYTES if "\u0400" <= bytes([b]).decode("cp1251", errors="replace") <= "\u04ff")


# Line breaks as str.splitlines counts them: the segmentation breaks at \r\n, \n and \r only, but
# whatever else reads a page by its lines (the furniture learned over an import) breaks at these too.
_LINE_BREAKS = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def too_many_lines(text: str) -> Optional[int]:
    """How many lines ``text`` has when that is more than :data:`MAX_LINES`, else ``None``."""
    lines = _LINE_BREAKS.subn("", text)[1] + 1  # counted without a list of them
    return lines if lines > MAX_LINES else None


def _text(text: str, path: str) -> str:
    """Refuse decoded text that is mostly control characters (binary data behind a BOM, say)."""
    if "\x00" in text or _control_share(text) > 0.05:
        raise IngestError(path, "binary file, not text")
    return text


# Unicode category Cc (C0 and C1 controls) less tab, line feed, form feed and
# carriage return; a regex, because a per-character loop cost ~0.7 ms a page.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _control_share(text: str) -> float:
    return _CONTROL.subn("", text)[1] / max(1, len(text))  # subn counts without a list of matches


#: The files a folder import reads: text pages, HTML pages, JSON Lines feeds of pages.
PAGE_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
#: What :func:`iter_files` yields for a file an ``include`` glob left out: neither read nor reported.
EXCLUDED = "left out by --include"


def page_kind(path: str | os.PathLike) -> str:
    """How a file is read, by its suffix: "html" (.html, .htm), "feed" (.jsonl) or "text" (anything else)."""
    suffix = os.path.splitext(os.fspath(path))[1].lower()
    return "html" if suffix in (".html", ".htm") else "feed" if suffix == ".jsonl" else "text"


def not_a_page(name: str) -> str:
    """Why a folder import does not read a file named ``name`` (its suffix is none it reads)."""
    suffix = Path(name).suffix.lower()
    what = printable(suffix) if suffix else "no suffix"
    return f"not a page file ({what}; a folder import reads {', '.join(PAGE_SUFFIXES)})"


def iter_files(paths: list[str | os.PathLike], follow_links: bool = False,
               include: Optional[list[str]] = None) -> Iterator[tuple[Path, Optional[str]]]:
    """Yield ``(file, problem)`` for every file below the given files and folders.

    Folders are walked recursively; a problem is a one-line reason the file is
    skipped: every file a folder holds is yielded, and one whose suffix is none
    of :data:`PAGE_SUFFIXES` comes with its reason (never silently left out).
    ``include``: globs (``*.html``, ``2024/*``) matched against a folder's
    file's name or its path inside the folder; a file that matches none is
    yielded with :data:`EXCLUDED`. Files named on their own are always taken.
    Without ``follow_links`` linked folders are not walked (so a
    symlink loop cannot trap the walk), and a linked file that leads out of the
    folder being imported is refused: a link planted in a downloaded folder
    must not make the import read, and store, a private file elsewhere. With
    it, links are followed, each real folder walked once. Files named on their
    own are read wherever they lead: the user chose them.
    """
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            inside = None if follow_links else p.resolve()
            walked: set[str] = set()
            for root, dirs, files in os.walk(p, followlinks=follow_links):
                if follow_links:
                    real = os.path.realpath(root)
                    if real in walked:  # a loop, or a folder linked twice
                        dirs[:] = []
                        continue
                    walked.add(real)
                dirs.sort()
                for name in sorted(files):
                    f = Path(root) / name
                    if include and not _included(f.relative_to(p).as_posix(), include):
                        yield f, EXCLUDED
                    elif name.lower().endswith(PAGE_SUFFIXES):
                        yield f, _link_problem(f, inside)
                    else:
                        yield f, not_a_page(name)
        elif p.exists():
            yield p, _link_problem(p)
        elif p.is_symlink():
            yield p, "broken or looping symbolic link"
        else:
            yield p, "no such file or folder"


def _included(relative: str, globs: list[str]) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(name, g) or fnmatch.fnmatchcase(relative, g) for g in globs)


def _link_problem(path: Path, inside: Optional[Path] = None) -> Optional[str]:
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return "broken or looping symbolic link"
        if inside is not None and not target.is_relative_to(inside):
            return "symbolic link to a file outside the imported folder (not read; --follow-links reads it)"
    return None


# --------------------------------------------------------------------------
# Page segmentation

_DATE_RE = r"(\d{2})\.(\d{2})\.(\d{4})"
_DATELINE_ONLY = re.compile(rf"^\s*{_DATE_RE}\s*$")
_DATELINE_GLUED = re.compile(rf"^\s*{_DATE_RE}(?=\s*\S)")
# Patterns over one line run in time linear in it (a line may be megabytes): a search starts only at
# the first of a run of spaces, and no two quantifiers can share the same characters.
_DATELINE_TRAILING = re.compile(rf"(?<!\s)\s+{_DATE_RE}\s*$")
_NAV = re.compile(r"^\s*(go back|back to (the )?[\w ]{0,40}|back)\s*$", re.I)
_PHOTO_NAME = re.compile(r"[\w.\-()]+\.(?:jpe?g|png|gif|webp|tiff?)", re.I)  # file names glued or spaced
_SEPARATOR = re.compile(r"^\s*(?:(?:\*\s*){3,}|[_\-=]{3,})")
_PHONE = re.compile(r"^\s*\+\s?\d[\d\s\-()/,]*(?:(?:tel|fax|tel\s*/\s*fax)\b.*)?$", re.I)
_EMAIL = re.compile(r"^\s*e-?mail\s*:?\s*(?=\S*\S@\S)\S+\s*$", re.I)
_CONTACT = re.compile(r"\b(spokes(?:man|woman|person)|press\s+secretary|press\s+service|press\s+office|press\s+attach)", re.I)
_INLINE_MEDIA = re.compile(r"(?<!\s)\s*\((?:photo gallery|photo|photos|video|video gallery)\)", re.I)  # over a line's copy
_MEDIA = re.compile(r"\((?:photo gallery|photo|photos|video|video gallery)\)", re.I)  # in the page: spans are stripped
_TERMINAL = re.compile(r"[.!?…]['\"”’»)]*\s*$")


@dataclass
class _Line:
    start: int
    end: int
    kind: str  # "blank" | "content" | "dateline" | furniture kinds
    dateline: Optional[str] = None
    content_start: int = 0  # after a glued dateline
    content_end: int = 0  # before a trailing dateline / inline media
    dateline_span: Optional[Span] = None  # a wire dateline opening the line ("GENEVA, 9 October 2020 –")
    state: str = ""  # content lines: "prose" or "headline" (see _site_chrome)
    after_date: bool = False  # a date line stands between this line and the prose it heads


def _iso(m: re.Match) -> Optional[str]:
    day, month, year = (int(g) for g in m.groups()[:3])
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _split_lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in re.finditer(r"\r\n|\n|\r", text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _classify(text: str, start: int, end: int, furniture: list[Furniture], learned: frozenset[str] = frozenset()) -> _Line:
    s, e = _strip(text, start, end)
    line = text[s:e]
    if not line:
        return _Line(start, end, "blank")
    if m := _DATELINE_ONLY.match(line):
        furniture.append(Furniture(Span(s, e), "dateline"))
        return _Line(s, e, "dateline", dateline=_iso(m))
    # other sites' date lines: "12 March 2018", "Date: 14 April 2022", "(Agency) 10:15, May 3, 2021"
    if (d := datelines.date_line(text, s, e)) is not None and d.year is not None:
        furniture.append(Furniture(Span(s, e), "dateline"))
        return _Line(s, e, "dateline", dateline=d.iso())
    if learned and site_furniture.key(line) in learned:  # repeated on many pages of this import
        furniture.append(Furniture(Span(s, e), "site"))
        return _Line(s, e, "site")
    if kind := site_furniture.shape(line):
        furniture.append(Furniture(Span(s, e), kind))
        return _Line(s, e, kind)
    if _NAV.match(line) and len(line) < 50:
        furniture.append(Furniture(Span(s, e), "nav"))
        return _Line(s, e, "nav")
    if _photo_line(line):
        furniture.append(Furniture(Span(s, e), "photo"))
        return _Line(s, e, "photo")
    if m := _SEPARATOR.match(line):
        # A separator is sometimes glued to the contact line after it.
        furniture.append(Furniture(Span(s, e), "separator" if m.end() == len(line) else "contact"))
        return _Line(s, e, "separator" if m.end() == len(line) else "contact")
    if _PHONE.match(line) or _EMAIL.match(line) or (len(line) < 90 and _CONTACT.search(line) and not _TERMINAL.search(line)):
        furniture.append(Furniture(Span(s, e), "contact"))
        return _Line(s, e, "contact")
    ln = _Line(s, e, "content", content_start=s, content_end=e)
    if m := _DATELINE_GLUED.match(line):
        ln.dateline = _iso(m)
        ln.content_start, _ = _strip(text, s + m.end(), e)
        furniture.append(Furniture(Span(s, s + m.end()), "dateline"))
    elif line[-1].isdigit() and (m := _DATELINE_TRAILING.search(line)):  # (a cheap test first: it ends in a year)
        ln.dateline = _iso(m)
        ln.content_end = s + m.start()
        furniture.append(Furniture(Span(s + m.start(1), e), "dateline"))
    elif (w := datelines.wire(text, s, e)) is not None:
        # the dateline stays in the lead (its city and date are read there); it dates the item
        ln.dateline = w.date.iso()
        ln.dateline_span = Span(s, _strip(text, s, w.end)[1])
        if ln.dateline is None:
            ln.dateline = ""  # a yearless wire date: the item's other dateline gives the year (see parse_page)
    return ln


_LIST_MARK = re.compile(r"[-\u2013\u2014•*·]|\d{1,2}[.)][ \u00a0]")


def _site_chrome(text: str, lines: list[_Line], furniture: list[Furniture]) -> None:
    """Lines that head nothing are chrome: a masthead, a section title, a list of headlines.

    Read from the bottom up, a line without a closing stop is a headline only
    when prose follows it (after its date and metadata lines; a short section
    title needs the prose right under it) or the page marks it the CSTO way
    (its dateline glued under it, or the line repeated); otherwise, whatever
    its words, it is furniture. Dated lines and list items are never chrome.
    Between a page's first and last prose lines a sidebar teaser may lack its
    stop (the CSTO pages' do), so only section titles are chrome there.
    """
    prose = [i for i, ln in enumerate(lines) if ln.kind == "dateline" or (
        ln.kind == "content" and site_furniture.sentence(_body(text, ln)))]
    first, last = (prose[0], prose[-1]) if prose else (0, 0)
    nxt, dated = "", False  # the state of the next content line below; a date line between
    for i in range(len(lines) - 1, -1, -1):
        ln = lines[i]
        if ln.kind == "dateline":
            dated = True
            continue
        if ln.kind != "content":
            continue
        body = _body(text, ln)
        if nxt == "prose" and _HEADLINE_DATE.search(body) and not site_furniture.sentence(body):
            ln.state, ln.after_date = "headline", dated  # "Digest of 2 February 2022" over its bullets
        elif (site_furniture.sentence(body) or ln.dateline is not None or site_furniture._DATEISH.search(body)
                or _LIST_MARK.match(body)):
            ln.state = "prose"
        elif _marked_headline(text, lines, i) or (nxt == "prose" and not (dated and site_furniture.section_title(body))):
            ln.state, ln.after_date = "headline", dated
        elif first < i < last and not site_furniture.section_title(body):
            ln.state = "prose"  # a sidebar teaser without its stop
        else:
            ln.kind = "section" if site_furniture.section_title(body) else "chrome"
            furniture.append(Furniture(Span(ln.start, ln.end), ln.kind))
            continue
        nxt, dated = ln.state, False


def _headlines_over_leads(text: str, lines: list[_Line], furniture: list[Furniture]) -> None:
    """A repeated line right over a lead is a headline that several releases share ("Working visit to
    Brest"), not the site's furniture: the lead under it (prose or dated, maybe under its own date
    line) shows it heads an item. A section title stays furniture."""
    for i, ln in enumerate(lines):
        if ln.kind != "site" or site_furniture.section_title(text[ln.start : ln.end]):
            continue
        below = [lines[j] for j in range(i + 1, min(len(lines), i + 6)) if lines[j].kind != "blank"][:2]
        if below and below[0].kind == "dateline":
            below = below[1:]
        nxt = below[0] if below else None
        if nxt is None or nxt.kind != "content":
            continue
        if nxt.dateline or site_furniture.sentence(_body(text, nxt)):
            furniture.remove(Furniture(Span(ln.start, ln.end), "site"))
            lines[i] = _classify(text, ln.start, ln.end, furniture)


def _site_headline(text: str, lines: list[_Line], i: int) -> bool:
    """A listing's next release: a headline over its own date line, or over a lead opening with a wire dateline."""
    ln = lines[i]
    if ln.state != "headline":
        return False
    if ln.after_date:
        return True
    nxt = _next_content(lines, i)
    return nxt is not None and nxt.dateline_span is not None
def _photo_line(line: str) -> bool:
    """A line of photo file names only: every word ends in an image extension
    (``^\\s*(?:[\\w.\\-()]+\\.(?:jpe?g|…)\\s*)+$``, which backtracked exponentially on "a.jpga.jpg…!")."""
    return all(_PHOTO_NAME.fullmatch(w.group()) for w in _NONSPACE.finditer(line))


_NONSPACE = re.compile(r"\S+")


def _segments(text: str, ln: _Line, furniture: list[Furniture]) -> list[Span]:
    """The content of a line minus inline media markers such as ``(Photo gallery)``."""
    out, pos = [], ln.content_start
    for m, _ in zip(_MEDIA.finditer(text, ln.content_start, ln.content_end), range(MAX_MEDIA_PER_LINE)):
        ms, me = _strip(text, m.start(), m.end())
        furniture.append(Furniture(Span(ms, me), "media"))
        s, e = _strip(text, pos, m.start())
        if e > s:
            out.append(Span(s, e))
        pos = m.end()
    s, e = _strip(text, pos, ln.content_end)
    if e > s:
        out.append(Span(s, e))
    return out


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().casefold()


def _body(text: str, ln: _Line) -> str:
    body = text[ln.content_start : ln.content_end]
    return (_INLINE_MEDIA.sub("", body) if "(" in body else body).strip()


def _next_content(lines: list[_Line], i: int) -> Optional[_Line]:
    nxt = next((lines[j] for j in range(i + 1, len(lines)) if lines[j].kind != "blank"), None)
    return nxt if nxt is not None and nxt.kind == "content" else None


_WORD = re.compile(r"[^\W\d_]{4,}")


def _words(s: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(s)}


def _share(a: str, b: str) -> float:
    """Share of ``a``'s longer words that ``b`` repeats."""
    wa = _words(a)
    return len(wa & _words(b)) / len(wa) if wa else 0.0


def _marked_headline(text: str, lines: list[_Line], i: int, dated_repeat: bool = False) -> bool:
    """A headline by the page's own marks: a dateline glued under it, or the line repeated (with its dateline)."""
    ln = lines[i]
    if ln.kind != "content" or (ln.dateline and ln.content_start > ln.start):
        return False  # a glued dateline starts a body line, not a headline
    if _too_long(ln):
        return False
    nxt = _next_content(lines, i)
    if nxt is None:
        return False
    if nxt.dateline and nxt.content_start > nxt.start:
        return True
    if dated_repeat and not nxt.dateline:
        return False
    return _norm(text[nxt.content_start : nxt.content_end]) == _norm(_body(text, ln))


def _too_long(ln: _Line) -> bool:
    """Too long for a headline, counting what the visible words leave out (media markers)."""
    return ln.content_end - ln.content_start > MAX_HEADLINE


def _is_headline(text: str, lines: list[_Line], i: int) -> bool:
    """A line that is not a sentence (no closing punctuation), or one that a dateline is glued under."""
    ln = lines[i]
    if _too_long(ln):
        return False
    body = _body(text, ln)
    if ln.dateline and ln.content_start > ln.start:
        return False
    if _marked_headline(text, lines, i):
        return True
    return bool(body) and len(body) <= 400 and not _TERMINAL.search(body)


def _article_line(text: str, lines: list[_Line]) -> Optional[int]:
    """The line the page itself marks as the article's headline (the last such), if any.

    Everything before it is the sidebar, so a teaser without a closing stop is
    not mistaken for the headline.
    """
    marked = [i for i in range(len(lines)) if _marked_headline(text, lines, i, dated_repeat=True)]
    return marked[-1] if marked else None


def _takes_over(text: str, lines: list[_Line], i: int, headline: str) -> bool:
    """On a page without marks: whether line ``i`` is the real headline, the one taken so far a teaser.

    A teaser without a closing stop looks like a headline; a headline ending in
    a stop shows itself by a lead restating it (while it shares little with
    the supposed headline).
    """
    body = _body(text, lines[i])
    return _share(body, headline) < 0.5 and _restated(text, lines, i, 0.6, 300)


def _restated(text: str, lines: list[_Line], i: int, share: float = 0.7, longest: int = 200) -> bool:
    """A short line whose words the longer next line repeats: a headline ending in a stop, then its lead.

    Stricter when no headline was seen yet: two sidebar teasers about the same
    official can share many words (but a teaser is rarely this short).
    """
    if _too_long(lines[i]):
        return False
    body = _body(text, lines[i])
    nxt = _next_content(lines, i)
    if nxt is None or len(body) > longest or len(_words(body)) < 3:
        return False
    if lines[i].dateline or nxt.dateline:
        return False  # a dated line is a teaser or the glued lead itself
    first = _body(text, nxt)
    return len(first) > len(body) and _share(body, first) >= share


def _as_site(ln: _Line, furniture: list[Furniture]) -> None:
    """Mark a line the site's own furniture (a running head, a feed's poster)."""
    ln.kind = "site"
    furniture.append(Furniture(Span(ln.start, ln.end), "site"))


def _running_heads(text: str, lines: list[_Line], furniture: list[Furniture]) -> None:
    """A PDF's running head ("NORDIC COUNCIL        PRESS RELEASE No. 41"): a line laid out in columns (a gap
    of three spaces or more) that recurs on the page, away from itself, without a stop."""
    seen: dict[str, list[int]] = {}
    for i, ln in enumerate(lines):
        if ln.kind == "content" and ln.end - ln.start <= 200 and text.find("   ", ln.start, ln.end) >= 0:
            body = _body(text, ln)
            if not _TERMINAL.search(body):
                seen.setdefault(_norm(body), []).append(i)
    for found in seen.values():
        if len(found) >= 2 and found[-1] - found[0] > 1:
            for i in found:
                _as_site(lines[i], furniture)


#: A page whose longest line is this short was laid out in lines of fixed width (a PDF's text, a wire's
#: teletype): its paragraphs run on over several lines.
_WRAP_WIDTH = 120
#: A line wraps when it fills this share of the page's width and no stop ends it.
_WRAP_FILL = 0.75


def _unwrapped(text: str, lines: list[_Line]) -> list[_Line]:
    """A page of wrapped text with its paragraphs joined: each run of lines that fill the width without a
    stop, and the line that ends the run, become one content line (its span holds the line breaks)."""
    width = max((ln.content_end - ln.content_start for ln in lines if ln.kind == "content"), default=0)
    if not 0 < width <= _WRAP_WIDTH:
        return lines

    def wraps(a: _Line, b: _Line) -> bool:
        return (a.kind == "content" and b.kind == "content" and b.dateline is None
                and a.content_end == a.end and b.content_start == b.start
                and a.content_end - a.content_start >= _WRAP_FILL * width
                and not _TERMINAL.search(text, a.content_start, a.content_end)
                and _LIST_MARK.match(text, b.content_start) is None)

    # each pair as printed (the line above, not the paragraph joined so far), looked at once
    joined = [wraps(a, b) for a, b in zip(lines, lines[1:])]
    if sum(joined) < 2:  # one long line without a stop over another is a headline over its lead
        return lines
    out = lines[:1]
    for joins, ln in zip(joined, lines[1:]):
        if joins:
            out[-1].end = out[-1].content_end = ln.end
        else:
            out.append(ln)
    return out


def parse_page(name: str, text: str, learned: frozenset[str] = frozenset()) -> Page:
    """Split a page's text into teasers and its article(s), and mark its furniture.

    ``learned``: lines the import found repeated on many pages (:mod:`reviewer.importing.furniture`).
    """
    furniture: list[Furniture] = []
    lines = [_classify(text, s, e, furniture, learned) for s, e in _split_lines(text)]
    _running_heads(text, lines, furniture)
    lines = _unwrapped(text, lines)
    if learned:
        _headlines_over_leads(text, lines, furniture)
    _site_chrome(text, lines, furniture)
    _bylines(text, lines, furniture)
    article_at = _article_line(text, lines)
    items: list[Item] = []
    pending_dateline: Optional[tuple[Optional[str], Span]] = None
    last_dateline: Optional[str] = None  # the page's last full date: the year of a yearless wire date below it
    article: Optional[Item] = None
    for i, ln in enumerate(lines):
        if ln.kind == "dateline":
            last_dateline = ln.dateline or last_dateline
            if article is not None and article.dateline is None and len(article.segments) <= 1:
                article.dateline, article.dateline_span = ln.dateline, Span(ln.start, ln.end)
            else:
                pending_dateline = (ln.dateline, Span(ln.start, ln.end))
                if article is not None and len(article.segments) > 1 and article_at is None:
                    article = None  # a date line under an article's body dates the next item, a teaser
            continue
        if ln.kind != "content":
            continue
        if ln.dateline == "":  # a wire date without its year takes the year nearest the item's dateline
            w = datelines.wire(text, ln.start, ln.end)
            anchor = (article.dateline if article is not None else None) or (pending_dateline or (None,))[0] or last_dateline
            ln.dateline = (datelines.year_near(w.date, anchor) if w else None)
        if ln.dateline:
            last_dateline = ln.dateline
        if article is not None and article_at is None and _site_headline(text, lines, i):
            if len(article.segments) == 1 and article.dateline is None:
                # a line without a stop and without a body over the page's dated headline: a sidebar's quoted
                # teaser ('Secretary General: "The exercise confirmed …"'), not a release
                article.kind, article.headline = "teaser", None
            article = None  # a listing page: each release is an article of its own
        takes_over = False
        if article_at is None and article is not None and len(article.segments) == 1 and article.headline and _takes_over(
                text, lines, i, text[article.headline.start : article.headline.end]):
            article.kind, article.headline, article = "teaser", None, None
            takes_over = True
        if article is not None:
            headline = article.headline
            own = _norm(text[ln.content_start : ln.content_end])
            if headline and len(article.segments) == 1 and own == _norm(text[headline.start : headline.end]):
                # the headline repeated with its dateline: furniture, not a second sentence
                furniture.append(Furniture(Span(ln.content_start, ln.content_end), "repeat"))
                if ln.dateline and article.dateline is None:
                    article.dateline, article.dateline_span = ln.dateline, Span(ln.content_end, ln.end)
                continue
            if ln.dateline and article.dateline is None and len(article.segments) == 1:
                article.dateline = ln.dateline
                article.dateline_span = ln.dateline_span or (
                    Span(ln.start, ln.content_start) if ln.content_start > ln.start else Span(ln.content_end, ln.end))
            article.segments.extend(_segments(text, ln, furniture))
            continue
        segs = _segments(text, ln, furniture)
        if not segs:
            continue
        if article_at is not None:
            kind = "article" if i >= article_at else "teaser"
        else:
            kind = "article" if takes_over or _is_headline(text, lines, i) or _restated(text, lines, i) else "teaser"
        item = Item(seq=len(items), kind=kind, span=Span(segs[0].start, segs[-1].end), segments=segs)
        if pending_dateline:
            # (a story's own wire dateline dates it, not the page's "Updated:" line above)
            if not (ln.dateline and ln.dateline_span is not None):
                item.dateline, item.dateline_span = pending_dateline
            pending_dateline = None
        if ln.dateline and item.dateline is None:
            item.dateline = ln.dateline
            item.dateline_span = ln.dateline_span or (
                Span(ln.content_end, ln.end) if ln.content_end < ln.end else Span(ln.start, ln.content_start))
        if kind == "article":
            item.headline = Span(segs[0].start, segs[-1].end)
            article = item
        items.append(item)
    for item in items:  # a listing page has several articles, each grown line by line
        item.span = Span(item.segments[0].start, item.segments[-1].end)
        if item.dateline is None and item.headline is not None:
            _dated_headline(text, item)
    furniture.sort(key=lambda f: f.span.start)
    return Page(name=name, path=name, text=text, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                encoding="utf-8", items=items, furniture=furniture)


def _bylines(text: str, lines: list[_Line], furniture: list[Furniture]) -> None:
    """A feed's poster: a line without a stop that stands over a date line two or more times on one page
    ("Embassy of X" over each post's "4 May 2023 at 19:32") is the page's chrome, not each post's headline."""
    over: dict[str, list[int]] = {}
    for i, ln in enumerate(lines):
        if ln.kind != "content" or ln.dateline is not None:
            continue
        nxt = next((lines[j] for j in range(i + 1, len(lines)) if lines[j].kind != "blank"), None)
        if nxt is None or nxt.kind != "dateline":
            continue
        body = _body(text, ln)
        if body and not _TERMINAL.search(body):
            over.setdefault(_norm(body), []).append(i)
    posters = {k for k, found in over.items() if len(found) >= 2}
    if not posters:
        return
    for ln in lines:  # the poster over each post, and the same name heading the page
        if ln.kind == "content" and ln.dateline is None and _norm(_body(text, ln)) in posters:
            _as_site(ln, furniture)


# "Digest of 12 June 2023", "Agenda for 3 May 2024": a headline ending in a full date dates its item.
_HEADLINE_DATE = re.compile(r"(?:\d{1,2}[ \u00a0]+[A-Z][a-z]+\.?|[A-Z][a-z]+\.?[ \u00a0]+\d{1,2},?)[ \u00a0]+\d{4}[ \u00a0]*$")


def _dated_headline(text: str, item: Item) -> None:
    assert item.headline is not None
    m = _HEADLINE_DATE.search(text, max(item.headline.start, item.headline.end - 30), item.headline.end)
    if m is None:
        return
    d = datelines.date_line(text, m.start(), item.headline.end)
    if d is not None and d.year is not None:
        item.dateline, item.dateline_span = d.iso(), Span(m.start(), item.headline.end)


def content_hash(text: str, item: Item) -> str:
    """Identity of an item's content: equal for copies that differ only in spacing."""
    return hashlib.sha256(_norm(item.content(text)).encode("utf-8")).hexdigest()
