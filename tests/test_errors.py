"""Errors people can read: one line, exit 1 and no traceback for a wrong file, a newer schema, a
read-only folder or file, a full disk; an error row (never a hang) for a FIFO; error rows without
programmer messages; no half-written snapshot."""

from __future__ import annotations

import ctypes
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED


def one_line_error(result, *words: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.output
    for word in words:
        assert word in errors[0], errors[0]


COMMANDS = [
    ("ingest", "--no-nlp", str(SEED)),
    ("stats",),
    ("search", "harbour"),
    ("snapshot", "OUT"),
    ("serve",),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_file_that_is_not_sqlite_is_one_line(cli, tmp_path, command):
    bad = tmp_path / "notes.db"
    bad.write_text("these are my notes, not a database\n" * 20)
    args = [a.replace("OUT", str(tmp_path / "out.db")) for a in command]
    result = cli(args[0], "--db", bad, *args[1:])
    one_line_error(result, str(bad), "not an archive")
    assert bad.read_text().startswith("these are my notes")
    assert not list(tmp_path.glob("out.db*"))


@pytest.mark.parametrize("command", [*COMMANDS, ("init",)], ids=lambda c: c[0])
def test_a_schema_newer_than_the_code_is_one_line(cli, tmp_path, command):
    db = tmp_path / "archive.db"
    assert cli("init", "--db", db).exit_code == 0
    conn = sqlite3.connect(db)
    conn.execute("UPDATE alembic_version SET version_num = '0999'")
    conn.commit()
    conn.close()
    args = [a.replace("OUT", str(tmp_path / "out.db")) for a in command]
    result = cli(args[0], "--db", db, *args[1:])
    one_line_error(result, "0999", "newer", "upgrade")


def _unprivileged() -> dict:
    """Run a subprocess without root's power to write anywhere when the tests run as root: the
    capabilities that override file permissions leave its bounding set before it starts."""
    if os.geteuid() != 0:
        return {}

    def drop() -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (1, 2, 3):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
            if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")

    return {"preexec_fn": drop}


def _run_cli(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "archive.cli", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


def test_a_read_only_folder_is_one_line(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    done = _run_cli("ingest", "--db", folder / "archive.db", "--no-nlp", SEED, **_unprivileged())
    folder.chmod(0o755)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("Error: cannot open"), done.stderr


def test_a_read_only_archive_file_is_one_line(tmp_path, cli):
    db = tmp_path / "archive.db"
    assert cli("init", "--db", db).exit_code == 0
    for part in tmp_path.iterdir():  # the folder stays writable: only the files are not
        part.chmod(0o444)
    done = _run_cli("ingest", "--db", db, "--no-nlp", SEED, **_unprivileged())
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "cannot be written" in done.stderr.strip().splitlines()[-1], done.stderr


def _articles(folder: Path, n: int) -> Path:
    folder.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for i in range(n):
        (folder / f"a{i:03d}.txt").write_text(f"{text}\nReport number {i}.\n", encoding="utf-8")
    return folder


def test_a_full_disk_stops_the_run_with_its_summary_and_one_line(cli, tmp_path, sql, monkeypatch):
    from archive import store

    db = tmp_path / "archive.db"
    assert cli("init", "--db", db).exit_code == 0
    pages = sqlite3.connect(db).execute("PRAGMA page_count").fetchone()[0]
    real = store._writer_setup

    def small_disk(conn):
        real(conn)
        conn.execute(f"PRAGMA max_page_count = {pages + 40}")  # SQLite's own "database or disk is full"

    monkeypatch.setattr(store, "_writer_setup", small_disk)
    folder = _articles(tmp_path / "in", 60)
    result = cli("ingest", "--db", db, "--no-nlp", "--commit-every", "1", folder)
    one_line_error(result, "disk", "full")
    summary = [line for line in result.output.splitlines() if line.startswith("added ")]
    assert len(summary) == 1 and "failed 0" in summary[0]
    added = int(summary[0].split()[1].rstrip(","))
    assert 0 < added < 60
    assert sql(db, "select count(*) as n from articles") == [{"n": added}]
    assert sql(db, "select count(*) as n from ingest_errors") == [{"n": 0}]


def test_a_failed_background_checkpoint_is_no_articles_error(cli, tmp_path, sql, monkeypatch):
    from archive.checkpointing import Checkpointer, CheckpointError

    calls = {"n": 0}

    def failing(self):
        calls["n"] += 1
        if calls["n"] > 3:
            raise CheckpointError(f"background WAL checkpoint of {self.path} failed: database or disk is full")

    monkeypatch.setattr(Checkpointer, "check", failing)
    db = tmp_path / "archive.db"
    result = cli("ingest", "--db", db, "--no-nlp", "--commit-every", "1", _articles(tmp_path / "in", 10))
    one_line_error(result, "checkpoint")
    assert "failed 0" in result.output
    assert sql(db, "select count(*) as n from ingest_errors") == [{"n": 0}]


@pytest.mark.parametrize("address", ["foo", "tcp://10.0.0.5", "http://10.0.0.5:8786", "tcp://:8786"])
def test_a_malformed_scheduler_address_is_refused_at_once(cli, db_path, address):
    started = time.monotonic()
    result = cli("ingest", "--db", db_path, "--scheduler", address, SEED)
    assert result.exit_code == 2 and "tcp://HOST:PORT" in result.output and "Traceback" not in result.output
    assert time.monotonic() - started < 10  # Dask would retry for 30 s


def test_a_fifo_is_an_error_row_not_a_hang(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    db = tmp_path / "archive.db"
    done = _run_cli("ingest", "--db", db, "--no-nlp", fifo, SEED)
    assert done.returncode == 1 and "added 1" in done.stdout
    assert f"failed: {fifo}: not a regular file" in done.stdout
    conn = sqlite3.connect(db)
    assert conn.execute("select error from ingest_errors").fetchall() == [("not_a_file",)]
    conn.close()


def test_a_device_is_an_error_row(cli, db_path, sql):
    result = cli("ingest", "--db", db_path, "--no-nlp", "/dev/zero")
    assert result.exit_code == 1 and "not a regular file" in result.output


def test_an_empty_folder_says_so(cli, db_path, tmp_path):
    empty = tmp_path / "nothing-here"
    empty.mkdir()
    (empty / ".hidden").write_text("x")
    result = cli("ingest", "--db", db_path, "--no-nlp", empty)
    assert result.exit_code == 1 and f"failed: {empty}: the folder holds no file to ingest" in result.output


def test_odd_metadata_types_are_stored_not_programmer_errors(cli, db_path, tmp_path, sql):
    path = tmp_path / "odd.md"
    path.write_text(
        "---\ntitle: 2019\nurl: 12345\nbyline: [Ada, 3]\nsource: {name: Coast Gazette}\nlanguage: 1\n---\n"
        "The council met on Tuesday to vote on the harbour plan.\n",
        encoding="utf-8",
    )
    result = cli("ingest", "--db", db_path, "--no-nlp", path)
    assert result.exit_code == 0, result.output
    [row] = sql(db_path, "select a.title, a.url, a.byline, s.name from articles a join sources s on s.id = a.source_id")
    assert row == {"title": "2019", "url": "12345", "byline": "Ada, 3", "name": "Coast Gazette"}


def test_json_syntax_errors_read_as_sentences(tmp_path):
    from ingest.readers import read_input

    path = tmp_path / "records.jsonl"
    path.write_text('{"text": "The council met."}\n{"text": "cut off\n', encoding="utf-8")
    _, failure = list(read_input(str(path)))
    assert failure.message == "line 2 is not valid JSON: unterminated string starting at column 10"
    whole = tmp_path / "one.json"
    whole.write_text('{"text": "cut off', encoding="utf-8")
    [failure] = list(read_input(str(whole)))
    assert "at at" not in failure.message and "unterminated string starting at line 1, column 10" in failure.message


def test_a_failed_snapshot_leaves_no_partial_file(seed_db, tmp_path, monkeypatch):
    from archive import snapshot

    monkeypatch.setattr(snapshot, "FTS_TABLES", (*snapshot.FTS_TABLES, "no_such_fts"))
    out = tmp_path / "snap" / "archive.db"
    with pytest.raises(sqlite3.OperationalError):
        snapshot.snapshot(seed_db, out)
    assert not out.exists() and not list(out.parent.glob("*.partial"))


def test_error_rows_name_the_input_and_the_reason(cli, db_path, tmp_path, sql):
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps([{"title": "no text"}]), encoding="utf-8")
    cli("ingest", "--db", db_path, "--no-nlp", broken)
    for row in sql(db_path, "select message from ingest_errors"):
        assert "Error binding" not in row["message"] and "object has no attribute" not in row["message"]
