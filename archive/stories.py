"""Stories: an article joins the story of every earlier article it copies (LSH candidates, confirmed).

Runs inside the article's store transaction. Candidates come from `story_bands` by index lookups on
the new article's band keys, so the cost does not grow with the archive; each candidate is confirmed
by the exact overlap of the two shingle sets (the candidate's recomputed from its text), since the
signature estimates are +-0.04 off at 128 permutations. Confirmed pairs link their
stories (merged when an article bridges two), so the grouping is the connected components of the
confirmed pairs and does not depend on the order articles arrive in. Thresholds: docs/stories.md.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

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
    return (estimate.containment >= MIN_CONTAINMENT - ESTIMATE_MARGIN
            and estimate.jaccard >= MIN_JACCARD - ESTIMATE_MARGIN / 2)


def _marks(values: list) -> str:
    return ", ".join("?" * len(values))


def add_article(conn: Connection, article_id: int, fp: Fingerprint) -> int:
    """Index the article's fingerprint and put it in a story (new, joined or merged). Returns the story id.

    `fp` must carry its shingles (ingest.fingerprint.fingerprint computes them).
    """
    keys = fp.band_keys()
    candidates = [r[0] for r in conn.exec_driver_sql(
        f"select distinct article_id from story_bands where key in ({_marks(keys)})", tuple(keys))]
    stories: set[int] = set()
    if candidates:
        likely = [article for article, signature, size in conn.exec_driver_sql(
            f"select article_id, signature, shingles from article_fingerprints where article_id in ({_marks(candidates)})",
            tuple(candidates)) if _near(compare(fp, Fingerprint.from_bytes(signature, size)))]
        if likely:
            rows = conn.exec_driver_sql(
                f"select text, story_id from articles where id in ({_marks(likely)}) and story_id is not null",
                tuple(likely)).fetchall()
            stories = {story for text, story in rows if Match(*overlap(fp.shingles, shingle_hashes(text))).is_copy}
    conn.exec_driver_sql("insert into article_fingerprints (article_id, signature, shingles) values (?, ?, ?)",
                         (article_id, fp.to_bytes(), fp.size))
    conn.exec_driver_sql("insert or ignore into story_bands (key, article_id) values (?, ?)",
                         [(key, article_id) for key in keys])
    if not stories:
        story = conn.exec_driver_sql("insert into stories (n_articles, n_sources) values (0, 0)").lastrowid
    else:
        story = min(stories)
        others = sorted(stories - {story})
        if others:
            conn.exec_driver_sql(f"update articles set story_id = ? where story_id in ({_marks(others)})",
                                 (story, *others))
            conn.exec_driver_sql(f"delete from stories where id in ({_marks(others)})", tuple(others))
    conn.exec_driver_sql("update articles set story_id = ? where id = ?", (story, article_id))
    refresh(conn, story)
    return story


def remove_article(conn: Connection, article_id: int) -> None:
    """Take an article out of its story and the index (its text is about to change).

    The rest of the story stays together even if this article was what linked them; `archive
    reprocess --stories` regroups from scratch.
    """
    story = conn.exec_driver_sql("select story_id from articles where id = ?", (article_id,)).scalar()
    conn.exec_driver_sql("delete from story_bands where article_id = ?", (article_id,))
    conn.exec_driver_sql("delete from article_fingerprints where article_id = ?", (article_id,))
    conn.exec_driver_sql("update articles set story_id = null where id = ?", (article_id,))
    if story is not None:
        refresh(conn, story)


def refresh(conn: Connection, story: int) -> None:
    """Recount a story and find its first appearance (earliest published, else ingested); drop it if empty."""
    rows = conn.exec_driver_sql(
        "select a.id, coalesce(a.published_at, a.ingested_at) as seen, a.source_id, f.signature, f.shingles"
        " from articles a left join article_fingerprints f on f.article_id = a.id where a.story_id = ?",
        (story,)).fetchall()
    if not rows:
        conn.exec_driver_sql("update stories set first_article_id = null where id = ?", (story,))
        conn.exec_driver_sql("delete from stories where id = ?", (story,))
        return
    ordered = sorted(rows, key=lambda r: (r.seen or "", r.id))
    first = ordered[0]
    sources = {r.source_id for r in rows if r.source_id is not None}
    conn.exec_driver_sql(
        "update stories set first_article_id = ?, first_seen = ?, last_seen = ?, n_articles = ?, n_sources = ?"
        " where id = ?", (first.id, first.seen, ordered[-1].seen, len(rows), len(sources), story))
    if first.signature is None:
        return
    first_fp = Fingerprint.from_bytes(first.signature, first.shingles)
    updates = []
    for r in rows:
        if r.signature is not None:
            match = compare(first_fp, Fingerprint.from_bytes(r.signature, r.shingles))
            updates.append((match.jaccard, match.containment, r.id))
    conn.exec_driver_sql("update article_fingerprints set jaccard_to_first = ?, containment_to_first = ?"
                         " where article_id = ?", updates)


def clear(conn: Connection) -> None:
    """Forget every story and fingerprint (before a rebuild)."""
    conn.exec_driver_sql("update articles set story_id = null where story_id is not null")
    conn.exec_driver_sql("delete from story_bands")
    conn.exec_driver_sql("delete from article_fingerprints")
    conn.exec_driver_sql("delete from stories")
