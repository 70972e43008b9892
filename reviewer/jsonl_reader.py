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

    def digest(self) -> str:
        return self._digest.hexdigest()

    def lines(self) -> Iterator[tuple[int, bytes]]:
        """(number, bytes without the line end) of every line, from the start (a CSV reader reads them too)."""
        self._file.seek(0)
        self._digest = hashlib.sha256()
        parts: list[bytes]
        total, number, parts, held = 0, 0, [], 0  # parts: the current line's bytes so far (held of them)
        too_long = f"longer than {size(self.max_line)}"
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
                number += 1
                if held + end - start > self.max_line:
                    raise BadLine(number, too_long)
                yield number, b"".join(parts) + block[start:end]
                parts, held, start = [], 0, end + 1
            if start < len(block):
                parts.append(block[start:])
                held += len(block) - start
                if held > self.max_line:  # refused before the rest of it is read
                    raise BadLine(number + 1, too_long)
        if parts:
            yield number + 1, b"".join(parts)

    def objects(self) -> Iterator[tuple[int, Any]]:
        """(line number, parsed value) of every non-blank line; a bad one raises :class:`BadLine`."""
        for number, raw in self.lines():
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise BadLine(number, "not UTF-8 text, so not a JSON Lines export") from None
            if not text.strip():
                continue
            try:
                value = json.loads(text, parse_constant=_no_constant)
            except json.JSONDecodeError as exc:
                raise BadLine(number, f"not JSON ({exc.msg} at column {exc.colno})") from None
            except RecursionError:
                raise BadLine(number, "not JSON this program reads (nested too deeply)") from None
            except ValueError as exc:  # NaN/Infinity, or an integer of thousands of digits
                raise BadLine(number, f"not JSON this program reads ({str(exc).splitlines()[0]})") from None
            yield number, value
