"""Stories: an article joins the story of every earlier article it copies (LSH candidates, confirmed).

Runs inside the article's store transaction. Candidates come from `story_bands` by index lookups on
the new article's band keys, so the cost does not grow with the archive; each candidate is confirmed
by the exact overlap of the two shingle sets (the candidate's recomputed from its text), since the
signature estimates are +-0.04 off at 128 permutations. Confirmed pairs link their
stories (merged when an article bridges two), so the grouping is the connected components of the
confirmed pairs and does not depend on the order articles arrive in. Thresholds: docs/stories.md.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from ingest.fingerprint import Fingerprint, overlap, shingle_hashes

# A candidate is a copy when the share of the shorter article's shingles found in the longer one
# reaches MIN_CONTAINMENT and their Jaccard similarity reaches MIN_JACCARD (docs/stories.md).
MIN_CONTAINMENT = 0.65
MIN_JACCARD = 0.2
# Candidates whose signatures put them clearly below the thresholds (estimates are +-0.04 at one
# standard deviation) are dropped before the exact check, which re-reads the candidate's text.
ESTIMATE_MARGIN = 0.2


@dataclass(frozen=True)
class Match:
    """How close two fingerprints are."""

    jaccard: float
    containment: float

    @property
    def is_copy(self) -> bool:
        return self.containment >= MIN_CONTAINMENT and self.jaccard >= MIN_JACCARD


def compare(a: Fingerprint, b: Fingerprint) -> Match:
    """Exact when both carry their shingles, else estimated from the signatures."""
    if a.shingles is not None and b.shingles is not None:
        return Match(*overlap(a.shingles, b.shingles))
    return Match(a.jaccard(b), a.containment(b))


def _near(estimate: Match) -> bool:
    """Worth the exact check: the signatures' estimate is within the margin of the thresholds."""
    return (
        estimate.containment >= MIN_CONTAINMENT - ESTIMATE_MARGIN
        and estimate.jaccard >= MIN_JACCARD - ESTIMATE_MARGIN / 2
    )


def _ids(values) -> tuple[str]:
    """A list of integers as the one parameter of `in (select value from json_each(?))`."""
    return (json.dumps(list(values)),)


def add_article(db: sqlite3.Connection, article_id: int, fp: Fingerprint) -> int:
    """Index the article's fingerprint and put it in a story (new, joined or merged). Returns the story id.

    The exact check of likely copies uses `fp`'s shingles, or the article's text when it has none.
    """
    keys = fp.band_keys()
    candidates = [
        r[0]
        for r in db.execute(
            "select distinct article_id from story_bands where key in (select value from json_each(?))", _ids(keys)
        )
    ]
    stories: set[int] = set()
    if candidates:
        likely = [
            article
            for article, signature, size in db.execute(
                "select article_id, signature, shingles from article_fingerprints"
                " where article_id in (select value from json_each(?))",
                _ids(candidates),
            )
            if _near(compare(fp, Fingerprint.from_bytes(signature, size)))
        ]
        if likely:
            rows = db.execute(
                "select text, story_id from articles where id in (select value from json_each(?))"
                " and story_id is not null",
                _ids(likely),
            ).fetchall()
            mine = fp.shingles
            if mine is None:  # a fingerprint kept without its shingles (archive.grouping): from the text
                mine = shingle_hashes(db.execute("select text from articles where id = ?", (article_id,)).fetchone()[0])
            stories = {story for text, story in rows if Match(*overlap(mine, shingle_hashes(text))).is_copy}
    db.execute(
        "insert into article_fingerprints (article_id, signature, shingles) values (?, ?, ?)",
        (article_id, fp.to_bytes(), fp.size),
    )
    db.executemany(
        "insert or ignore into story_bands (key, article_id) values (?, ?)", [(key, article_id) for key in keys]
    )
    if not stories:
        story = db.execute("insert into stories (n_articles, n_sources) values (0, 0)").lastrowid
    else:
        story = min(stories)
        others = sorted(stories - {story})
        if others:
            db.execute(
                "update articles set story_id = ? where story_id in (select value from json_each(?))",
                (story, *_ids(others)),
            )
            db.execute("delete from stories where id in (select value from json_each(?))", _ids(others))
    db.execute("update articles set story_id = ? where id = ?", (story, article_id))
    refresh(db, story)
    return story


def remove_article(db: sqlite3.Connection, article_id: int) -> None:
    """Take an article out of its story and the index (its text is about to change).

    The rest of the story stays together even if this article was what linked them; `archive
    reprocess --stories` regroups from scratch.
    """
    row = db.execute("select story_id from articles where id = ?", (article_id,)).fetchone()
    story = row[0] if row is not None else None
    db.execute("delete from story_bands where article_id = ?", (article_id,))
    db.execute("delete from article_fingerprints where article_id = ?", (article_id,))
    db.execute("update articles set story_id = null where id = ?", (article_id,))
    if story is not None:
        refresh(db, story)


def refresh(db: sqlite3.Connection, story: int) -> None:
    """Recount a story and find its first appearance (earliest published, else ingested); drop it if empty."""
    rows = db.execute(
        "select a.id, coalesce(a.published_at, a.ingested_at) as seen, a.source_id, f.signature, f.shingles"
        " from articles a left join article_fingerprints f on f.article_id = a.id where a.story_id = ?",
        (story,),
    ).fetchall()
    if not rows:
        db.execute("update stories set first_article_id = null where id = ?", (story,))
        db.execute("delete from stories where id = ?", (story,))
        return
    # row: id, seen, source_id, signature, shingles
    ordered = sorted(rows, key=lambda r: (r[1] or "", r[0]))
    first = ordered[0]
    sources = {r[2] for r in rows if r[2] is not None}
    db.execute(
        "update stories set first_article_id = ?, first_seen = ?, last_seen = ?, n_articles = ?, n_sources = ?"
        " where id = ?",
        (first[0], first[1], ordered[-1][1], len(rows), len(sources), story),
    )
    if first[3] is None:
        return
    first_fp = Fingerprint.from_bytes(first[3], first[4])
    updates = []
    for r in rows:
        if r[3] is not None:
            match = compare(first_fp, Fingerprint.from_bytes(r[3], r[4]))
            updates.append((match.jaccard, match.containment, r[0]))
    db.executemany(
        "update article_fingerprints set jaccard_to_first = ?, containment_to_first = ? where article_id = ?", updates
    )


def clear(db: sqlite3.Connection) -> None:
    """Forget every story and fingerprint (before a rebuild)."""
    db.execute("update articles set story_id = null where story_id is not null")
    db.execute("delete from story_bands")
    db.execute("delete from article_fingerprints")
    db.execute("delete from stories")
