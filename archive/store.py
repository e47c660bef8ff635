"""Storing ProcessedArticles: each article atomic, a group per commit, idempotent by content hash and URL."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from archive import clusters, entities, stories, titles
from archive.checkpointing import Checkpointer
from archive.db import Writer, migrate, writer_pragmas
from archive.grouping import Grouping, enqueue, forget, pending
from archive.grouping import group as group_now
from archive.grouping import group_queued as group_queued_rows
from archive.indexing import DeferredIndex
from ingest.models import ProcessedArticle
from ingest.pipeline import metadata_json

ADDED, UPDATED, UNCHANGED, FAILED = "added", "updated", "unchanged", "failed"
DUPLICATE = "duplicates"  # the same text as an article stored earlier in the same run

# The writer's statements, as plain SQL on its sqlite3 connection.
SQL_BY_HASH = "SELECT id, nlp_version, run_id, origin FROM articles WHERE content_hash = ?"
SQL_BY_URL = "SELECT a.id, s.name FROM articles a LEFT JOIN sources s ON s.id = a.source_id WHERE a.url = ?"
SQL_BY_ORIGIN = "SELECT id FROM articles WHERE origin = ? AND +url IS NULL"  # +: not the url index
# The version an update replaces is kept: when it was stored is its last update, else its ingest.
SQL_KEEP_VERSION = (
    "INSERT INTO article_versions(article_id, title, byline, published_at, url, text, content_hash, stored_at,"
    " replaced_at) SELECT id, title, byline, published_at, url, text, content_hash,"
    " coalesce(updated_at, ingested_at), ? FROM articles WHERE id = ?"
)
SQL_SET_VERSION = "UPDATE articles SET nlp_version = ?, updated_at = ? WHERE id = ?"
_ARTICLE_COLUMNS = (
    "source_id",
    "url",
    "title",
    "byline",
    "published_at",
    "language",
    "text",
    "word_count",
    "content_hash",
    "origin",
    "nlp_version",
    "metadata_json",
    "run_id",
    "ingested_at",
)
SQL_INSERT_ARTICLE = (
    f"INSERT INTO articles({', '.join(_ARTICLE_COLUMNS)}) VALUES ({', '.join(':' + c for c in _ARTICLE_COLUMNS)})"
)
SQL_UPDATE_ARTICLE = (
    f"UPDATE articles SET {', '.join(f'{c} = :{c}' for c in _ARTICLE_COLUMNS if c != 'ingested_at')},"
    " updated_at = :updated_at WHERE id = :id"
)
# duplicate_of names an earlier position of the same article: its id is looked up as rows go in.
SQL_INSERT_PARAGRAPH = (
    "INSERT INTO paragraphs(article_id, position, text, char_start, char_end, duplicate_of)"
    " VALUES (?, ?, ?, ?, ?, (SELECT id FROM paragraphs WHERE article_id = ? AND position = ?))"
)
# A mention or quote is stored under the name its article gave (entity_names) and points at the
# entity that name stands for now, read in the same statement (archive.entities decides it).
SQL_ENTITY_OF_NAME = "(SELECT entity_id FROM entity_names WHERE id = ?)"
SQL_INSERT_MENTION = (
    "INSERT INTO mentions(entity_id, name_id, article_id, paragraph_id, text, char_start, char_end)"
    f" VALUES ({SQL_ENTITY_OF_NAME}, ?, ?, ?, ?, ?, ?)"
)
SQL_INSERT_QUOTE = (
    "INSERT INTO quotes(article_id, paragraph_id, text, kind, speaker_id, speaker_name_id, speaker_text, cue,"
    f" char_start, char_end, attribution, confidence) VALUES (?, ?, ?, ?, {SQL_ENTITY_OF_NAME}, ?, ?, ?, ?, ?, ?, ?)"
)
# An article's derived rows go before new ones are inserted (paragraphs last: the others point at them).
SQL_DELETE_DERIVED = (
    "DELETE FROM quotes WHERE article_id = ?",
    "DELETE FROM mentions WHERE article_id = ?",
)
# The names an article's derived rows are stored under, queued to be decided again before they go.
SQL_QUEUE_NAMES_OF_ARTICLE = (
    "INSERT OR IGNORE INTO identity_queue(name_id)"
    " SELECT name_id FROM mentions WHERE article_id = ? AND name_id IS NOT NULL"
    " UNION SELECT speaker_name_id FROM quotes WHERE article_id = ? AND speaker_name_id IS NOT NULL"
)
# ... and their mentions taken off the names' counts (kept as rows come and go, not recounted).
SQL_UNCOUNT_MENTIONS_OF_ARTICLE = (
    "UPDATE entity_names SET mentions = mentions"
    " - (SELECT count(*) FROM mentions m WHERE m.article_id = ?1 AND m.name_id = entity_names.id)"
    " WHERE id IN (SELECT name_id FROM mentions WHERE article_id = ?1)"
)
SQL_COUNT_MENTIONS = "UPDATE entity_names SET mentions = mentions + ? WHERE id = ?"
SQL_UNLINK_PARAGRAPHS = "UPDATE paragraphs SET duplicate_of = NULL WHERE article_id = ?"
SQL_DELETE_PARAGRAPHS = "DELETE FROM paragraphs WHERE article_id = ?"
SQL_UNLINK_AUTHORS = "DELETE FROM article_authors WHERE article_id = ?"
SQL_INSERT_AUTHOR = "INSERT INTO authors(name) VALUES (?) ON CONFLICT DO NOTHING"
SQL_LINK_AUTHOR = (
    "INSERT INTO article_authors(article_id, author_id, position) SELECT ?, id, ? FROM authors WHERE name = ?"
)
SQL_PRUNE_AUTHORS = (
    "DELETE FROM authors WHERE NOT EXISTS (SELECT 1 FROM article_authors aa WHERE aa.author_id = authors.id)"
)
SQL_START_RUN = (
    "INSERT INTO ingest_runs(command, inputs, started_at, nlp_version, added, updated, unchanged, failed)"
    " VALUES (?, ?, ?, ?, 0, 0, 0, 0)"
)
SQL_FINISH_RUN = (
    "UPDATE ingest_runs SET finished_at = ?, added = ?, updated = ?, unchanged = ?, failed = ?,"
    " duplicates = ?, skipped = ? WHERE id = ?"
)
SQL_RECORD_ERROR = "INSERT INTO ingest_errors(run_id, origin, error, message, created_at) VALUES (?, ?, ?, ?, ?)"


GROUP_STEP = 200  # queued articles grouped per transaction
# Stores one item (an article, or an article id and its new analysis) in the open transaction.
_One = Callable[[sqlite3.Connection, Any, Grouping, DeferredIndex], str]


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _group(db: sqlite3.Connection, article_id: int, article: ProcessedArticle, grouping: Grouping) -> None:
    """Find the article's story and quote clusters now, queue that, or neither (see store_many)."""
    if grouping is Grouping.NOW:
        group_now(db, article_id, article.fingerprint)
    elif grouping is Grouping.LATER:
        enqueue(db, article_id, article.fingerprint)


