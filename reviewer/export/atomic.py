"""Writing an export so that no failure, cancel or kill leaves a half-written or mixed export.

Every file is written beside its target under a hidden temporary name and
flushed to disk. Then the export *commits*: it writes a small journal (the
renames still to make) and renames it into place, which is the one moment the
new export becomes the export. Then it renames the files onto their targets
(a rename within one folder is atomic) and removes the journal. A CSV folder
is swapped with the old one in a single exchange (``renameat2`` on Linux), so
it is never missing.

A SIGKILL can stop an export anywhere. What it leaves carries the export's
token in its name, with a lock file the live export holds (``flock``); the
next export to the same name (:func:`recover`) finds those whose owner is
dead, finishes a committed one from its journal and removes the rest. Until
then a JSON Lines or SQLite file is always whole (old or new); only when the
kill fell between the two renames of a file and its description does the
description still describe the old data, and the journal beside them says so.

Targets are only ever regular files, or folders an export made: a device,
a FIFO, a socket or a symbolic link is never replaced, whoever runs the
program (root could otherwise turn ``/dev/full`` into a file).
"""
from __future__ import annotations

import ctypes
import json
import os
import re
import secrets
import shutil
import stat
from pathlib import Path
from typing import Any, Iterable, Optional

from ..store import StoreError

try:
    import fcntl
except ImportError:  # Windows: no flock, so no telling a dead export's files from a live one's
    fcntl = None  # type: ignore[assignment]


class ExportError(StoreError):
    """An export refused or failed; the message is one line for the user and nothing was changed."""


class TargetExists(ExportError):
    pass


class ExportCancelled(ExportError):
    """The user cancelled; nothing was written."""


def inside(folder: Path, name: str) -> Path:
    """``folder/name``, refusing any name that would reach outside ``folder``."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name or os.path.isabs(name):
        raise ExportError(f"{name!r}: not a plain file name; nothing was written")
    return folder / name


def not_replaceable(path: Path, folder_ok: bool = False) -> Optional[str]:
    """Why an export must never replace what is at ``path`` (None: nothing there, a regular file,
    or with ``folder_ok`` a real folder). Looks at the name itself, never through a link."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot be examined ({exc.strerror or exc})"
    if stat.S_ISREG(mode) or (folder_ok and stat.S_ISDIR(mode)):
        return None
    return ("is a symbolic link" if stat.S_ISLNK(mode) else "is a folder" if stat.S_ISDIR(mode)
            else "is a FIFO" if stat.S_ISFIFO(mode) else "is a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "is a socket" if stat.S_ISSOCK(mode) else "is not a regular file")


def fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open a folder; its renames are durable enough
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# What exports leave while they run: ".NAME.TOKEN.KIND"
_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?P<token>[0-9a-f]{8})\.(?P<kind>lock|commit|commit\.tmp|tmp|old)$")
_JOURNAL_MAX = 1 << 16


