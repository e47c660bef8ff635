"""The schema comes from Alembic: up, down, nothing left to autogenerate, FTS triggers in place."""

from __future__ import annotations

import sqlite3

import pytest
from alembic import command

from archive.db import alembic_config, current_revision, migrate

FTS_TABLES = ("articles", "paragraphs", "quotes")


def names(path, kind):
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("select name from sqlite_master where type = ?", (kind,))}
    finally:
        conn.close()


def test_upgrade_creates_every_public_table_and_fts_index(db_path):
    migrate(db_path)
    tables = names(db_path, "table")
    assert {
        "sources",
        "articles",
        "paragraphs",
        "entities",
        "mentions",
        "quotes",
        "ingest_runs",
        "ingest_errors",
    } <= tables
    assert {f"{t}_fts" for t in FTS_TABLES} <= tables


def test_fts_tables_use_double_quoted_content_and_the_porter_tokenizer(db_path):
    migrate(db_path)
    conn = sqlite3.connect(db_path)
    for table in FTS_TABLES:
        [sql] = conn.execute("select sql from sqlite_master where name = ?", (f"{table}_fts",)).fetchone()
        assert f'content="{table}"' in sql
        assert "porter unicode61 remove_diacritics 2" in sql


def test_fts_triggers_exist_after_upgrade(db_path):
    migrate(db_path)
    triggers = names(db_path, "trigger")
    assert {f"{t}_{s}" for t in FTS_TABLES for s in ("ai", "ad", "au")} <= triggers


def test_downgrade_to_base_removes_everything_and_upgrade_restores_it(db_path):
    migrate(db_path)
    cfg = alembic_config(db_path)
    command.downgrade(cfg, "base")
    assert names(db_path, "table") <= {"alembic_version"}
    assert not names(db_path, "trigger") and not names(db_path, "view")
    command.upgrade(cfg, "head")
    assert "quotes_fts" in names(db_path, "table")


def test_alembic_check_finds_nothing_to_generate(db_path):
    migrate(db_path)
    command.check(alembic_config(db_path))  # raises if the models and the migrations disagree


def test_migrate_is_idempotent_and_reports_head(db_path):
    migrate(db_path)
    first = current_revision(db_path)
    migrate(db_path)
    assert current_revision(db_path) == first is not None


def test_every_foreign_key_column_is_indexed(db_path):
    migrate(db_path)
    conn = sqlite3.connect(db_path)
    for table in names(db_path, "table"):
        if table.endswith(("_fts", "_data", "_idx", "_docsize", "_config")) or table == "alembic_version":
            continue
        fks = {r[3] for r in conn.execute(f'pragma foreign_key_list("{table}")')}
        # An INTEGER PRIMARY KEY is the rowid: indexed without an index of its own.
        indexed = {r[1] for r in conn.execute(f'pragma table_info("{table}")') if r[5] == 1 and r[2] == "INTEGER"}
        for idx in conn.execute(f'pragma index_list("{table}")'):
            first = conn.execute(f'pragma index_info("{idx[1]}")').fetchone()
            indexed.add(first[2])
        assert fks <= indexed, (table, fks - indexed)


@pytest.fixture
def ingested(cli, db_path):
    from tests.conftest import SEED

    assert cli("ingest", "--db", db_path, SEED).exit_code == 0
    return db_path


def fts_integrity(path):
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        for table in FTS_TABLES:
            conn.execute(f"insert into {table}_fts({table}_fts, rank) values ('integrity-check', 1)")
    finally:
        conn.close()


def test_fts_integrity_after_ingest_reingest_and_update(cli, ingested, tmp_path):
    from tests.conftest import SEED

    fts_integrity(ingested)
    assert cli("ingest", "--db", ingested, SEED).exit_code == 0
    fts_integrity(ingested)
    changed = tmp_path / "seed.txt"
    changed.write_text(SEED.read_text(encoding="utf-8").replace("London", "Londres"), encoding="utf-8")
    assert cli("ingest", "--db", ingested, changed, "--url", "https://example.org/a").exit_code == 0
    changed.write_text(SEED.read_text(encoding="utf-8").replace("London", "Paris"), encoding="utf-8")
    assert cli("ingest", "--db", ingested, changed, "--url", "https://example.org/a").exit_code == 0
    fts_integrity(ingested)
    conn = sqlite3.connect(ingested)
    hits = conn.execute("select count(*) from paragraphs_fts where paragraphs_fts match 'londres'").fetchone()[0]
    assert hits == 0  # the replaced paragraphs left no stale tokens
    assert conn.execute("select count(*) from paragraphs_fts where paragraphs_fts match 'paris'").fetchone()[0] == 1


PRAGMAS = ("journal_mode", "foreign_keys", "recursive_triggers", "busy_timeout", "cache_size")


def storage_pragmas(path) -> dict:
    from archive.db import connect

    conn = connect(path)
    try:
        return {p: conn.execute(f"pragma {p}").fetchone()[0] for p in PRAGMAS}
    finally:
        conn.close()


def migration_pragmas(path) -> dict:
    from archive.db import engine

    eng = engine(path)
    with eng.connect() as conn:
        pragmas = {p: conn.exec_driver_sql(f"pragma {p}").scalar() for p in PRAGMAS}
    eng.dispose()
    return pragmas


@pytest.mark.parametrize("read", [storage_pragmas, migration_pragmas])
def test_connections_use_wal_foreign_keys_and_recursive_triggers(db_path, read):
    migrate(db_path)
    pragmas = read(db_path)
    assert pragmas["journal_mode"] == "wal"
    assert pragmas["foreign_keys"] == 1 and pragmas["recursive_triggers"] == 1
    assert pragmas["busy_timeout"] >= 5000
    assert pragmas["cache_size"] == -65536  # 64 MiB: the writer's key indexes stay in memory


def test_quote_attribution_columns_come_and_go_with_their_revision_keeping_the_fts_triggers(db_path):
    def columns(relation: str) -> set[str]:
        conn = sqlite3.connect(db_path)
        try:
            return {row[1] for row in conn.execute(f'pragma table_info("{relation}")')}
        finally:
            conn.close()

    migrate(db_path, "0005")
    assert "confidence" not in columns("quotes")
    migrate(db_path)
    assert {"attribution", "confidence"} <= columns("quotes") and "confidence" in columns("quotes_with_speakers")
    command.downgrade(alembic_config(db_path), "0005")
    assert "confidence" not in columns("quotes") and "confidence" not in columns("quotes_with_speakers")
    assert {f"quotes_{s}" for s in ("ai", "ad", "au")} <= names(db_path, "trigger")