def _source_name(article: ProcessedArticle) -> tuple[str | None, str | None]:
    """The article's source name (given, else its URL's domain) and that domain."""
    domain = urlparse(article.url).hostname if article.url else None
    if domain and domain.startswith("www."):
        domain = domain[4:]
    return article.source or domain, domain


def _writer_setup(db: sqlite3.Connection) -> None:
    """The writer's connection: automatic checkpoints only as the backstop, statement journals in memory."""
    Checkpointer.configure(db)
    writer_pragmas(db)


class Refused(Exception):
    """An article the archive will not store as asked, for a reason a person can act on."""

    error = "refused"  # the ingest_errors.error class


class IdentityConflict(Refused):
    """The article's URL belongs to an article of another source: an update never crosses sources."""

    error = "identity"


class _ItemFailed(Exception):
    """An item of a group stored straight through failed: the group is stored again with savepoints."""


@dataclass
class Counts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    duplicates: int = 0  # copies of an article read earlier in the same run
    skipped: int = 0  # records that are not articles (a WARC file's requests), by reason below
    failures: list[tuple[str, str]] = field(default_factory=list)
    skipped_reasons: Counter = field(default_factory=Counter)

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def skip(self, reason: str) -> None:
        self.skipped += 1
        self.skipped_reasons[reason] += 1


