"""A group of articles stored with one commit is full-text indexed in one statement per FTS table:
every committed row is searchable, nothing stale or missing, the insert triggers back afterwards."""

from __future__ import annotations

import sqlite3

import pytest

from archive.grouping import Grouping
from archive.store import ADDED, UPDATED, Archive
from ingest.models import QuoteRecord, RawArticle
from ingest.pipeline import prepare

FTS = {"articles": ("title", "text"), "paragraphs": ("text",), "quotes": ("text", "speaker_text")}


def article(text: str, origin: str, url: str | None = None, title: str | None = None):
    return prepare(RawArticle(text=text, origin=origin, url=url, title=title))


def check_index(path) -> sqlite3.Connection:
    """integrity_check, each FTS table's integrity-check against its content, the flag empty."""
    conn = sqlite3.connect(path)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    for table in FTS:
        conn.execute(f"insert into {table}_fts({table}_fts, rank) values ('integrity-check', 1)")
    assert conn.execute("select count(*) from deferred_fts_inserts").fetchone()[0] == 0
    return conn


def hits(conn, table: str, query: str) -> int:
    return conn.execute(f"select count(*) from {table}_fts where {table}_fts match ?", (query,)).fetchone()[0]


def test_every_article_of_a_group_is_searchable_after_the_commit(db_path):
    group = [
        article(
            f"Zebra number w{i}x crossed the river.\n\nThe herd followed w{i}x later.", f"a{i}.txt", title=f"Herd t{i}x"
        )
        for i in range(30)
    ]
    with Archive(db_path) as archive:
        assert archive.store_many(group, grouping=Grouping.NONE) == [ADDED] * 30
    conn = check_index(db_path)
    for i in range(30):
        assert hits(conn, "articles", f"w{i}x AND t{i}x") == 1
        assert hits(conn, "paragraphs", f"w{i}x") == 2


def test_an_article_updated_in_the_group_that_added_it_leaves_no_stale_tokens(db_path):
    url = "https://news.example.org/bridge"
    first = article("The bridge reopened on Monday morning.\n\nTraffic was light.", "one.txt", url=url)
    other = article("A council vote is due tomorrow.", "two.txt")
    second = article("The bridge reopened on Tuesday evening.\n\nTraffic was heavy.", "three.txt", url=url)
    with Archive(db_path) as archive:
        assert archive.store_many([first, other, second], grouping=Grouping.NONE) == [ADDED, ADDED, UPDATED]
    conn = check_index(db_path)
    assert hits(conn, "paragraphs", "monday") == 0 and hits(conn, "articles", "monday") == 0
    assert hits(conn, "paragraphs", "tuesday") == 1 and hits(conn, "articles", "tuesday") == 1
    assert hits(conn, "paragraphs", "council") == 1


@pytest.mark.parametrize("grouping", [Grouping.NONE, Grouping.NOW])
def test_a_failed_article_is_rolled_back_alone_and_the_rest_indexed(db_path, grouping):
    """A quote whose kind breaks the table's CHECK fails its article, whether the group's grouping
    is done now or never: the group is rolled back and stored again article by article."""
    good = [article(f"Harbour report k{i}q filed.", f"g{i}.txt") for i in range(3)]
    bad = article("This harbour report never lands kbadq.", "bad.txt")
    bad.quotes.append(QuoteRecord(paragraph=1, text="never lands", kind="rumoured", char_start=20, char_end=31))
    with Archive(db_path) as archive:
        outcomes = archive.store_many([good[0], bad, good[1], good[2]], grouping=grouping)
    assert outcomes[0] == outcomes[2] == outcomes[3] == ADDED
    assert isinstance(outcomes[1], sqlite3.IntegrityError) and "quote_kind" in str(outcomes[1])
    conn = check_index(db_path)
    assert hits(conn, "paragraphs", "kbadq") == 0 and hits(conn, "articles", "kbadq") == 0
    assert conn.execute("select count(*) from articles").fetchone()[0] == 3
    assert all(hits(conn, "paragraphs", f"k{i}q") == 1 for i in range(3))


def test_quotes_of_a_group_are_indexed_with_their_speakers(db_path, process_text):
    texts = [
        '"The harbour will stay open," said Maria Lopez, the port director.',
        'Fire chief Tom Reilly said the blaze was "under control" by noon.',
    ]
    group = [process_text(t) for t in texts]
    for i, processed in enumerate(group):
        processed.origin = f"q{i}.txt"
    with Archive(db_path) as archive:
        assert archive.store_many(group) == [ADDED, ADDED]
    conn = check_index(db_path)
    assert conn.execute("select count(*) from quotes").fetchone()[0] == hits(conn, "quotes", "harbour OR control") >= 2
    assert hits(conn, "quotes", "speaker_text:Lopez") == 1


@pytest.mark.parametrize(
    "table, insert",
    [
        (
            "paragraphs",
            "insert into paragraphs(article_id, position, text, char_start, char_end)"
            " values (1, 99, 'a paragraph added by hand zqwx', 0, 1)",
        ),
        (
            "articles",
            "insert into articles(text, word_count, content_hash, ingested_at)"
            " values ('an article added by hand zqwx', 6, 'h', 'now')",
        ),
    ],
)
def test_other_writers_still_get_the_insert_triggers(db_path, table, insert):
    with Archive(db_path) as archive:
        archive.store_many([article("The first article of the archive.", "first.txt")], grouping=Grouping.NONE)
    conn = sqlite3.connect(db_path)
    conn.execute(insert)
    conn.commit()
    assert hits(conn, table, "zqwx") == 1
    check_index(db_path)


def test_a_failed_update_does_not_unindex_the_articles_before_it(db_path, monkeypatch):
    """The update flushes the group's pending index inside its own savepoint: rolled back with it,
    the earlier articles are pending again and still indexed at the commit."""
    url = "https://news.example.org/ferry"
    with Archive(db_path) as archive:
        archive.store_many([article("The ferry sailed on time mfx1.", "ferry.txt", url=url)], grouping=Grouping.NONE)
        before = [article(f"Market stalls opened early p{i}z.", f"m{i}.txt") for i in range(2)]
        update = article("The ferry was cancelled mfx2.", "ferry2.txt", url=url)
        real = archive._replace_derived

        def failing(conn, article_id, processed):
            real(conn, article_id, processed)
            raise sqlite3.OperationalError("simulated failure during the update")

        monkeypatch.setattr(archive, "_replace_derived", failing)
        outcomes = archive.store_many([*before, update], grouping=Grouping.NONE)
    assert outcomes[:2] == [ADDED, ADDED] and isinstance(outcomes[2], sqlite3.OperationalError)
    conn = check_index(db_path)
    assert hits(conn, "paragraphs", "p0z") == hits(conn, "paragraphs", "p1z") == 1
    assert hits(conn, "articles", "mfx1") == 1 and hits(conn, "articles", "mfx2") == 0
