"""Quote clusters: a new quote joins the cluster of the earlier quote it repeats (indexed key lookups).

Runs inside the article's store transaction, quote by quote in id order: each quote sees every
earlier quote and nothing later, so adding articles one by one gives the same clusters as a rebuild
in id order. Candidates come from `quote_keys` (ingest.quote_keys.QuoteShape.keys): the
CANDIDATES earlier quotes sharing the most keys with the new one, and the RECENT latest ones under
its speaker key; the test is ingest.quote_keys.same_quote.

Per article the work is a handful of statements on the writer's sqlite3 connection, whatever the
number of quotes: one query ranks every quote's candidates among earlier articles (SQLite counts
the shared keys), one per speaker reads the latest quotes, one reads the candidates, and the
article's own earlier quotes are candidates from memory, ranked the same way. Keys, assignments and
cluster counts are then written with one `executemany` each. Writer profile: docs/scaling.md.
"""

from __future__ import annotations

import functools
import heapq
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable

from ingest.quote_keys import RECENT, QuoteShape, same_quote

CANDIDATES = 50  # earlier quotes sharing the most keys with the new one, confirmed one by one

_QUOTE = (
    "select q.id, q.text, q.kind, coalesce(e.name, q.speaker_text) as speaker, q.cluster_id, q.speaker_id"
    " from quotes q left join entities e on e.id = q.speaker_id"
)
# The probe keys of each new quote, as JSON [[key, ...], ...] (a quote's index is its position): for
# every new quote, the CANDIDATES earlier quotes sharing the most keys with it (ties: the earliest).
_BEST_CANDIDATES = f"""
select i, quote_id, shared from (
  select q.key as i, k.quote_id as quote_id, count(*) as shared,
         row_number() over (partition by q.key order by count(*) desc, k.quote_id) as rank
  from json_each(?) as q cross join json_each(q.value) as p cross join quote_keys k on k.key = p.value
  group by q.key, k.quote_id)
where rank <= {CANDIDATES}"""
_LATEST = "select quote_id from quote_keys where key = ? order by quote_id desc limit ?"
_CANDIDATE_ROWS = f"{_QUOTE} where q.id in (select value from json_each(?)) and q.cluster_id is not null"
_CLUSTER_ROWS = (
    "select q.cluster_id, q.id, q.text, q.kind, q.speaker_id, coalesce(e.name, q.speaker_text),"
    " q.article_id, a.source_id, coalesce(a.published_at, a.ingested_at) from quotes q"
    " join articles a on a.id = q.article_id left join entities e on e.id = q.speaker_id"
    " where q.cluster_id in (select value from json_each(?))"
)


def add_article_quotes(db: sqlite3.Connection, article_id: int) -> None:
    """Cluster the article's quotes that have no cluster yet, then recount the clusters touched.

    The same clusters as assigning the quotes one by one, each quote's keys stored before the next
    one looks (see _assign_all).
    """
    rows = db.execute(
        f"{_QUOTE} where q.article_id = ? and q.cluster_id is null order by q.id", (article_id,)
    ).fetchall()
    if not rows:
        return
    assigned, first_new = _assign_all(db, rows)
    # Clusters made for this article's quotes hold only them: summed up here and inserted whole.
    # Older clusters that gained a quote are recounted from the database.
    members: dict[int, list[tuple]] = {}
    source_id, seen = db.execute(
        "select source_id, coalesce(published_at, ingested_at) from articles where id = ?", (article_id,)
    ).fetchone()
    for (quote_id, text, kind, speaker, _, speaker_id), cluster in zip(rows, assigned):
        if cluster >= first_new:
            members.setdefault(cluster, []).append(
                (cluster, quote_id, text, kind, speaker_id, speaker, article_id, source_id, seen)
            )
    db.executemany(
        "insert into quote_clusters (text, kind, speaker_id, speaker, first_article_id, first_seen,"
        " n_quotes, n_articles, n_sources, id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [_summary(cluster, quotes) for cluster, quotes in sorted(members.items())],
    )
    db.executemany("update quotes set cluster_id = ? where id = ?", zip(assigned, (row[0] for row in rows)))
    refresh_many(db, sorted({cluster for cluster in assigned if cluster < first_new}))


@functools.lru_cache(maxsize=8192)
def _shape(text: str, speaker: str | None, kind: str) -> QuoteShape:
    """Earlier quotes' shapes: the same ones come back as candidates for article after article."""
    return QuoteShape.of(text, speaker, kind)


