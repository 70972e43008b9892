"""Writing an export so that a failure never leaves a half-written file.

Every file is written beside its target under a hidden temporary name,
flushed to disk and renamed into place (a rename within one folder is atomic),
so a reader sees the old file or the new one, never a mixture. A folder (the
CSV tables) is built the same way as a temporary folder and swapped in.
"""
from __future__ import annotations

import json
import os
import shutil
import secrets
from pathlib import Path

from ..store import StoreError


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


class Staging:
    """Files and folders written under temporary names, renamed onto their targets together.

    Use as a context manager: :meth:`file` and :meth:`folder` hand out
    temporary paths beside each target; leaving the block normally syncs them
    and renames them into place, leaving it by an exception (a failure, a
    cancel) removes them and leaves every target as it was.
    """

    def __init__(self) -> None:
        self._staged: list[tuple[Path, Path]] = []  # (temporary, target)

    def file(self, target: Path) -> Path:
        tmp = _fresh(target, ".tmp", lambda p: os.close(os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)))
        self._staged.append((tmp, target))
        return tmp

    def folder(self, target: Path) -> Path:
        tmp = _fresh(target, ".tmp", lambda p: os.mkdir(p, 0o777))
        self._staged.append((tmp, target))
        return tmp

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self._commit()
        finally:
            for tmp, _ in self._staged:
                _remove(tmp)

    def _commit(self) -> None:
        for tmp, _ in self._staged:
            _sync(tmp)
        for tmp, target in self._staged:
            if tmp.is_dir():
                _swap_folder(tmp, target)
            else:
                os.replace(tmp, target)
            fsync_dir(target.parent)


def _fresh(target: Path, suffix: str, make) -> Path:
    """A new hidden name beside ``target``, created by ``make``; the umask gives the usual
    permissions (``tempfile`` would make it private to the user)."""
    for _ in range(100):
        path = target.parent / f".{target.name}.{secrets.token_hex(4)}{suffix}"
        try:
            make(path)
        except FileExistsError:
            continue
        return path
    raise ExportError(f"{target.parent}: cannot create a temporary file there")


def _sync(path: Path) -> None:
    for p in sorted(path.iterdir()) if path.is_dir() else [path]:
        with open(p, "rb+") as f:
            os.fsync(f.fileno())
    if path.is_dir():
        fsync_dir(path)


def _swap_folder(tmp: Path, target: Path) -> None:
    # A folder cannot be atomically replaced by another: the old one is moved
    # aside first and put back if the second rename fails, so a failure never
    # leaves the target missing or mixed.
    old = None
    if target.exists():
        old = _fresh(target, ".old", lambda p: os.mkdir(p))
        os.rmdir(old)
        os.replace(target, old)
    try:
        os.replace(tmp, target)
    except BaseException:
        if old is not None:
            os.replace(old, target)
        raise
    if old is not None:
        _remove(old)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink()


def write_json(path: Path, data: object) -> None:
    """Pretty, key-ordered JSON ending in a newline (stable bytes for stable data)."""
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.write("\n")
