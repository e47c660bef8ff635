"""Quote clusters: a new quote joins the cluster of the earlier quote it repeats (indexed key lookups).

Runs inside the article's store transaction, quote by quote in id order: each quote sees every
earlier quote and nothing later, so adding articles one by one gives the same clusters as a rebuild
in id order. Candidates come from `quote_keys`; the test is ingest.quote_keys.same_quote.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sqlalchemy import Connection

from ingest.quote_keys import QuoteShape, same_quote

CANDIDATES = 50  # earlier quotes sharing the most keys with the new one, confirmed one by one

_QUOTE = ("select q.id, q.text, q.kind, q.speaker_id, coalesce(e.name, q.speaker_text) as speaker, q.cluster_id,"
          " q.article_id from quotes q left join entities e on e.id = q.speaker_id")


def _marks(values: Iterable) -> str:
    return ", ".join("?" * len(list(values)))


def add_article_quotes(conn: Connection, article_id: int) -> None:
    """Cluster the article's quotes that have no cluster yet, then recount the clusters touched."""
    rows = conn.exec_driver_sql(f"{_QUOTE} where q.article_id = ? and q.cluster_id is null order by q.id",
                                (article_id,)).fetchall()
    touched = {_assign(conn, row) for row in rows}
    for cluster in sorted(touched):
        refresh(conn, cluster)


def _assign(conn: Connection, row) -> int:
    """Put one quote in the best matching earlier quote's cluster, or a new one; index its keys."""
    shape = QuoteShape.of(row.text, row.speaker, row.kind)
    probes = list(shape.probe_keys())
    candidates = [r[0] for r in conn.exec_driver_sql(
        f"select quote_id from quote_keys where key in ({_marks(probes)}) and quote_id != ?"
        f" group by quote_id order by count(*) desc, quote_id limit {CANDIDATES}", (*probes, row.id))]
    best: tuple[float, int] | None = None
    if candidates:
        for other in conn.exec_driver_sql(f"{_QUOTE} where q.id in ({_marks(candidates)}) and q.cluster_id is not null",
                                          tuple(candidates)):
            score = same_quote(shape, QuoteShape.of(other.text, other.speaker, other.kind))
            if score and (best is None or (-score, other.cluster_id) < (-best[0], best[1])):
                best = (score, other.cluster_id)
    conn.exec_driver_sql("insert or ignore into quote_keys (key, quote_id) values (?, ?)",
                         [(key, row.id) for key in shape.stored_keys()])
    if best is None:
        cluster = conn.exec_driver_sql("insert into quote_clusters (text, kind, n_quotes, n_articles, n_sources)"
                                       " values (?, ?, 0, 0, 0)", (row.text, row.kind)).lastrowid
    else:
        cluster = best[1]
    conn.exec_driver_sql("update quotes set cluster_id = ? where id = ?", (cluster, row.id))
    return cluster


def clusters_of(conn: Connection, article_id: int) -> list[int]:
    """The clusters the article's quotes belong to (to recount after they are replaced)."""
    return [r[0] for r in conn.exec_driver_sql(
        "select distinct cluster_id from quotes where article_id = ? and cluster_id is not null", (article_id,))]


def refresh(conn: Connection, cluster: int) -> None:
    """Recount a cluster; canonical text = its longest quote; speaker = its most named speaker; drop it if empty."""
    rows = conn.exec_driver_sql(
        "select q.id, q.text, q.kind, q.speaker_id, coalesce(e.name, q.speaker_text) as speaker, q.article_id,"
        " a.source_id, coalesce(a.published_at, a.ingested_at) as seen from quotes q"
        " join articles a on a.id = q.article_id left join entities e on e.id = q.speaker_id"
        " where q.cluster_id = ?", (cluster,)).fetchall()
    if not rows:
        conn.exec_driver_sql("delete from quote_clusters where id = ?", (cluster,))
        return
    canonical = min(rows, key=lambda r: (-len(r.text), r.seen or "", r.id))
    first = min(rows, key=lambda r: (r.seen or "", r.id))
    speakers = Counter((r.speaker_id, r.speaker) for r in rows if r.speaker_id is not None)
    if not speakers:
        speakers = Counter((None, r.speaker) for r in rows if r.speaker)
    speaker_id, speaker = min(speakers.items(), key=lambda kv: (-kv[1], kv[0][1] or ""))[0] if speakers else (None, None)
    conn.exec_driver_sql(
        "update quote_clusters set text = ?, kind = ?, speaker_id = ?, speaker = ?, first_article_id = ?,"
        " first_seen = ?, n_quotes = ?, n_articles = ?, n_sources = ? where id = ?",
        (canonical.text, canonical.kind, speaker_id, speaker, first.article_id, first.seen, len(rows),
         len({r.article_id for r in rows}), len({r.source_id for r in rows if r.source_id is not None}), cluster))


def clear(conn: Connection) -> None:
    """Forget every quote cluster (before a rebuild)."""
    conn.exec_driver_sql("update quotes set cluster_id = null where cluster_id is not null")
    conn.exec_driver_sql("delete from quote_keys")
    conn.exec_driver_sql("delete from quote_clusters")
