"""WAL checkpoints off the writer's path: a thread copies committed pages into the database file
while the writer goes on storing.

SQLite's automatic checkpoint runs inside the commit that crosses `wal_autocheckpoint` pages (1,000
by default): that commit writes ~4 MB into the database file and syncs it. On a large archive those
pages are scattered over gigabytes, so the writer's cost per article would grow with the archive
(see BENCHMARKS.md, growth_100k_vs_1k). Here a second connection runs `PRAGMA wal_checkpoint(PASSIVE)` in a background thread a moment
(INTERVAL) after commits; a PASSIVE checkpoint never blocks the writer or readers. The writer keeps
a backstop: its own automatic checkpoint at BACKSTOP_PAGES, for when this thread cannot keep up (it
then finds most pages already copied) or fails. An error in the thread is kept and raised to the
writer at its next `check()` or `close()`, never dropped.
"""

from __future__ import annotations

import os
import sqlite3
import threading

from archive.errors import ArchiveError

# Seconds after a commit before checkpointing: the commits of that moment share one sync. Short, so a
# writer committing an analysed article at a time never fills the WAL to the backstop between
# checkpoints, where its own commits would copy pages into a large file (see BENCHMARKS.md,
# growth_100k_vs_1k).
INTERVAL = 0.05
BACKSTOP_PAGES = 8192  # the writer's own automatic checkpoint (32 MB of WAL at 4 KiB pages)


class CheckpointError(ArchiveError):
    """The background checkpoint failed (the writer's backstop kept the WAL bounded meanwhile): a
    problem of the archive's file or disk, which ends the run, never an article's error."""


class Checkpointer:
    """Checkpoints the WAL of the database at `path` in a thread, a moment after each `poke()`."""

    def __init__(self, path: str | os.PathLike, interval: float = INTERVAL):
        self.path = os.fspath(path)
        self.interval = interval
        self.checkpoints = 0  # checkpoints run (for tests and benchmarks)
        self._error: BaseException | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @staticmethod
    def configure(dbapi_connection: sqlite3.Connection) -> None:
        """For the writer's connection: automatic checkpoints only as the backstop."""
        dbapi_connection.execute(f"PRAGMA wal_autocheckpoint = {BACKSTOP_PAGES}")

    def poke(self) -> None:
        """A commit is happening: checkpoint within `interval` (starts the thread the first time)."""
        with self._lock:
            if self._stop.is_set() or self._error is not None:
                return
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="archive-checkpoint", daemon=True)
                self._thread.start()
        self._wake.set()

    def check(self) -> None:
        """Raise the background thread's error, if it had one."""
        if self._error is not None:
            raise CheckpointError(
                f"background WAL checkpoint of {self.path} failed: {type(self._error).__name__}: {self._error}"
            ) from self._error

    def close(self) -> None:
        """Stop the thread after one last checkpoint; raise its error if it had one."""
        with self._lock:
            self._stop.set()
            thread = self._thread
        self._wake.set()
        if thread is not None:
            thread.join()
        self.check()

    def _run(self) -> None:
        conn = None
        try:
            conn = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            while True:
                self._wake.wait()
                self._stop.wait(self.interval)  # let the commits of the next moment gather
                self._wake.clear()
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                self.checkpoints += 1
                if self._stop.is_set():
                    return
        except BaseException as exc:  # noqa: BLE001 - kept and raised to the writer by check()/close()
            self._error = exc
        finally:
            if conn is not None:
                conn.close()
