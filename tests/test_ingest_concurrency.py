"""Ingest under stress, in subprocesses with --no-nlp: killed and re-run, two at once, searched meanwhile."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent
# Enough that a --no-nlp run is still storing when the kill comes, even on a fast machine storing a
# few thousand articles a second: half as many leave the second kill a few milliseconds to land.
N_ARTICLES = 480


def paragraphs() -> list[str]:
    pool = []
    for name in ("koszalin-fire.md", "leonov.txt", "waterloo.txt"):
        text = (FIXTURES / name).read_text().split("---")[-1]
        pool += [p.strip() for p in text.split("\n\n") if len(p.split()) > 20]
    return pool


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """N_ARTICLES distinct small articles as files (some with URLs, in JSON), and one bad file."""
    folder = tmp_path_factory.mktemp("corpus")
    pool = paragraphs()
    for i in range(N_ARTICLES):
        body = [pool[(i + k) % len(pool)] for k in range(3)] + [f"This is report number {i} of the test run."]
        sub = folder / f"batch{i // 80}"
        sub.mkdir(exist_ok=True)
        if i % 3 == 0:
            record = {
                "title": f"Report {i}",
                "text": "\n\n".join(body),
                "url": f"https://example.org/report/{i}",
                "published": "2019-10-10",
                "source": "Example Wire",
            }
            (sub / f"report-{i:05d}.json").write_text(json.dumps(record))
        else:
            (sub / f"report-{i:05d}.txt").write_text(f"Report {i}\n\n" + "\n\n".join(body) + "\n")
    (folder / "batch0" / "broken.json").write_text('{"title": "cut off", "text": "The mayor sa')
    return folder


def ingest(db: Path, *inputs, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "archive.cli", "ingest", "--db", str(db), "--no-nlp", *map(str, inputs)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def count(db: Path, table: str = "articles") -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
        try:
            return conn.execute(f"select count(*) from {table}").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:  # not created or not migrated yet
        return 0


def snapshot(db: Path) -> dict[str, list]:
    """Every table that holds archive content, row for row, ids and timestamps aside."""
    conn = sqlite3.connect(db)
    q = {
        "sources": "select name, domain from sources",
        "articles": "select a.content_hash, a.url, a.title, a.byline, a.published_at, a.language, a.text,"
        " a.word_count, a.origin, a.nlp_version, a.metadata_json, s.name"
        " from articles a left join sources s on s.id = a.source_id",
        "paragraphs": "select a.content_hash, p.position, p.text, p.char_start, p.char_end, d.position"
        " from paragraphs p join articles a on a.id = p.article_id"
        " left join paragraphs d on d.id = p.duplicate_of",
        "entities": "select name, type from entities",
        "mentions": "select a.content_hash, e.name, e.type, m.text, m.char_start, m.char_end"
        " from mentions m join articles a on a.id = m.article_id join entities e on e.id = m.entity_id",
        "quotes": "select a.content_hash, q.text, q.kind, q.speaker_text, q.cue, q.char_start, q.char_end"
        " from quotes q join articles a on a.id = q.article_id",
        "authors": "select a.content_hash, au.name, aa.position from article_authors aa"
        " join articles a on a.id = aa.article_id join authors au on au.id = aa.author_id",
        "errors": "select distinct origin, error, message from ingest_errors",
        "fts": "select count(*) from paragraphs_fts",
    }
    out = {name: sorted(conn.execute(sql).fetchall(), key=repr) for name, sql in q.items()}
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    for fts in ("articles_fts", "paragraphs_fts", "quotes_fts"):
        conn.execute(f"insert into {fts}({fts}) values('integrity-check')")
    conn.close()
    return out


def summary(proc: subprocess.Popen) -> tuple[int, dict[str, int]]:
    out, err = proc.communicate(timeout=300)
    first = out.splitlines()[0] if out else err[-2000:]
    counts = dict(part.split() for part in first.split(", "))
    return proc.returncode, {k: int(v) for k, v in counts.items()}


@pytest.fixture(scope="module")
def clean_run(corpus, tmp_path_factory) -> dict[str, list]:
    db = tmp_path_factory.mktemp("clean") / "archive.db"
    code, counts = summary(ingest(db, corpus))
    assert code == 1 and counts == {"added": N_ARTICLES, "updated": 0, "unchanged": 0, "failed": 1}
    return snapshot(db)


def kill_when(proc: subprocess.Popen, db: Path, articles: int) -> int:
    """SIGKILL the ingest once `articles` rows are stored; returns the count seen just before."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        seen = count(db)
        if seen >= articles:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return seen
        time.sleep(0.005)
    pytest.fail(f"the ingest ended (or stalled) before storing {articles} articles: {proc.communicate()}")


