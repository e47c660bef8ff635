"""WAL checkpoints run in a background thread, not inside the writer's commits; the writer keeps a
backstop, and a checkpoint that fails is reported, never dropped."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from archive.checkpointing import BACKSTOP_PAGES, Checkpointer, CheckpointError
from archive.store import ADDED, Archive
from ingest.models import RawArticle
from ingest.pipeline import prepare


def articles(n: int, start: int = 0, filler: int = 0):
    """Small distinct articles; `filler` adds that many distinct words to each."""
    return [
        prepare(
            RawArticle(
                text=f"Ferry report r{i}x filed at dawn.\n\nThe crossing took {i} hours."
                + "".join(f" w{i}x{k}" for k in range(filler)),
                origin=f"a{i}.txt",
            )
        )
        for i in range(start, start + n)
    ]


def articles_in_main_file(path, tmp_path) -> int:
    """Articles in the database file alone (a copy without its WAL): what checkpoints have copied."""
    copy = tmp_path / "main-file-only.db"
    copy.write_bytes(path.read_bytes())
    conn = sqlite3.connect(copy)
    try:
        return conn.execute("select count(*) from articles").fetchone()[0]
    finally:
        conn.close()
        copy.unlink()


def test_the_writer_checkpoints_itself_only_as_a_backstop(db_path):
    with Archive(db_path) as archive:
        assert archive.writer.connection.execute("pragma wal_autocheckpoint").fetchone()[0] == BACKSTOP_PAGES


def test_commits_are_checkpointed_in_the_background_not_by_the_commit(db_path, tmp_path):
    with Archive(db_path) as archive:
        archive.checkpointer.interval = 3600  # the thread waits: only the commits could checkpoint
        for start in range(0, 200, 50):  # more than SQLite's default 1,000 pages of WAL, below the backstop
            assert archive.store_many(articles(50, start, filler=400)) == [ADDED] * 50
        assert 1_000 < Path(f"{db_path}-wal").stat().st_size // 4096 < BACKSTOP_PAGES
        assert articles_in_main_file(db_path, tmp_path) == 0
        archive.checkpointer.interval = 0.01
        archive.checkpointer._stop.set()  # ends the wait: one checkpoint, then the thread stops
        archive.checkpointer._thread.join(10)
        assert archive.checkpointer.checkpoints == 1
        assert articles_in_main_file(db_path, tmp_path) == 200


def test_storing_while_checkpoints_run_keeps_the_archive_whole(db_path):
    with Archive(db_path) as archive:
        archive.checkpointer.interval = 0.001
        for start in range(0, 300, 20):
            assert archive.store_many(articles(20, start)) == [ADDED] * 20
        assert archive.checkpointer.checkpoints >= 2
    conn = sqlite3.connect(db_path)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    for table in ("articles", "paragraphs"):
        conn.execute(f"insert into {table}_fts({table}_fts, rank) values ('integrity-check', 1)")
    assert conn.execute("select count(*) from articles").fetchone()[0] == 300
    assert (
        conn.execute("select count(*) from paragraphs_fts where paragraphs_fts match 'crossing'").fetchone()[0] == 300
    )


def test_a_failed_background_checkpoint_is_raised_to_the_writer(tmp_path):
    checkpointer = Checkpointer(tmp_path, interval=0)  # a folder: the thread cannot open it
    checkpointer.poke()
    with pytest.raises(CheckpointError, match="background WAL checkpoint"):
        checkpointer.close()


def test_a_failed_background_checkpoint_stops_the_next_store(db_path):
    archive = Archive(db_path)
    archive.checkpointer.path = str(db_path.parent)  # from now on the thread cannot open the file
    archive.checkpointer.interval = 0
    assert archive.store_many(articles(2)) == [ADDED] * 2
    archive.checkpointer._thread.join(10)
    with pytest.raises(CheckpointError):
        archive.store_many(articles(1, 2))
    with pytest.raises(CheckpointError):
        archive.close()
    # Nothing stored was lost: the WAL holds it and SQLite checkpoints it when the last connection closes.
    assert sqlite3.connect(db_path).execute("select count(*) from articles").fetchone()[0] == 2