def _assign_all(db: sqlite3.Connection, rows: list) -> tuple[list[int], int]:
    """Choose each quote's cluster (in id order): the best matching earlier quote's, or a new one
    (numbered from the table's next id on, as inserting them one by one would); store the quotes'
    keys. Returns the cluster of each quote and the first new cluster's id."""
    shapes = [QuoteShape.of(text, speaker, kind) for _, text, kind, speaker, _, _ in rows]
    keys = [shape.keys() for shape in shapes]
    ids = [row[0] for row in rows]
    # Candidates among earlier articles (the new quotes' keys are not stored yet, so none of them):
    # per quote the CANDIDATES sharing the most keys, and the latest under its `recent` key.
    ranked: list[list[tuple[int, int]]] = [[] for _ in rows]  # per quote: (-shared keys, quote id)
    for i, quote_id, shared in db.execute(_BEST_CANDIDATES, (json.dumps([list(k.probe) for k in keys]),)):
        ranked[i].append((-shared, quote_id))
    latest = {
        key: [quote_id for (quote_id,) in db.execute(_LATEST, (key, RECENT))]
        for key in {k.recent for k in keys if k.recent is not None}
    }
    wanted = {quote_id for found in ranked for _, quote_id in found}
    wanted.update(quote_id for found in latest.values() for quote_id in found)
    earlier: dict[int, tuple[QuoteShape, int]] = {}  # quote id -> (shape, cluster)
    if wanted:
        for quote_id, text, kind, speaker, cluster, _ in db.execute(_CANDIDATE_ROWS, (json.dumps(sorted(wanted)),)):
            earlier[quote_id] = (_shape(text, speaker, kind), cluster)
    first_new = next_cluster = db.execute("select coalesce(max(id), 0) + 1 from quote_clusters").fetchone()[0]
    assigned: list[int] = []
    for i, shape in enumerate(shapes):
        mine = keys[i]
        candidates = {quote_id for _, quote_id in ranked[i]}
        if i:  # the article's earlier quotes compete with the stored ones, ranked alike
            shared = ((-len(mine.probe & keys[j].stored), ids[j]) for j in range(i))
            candidates = {
                quote_id for _, quote_id in heapq.nsmallest(CANDIDATES, [*ranked[i], *(c for c in shared if c[0])])
            }
        if mine.recent is not None:
            own = [ids[j] for j in range(i - 1, -1, -1) if mine.recent in keys[j].stored]
            candidates.update((own + latest[mine.recent])[:RECENT])
        best: tuple[float, int] | None = None
        for quote_id in candidates:
            if quote_id not in earlier:  # no cluster: not a candidate
                continue
            other, cluster = earlier[quote_id]
            score = same_quote(shape, other)
            if score and (best is None or (-score, cluster) < (-best[0], best[1])):
                best = (score, cluster)
        if best is None:
            cluster, next_cluster = next_cluster, next_cluster + 1
        else:
            cluster = best[1]
        earlier[ids[i]] = (shape, cluster)
        assigned.append(cluster)
    db.executemany(
        "insert or ignore into quote_keys (key, quote_id) values (?, ?)",
        [(key, quote_id) for quote_id, k in zip(ids, keys) for key in k.stored],
    )
    return assigned, first_new


def clusters_of(db: sqlite3.Connection, article_id: int) -> list[int]:
    """The clusters the article's quotes belong to (to recount after they are replaced)."""
    return [
        r[0]
        for r in db.execute(
            "select distinct cluster_id from quotes where article_id = ? and cluster_id is not null", (article_id,)
        )
    ]


def refresh(db: sqlite3.Connection, cluster: int) -> None:
    """Recount a cluster; canonical text = its longest quote; speaker = its most named speaker; drop it if empty."""
    refresh_many(db, [cluster])


def refresh_many(db: sqlite3.Connection, clusters: Iterable[int]) -> None:
    """`refresh` for several clusters with one query and one update."""
    clusters = list(clusters)
    if not clusters:
        return
    members: dict[int, list[tuple]] = {cluster: [] for cluster in clusters}
    for row in db.execute(_CLUSTER_ROWS, (json.dumps(clusters),)):
        members[row[0]].append(row)
    updates, empty = [], []
    for cluster, rows in members.items():
        if rows:
            updates.append(_summary(cluster, rows))
        else:
            empty.append((cluster,))
    if empty:
        db.executemany("delete from quote_clusters where id = ?", empty)
    db.executemany(
        "update quote_clusters set text = ?, kind = ?, speaker_id = ?, speaker = ?, first_article_id = ?,"
        " first_seen = ?, n_quotes = ?, n_articles = ?, n_sources = ? where id = ?",
        updates,
    )


def _summary(cluster: int, rows: list[tuple]) -> tuple:
    """A cluster's row from its quotes (cluster, id, text, kind, speaker_id, speaker, article_id,
    source_id, seen): canonical text = its longest quote; speaker = its most named speaker."""
    canonical = min(rows, key=lambda r: (-len(r[2]), r[8] or "", r[1]))
    first = min(rows, key=lambda r: (r[8] or "", r[1]))
    speakers = Counter((r[4], r[5]) for r in rows if r[4] is not None)
    if not speakers:
        speakers = Counter((None, r[5]) for r in rows if r[5])
    speaker_id, speaker = (
        min(speakers.items(), key=lambda kv: (-kv[1], kv[0][1] or ""))[0] if speakers else (None, None)
    )
    return (
        canonical[2],
        canonical[3],
        speaker_id,
        speaker,
        first[6],
        first[8],
        len(rows),
        len({r[6] for r in rows}),
        len({r[7] for r in rows if r[7] is not None}),
        cluster,
    )


def clear(db: sqlite3.Connection) -> None:
    """Forget every quote cluster (before a rebuild)."""
    db.execute("update quotes set cluster_id = null where cluster_id is not null")
    db.execute("delete from quote_keys")
    db.execute("delete from quote_clusters")
