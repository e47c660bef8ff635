"""A group commit stores its articles straight through and takes a SAVEPOINT per article only when
one of them fails (archive.store); those savepoints' journals stay in memory, not in temporary files,
and the group ends exactly as if each article had been stored alone."""

from __future__ import annotations

import os
import sqlite3

from archive.grouping import Grouping
from archive.store import ADDED, Archive
from ingest.models import EntityRecord, MentionRecord, QuoteRecord, RawArticle
from ingest.pipeline import prepare


def big_analysed_article(n: int, people: int = 60):
    """An article whose rows fill well over SQLite's 64 KiB in-memory statement journal."""
    text = "\n\n".join(
        f"Paragraph {n}-{k}: the minister Alice Example{k} met delegates in Town{k}." * 4 for k in range(people)
    )
    article = prepare(RawArticle(text=text, origin=f"big-{n}.txt"))
    article.entities = [EntityRecord(f"Alice Example{k} {n}", "PERSON") for k in range(people)]
    article.mentions = [
        MentionRecord(
            entity=k % people,
            paragraph=p.position,
            text=f"Example{k}",
            char_start=p.char_start,
            char_end=p.char_start + 5,
        )
        for p in article.paragraphs
        for k in range(5)
    ]
    article.quotes = [
        QuoteRecord(
            paragraph=p.position,
            text=p.text[:60],
            kind="direct",
            char_start=p.char_start,
            char_end=p.char_start + 60,
            speaker_entity=0,
        )
        for p in article.paragraphs
    ]
    article.nlp_version = "test"
    return article


def failing_article():
    """An article whose quote kind breaks the quotes table's CHECK."""
    article = big_analysed_article(99, people=3)
    article.quotes[-1].kind = "rumoured"
    return article


def sqlite_temp_files() -> set[str]:
    """SQLite temporary files this process has open (named etilqs_*, unlinked at once)."""
    found = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue  # closed since listed
        if "etilqs_" in target:
            found.add(target)
    return found


def store_traced(path, articles: list) -> tuple[list, list[str]]:
    """The outcomes of storing `articles` as one group, and the statements the writer ran."""
    seen: list[str] = []
    with Archive(path) as archive:
        archive.writer.connection.set_trace_callback(seen.append)
        outcomes = archive.store_many(articles, Grouping.LATER)
    return outcomes, seen


def rows(path) -> dict[str, list]:
    """The rows a comparison of two archives looks at (articles without their times of ingest)."""
    conn = sqlite3.connect(path)
    try:
        found = {
            table: conn.execute(f"select * from {table} order by id").fetchall()
            for table in ("paragraphs", "entities", "mentions", "quotes")
        }
        found["articles"] = conn.execute(
            "select id, title, text, content_hash, origin, nlp_version from articles order by id"
        ).fetchall()
        return found
    finally:
        conn.close()


def test_a_group_where_nothing_fails_takes_no_savepoints(db_path):
    outcomes, seen = store_traced(db_path, [big_analysed_article(i, people=4) for i in range(3)])
    assert outcomes == [ADDED] * 3
    assert not [sql for sql in seen if sql.upper().startswith("SAVEPOINT")]
    assert len(rows(db_path)["articles"]) == 3


def test_a_failed_article_leaves_the_group_as_if_stored_without_it(tmp_path):
    """Rolled back and stored again article by article: the same ids, entities and mentions as a
    group that never held the failing article (its new entities are not left behind)."""
    good = [big_analysed_article(i, people=4) for i in range(3)]
    outcomes, seen = store_traced(tmp_path / "with.db", [good[0], failing_article(), good[1], good[2]])
    assert outcomes[0] == outcomes[2] == outcomes[3] == ADDED
    assert isinstance(outcomes[1], sqlite3.IntegrityError)
    assert [sql for sql in seen if sql.upper().startswith("SAVEPOINT")]
    without, _ = store_traced(tmp_path / "without.db", [big_analysed_article(i, people=4) for i in range(3)])
    assert without == [ADDED] * 3
    stored, expected = rows(tmp_path / "with.db"), rows(tmp_path / "without.db")
    for table in ("articles", "paragraphs", "entities", "mentions", "quotes"):
        assert stored[table] == expected[table], table


def test_an_articles_savepoint_journal_stays_in_memory(db_path, monkeypatch):
    open_during: set[str] = set()
    store_one = Archive._store_one

    def storing(self, *args):
        outcome = store_one(self, *args)
        open_during.update(sqlite_temp_files())  # still inside the article's savepoint
        return outcome

    monkeypatch.setattr(Archive, "_store_one", storing)
    group = [big_analysed_article(i) for i in range(4)]
    with Archive(db_path) as archive:
        outcomes = archive.store_many([*group[:2], failing_article(), *group[2:]], Grouping.LATER)
    assert outcomes[:2] + outcomes[3:] == [ADDED] * 4 and isinstance(outcomes[2], sqlite3.IntegrityError)
    assert len(rows(db_path)["mentions"]) == 4 * 60 * 5
    assert open_during == set()
