"""Rebuilding stories and quote clusters for the whole archive (after the grouping rules change).

Articles and quotes are replayed in id order, the order they were added in, so a rebuild gives the
groups that adding them one by one gave (tests/test_stories.py checks this).
"""

from __future__ import annotations

from collections.abc import Callable

from archive import clusters, grouping, stories
from archive.store import Archive
from ingest.fingerprint import fingerprint

BATCH = 500  # articles per transaction


def regroup(archive: Archive, on_item: Callable[[int], None] | None = None) -> int:
    """Forget every story and cluster, then group every article and quote again. Returns articles seen."""
    on_item = on_item or (lambda article_id: None)
    with archive.writer.transaction() as db:
        grouping.clear(db)  # everything is grouped below, queued or not
        clusters.clear(db)
        stories.clear(db)
    last, seen = 0, 0
    while True:
        with archive.writer.transaction() as db:
            rows = db.execute(
                "select id, text from articles where id > ? order by id limit ?", (last, BATCH)
            ).fetchall()
            for article_id, text in rows:
                grouping.group(db, article_id, fingerprint(text))
                on_item(article_id)
        if not rows:
            return seen
        last, seen = rows[-1][0], seen + len(rows)
