"""Opening the archive's SQLite database and migrating it to the latest schema.

Storage runs on plain sqlite3 connections (`connect`, `Writer`); SQLAlchemy serves Alembic alone,
which migrates the schema that archive.models declares.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

from archive.errors import ArchiveError, storage_problem

BUSY_TIMEOUT_MS = 60_000
# The writer's page cache: the key indexes of stories and quote clusters take rows on random pages
# and outgrow SQLite's 2 MiB default at a few thousand articles (see docs/scaling.md).
CACHE_KIB = 65_536
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def default_path() -> str:
    return os.environ.get("ARCHIVE_DB", "archive.db")


def configure(dbapi_connection: sqlite3.Connection, _record=None) -> None:
    """Every archive connection's settings (`connect`, and the migrations' engine as a `connect`
    listener): WAL, foreign keys, recursive triggers, busy timeout, cache."""
    # Autocommit at the driver level: transactions are begun explicitly (BEGIN IMMEDIATE).
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


def writer_pragmas(dbapi_connection: sqlite3.Connection) -> None:
    """For the archive writer's connection: statement journals in memory.

    A savepoint (archive.store: one per article when a group is stored again after a failure) or a
    multi-row statement journals every page it changes; past 64 KiB, as an analysed article's pages
    are, SQLite spills that journal to a temporary file, written page by page (see docs/scaling.md).
    In memory it holds one article's pages at a time. Readers and migrations keep SQLite's default
    for their temporary tables and sorts.
    """
    dbapi_connection.execute("PRAGMA temp_store = MEMORY")


def connect(path: str | os.PathLike) -> sqlite3.Connection:
    """A connection to the archive with its settings (`configure`), in autocommit mode."""
    conn = sqlite3.connect(os.fspath(path), timeout=BUSY_TIMEOUT_MS / 1000)
    configure(conn)
    return conn


class Writer:
    """The archive's writing connection, opened when first used and set up by `setup` (after
    `configure`); `on_commit` is called as each transaction commits."""

    def __init__(
        self,
        path: str | os.PathLike,
        setup: Callable[[sqlite3.Connection], None] = lambda conn: None,
        on_commit: Callable[[], None] = lambda: None,
    ):
        self.path = os.fspath(path)
        self.setup = setup
        self.on_commit = on_commit
        self._conn: sqlite3.Connection | None = None

    @property
    def connection(self) -> sqlite3.Connection:
        if self._conn is None:
            conn = connect(self.path)
            self.setup(conn)
            self._conn = conn
        return self._conn

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A transaction that commits when the block ends and rolls back when it raises.

        BEGIN IMMEDIATE: a writer takes the lock up front, so check-then-insert is atomic across
        processes."""
        db = self.connection
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
            self.on_commit()
            db.commit()
        except BaseException:
            db.rollback()  # after a failed COMMIT too: the next transaction starts clean
            raise

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _on_begin(conn) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def engine(path: str | os.PathLike) -> Engine:
    """Alembic's engine: every connection set up by `configure`, every transaction BEGIN IMMEDIATE."""
    eng = create_engine(f"sqlite:///{os.fspath(path)}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(eng, "connect", configure)
    event.listen(eng, "begin", _on_begin)
    return eng


def alembic_config(path: str | os.PathLike):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", f"sqlite:///{os.fspath(path)}")
    return cfg


def known_revisions() -> tuple[set[str], str]:
    """The schema revisions this version of the archive knows, and the newest of them."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(":memory:"))
    return {s.revision for s in script.walk_revisions()}, script.get_current_head()


def check_archive(path: str | os.PathLike) -> None:
    """Raise ArchiveError when the file at `path` is not an archive this code can use: not a SQLite
    database, or at a schema revision newer than it knows. A missing or empty file passes."""
    path = os.fspath(path)
    if not os.path.exists(path):
        return
    if os.path.isdir(path):
        raise ArchiveError(f"{path} is a folder; --db names the archive's database file")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            row = (
                conn.execute("SELECT version_num FROM alembic_version").fetchone()
                if "alembic_version" in tables
                else None
            )
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise storage_problem(exc, path) or ArchiveError(f"{path} cannot be read as an archive: {exc}") from exc
    if row is None:
        return
    known, head = known_revisions()
    if row[0] not in known:
        raise ArchiveError(
            f"{path} is at schema revision {row[0]}, newer than this version of the archive knows"
            f" (up to {head}): upgrade news-archive to use it"
        )


def migrate(path: str | os.PathLike, revision: str = "head") -> None:
    """Create the database or bring it to `revision` (Alembic owns the schema). Raises ArchiveError
    for a file that is not an archive or is newer than this code (check_archive)."""
    from alembic import command

    check_archive(path)
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