class Staging:
    """Files and folders written under temporary names beside their targets in ``folder``,
    renamed onto them together; ``names`` are every target name the export writes there.

    Use as a context manager: :meth:`file` and :meth:`folder` hand out
    temporary paths; leaving the block normally commits them (see the module
    docstring), leaving it by an exception (a failure, a cancel) removes
    them and leaves every target as it was.
    """

    def __init__(self, folder: Path, names: Iterable[str]) -> None:
        self.dir, self.names = Path(folder), list(names)
        self._staged: list[tuple[Path, Path]] = []  # (temporary, target)
        self._lock_fd: Optional[int] = None
        self._committed = False

    def __enter__(self) -> "Staging":
        for _ in range(100):
            self.token = secrets.token_hex(4)
            self._lock = self._name(self.names[0], "lock")
            try:
                self._lock_fd = os.open(self._lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o666)
            except FileExistsError:
                continue
            if fcntl is not None:
                try:
                    fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # held until this export ends
                    ours = os.stat(self._lock).st_ino == os.fstat(self._lock_fd).st_ino
                except OSError:
                    ours = False
                if not ours:  # another export's clean-up took it for a dead one's and removes it: anew
                    os.close(self._lock_fd)
                    self._lock_fd = None
                    continue
            return self
        raise ExportError(f"{self.dir}: cannot create a temporary file there")

    def _name(self, name: str, kind: str) -> Path:
        return self.dir / f".{name}.{self.token}.{kind}"

    def file(self, target: Path) -> Path:
        tmp = self._name(target.name, "tmp")
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o666))  # the umask decides
        self._staged.append((tmp, target))
        return tmp

    def folder(self, target: Path) -> Path:
        tmp = self._name(target.name, "tmp")
        os.mkdir(tmp, 0o777)
        self._staged.append((tmp, target))
        return tmp

    def __exit__(self, exc_type, exc, tb) -> None:
        finished = False
        try:
            if exc_type is None:
                self._commit()
                finished = True
        except OSError as err:
            if self._committed:
                raise ExportError(f"{self._staged[0][1]}: stopped while putting the export in place "
                                  f"({err.strerror or err}); the next export finishes it") from None
            raise
        finally:
            keep = self._committed and not finished  # a journal, for the next export to finish
            if not keep:
                for tmp, _ in self._staged:
                    _remove(tmp)
            if self._lock_fd is not None:
                os.close(self._lock_fd)
            if not keep:
                _remove(self._lock)

    def _commit(self) -> None:
        for tmp, target in self._staged:
            _sync(tmp)
            why = not_replaceable(target, folder_ok=tmp.is_dir())
            if why:  # checked before, but the name may have changed hands since
                raise ExportError(f"{target}: {why}; an export never replaces it (nothing was written)")
        steps: list[list[Any]] = [[tmp.name, target.name, os.lstat(tmp).st_ino] for tmp, target in self._staged]
        pending, journal = self._name(self.names[0], "commit.tmp"), self._name(self.names[0], "commit")
        with open(pending, "w", encoding="utf-8") as f:
            json.dump({"steps": steps}, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(pending, journal)  # the commit: from here on the new export is the export
        fsync_dir(self.dir)
        self._committed = True
        for step in steps:
            _finish(self.dir, *step)
        fsync_dir(self.dir)
        os.unlink(journal)


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def _finish(folder: Path, tmp_name: str, target_name: str, ino: int) -> None:
    """Put the staged ``tmp_name`` (inode ``ino``) in place as ``target_name``; doing it twice does no harm."""
    tmp, target = folder / tmp_name, folder / target_name
    try:
        here: Optional[os.stat_result] = os.lstat(target)
    except FileNotFoundError:
        here = None
    if here is None or here.st_ino != ino:
        try:
            staged = os.lstat(tmp)
        except FileNotFoundError:
            return  # nothing staged any more (removed by hand): the target stays as it is
        if stat.S_ISDIR(staged.st_mode) and here is not None:
            if not _exchange(tmp, target):  # no atomic exchange here: move the old one aside first
                old = tmp.with_name(tmp.name[:-len("tmp")] + "old")
                os.replace(target, old)
                os.replace(tmp, target)
                tmp = old
        else:
            os.replace(tmp, target)
    _remove(tmp)  # the old folder after an exchange; nothing otherwise


def _exchange(a: Path, b: Path) -> bool:
    """Swap two names in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where that is not offered."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: the file system or kernel cannot
        return False
    raise OSError(err, os.strerror(err), str(b))


def recover(folder: Path, names: Iterable[str]) -> None:
    """Finish or remove what killed exports to ``names`` left in ``folder``; live exports' files are left alone."""
    if fcntl is None:
        return
    names = set(names)
    try:
        entries = os.listdir(folder)
    except OSError:
        return
    groups: dict[str, dict[str, list[str]]] = {}
    for entry in entries:
        m = _LEFTOVER.match(entry)
        if m and m["name"] in names:
            groups.setdefault(m["token"], {}).setdefault(m["kind"], []).append(entry)
    for token, kinds in groups.items():
        fd = _claim(folder, kinds.get("lock", []))
        if fd is False:
            continue
        try:
            _clean_group(folder, token, names, kinds)
        except OSError:  # a folder we may not write, say: the export itself will say so; try again next time
            pass
        finally:
            if fd is not None:
                os.close(fd)


def _claim(folder: Path, locks: list[str]):
    """Lock a dead export's lock file: its descriptor, None when it has none (dead too), False when
    its export still runs or the lock is not a file an export made."""
    for lock in locks:
        try:
            fd = os.open(folder / lock, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW)
        except FileNotFoundError:  # another export just cleaned it up
            continue
        except OSError:  # a link planted there, say: leave the group alone
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # held: its export is running
            os.close(fd)
            return False
        return fd
    return None


def _clean_group(folder: Path, token: str, names: set[str], kinds: dict[str, list[str]]) -> None:
    for journal in kinds.get("commit", []):
        for step in _journal(folder / journal, token, names):
            _finish(folder, *step)
        fsync_dir(folder)
    for kind in ("commit", "commit.tmp", "tmp", "old", "lock"):  # the lock last: it marks the group
        for entry in kinds.get(kind, []):
            _remove(folder / entry)


def _journal(path: Path, token: str, names: set[str]) -> list[tuple[str, str, int]]:
    """The renames a journal lists, each checked to be one of this export's own (anything else: none)."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode) or os.lstat(path).st_size > _JOURNAL_MAX:
            return []
        steps = json.loads(path.read_text(encoding="utf-8"))["steps"]
        out = [(str(t), str(n), int(i)) for t, n, i in steps]
    except (OSError, ValueError, TypeError, KeyError):
        return []
    if all(n in names and t == f".{n}.{token}.tmp" for t, n, _ in out):
        return out
    return []


def _sync(path: Path) -> None:
    for p in sorted(path.iterdir()) if path.is_dir() else [path]:
        with open(p, "rb+") as f:
            os.fsync(f.fileno())
    if path.is_dir():
        fsync_dir(path)


def _remove(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink()
    except FileNotFoundError:
        pass


def write_json(path: Path, data: object) -> None:
    """Pretty, key-ordered JSON ending in a newline (stable bytes for stable data)."""
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.write("\n")
