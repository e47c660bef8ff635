"""Problems with the archive's file and its disk, for a person: one line each, no traceback.

A full disk, a read-only file or folder, a file that is not an archive or comes from a newer
version of the archive: none of them is the fault of the article being stored, so none becomes an
error row; the run stops, its summary is printed, and the command exits 1 with the line."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator


class ArchiveError(Exception):
    """The archive's database cannot be used as asked; the message says why and what to do."""


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception, what caused it, and a SQLAlchemy error's driver exception (`orig`)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        orig = getattr(exc, "orig", None)
        if isinstance(orig, BaseException):
            yield orig
        exc = exc.__cause__ or exc.__context__


def _sqlite(exc: sqlite3.Error, path: str) -> str | None:
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith("SQLITE_FULL"):
        return f"the disk holding {path} is full; what was stored before it filled is kept"
    if name.startswith(("SQLITE_READONLY", "SQLITE_PERM")):
        return f"{path} cannot be written: the file, or its folder (where SQLite keeps its -wal and -shm files), is read-only"
    if name.startswith("SQLITE_CANTOPEN"):
        return f"cannot open {path}: its folder must exist and be writable, and the path must name a file"
    if name.startswith("SQLITE_NOTADB"):
        return f"{path} is not an archive: it is not a SQLite database"
    if name.startswith("SQLITE_CORRUPT"):
        return f"{path} is damaged (SQLite: {exc}); restore it from a snapshot or a copy"
    if name.startswith("SQLITE_IOERR"):
        return f"the disk failed while reading or writing {path} ({name})"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return f"{path} stayed locked by another process for longer than the archive waits"
    return None


_OS_ERRORS = {
    errno.ENOSPC: "the disk holding {path} is full; what was stored before it filled is kept",
    errno.EDQUOT: "the disk quota for {path} is used up; what was stored before is kept",
    errno.EROFS: "{path} is on a read-only file system",
    errno.EACCES: "{path}: permission denied",
    errno.EPERM: "{path}: permission denied",
}


def storage_problem(exc: BaseException, path: str | None) -> ArchiveError | None:
    """The ArchiveError an exception means when it is about the archive's file or disk (see the
    module's docstring), or None when it is something else: the article's own problem, or a bug."""
    shown = path or "the archive"
    for cause in _chain(exc):
        if isinstance(cause, ArchiveError):
            return cause
        if isinstance(cause, sqlite3.Error):
            message = _sqlite(cause, shown)
            if message:
                return ArchiveError(message)
        if isinstance(cause, OSError) and cause.errno in _OS_ERRORS:
            return ArchiveError(_OS_ERRORS[cause.errno].format(path=cause.filename or shown))
    return None
