"""The writer's floor: SQLite's own work storing the rows the ingest benchmarks store, with no Python
around it, as a baseline for the writer's rates (as bare `nlp.pipe` is for the NLP).

The rows are built before the clock with their ids, then stored in the archive's schema (migrated,
triggers, indexes and foreign keys on) the way archive.store does it at best: one `executemany` per
table per commit group, full-text indexing deferred to one `INSERT ... SELECT` per FTS table and
group (archive.indexing), then the commit, on a connection set up as the writer's (its pragmas,
WAL checkpoints in a background thread: archive.checkpointing). Nothing is read, prepared, checked
for identity or unpickled. The ingest's rates over these say how much of the writer's time is
SQLite's and how much is ours.

    python bench/floors.py    # prints the figures as JSON
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script, bench/ importable

from bench.common import bbc_files, log, timer  # noqa: E402

REPEATS = 3  # the median of three: one run is at the mercy of the shared machine
TEXT_GROUP = 200  # articles per commit of a --no-nlp run (archive.ingesting.GROUP)
NLP_GROUP = 256  # articles per commit of the stubbed Dask run (four batches of 64 back at once)

_ARTICLE = (
    "INSERT INTO articles(id, url, title, byline, published_at, language, text, word_count,"
    " content_hash, origin, nlp_version, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')"
)
_PARAGRAPH = (
    "INSERT INTO paragraphs(id, article_id, position, text, char_start, char_end, duplicate_of)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
)
# Each name stands for the entity of the same id (archive.entities): the name's id goes in twice.
_MENTION = (
    "INSERT INTO mentions(entity_id, name_id, article_id, paragraph_id, text, char_start, char_end)"
    " VALUES (?1, ?1, ?, ?, ?, ?, ?)"
)
_QUOTE = (
    "INSERT INTO quotes(article_id, paragraph_id, text, kind, speaker_id, speaker_name_id, speaker_text, cue,"
    " char_start, char_end) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8, ?9)"
)
_QUEUE = "INSERT INTO grouping_queue(article_id, signature, shingles) VALUES (?, ?, ?)"
_NAMES_QUEUE = "INSERT OR IGNORE INTO identity_queue(name_id) VALUES (?)"  # names for the run end to decide
_FTS = (
    "INSERT INTO articles_fts(rowid, title, text) SELECT id, title, text FROM articles WHERE id BETWEEN ? AND ?",
    "INSERT INTO paragraphs_fts(rowid, text) SELECT id, text FROM paragraphs WHERE article_id BETWEEN ? AND ?",
    "INSERT INTO quotes_fts(rowid, text, speaker_text) SELECT id, text, speaker_text FROM quotes"
    " WHERE article_id BETWEEN ? AND ?",
)


def distinct(articles: list) -> list:
    """The articles an ingest adds: the first of each text (the others are unchanged)."""
    seen: set[str] = set()
    return [a for a in articles if not (a.content_hash in seen or seen.add(a.content_hash))]


def row_groups(articles: list, group: int, entity_ids: dict) -> list[dict[str, list]]:
    """Every row of `articles`, ids given, cut into commit groups."""
    groups = []
    article_id = paragraph_id = 0
    for start in range(0, len(articles), group):
        rows: dict[str, list] = {_ARTICLE: [], _PARAGRAPH: [], _MENTION: [], _QUOTE: [], _QUEUE: [], _NAMES_QUEUE: []}
        for a in articles[start : start + group]:
            article_id += 1
            rows[_ARTICLE].append(
                (
                    article_id,
                    a.url,
                    a.title,
                    a.byline,
                    a.published_at,
                    a.language,
                    a.text,
                    a.word_count,
                    a.content_hash,
                    a.origin,
                    a.nlp_version,
                )
            )
            ids = {}
            for p in a.paragraphs:
                paragraph_id += 1
                ids[p.position] = paragraph_id
                rows[_PARAGRAPH].append(
                    (paragraph_id, article_id, p.position, p.text, p.char_start, p.char_end, ids.get(p.duplicate_of))
                )
            entities = [entity_ids[(e.name, e.type)] for e in a.entities]
            rows[_NAMES_QUEUE] += [(i,) for i in dict.fromkeys(entities)]
            rows[_MENTION] += [
                (entities[m.entity], article_id, ids[m.paragraph], m.text, m.char_start, m.char_end) for m in a.mentions
            ]
            rows[_QUOTE] += [
                (
                    article_id,
                    ids[q.paragraph],
                    q.text,
                    q.kind,
                    entities[q.speaker_entity] if q.speaker_entity is not None else None,
                    q.speaker_text,
                    q.cue,
                    q.char_start,
                    q.char_end,
                )
                for q in a.quotes
            ]
            if a.fingerprint is not None:
                rows[_QUEUE].append((article_id, a.fingerprint.to_bytes(), a.fingerprint.size))
        groups.append(rows)
    return groups


def store_seconds(groups: list[dict[str, list]], entity_ids: dict) -> float:
    """Seconds to store the groups into a fresh archive, each in one transaction."""
    from archive.checkpointing import Checkpointer
    from archive.db import configure, migrate, writer_pragmas
    from archive.indexing import FLAG

    with tempfile.TemporaryDirectory(prefix="bench-floor-") as work:
        path = Path(work) / "floor.db"
        migrate(path)
        # Set up as archive.store.Archive sets up its writer: the archive's connection settings,
        # statement journals in memory, checkpoints in a thread. (Without the last two this "floor"
        # stood below the writer: SQLite's automatic checkpoints ran inside the commits, and the FTS
        # statements' journals went to files.)
        db = sqlite3.connect(path, timeout=60)
        configure(db)
        writer_pragmas(db)
        Checkpointer.configure(db)
        checkpointer = Checkpointer(path)
        db.executemany(
            "INSERT INTO entities(id, name, type) VALUES (?, ?, ?)",
            [(i, name, type_) for (name, type_), i in entity_ids.items()],
        )
        db.executemany(
            "INSERT INTO entity_names(id, name, type, entity_id) VALUES (?1, ?2, ?3, ?1)",
            [(i, name, type_) for (name, type_), i in entity_ids.items()],
        )
        with timer() as t:
            for rows in groups:
                db.execute("BEGIN IMMEDIATE")
                db.execute(f"INSERT INTO {FLAG}(id) VALUES (1)")
                for sql, values in rows.items():
                    if values:
                        db.executemany(sql, values)
                first, last = rows[_ARTICLE][0][0], rows[_ARTICLE][-1][0]
                for sql in _FTS:
                    db.execute(sql, (first, last))
                db.execute(f"DELETE FROM {FLAG}")
                db.execute("COMMIT")
                checkpointer.poke()
        checkpointer.close()
        db.close()
    return t[0]


def floor_rate(articles: list, group: int) -> float:
    """Articles a second SQLite stores these articles' rows at, median of REPEATS fresh archives."""
    articles = distinct(articles)
    entity_ids: dict[tuple[str, str], int] = {}
    for a in articles:
        for e in a.entities:
            entity_ids.setdefault((e.name, e.type), len(entity_ids) + 1)
    groups = row_groups(articles, group, entity_ids)
    return len(articles) / statistics.median(store_seconds(groups, entity_ids) for _ in range(REPEATS))


def text_only_figures() -> dict:
    """`no_nlp_sqlite_floor_per_s`: the 2,225 BBC articles as text only, groups of 200."""
    from bench.dask_bench import prepared_articles

    rate = floor_rate(prepared_articles(bbc_files()), TEXT_GROUP)
    log(f"SQLite floor, text only: {rate:.0f} articles/s")
    return {"no_nlp_sqlite_floor_per_s": round(rate, 1)}


def nlp_figures() -> dict:
    """`nlp_store_sqlite_floor_per_s`: the same articles with the real NLP output of the Dask
    benchmark's cache (built there), groups of 256."""
    from bench.dask_bench import cached_articles

    rate = floor_rate(cached_articles(), NLP_GROUP)
    log(f"SQLite floor, with NLP output: {rate:.0f} articles/s")
    return {"nlp_store_sqlite_floor_per_s": round(rate, 1)}


if __name__ == "__main__":
    print(json.dumps({**text_only_figures(), **nlp_figures()}, indent=2))