def test_killed_twice_and_rerun_equals_a_clean_run(corpus, clean_run, tmp_path):
    db = tmp_path / "archive.db"
    # small commit groups, so that each kill lands between commits or inside a group
    first = kill_when(ingest(db, "--commit-every", "7", corpus), db, 30)
    second = kill_when(ingest(db, "--commit-every", "7", corpus), db, first + 40)
    assert 0 < first < second < N_ARTICLES  # really killed mid-run, twice
    code, counts = summary(ingest(db, corpus))
    assert code == 1 and counts["failed"] == 1
    assert counts["added"] + counts["unchanged"] == N_ARTICLES and counts["unchanged"] >= second
    assert snapshot(db) == clean_run


def test_two_ingests_at_once_both_finish_and_store_nothing_twice(corpus, clean_run, tmp_path):
    db = tmp_path / "archive.db"  # not created yet: both runs race to create and migrate it too
    one, two = ingest(db, corpus), ingest(db, corpus)
    (code1, c1), (code2, c2) = summary(one), summary(two)
    assert code1 == code2 == 1  # the broken file, nothing else
    assert c1["failed"] == c2["failed"] == 1
    assert c1["added"] + c2["added"] == N_ARTICLES
    assert c1["added"] + c1["unchanged"] == c2["added"] + c2["unchanged"] == N_ARTICLES
    assert c1["updated"] == c2["updated"] == 0
    assert snapshot(db) == clean_run


def test_searches_during_an_ingest_never_fail(corpus, tmp_path):
    from archive.db import migrate
    from archive.search import search

    db = tmp_path / "archive.db"
    migrate(db)
    proc = ingest(db, corpus)
    queries, errors, found = 0, [], 0
    while proc.poll() is None or queries < 20:
        # As Datasette opens it: read-only, no busy timeout of our own.
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        conn.row_factory = sqlite3.Row
        try:
            found = max(found, len(search(conn, "report", "paragraphs", limit=5)))
            conn.execute(
                "select a.title, snippet(paragraphs_fts, 0, '[', ']', '…', 8) from paragraphs_fts"
                " join paragraphs p on p.id = paragraphs_fts.rowid join articles a on a.id = p.article_id"
                " where paragraphs_fts match 'escape OR cosmonaut' order by rank limit 10"
            ).fetchall()
            conn.execute("select count(*) from articles").fetchone()
            queries += 1
        except sqlite3.Error as exc:
            errors.append(repr(exc))
        finally:
            conn.close()
    code, counts = summary(proc)
    assert errors == []
    assert queries >= 20 and found == 5
    assert code == 1 and counts["added"] == N_ARTICLES


def test_an_entity_pruned_by_another_process_is_recreated_not_a_failure(tmp_path):
    """Another process prunes an entity whose id this archive cached: the article is retried with
    fresh caches inside its group, and stored."""
    import sqlite3

    from archive.store import ADDED, Archive
    from ingest.models import EntityRecord, MentionRecord, RawArticle
    from ingest.pipeline import prepare

    def article(text: str):
        a = prepare(RawArticle(text=text, origin=f"{len(text)}.txt"))
        a.entities = [EntityRecord("Harbour Board", "ORG")]
        a.mentions = [MentionRecord(0, 1, "Harbour Board", 4, 17)]
        a.nlp_version = "test"
        return a

    with Archive(tmp_path / "archive.db") as archive:
        assert archive.store(article("The Harbour Board met on Tuesday.")) == ADDED
        other = sqlite3.connect(tmp_path / "archive.db")  # the other process: delete and prune
        other.execute("pragma foreign_keys = on")
        other.execute("delete from articles")
        other.execute("delete from entity_names")
        other.execute("delete from entities")
        other.commit()
        other.close()
        assert archive.store_many([article("The Harbour Board met again on Friday.")]) == [ADDED]
    rows = (
        sqlite3.connect(tmp_path / "archive.db")
        .execute("select e.name from mentions m join entities e on e.id = m.entity_id")
        .fetchall()
    )
    assert rows == [("Harbour Board",)]
