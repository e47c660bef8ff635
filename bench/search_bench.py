"""Search at a million paragraphs: the archive's ranked search against the bare FTS5 query."""

from __future__ import annotations

import sqlite3
import statistics
import time
from pathlib import Path

from bench.common import percentile

# A fixed mix from rare to common (the last ones match a large share of all paragraphs).
QUERIES = [
    "Yukos",
    "Abramovich",
    "Darfur",
    "Kilroy-Silk",
    "Mittal",
    "Glazer",
    "tsunami aid",
    "Deutsche Boerse",
    "broadband",
    "Chelsea",
    "Oscar nominations",
    "interest rates",
    "mobile phone",
    '"general election"',
    "Blair Brown",
    "music download*",
    "economy -growth",
    "film OR music",
    "minister",
    "market",
    "company",
    "government",
    "world",
    "people",
    "new",
    "year",
    "said",
    "is",
    "to",
    "the",
]
LIMIT = 20
REPEATS = 3


def bare_sql() -> str:
    return f"SELECT rowid, rank FROM paragraphs_fts WHERE paragraphs_fts MATCH ? ORDER BY rank LIMIT {LIMIT}"


def _best(fn, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def search_figures(db: Path) -> dict:
    """Per query, best of REPEATS for each side, the two interleaved; figures over the 30 queries."""
    from archive.query import fts_query
    from archive.search import search

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    count = conn.execute("SELECT count(*) FROM paragraphs").fetchone()[0]
    bare: dict[str, float] = {}
    ours: dict[str, float] = {}
    for q in QUERIES:
        expr = fts_query(q)
        conn.execute(bare_sql(), (expr,)).fetchall()  # warm the pages this query touches
        bare[q] = _best(lambda expr=expr: conn.execute(bare_sql(), (expr,)).fetchall(), REPEATS)
        ours[q] = _best(lambda q=q: search(conn, q, "paragraphs", limit=LIMIT), REPEATS)
        if bool(search(conn, q, "paragraphs", limit=LIMIT)) != bool(conn.execute(bare_sql(), (expr,)).fetchall()):
            raise RuntimeError(f"search and the bare query disagree on whether {q!r} matches")
    slowest = max(ours, key=ours.get)
    hits: dict[str, int] = {}
    for q in {slowest, "the"}:
        hits[q] = conn.execute(
            "SELECT count(*) FROM paragraphs_fts WHERE paragraphs_fts MATCH ?", (fts_query(q),)
        ).fetchone()[0]
    conn.close()
    ratios = [ours[q] / bare[q] for q in QUERIES]
    return {
        "search_paragraphs": count,
        "search_p50_vs_bare_fts": round(statistics.median(ours.values()) / statistics.median(bare.values()), 3),
        "search_median_query_ratio": round(statistics.median(ratios), 3),
        "search_p50_ms": round(statistics.median(ours.values()) * 1000, 2),
        "search_bare_p50_ms": round(statistics.median(bare.values()) * 1000, 2),
        "search_p95_ms": round(percentile(list(ours.values()), 95) * 1000, 1),
        "search_slowest_query": slowest,
        "search_slowest_ms": round(ours[slowest] * 1000, 1),
        "search_slowest_matches": hits[slowest],
        "search_matches_the": hits["the"],
    }
