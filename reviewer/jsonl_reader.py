"""Read a JSON Lines file within fixed bounds, one line at a time.

A file handed to ``import-events`` may be anything: a FIFO that never ends,
``/dev/zero``, a single 100 MB string, nesting a hundred thousand deep. So
only a regular file is read (checked on the opened descriptor, after an open
that never blocks), the bytes actually read are counted against a limit
(a file that grows while read is still caught), a line longer than its
limit is refused before it is held whole, and each line is parsed alone, so
memory stays that of one line. Lines end at ``\\n`` only: U+2028, U+2029 and
U+0085 are characters inside a text, not line ends (``str.splitlines`` would
cut there). Every refusal is a :class:`BadLine` carrying one line of reason.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any, BinaryIO, Iterator, Optional

#: Bytes read from one file at most: about 550,000 exported events (1.9 KB each on a generated corpus).
#: Memory does not grow with the file (one line at a time); this bounds the time a file can take.
MAX_BYTES = 1 << 30
#: Bytes in one line (one event) at most.
MAX_LINE = 4 * 1024 * 1024
_BLOCK = 1 << 16


class BadFile(ValueError):
    """The file as a whole cannot be read; ``str()`` is the reason, without the file name."""


class BadLine(ValueError):
    """One line cannot be read; ``line`` is its number, ``str()`` the reason."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line


def size(n: int) -> str:
    """A byte count for a message: 1 GiB, 4 MiB, 512 KiB, 100 bytes."""
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n >= 1 << shift and n % (1 << shift) == 0:
            return f"{n >> shift} {unit}"
    return f"{n} bytes"


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


class BoundedLines:
    """An open regular file read as JSON Lines; iterate :meth:`objects` (again for a second pass).

    Use as a context manager. :meth:`digest` is the sha256 of the bytes the
    last pass read, so two passes can tell that the file did not change.
    """

    def __init__(self, path: Path, max_bytes: Optional[int] = None, max_line: Optional[int] = None,
                 what: str = "a JSON Lines file") -> None:
        self.path = Path(path)
        self.max_bytes = MAX_BYTES if max_bytes is None else max_bytes
        self.max_line = MAX_LINE if max_line is None else max_line
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(self.path, flags)  # O_NONBLOCK: opening a FIFO with no writer returns at once
        except FileNotFoundError:
            raise BadFile("no such file") from None
        except IsADirectoryError:
            raise BadFile(f"is a folder, not {what}") from None
        except OSError as exc:
            raise BadFile(f"cannot read ({exc.strerror or exc})") from None
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            os.close(fd)
            kind = ("a folder" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode)
                    else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode)
                    else "not a regular file")
            raise BadFile(f"is {kind}, not a regular file; only {what} can be imported")
        if getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(fd, True)  # a regular file: reads never wait anyway, but say what we mean
        self._file: BinaryIO = os.fdopen(fd, "rb", buffering=0)
        self._digest = hashlib.sha256()

    def __enter__(self) -> "BoundedLines":
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()

    def head(self, size: int = 4096) -> bytes:
        """The file's first ``size`` bytes (a look before the lines are read)."""
        self._file.seek(0)
        return self._file.read(size)

    def digest(self) -> str:
        return self._digest.hexdigest()

    def _lines(self, skip_long: bool = False) -> Iterator[tuple[int, Optional[bytes]]]:
        """(number, bytes without the line end) of every line, from the start. A line longer than
        ``max_line`` raises :class:`BadLine`, or with ``skip_long`` comes as ``(number, None)`` while
        its bytes are read past, never held."""
        self._file.seek(0)
        self._digest = hashlib.sha256()
        parts: list[bytes]
        total, number, parts, held = 0, 0, [], 0  # parts: the current line's bytes so far (held of them)
        too_long = f"longer than {size(self.max_line)}"
        skipping = False  # inside a line too long, already reported
        while True:
            block = self._file.read(_BLOCK)
            if not block:
                break
            total += len(block)
            if total > self.max_bytes:
                raise BadFile(f"larger than {size(self.max_bytes)}; nothing was imported")
            self._digest.update(block)
            start = 0
            while (end := block.find(b"\n", start)) >= 0:
                if skipping:
                    skipping, start = False, end + 1
                    continue
                number += 1
                if held + end - start > self.max_line:
                    if not skip_long:
                        raise BadLine(number, too_long)
                    yield number, None
                else:
                    yield number, b"".join(parts) + block[start:end]
                parts, held, start = [], 0, end + 1
            if start < len(block) and not skipping:
                parts.append(block[start:])
                held += len(block) - start
                if held > self.max_line:  # refused before the rest of it is read
                    if not skip_long:
                        raise BadLine(number + 1, too_long)
                    number += 1
                    yield number, None
                    parts, held, skipping = [], 0, True
        if parts:
            yield number + 1, b"".join(parts)

    def lines(self) -> Iterator[tuple[int, bytes]]:
        """(number, bytes without the line end) of every line, from the start (a CSV reader reads them too);
        a line longer than ``max_line`` raises :class:`BadLine`."""
        for number, raw in self._lines():
            assert raw is not None  # long lines raise
            yield number, raw

    def objects(self) -> Iterator[tuple[int, Any]]:
        """(line number, parsed value) of every non-blank line; a bad one raises :class:`BadLine`."""
        for number, raw in self.lines():
            value = _parse(number, raw)
            if value is not _BLANK:
                yield number, value

    def each(self) -> Iterator[tuple[int, Any, Optional[str]]]:
        """(line number, parsed value, None) of every non-blank line, or (line number, None, reason)
        for a bad one, and on to the next line: for files whose lines are independent (a feed of pages)."""
        for number, raw in self._lines(skip_long=True):
            if raw is None:
                yield number, None, f"longer than {size(self.max_line)}"
                continue
            try:
                value = _parse(number, raw)
            except BadLine as exc:
                yield number, None, str(exc)
                continue
            if value is not _BLANK:
                yield number, value, None


_BLANK = object()


def _parse(number: int, raw: bytes) -> Any:
    """One line's JSON value (:data:`_BLANK` for a blank line), or :class:`BadLine`."""
    if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadLine(number, "not UTF-8 text, so not JSON Lines") from None
    if not text.strip():
        return _BLANK
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise BadLine(number, f"not JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise BadLine(number, "not JSON this program reads (nested too deeply)") from None
    except ValueError as exc:  # NaN/Infinity, or an integer of thousands of digits
        raise BadLine(number, f"not JSON this program reads ({str(exc).splitlines()[0]})") from None
