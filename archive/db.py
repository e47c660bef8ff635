"""Opening the archive's SQLite database and migrating it to the latest schema."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event

BUSY_TIMEOUT_MS = 60_000
# The writer's page cache: the key indexes of stories and quote clusters take rows on random pages,
# and outgrow SQLite's 2 MiB default at a few thousand articles (measured: storing real NLP output
# 107 -> 116-127 articles/s with 64 MiB, docs/scaling.md).
CACHE_KIB = 65_536
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def default_path() -> str:
    return os.environ.get("ARCHIVE_DB", "archive.db")


def configure(dbapi_connection: sqlite3.Connection, _record=None) -> None:
    """Every archive connection's settings (an engine `connect` listener; bench/floors.py sets a
    plain connection up the same way): WAL, foreign keys, recursive triggers, busy timeout, cache."""
    # Autocommit at the driver level: SQLAlchemy's `begin` event below issues BEGIN itself.
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA recursive_triggers = ON")
    cur.execute("PRAGMA synchronous = NORMAL")
    cur.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    if cur.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        cur.execute("PRAGMA journal_mode = WAL")
    cur.close()


def writer_pragmas(dbapi_connection: sqlite3.Connection, _record=None) -> None:
    """For the archive writer's connections (an engine `connect` listener): statement journals in memory.

    SQLite copies every page a savepoint (archive.store: one per article when a group is stored
    again after a failure) or a multi-row statement changes into a statement journal, which spills
    to a temporary file past 64 KiB, as an analysed article's pages do. With a savepoint per article
    on files that was ~210 `pwrite` calls an article (strace: 473k against 34k for the 2,092 BBC
    articles with their NLP output) and ~15% of storing them (docs/scaling.md). In memory it holds
    one article's pages at a time. Only the writer's connections: readers and migrations keep
    SQLite's default for their temporary tables and sorts.
    """
    dbapi_connection.execute("PRAGMA temp_store = MEMORY")


def _on_begin(conn) -> None:
    # Writers take the lock up front so check-then-insert is atomic across processes.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def engine(path: str | os.PathLike) -> Engine:
    """An engine whose every connection has WAL, foreign keys, recursive triggers and a busy timeout."""
    eng = create_engine(f"sqlite:///{os.fspath(path)}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(eng, "connect", configure)
    event.listen(eng, "begin", _on_begin)
    return eng


def driver(conn: Connection | sqlite3.Connection) -> sqlite3.Connection:
    """The sqlite3 connection under a SQLAlchemy one (same transaction, no statement compiling)."""
    return conn if isinstance(conn, sqlite3.Connection) else conn.connection.driver_connection


def alembic_config(path: str | os.PathLike):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", f"sqlite:///{os.fspath(path)}")
    return cfg


def migrate(path: str | os.PathLike, revision: str = "head") -> None:
    """Create the database or bring it to `revision` (Alembic owns the schema)."""
    from alembic import command

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    cfg = alembic_config(path)
    eng = engine(path)
    with eng.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    eng.dispose()


def current_revision(path: str | os.PathLike) -> str | None:
    from alembic.runtime.migration import MigrationContext

    eng = engine(path)
    with eng.connect() as conn:
        rev = MigrationContext.configure(conn).get_current_revision()
    eng.dispose()
    return rev
