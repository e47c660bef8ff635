"""Render bench/results.json as the results table in BENCHMARKS.md (between the two markers)."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"

# key -> (target, test on the value, what it means)
TARGETS = {
    "ingest_vs_bare_spacy": (
        ">= 0.85",
        lambda v: v >= 0.85,
        "archive ingest throughput / bare spaCy nlp.pipe, 300 articles",
    ),
    "jobs2_speedup": (
        ">= 1.7",
        lambda v: v >= 1.7,
        "--jobs 2 throughput / --jobs 1, same 300 articles, two alternate runs each",
    ),
    "no_nlp_articles_per_s": (
        ">= 2000",
        lambda v: v >= 2000,
        "--no-nlp --jobs 2 ingest of all 2,225 articles, start-up excluded; median of three runs",
    ),
    "no_nlp_articles_per_s_runs": ("", None, "the three runs, in order"),
    "no_nlp_articles_per_s_jobs1": ("", None, "the same with --jobs 1 (one process)"),
    "no_nlp_sqlite_floor_per_s": (
        "",
        None,
        "SQLite alone storing the same rows (bench/floors.py: rows built before the clock, groups of 200, no Python around it)",
    ),
    "no_nlp_vs_sqlite_floor": (
        "",
        None,
        "no_nlp_articles_per_s / the SQLite floor: the share of the writer's time that is SQLite's",
    ),
    "csv_rows_per_s": (
        "",
        None,
        "--no-nlp --jobs 1 ingest of the 2,225 BBC articles as one CSV export (title, text); median of three runs",
    ),
    "csv_vs_jsonl": ("", None, "csv_rows_per_s / the same articles as one JSON Lines file, runs alternating"),
    "warc_records_per_s": (
        "",
        None,
        "HTML page records read, extracted and stored a second (--no-nlp) from a gzipped WARC of 25 saved news pages x 20 copies",
    ),
    "warc_vs_html_files": ("", None, "warc_records_per_s / the same 500 pages as .html files, runs alternating"),
    "growth_100k_vs_1k": ("<= 1.2", lambda v: v <= 1.2, "time per article stored into 100k articles / into 1k"),
    "search_p50_vs_bare_fts": (
        "<= 1.2",
        lambda v: v <= 1.2,
        "median search() / median bare MATCH ORDER BY rank, 30 queries, 1M paragraphs",
    ),
    "search_p95_ms": ("< 3000", lambda v: v < 3000, "95th percentile of search() over the 30 queries"),
    "search_slowest_ms": (
        "< 3000",
        lambda v: v < 3000,
        "slowest query (see search_slowest_query) vs sql_time_limit_ms",
    ),
    "datasette_search_rps_vs_inprocess": (
        ">= 0.8",
        lambda v: v >= 0.8,
        "search page requests/s through archive serve, 20 clients / the same query mix through"
        " archive.search.run in two processes (the floor on two cores); three 10 s rounds of each, alternating",
    ),
    "datasette_search_p50_ms": ("", None, "median latency of the search page under those 20 clients"),
    "datasette_search_p99_ms": ("", None, "same, 99th percentile"),
    "datasette_errors": ("0", lambda v: v == 0, "non-200 answers, error messages or failures during the load test"),
    "datasette_broad_errors": (
        "0",
        lambda v: v == 0,
        "the same 20 clients for 20 s on broad queries (every letter*, a* OR b*, a* OR b* OR c* OR d*,"
        " the 50 most common words): answers that are not a search page with results",
    ),
    "datasette_broad_p99_ms": (
        "< 3000",
        lambda v: v is not None and v < 3000,
        "their 99th percentile, against sql_time_limit_ms",
    ),
    "entity_cooccurrence_ms": (
        "< 1000",
        lambda v: v < 1000,
        "entities_together (the entity_cooccurrence view) for the most mentioned entity, 100k articles",
    ),
    "ingest_peak_rss_ratio": ("<= 1.3", lambda v: v <= 1.3, "peak RSS ingesting 2,225 articles / 200"),
    "db_bytes_per_text_byte": ("", None, "database bytes / input bytes, 300 articles with NLP"),
    "dask_local2_vs_jobs2": (
        ">= 0.9",
        lambda v: v >= 0.9,
        "two-worker Dask LocalCluster throughput / --jobs 2, same 300 articles",
    ),
    "dask_store_rate": (
        ">= 500",
        lambda v: v >= 500,
        "articles/s stored by the Dask writer, NLP stubbed with cached real output (2,225 articles), grouping queued",
    ),
    "nlp_store_sqlite_floor_per_s": (
        "",
        None,
        "SQLite alone storing the stubbed run's rows (real NLP output, groups of 256)",
    ),
    "dask_store_vs_sqlite_floor": ("", None, "dask_store_rate / that floor"),
    "dask_grouping_rate": (
        "",
        None,
        "articles/s grouped (stories, quote clusters) from the queue after the last one was stored",
    ),
    "dask_stub_run_rate": ("", None, "articles/s of the whole stubbed run: storing and grouping"),
    "story_index_growth_100k_vs_1k": (
        "<= 1.5",
        lambda v: v <= 1.5,
        "time per article added, story grouping included, at 100k / at 1k",
    ),
}


# Figures without a target that explain the ones above, listed under the table.
EXTRAS = (
    "datasette_search_rps",
    "inprocess_search_rps",
    "inprocess_search_p50_ms",
    "datasette_requests",
    "datasette_broad_requests",
    "entity_cooccurrence_entity",
    "search_p50_ms",
    "search_bare_p50_ms",
    "search_slowest_query",
    "search_matches_the",
    "growth_ms_per_article_1k",
    "growth_ms_per_article_100k",
    "story_ms_per_article_1k",
    "story_ms_per_article_100k",
    "ingest_peak_rss_mb_200",
    "ingest_peak_rss_mb_2225",
    "db_bytes_per_text_byte_no_nlp",
    "jsonl_records_per_s",
    "warc_pages",
    "formats_bench_run",
    "seconds_build",
)


def _shown(value) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value)


def table(results: dict) -> str:
    lines = ["| key | value | target | met | meaning |", "|---|---|---|---|---|"]
    for key, (target, ok, meaning) in TARGETS.items():
        value = results.get(key)
        met = "" if ok is None or value is None else ("yes" if ok(value) else "**no**")
        lines.append(f"| `{key}` | {value} | {target} | {met} | {meaning} |")
    m = results.get("machine", {})
    memory = f", {m['memory_gib']} GiB" if "memory_gib" in m else ""
    extras = ", ".join(f"`{key}` {_shown(results[key])}" for key in EXTRAS if key in results)
    lines.append("")
    lines.append(f"Also in bench/results.json: {extras}.")
    lines.append("")
    lines.append(
        f"Run {results.get('date')} on {m.get('cpu')} ({m.get('cores')} cores{memory}), Python {m.get('python')}, "
        f"SQLite {m.get('sqlite')}; load average at start {m.get('load_average')}, at end "
        f"{m.get('load_average_end')}; `make bench` took {results.get('seconds_total')} s."
    )
    search = results.get("search_run")
    if search:
        lines.append("")
        lines.append(
            f"The `search_*`, `datasette_*` and `entity_cooccurrence_*` figures are from a later run of"
            f" `bench/run.py --only search` on {search['date']}, the machine shared with other work (load"
            f" average at start {[round(x, 2) for x in search['load_average']]}, at end"
            f" {[round(x, 2) for x in search.get('load_average_end', [])]})."
        )
    return "\n".join(lines)


def render() -> None:
    results = json.loads((ROOT / "bench" / "results.json").read_text())
    doc = ROOT / "BENCHMARKS.md"
    text = doc.read_text()
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    doc.write_text(f"{head}{BEGIN}\n{table(results)}\n{END}{tail}")


if __name__ == "__main__":
    render()