class Archive:
    """The archive database: the one Python API behind the CLI, the tests and the benchmarks."""

    def __init__(self, path: str | os.PathLike, create: bool = True):
        self.path = os.fspath(path)
        if create:
            migrate(self.path)
        # WAL checkpoints in a background thread, not inside the commits (archive.checkpointing).
        self.checkpointer = Checkpointer(self.path)
        self.writer = Writer(self.path, setup=_writer_setup, on_commit=self.checkpointer.poke)
        self._name_ids = entities.NameIds()
        self._analysed: set[int] = set()  # articles given new derived rows since the last consolidation
        self._title_counts: dict[tuple[str, str], int] = {}  # titles.Holders' saturated counts
        self._source_ids: dict[str, int] = {}
        self._reader: sqlite3.Connection | None = None
        self.run_id: int | None = None  # the run storing now (start_run): articles record it

    def close(self) -> None:
        try:
            self.checkpointer.close()
        finally:
            if self._reader is not None:
                self._reader.close()
            self.writer.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc is None:
            self.close()
            return
        try:
            self.close()
        except Exception as also:  # noqa: BLE001 - the error under way is the one to tell; this is its echo
            exc.add_note(f"closing the archive failed too: {also}")

    def _read(self) -> sqlite3.Connection:
        """A long-lived reading connection: lookups need no write lock (the writer's transactions
        begin IMMEDIATE, as writers must)."""
        if self._reader is None:
            self._reader = sqlite3.connect(self.path, timeout=60)
            self._reader.row_factory = sqlite3.Row
        return self._reader

    def stored_copy(self, content_hash: str) -> sqlite3.Row | None:
        """The stored article with this text: its id, nlp_version, run_id and origin; None if none."""
        return self._read().execute(SQL_BY_HASH, (content_hash,)).fetchone()

    # ----- articles -------------------------------------------------------------------------

    def store(self, article: ProcessedArticle, grouping: Grouping = Grouping.NOW) -> str:
        """Add, update in place, or skip one article, in one transaction. Returns the outcome."""
        [outcome] = self.store_many([article], grouping)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def store_many(self, articles: list[ProcessedArticle], grouping: Grouping = Grouping.NOW) -> list[str | Exception]:
        """Store a group of articles with one commit (group commit), each article atomic on its own.

        Each article is atomic: one that fails is rolled back alone and comes back as its
        exception, the others commit together. The group is first stored straight through; only
        when an article fails is the group rolled back and stored again with each article in its
        own SAVEPOINT (a savepoint journals every page the article touches, a cost paid only by
        groups that need it). A commit writes new FTS5 segments and
        a WAL frame set, which costs more than storing an article; a crash loses only the
        uncommitted group, which a rerun stores again (identity makes reruns exact). The group's
        rows are full-text indexed together before the commit (archive.indexing). An article
        that hits a constraint because another process changed what this one had cached (an
        entity pruned, say) is retried once with fresh caches.

        `grouping` (archive.grouping): NOW finds each article's story and quote clusters in this
        transaction, after grouping any queued articles; LATER queues that for `group_queued`;
        NONE leaves it to `archive reprocess` (the text-only bulk path: no NLP, nothing to cluster).
        """
        return self._each_atomically(articles, grouping, self._store_one)

    def replace_nlp_many(
        self, results: list[tuple[int, ProcessedArticle]], grouping: Grouping = Grouping.NOW
    ) -> list[str | Exception]:
        """Give articles (id, new NLP result) their new derived rows (`archive reprocess`): one
        commit, each article in its own savepoint as in `store_many`. Returns UPDATED or the
        exception, per article."""
        return self._each_atomically(results, grouping, self._replace_one)

    def _each_atomically(self, items: list, grouping: Grouping, one: _One) -> list[str | Exception]:
        """`one(db, item, grouping, index)` for each item in one transaction (see store_many):
        straight through, or again with a savepoint each when one of them fails."""
        grouping = Grouping(grouping)  # ValueError for anything else
        self.checkpointer.check()
        try:
            return self._each(items, grouping, one, saved=False)
        except _ItemFailed:
            self._forget_cached_ids()  # rolled back whole: ids cached in that transaction are gone with it
        return self._each(items, grouping, one, saved=True)

    def _each(self, items: list, grouping: Grouping, one: _One, saved: bool) -> list[str | Exception]:
        """The items in one transaction: each in its own savepoint (`saved`), else straight through,
        where the first failure raises _ItemFailed and rolls the transaction back."""
        outcomes: list[str | Exception] = []
        with self.writer.transaction() as db:
            if grouping is Grouping.NOW:
                group_queued_rows(db)  # articles stored before these are grouped before them
            index = DeferredIndex(db)
            index.begin()
            for item in items:
                if saved:
                    outcomes.append(self._saved(db, item, grouping, index, one))
                    continue
                try:
                    outcomes.append(one(db, item, grouping, index))
                except Exception as exc:  # noqa: BLE001 - the group is stored again, item by item
                    raise _ItemFailed() from exc
            index.finish()
        return outcomes

    def _saved(
        self, db: sqlite3.Connection, item: Any, grouping: Grouping, index: DeferredIndex, one: _One
    ) -> str | Exception:
        """`one` for an item inside a savepoint: its outcome, or its exception with its rows rolled back."""
        for attempt in (1, 2):
            before = index.state()
            db.execute("SAVEPOINT article")
            try:
                outcome: str | Exception = one(db, item, grouping, index)
            except Exception as exc:  # noqa: BLE001 - returned to the caller, who records it
                db.execute("ROLLBACK TO article")
                index.restore(before)
                outcome = exc
            db.execute("RELEASE article")
            if attempt == 1 and isinstance(outcome, sqlite3.IntegrityError):
                self._forget_cached_ids()
                continue
            break
        return outcome

    def _forget_cached_ids(self) -> None:
        """Drop the entity and source ids this connection cached: a rollback or another process
        (an entity pruned, say) may have made them wrong."""
        self._name_ids.clear()
        self._source_ids.clear()

    def _store_one(
        self, db: sqlite3.Connection, article: ProcessedArticle, grouping: Grouping, index: DeferredIndex
    ) -> str:
        row = db.execute(SQL_BY_HASH, (article.content_hash,)).fetchone()
        if row is not None:
            if row[1] is None and article.nlp_version is not None:
                index.flush()  # the rows replaced may be this group's: indexed before their FTS delete
                self._replace_derived(db, row[0], article)
                index.derived(row[0])
                db.execute(SQL_SET_VERSION, (article.nlp_version, now(), row[0]))
                _group(db, row[0], article, grouping)
                return UPDATED
            return DUPLICATE if self.run_id is not None and row[2] == self.run_id else UNCHANGED
        same = None
        if article.url:
            same = db.execute(SQL_BY_URL, (article.url,)).fetchone()
            source = _source_name(article)[0]
            if same is not None and same[1] is not None and source != same[1]:
                raise IdentityConflict(
                    f"{article.url} is already article {same[0]} of the source {same[1]!r}; an article"
                    f" from {source!r} never replaces it"
                )
        elif article.whole_input and article.origin and article.origin != "<stdin>":
            same = db.execute(SQL_BY_ORIGIN, (article.origin,)).fetchone()
        values = self._article_values(db, article)
        if same is not None:
            db.execute(SQL_KEEP_VERSION, (now(), same[0]))
            index.flush()
            stories.remove_article(db, same[0])
            forget(db, same[0])
            db.execute(SQL_UPDATE_ARTICLE, {**values, "updated_at": now(), "id": same[0]})
            self._store_authors(db, same[0], article.authors)
            self._replace_derived(db, same[0], article)
            index.derived(same[0])
            _group(db, same[0], article, grouping)
            return UPDATED
        article_id = db.execute(SQL_INSERT_ARTICLE, {**values, "ingested_at": now()}).lastrowid
        self._store_authors(db, article_id, article.authors)
        self._insert_derived(db, article_id, article)
        index.added(article_id)
        _group(db, article_id, article, grouping)
        return ADDED

    def group_queued(self, limit: int | None = None) -> int:
        """Group up to `limit` queued articles (all when None), in store order, a transaction per
        GROUP_STEP articles. Returns how many were grouped."""
        done = 0
        while limit is None or done < limit:
            step = GROUP_STEP if limit is None else min(GROUP_STEP, limit - done)
            with self.writer.transaction() as db:
                grouped = group_queued_rows(db, step)
            done += len(grouped)
            if len(grouped) < step:
                break
        return done

    def queued(self) -> int:
        """Articles stored whose grouping is queued."""
        return pending(self._read())

    def _replace_one(
        self, db: sqlite3.Connection, item: tuple[int, ProcessedArticle], grouping: Grouping, index: DeferredIndex
    ) -> str:
        article_id, article = item
        if article_id in index.derived_of:
            index.flush()  # its rows of this group must be indexed before their FTS 'delete'
        forget(db, article_id)
        self._store_authors(db, article_id, article.authors)  # from its byline, by the parser of today
        self._replace_derived(db, article_id, article)
        index.derived(article_id)
        db.execute(SQL_SET_VERSION, (article.nlp_version, now(), article_id))
        _group(db, article_id, article, grouping)
        return UPDATED

    def _article_values(self, db: sqlite3.Connection, article: ProcessedArticle) -> dict:
        return dict(
            source_id=self._source_id(db, article),
            url=article.url,
            title=article.title,
            byline=article.byline,
            published_at=article.published_at,
            language=article.language,
            text=article.text,
            word_count=article.word_count,
            content_hash=article.content_hash,
            origin=article.origin,
            nlp_version=article.nlp_version,
            metadata_json=metadata_json(article.extra),
            run_id=self.run_id,
        )

    def _store_authors(self, db: sqlite3.Connection, article_id: int, names: list[str]) -> None:
        """The article's authors, in byline order, in place of any it had."""
        db.execute(SQL_UNLINK_AUTHORS, (article_id,))
        if names:
            db.executemany(SQL_INSERT_AUTHOR, [(name,) for name in names])
            db.executemany(SQL_LINK_AUTHOR, [(article_id, i, name) for i, name in enumerate(names, start=1)])

    def _source_id(self, db: sqlite3.Connection, article: ProcessedArticle) -> int | None:
        name, domain = _source_name(article)
        if not name:
            return None
        if name not in self._source_ids:
            db.execute("INSERT INTO sources(name, domain) VALUES (?, ?) ON CONFLICT DO NOTHING", (name, domain))
            self._source_ids[name] = db.execute("SELECT id FROM sources WHERE name = ?", (name,)).fetchone()[0]
        return self._source_ids[name]

    def _replace_derived(self, db: sqlite3.Connection, article_id: int, article: ProcessedArticle) -> None:
        old_clusters = clusters.clusters_of(db, article_id)
        db.execute(SQL_QUEUE_NAMES_OF_ARTICLE, (article_id, article_id))
        db.execute(SQL_UNCOUNT_MENTIONS_OF_ARTICLE, (article_id,))
        for sql in SQL_DELETE_DERIVED:
            db.execute(sql, (article_id,))
        for cluster in old_clusters:
            clusters.refresh(db, cluster)
        db.execute(SQL_UNLINK_PARAGRAPHS, (article_id,))
        db.execute(SQL_DELETE_PARAGRAPHS, (article_id,))
        self._insert_derived(db, article_id, article)

    def _insert_derived(self, db: sqlite3.Connection, article_id: int, article: ProcessedArticle) -> None:
        """Paragraphs, mentions and quotes with one executemany each: no round trip per row."""
        db.executemany(
            SQL_INSERT_PARAGRAPH,
            [
                (article_id, p.position, p.text, p.char_start, p.char_end, article_id, p.duplicate_of)
                for p in article.paragraphs
            ],
        )
        if not article.mentions and not article.quotes:
            return  # text only (--no-nlp): nothing refers to the paragraphs' ids
        self._analysed.add(article_id)
        para_ids = dict(db.execute("SELECT position, id FROM paragraphs WHERE article_id = ?", (article_id,)))
        name_ids = self._name_ids.of(db, [(e.name, e.type) for e in article.entities])
        entities.queue(db, name_ids)
        if article.mentions:
            db.executemany(
                SQL_INSERT_MENTION,
                [
                    (name_ids[m.entity], name_ids[m.entity], article_id, para_ids[m.paragraph], m.text)
                    + (m.char_start, m.char_end)
                    for m in article.mentions
                ],
            )
            counts = Counter(name_ids[m.entity] for m in article.mentions)
            db.executemany(SQL_COUNT_MENTIONS, [(n, name_id) for name_id, n in counts.items()])
        if article.quotes:
            speakers = [name_ids[q.speaker_entity] if q.speaker_entity is not None else None for q in article.quotes]
            db.executemany(
                SQL_INSERT_QUOTE,
                [
                    (
                        article_id,
                        para_ids[q.paragraph],
                        q.text,
                        q.kind,
                        speaker,
                        speaker,
                        q.speaker_text,
                        q.cue,
                        q.char_start,
                        q.char_end,
                        q.attribution,
                        q.confidence,
                    )
                    for q, speaker in zip(article.quotes, speakers)
                ],
            )

    def prune_entities(self) -> int:
        """Drop names no mention or quote is stored under any more, entities nothing refers to
        (after updates and moves) and authors no article names any more, throughout the archive."""
        with self.writer.transaction() as db:
            pruned = entities.prune(db)
            db.execute(SQL_PRUNE_AUTHORS)
        self._name_ids.clear()
        return pruned

    def prune_authors(self) -> None:
        """Drop authors no article names any more (after updates)."""
        with self.writer.transaction() as db:
            db.execute(SQL_PRUNE_AUTHORS)

    def consolidate_entities(self, whole: bool = False) -> entities.Changes:
        """Give the names mentions or quotes were stored or deleted under since the last
        consolidation (entities.consolidate_queued), and every name whose decision depends on theirs,
        the entity the archive's evidence and people's corrections decide (archive.identity), moving
        what is stored under the names that change and dropping what is left unused; every name of
        the archive when `whole`. Then the quotes stored since, written as a title, get the person
        the archive gives it (archive.titles)."""
        with self.writer.transaction() as db:
            if whole:
                changes = entities.consolidate(db)
                entities.prune(db)
            else:
                changes = entities.consolidate_queued(db)
            changes.titled = titles.settle(db, self._analysed, self._title_counts)
            if changes.titled:  # the names those quotes were stored under, decided again (or dropped)
                changes.add(entities.consolidate_queued(db))
        self._analysed.clear()
        self._name_ids.clear()  # names nothing is stored under any more were dropped
        return changes

    # ----- runs and errors ------------------------------------------------------------------

    def start_run(self, command: str, inputs: list[str], nlp_version: str | None) -> int:
        """A new row in ingest_runs; the articles stored until `finish_run` record it."""
        with self.writer.transaction() as db:
            self.run_id = db.execute(
                SQL_START_RUN, (command, json.dumps(inputs, ensure_ascii=False), now(), nlp_version)
            ).lastrowid
        return self.run_id

    def finish_run(self, run_id: int, counts: Counts) -> None:
        with self.writer.transaction() as db:
            db.execute(
                SQL_FINISH_RUN,
                (
                    now(),
                    counts.added,
                    counts.updated,
                    counts.unchanged,
                    counts.failed,
                    counts.duplicates,
                    counts.skipped,
                    run_id,
                ),
            )
        self.run_id = None

    def record_error(self, run_id: int | None, origin: str, error: str, message: str) -> None:
        with self.writer.transaction() as db:
            db.execute(SQL_RECORD_ERROR, (run_id, origin, error, message, now()))

    # ----- reading --------------------------------------------------------------------------

    def stats(self) -> dict[str, int]:
        """Row counts of the public tables, and of the articles whose grouping is queued."""
        tables = {
            "articles": "articles",
            "paragraphs": "paragraphs",
            "quotes": "quotes",
            "entities": "entities",
            "mentions": "mentions",
            "sources": "sources",
            "errors": "ingest_errors",
            "runs": "ingest_runs",
            "to_group": "grouping_queue",
        }
        return {
            name: self._read().execute(f"select count(*) from {table}").fetchone()[0] for name, table in tables.items()
        }

    def stale_articles(self, version: str) -> list[int]:
        """Articles whose derived rows come from another pipeline version, or none."""
        return [
            r[0]
            for r in self._read().execute(
                "select id from articles where nlp_version is null or nlp_version != ? order by id", (version,)
            )
        ]

    def article(self, article_id: int) -> sqlite3.Row | None:
        """One article's row, for reprocessing."""
        return self._read().execute("select * from articles where id = ?", (article_id,)).fetchone()
