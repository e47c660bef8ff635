"""Immutable snapshots: consistent while an ingest writes, clean, and served like the live archive."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
import urllib.request

import pytest

from archive.snapshot import inspect_path, snapshot
from tests.conftest import ROOT
from tests.serving import archive_server

ARCHIVE = [sys.executable, "-m", "archive.cli"]


def write_corpus(folder, count):
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        paragraphs = [
            f"Report {i} paragraph {k}: the harbour board met on day {i} to discuss item {k}." for k in range(4)
        ]
        text = f"Harbour board report {i}\n\n" + "\n\n".join(paragraphs)  # a title line, four paragraphs
        (folder / f"{i:04d}.txt").write_text(text, encoding="utf-8")
    return folder


def check_clean(path):
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        for table in ("articles", "paragraphs", "quotes"):
            conn.execute(f"insert into {table}_fts({table}_fts, rank) values ('integrity-check', 1)")
        return conn.execute("select count(*) from articles").fetchone()[0]
    finally:
        conn.close()


def test_a_snapshot_taken_during_an_ingest_is_consistent(tmp_path):
    corpus = write_corpus(tmp_path / "in", 600)
    live = tmp_path / "live.db"
    subprocess.run(ARCHIVE + ["init", "--db", str(live)], check=True, cwd=ROOT)
    ingest = subprocess.Popen(
        ARCHIVE + ["ingest", "--db", str(live), "--no-nlp", str(corpus)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with sqlite3.connect(live) as conn:
                if conn.execute("select count(*) from articles").fetchone()[0] >= 20:
                    break
            time.sleep(0.02)
        out = snapshot(live, tmp_path / "snap" / "archive.db")
    finally:
        ingest.wait(timeout=120)
    held = check_clean(out)
    assert 20 <= held <= 600
    conn = sqlite3.connect(out)
    # every article in the snapshot is whole: all four paragraphs, all indexed
    assert conn.execute("select count(*) from paragraphs").fetchone()[0] == 4 * held
    assert (
        conn.execute("select count(*) from paragraphs_fts where paragraphs_fts match 'harbour'").fetchone()[0]
        == 4 * held
    )
    assert conn.execute("pragma journal_mode").fetchone()[0] == "delete"
    data = json.loads(inspect_path(out).read_text())
    assert data["archive"]["tables"]["articles"]["count"] == held


def test_a_snapshot_never_overwrites(seed_db, tmp_path):
    out = snapshot(seed_db, tmp_path / "a.db")
    with pytest.raises(FileExistsError):
        snapshot(seed_db, out)


def get(base, path):
    with urllib.request.urlopen(base + path, timeout=10) as response:
        return json.load(response)


def answers(search: dict) -> list[tuple]:
    """A search's results, less the absolute links that name the server."""
    return [(r["kind"], r["id"], r["snippet"]) for r in search["rows"]]


def test_the_immutable_server_answers_the_same_searches_as_the_live_one(seed_db, tmp_path):
    snap = snapshot(seed_db, tmp_path / "snap" / "archive.db")
    with archive_server("--db", str(seed_db)) as live, archive_server("--immutable", str(snap)) as frozen:
        for q in ["starmer", "border force", "gimmick", "smuggl*"]:
            path = f"/archive/search.json?q={urllib.request.quote(q)}"
            assert answers(get(frozen, path)) == answers(get(live, path))
        assert get(frozen, "/archive/search.json?q=starmer")["rows"]
        assert get(frozen, "/-/databases.json")[0]["is_mutable"] is False
