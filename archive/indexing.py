"""Full-text indexing of a group of stored articles in one statement per FTS table.

The FTS5 insert triggers run a sub-program per row; one `INSERT INTO x_fts SELECT ...` over the
whole group costs less. While the writer stores a group it holds the row of `deferred_fts_inserts`
(migration 0004), the insert triggers stand aside, and the group's rows are indexed here before the
commit: no other connection sees a row unindexed.
"""

from __future__ import annotations

import json
import sqlite3

FLAG = "deferred_fts_inserts"
# What each FTS table indexes, selected by the article a row belongs to.
_INDEX = (
    (
        "INSERT INTO articles_fts(rowid, title, text) SELECT id, title, text FROM articles"
        " WHERE id IN (SELECT value FROM json_each(?))",
        "articles",
    ),
    (
        "INSERT INTO paragraphs_fts(rowid, text) SELECT id, text FROM paragraphs"
        " WHERE article_id IN (SELECT value FROM json_each(?))",
        "derived",
    ),
    (
        "INSERT INTO quotes_fts(rowid, text, speaker_text) SELECT id, text, speaker_text FROM quotes"
        " WHERE article_id IN (SELECT value FROM json_each(?))",
        "derived",
    ),
)


class DeferredIndex:
    """The articles (and the derived rows of articles) stored since the last flush, not yet indexed.

    Use inside the writer's transaction: `begin()`, then `added()`/`derived()` as rows go in,
    `flush()` before anything updates or deletes rows of this group (their FTS 'delete' needs the
    row indexed), `finish()` before the commit. `state()`/`restore()` follow a SAVEPOINT: a rolled
    back article leaves nothing to index, and a flush rolled back with it is pending again.
    """

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self.articles: set[int] = set()
        self.derived_of: set[int] = set()

    def begin(self) -> None:
        self.db.execute(f"INSERT INTO {FLAG}(id) VALUES (1)")

    def added(self, article_id: int) -> None:
        """A new article row, with its paragraphs, quotes and mentions."""
        self.articles.add(article_id)
        self.derived_of.add(article_id)

    def derived(self, article_id: int) -> None:
        """New paragraphs and quotes of an article that is already indexed."""
        self.derived_of.add(article_id)

    def state(self) -> tuple[frozenset, frozenset]:
        return frozenset(self.articles), frozenset(self.derived_of)

    def restore(self, state: tuple[frozenset, frozenset]) -> None:
        self.articles, self.derived_of = set(state[0]), set(state[1])

    def flush(self) -> None:
        """Index everything pending now."""
        ids = {"articles": self.articles, "derived": self.derived_of}
        for sql, which in _INDEX:
            if ids[which]:
                self.db.execute(sql, (json.dumps(sorted(ids[which])),))
        self.articles, self.derived_of = set(), set()

    def finish(self) -> None:
        """Index what is pending and give the triggers back (before the commit)."""
        self.flush()
        self.db.execute(f"DELETE FROM {FLAG}")
