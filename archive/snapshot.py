"""Immutable snapshots for read replicas: a consistent copy, checkpointed, optimised, inspected."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

FTS_TABLES = ("articles_fts", "paragraphs_fts", "quotes_fts")


def inspect_path(snapshot: str | os.PathLike) -> Path:
    """Where the `datasette inspect` file of a snapshot lives: beside it."""
    return Path(snapshot).with_suffix(".inspect.json")


def snapshot(db_path: str | os.PathLike, out: str | os.PathLike) -> Path:
    """Copy the archive as it is at one instant (ingests may be writing), then prepare the copy
    for serving with `datasette -i`: rollback journal, merged FTS segments, statistics."""
    out = Path(out)
    if out.exists():
        raise FileExistsError(f"{out} exists; snapshots are never overwritten")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".partial")
    tmp.unlink(missing_ok=True)
    try:
        _copy(db_path, tmp)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)  # a failed copy (a full disk, a file that is not an archive) leaves nothing
    write_inspect(out)
    return out


def _copy(db_path: str | os.PathLike, tmp: Path) -> None:
    """The consistent, optimised copy, written at `tmp`."""
    src = sqlite3.connect(f"file:{os.fspath(db_path)}?mode=ro", uri=True, timeout=60)
    try:
        src.execute("PRAGMA busy_timeout = 60000")
        # VACUUM INTO reads inside one read transaction: a WAL snapshot of committed articles only.
        src.execute("VACUUM INTO ?", (os.fspath(tmp),))
    finally:
        src.close()
    dst = sqlite3.connect(tmp)
    try:
        dst.execute("PRAGMA journal_mode = DELETE")
        for table in FTS_TABLES:
            dst.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
        dst.execute("ANALYZE")
        dst.commit()
    finally:
        dst.close()


def write_inspect(snapshot_path: Path) -> Path:
    """The `datasette inspect` data (hash and table counts) that lets `datasette -i` start at once."""
    import asyncio

    from datasette.cli import inspect_

    target = inspect_path(snapshot_path)
    data = asyncio.run(inspect_([os.fspath(snapshot_path)], sqlite_extensions=None))
    target.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return target
