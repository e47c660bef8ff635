"""A folder of good and bad inputs: exact counts, an error row per bad input, nothing good lost, re-runs idempotent."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
HUGE_BYTES = 21 * 1024 * 1024  # over the 20 MB limit for one article


def make_mixed_folder(folder: Path) -> Path:
    """7 good articles (one of them French) and 5 bad inputs, one of them a line inside a JSONL file."""
    folder.mkdir()
    shutil.copy(FIXTURES / "koszalin-fire.md", folder / "koszalin-fire.md")  # UTF-8, front matter
    shutil.copy(FIXTURES / "nobel-physics.html", folder / "nobel-physics.html")
    shutil.copy(FIXTURES / "french.txt", folder / "french.txt")
    (folder / "leonov-cp1252.txt").write_bytes((FIXTURES / "leonov.txt").read_text().encode("cp1252"))
    (folder / "waterloo-utf16.txt").write_bytes((FIXTURES / "waterloo.txt").read_text().encode("utf-16"))
    good, marathon = (FIXTURES / "articles.jsonl").read_text().splitlines()
    (folder / "records.jsonl").write_text(f'{good}\n{{"title": "Cut off", "text": "The mayor sa\n{marathon}\n')
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.7\n\x00\x01\x02\x03" + bytes(range(256)) * 64)
    page = (FIXTURES / "nobel-physics.html").read_bytes()
    (folder / "truncated.html").write_bytes(page[: len(page) // 2])
    with open(folder / "huge.txt", "wb") as fh:
        fh.write(b"All work and no play makes a dull article. " * (HUGE_BYTES // 43 + 1))
    return folder


EXPECTED_ERRORS = {  # file name (and line) -> error class
    "records.jsonl:2": "parse",
    "empty.txt": "empty",
    "scan.pdf": "binary",
    "truncated.html": "truncated",
    "huge.txt": "too_large",
}


@pytest.fixture
def mixed(tmp_path) -> Path:
    return make_mixed_folder(tmp_path / "inbox")


def test_mixed_folder_exact_counts_and_error_rows(cli, mixed, db_path, sql):
    result = cli("ingest", "--db", db_path, mixed)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "added 7, updated 0, unchanged 0, failed 5"
    assert sum(line.startswith("failed: ") for line in lines) == 5  # one summary line per failure
    assert any(line.startswith("note: ") and "french.txt" in line and "language fr" in line for line in lines)

    errors = {Path(r["origin"]).name: r for r in sql(db_path, "select * from ingest_errors")}
    assert {name: r["error"] for name, r in errors.items()} == EXPECTED_ERRORS
    assert all(len(r["message"]) > 10 and "Traceback" not in r["message"] for r in errors.values())
    assert "line 2 is not valid JSON" in errors["records.jsonl:2"]["message"]
    assert "binary" in errors["scan.pdf"]["message"]

    articles = {Path(r["origin"]).name: r for r in sql(db_path, "select * from articles")}
    assert set(articles) == {
        "koszalin-fire.md",
        "nobel-physics.html",
        "french.txt",
        "leonov-cp1252.txt",
        "waterloo-utf16.txt",
        "records.jsonl:1",
        "records.jsonl:3",
    }
    assert "Apollo–Soyuz" in articles["leonov-cp1252.txt"]["text"]  # cp1252 decoded, en dash intact
    assert articles["waterloo-utf16.txt"]["title"].startswith("Engineer killed")
    assert {r["language"] for name, r in articles.items() if name != "french.txt"} == {"en"}
    french = articles["french.txt"]
    assert french["language"] == "fr" and french["nlp_version"] is None  # stored, searchable, no English NLP
    assert sql(db_path, "select count(*) n from quotes where article_id = ?", (french["id"],))[0]["n"] == 0
    assert (
        sql(db_path, "select count(*) n from paragraphs where article_id = ?", (french["id"],))[0]["n"] == 3
    )  # title line aside
    english = [r for name, r in articles.items() if name != "french.txt"]
    assert all(r["nlp_version"] for r in english)

    [run] = sql(db_path, "select * from ingest_runs")
    assert (run["added"], run["updated"], run["unchanged"], run["failed"]) == (7, 0, 0, 5)
    assert run["finished_at"] and all(r["run_id"] == run["id"] for r in errors.values())

    conn = sqlite3.connect(db_path)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    for fts in ("articles_fts", "paragraphs_fts", "quotes_fts"):
        conn.execute(f"insert into {fts}({fts}) values('integrity-check')")
    assert conn.execute("select count(*) from paragraphs_fts where paragraphs_fts match 'cyclables'").fetchone()[0] == 1
    conn.close()


def test_rerunning_the_folder_adds_nothing(cli, mixed, db_path, sql):
    cli("ingest", "--db", db_path, mixed)
    before = sql(db_path, "select id, content_hash, updated_at from articles order by id")
    result = cli("ingest", "--db", db_path, mixed)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == "added 0, updated 0, unchanged 7, failed 5"
    assert sql(db_path, "select id, content_hash, updated_at from articles order by id") == before
    runs = sql(db_path, "select added, updated, unchanged, failed from ingest_runs order by id")
    assert [tuple(r.values()) for r in runs] == [(7, 0, 0, 5), (0, 0, 7, 5)]


def test_the_same_article_from_another_reader_in_one_run_is_a_duplicate(cli, db_path, tmp_path):
    result = cli("ingest", "--db", db_path, "--no-nlp", FIXTURES / "waterloo.txt", FIXTURES / "waterloo.atom")
    assert result.output.splitlines()[0] == "added 1, updated 0, unchanged 0, duplicates 1, failed 0"


def test_a_feed_is_ingested_item_by_item(cli, db_path, sql):
    result = cli("ingest", "--db", db_path, FIXTURES / "wikinews.rss")
    assert result.exit_code == 0 and result.output.startswith("added 2, updated 0, unchanged 0, failed 0")
    rows = sql(
        db_path,
        "select a.origin, a.url, a.published_at, s.name source from articles a"
        " join sources s on s.id = a.source_id order by a.id",
    )
    assert [Path(r["origin"]).name for r in rows] == ["wikinews.rss:1", "wikinews.rss:2"]
    assert {r["source"] for r in rows} == {"Wikinews test feed"}
    assert sql(db_path, "select count(*) n from quotes")[0]["n"] > 0  # the NLP ran on the items


def test_changed_record_at_the_same_url_updates_in_place(cli, db_path, tmp_path, sql):
    record = json.loads((FIXTURES / "articles.jsonl").read_text().splitlines()[0])
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record) + "\n")
    cli("ingest", "--db", db_path, "--no-nlp", path)
    [before] = sql(db_path, "select id, content_hash from articles")
    record["text"] += "\n\nThis article was corrected on Friday."
    path.write_text(json.dumps(record) + "\n")
    result = cli("ingest", "--db", db_path, "--no-nlp", path)
    assert result.output.startswith("added 0, updated 1, unchanged 0, failed 0")
    [after] = sql(db_path, "select id, content_hash from articles")
    assert after["id"] == before["id"] and after["content_hash"] != before["content_hash"]
    assert sql(db_path, "select updated from ingest_runs order by id desc limit 1")[0]["updated"] == 1


def test_jobs_two_gives_the_same_archive_as_one(cli, tmp_path, sql):
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    inputs = [FIXTURES / "articles.jsonl", FIXTURES / "wikinews.rss", FIXTURES / "nobel-physics.html"]
    assert cli("ingest", "--db", one, *inputs).exit_code == 0
    assert cli("ingest", "--db", two, "--jobs", "2", *inputs).exit_code == 0
    q = (
        "select a.content_hash, q.text, q.kind, q.speaker_text from quotes q join articles a on a.id = q.article_id"
        " order by 1, q.char_start"
    )
    assert sql(one, q) == sql(two, q) and len(sql(one, q)) > 0
