"""Grouping an article (its story, its quotes' clusters) now, or queued for when the writer has time.

Finding an analysed article's story and its quotes' clusters costs the writer several times what
storing its rows does (see docs/scaling.md). When results arrive faster than that (Dask workers),
the writer stores rows and queues the grouping in `grouping_queue` (migration 0005), in the
article's own transaction; it groups the queue when no result is waiting and at the end of the run.
The queue is always grouped in store order, and grouping now first empties it, so every article is
grouped after exactly the articles stored before it, as if each were grouped when stored: the
archive is the same whichever way, and however the run was timed.
"""

from __future__ import annotations

import sqlite3
from enum import Enum

from archive import clusters, stories
from ingest.fingerprint import Fingerprint, fingerprint


class Grouping(Enum):
    """When `Archive.store_many` groups the articles it stores."""

    NOW = "now"  # in the article's own transaction, after everything queued before it
    LATER = "later"  # queued, grouped by `group_queued` when the writer has time
    NONE = "none"  # never: text only (no NLP, nothing to cluster), left to `archive reprocess`


def group(db: sqlite3.Connection, article_id: int, fp: Fingerprint | None) -> None:
    """Put the article in its story (unless it has one) and its unclustered quotes in clusters.

    `fp` is the article's fingerprint as the NLP computed it, or None to compute it from the text.
    """
    if not db.execute("select 1 from article_fingerprints where article_id = ?", (article_id,)).fetchone():
        if fp is None:
            fp = fingerprint(db.execute("select text from articles where id = ?", (article_id,)).fetchone()[0])
        stories.add_article(db, article_id, fp)
    clusters.add_article_quotes(db, article_id)


def enqueue(db: sqlite3.Connection, article_id: int, fp: Fingerprint | None) -> None:
    """Queue the article's grouping behind everything stored before it (again at the end if queued)."""
    forget(db, article_id)
    db.execute(
        "insert into grouping_queue (article_id, signature, shingles) values (?, ?, ?)",
        (article_id, fp.to_bytes() if fp is not None else None, fp.size if fp is not None else None),
    )


def forget(db: sqlite3.Connection, article_id: int) -> None:
    """Drop the article's queued grouping (its text or analysis is being replaced)."""
    db.execute("delete from grouping_queue where article_id = ?", (article_id,))


def pending(db: sqlite3.Connection) -> int:
    """Articles waiting in the queue."""
    return db.execute("select count(*) from grouping_queue").fetchone()[0]


def group_queued(db: sqlite3.Connection, limit: int | None = None) -> list[int]:
    """Group the first `limit` queued articles (all when None), in store order; returns their ids."""
    rows = db.execute(
        "select seq, article_id, signature, shingles from grouping_queue order by seq limit ?",
        (-1 if limit is None else limit,),
    ).fetchall()
    for _seq, article_id, signature, size in rows:
        group(db, article_id, Fingerprint.from_bytes(signature, size) if signature is not None else None)
    if rows:
        db.execute("delete from grouping_queue where seq <= ?", (rows[-1][0],))
    return [row[1] for row in rows]


def clear(db: sqlite3.Connection) -> None:
    """Empty the queue (a rebuild of every story and cluster is about to group everything)."""
    db.execute("delete from grouping_queue")
