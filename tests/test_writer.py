"""The archive's writing connection: transactions take the write lock up front, commit or roll back
whole, and tell the checkpointer about each commit."""

from __future__ import annotations

import sqlite3

import pytest

from archive.db import Writer, migrate


@pytest.fixture
def commits() -> list[int]:
    return []


@pytest.fixture
def writer(db_path, commits):
    migrate(db_path)
    writer = Writer(db_path, on_commit=lambda: commits.append(1))
    yield writer
    writer.close()


def sources(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("select name from sources order by id")]
    finally:
        conn.close()


def test_a_transaction_commits_when_its_block_ends(writer, commits, db_path):
    with writer.transaction() as db:
        db.execute("insert into sources (name) values ('Coast Gazette')")
    assert sources(db_path) == ["Coast Gazette"]
    assert commits == [1]


def test_a_block_that_raises_leaves_nothing_and_the_next_transaction_starts_clean(writer, commits, db_path):
    with pytest.raises(RuntimeError), writer.transaction() as db:
        db.execute("insert into sources (name) values ('Lost')")
        raise RuntimeError("disk on fire")
    assert not writer.connection.in_transaction
    with writer.transaction() as db:
        db.execute("insert into sources (name) values ('Kept')")
    assert sources(db_path) == ["Kept"]
    assert commits == [1]  # the rolled back transaction was not a commit


def test_a_transaction_holds_the_write_lock_from_its_start(writer, db_path):
    other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    try:
        with writer.transaction():
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_the_connection_is_opened_when_first_used(tmp_path):
    path = tmp_path / "never-written.db"
    Writer(path).close()
    assert not path.exists()
