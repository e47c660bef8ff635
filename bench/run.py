"""`make bench`: every benchmark, written to bench/results.json and the table in BENCHMARKS.md.

Reads the BBC News corpus from the folder ARCHIVE_BENCH_CORPUS names (BENCHMARKS.md, "How to
reproduce"). Figures are ratios against a baseline run side by side in this script, because
absolute times on a shared 2-core machine are noisy. Scratch databases live in bench/work/
(gitignored); the big generated archives are reused between runs when their build parameters have
not changed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import dask_bench, floors, formats_bench, stories_bench  # noqa: E402
from bench.bulk import build  # noqa: E402
from bench.common import ROOT, WORK, bbc_corpus, bbc_files, log  # noqa: E402
from bench.growth_bench import growth_figures, scratch_copies  # noqa: E402
from bench.ingest_bench import nlp_figures, no_nlp_figures, rss_figures  # noqa: E402
from bench.report import render  # noqa: E402
from bench.search_bench import search_figures  # noqa: E402
from bench.serve_bench import datasette_figures  # noqa: E402

RESULTS = ROOT / "bench" / "results.json"
BIG_ARTICLES = 100_000  # x 10 paragraphs = the 1,000,000-paragraph archive
SMALL_ARTICLES = 1_000


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kib = next(
        (
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kib / 2**20),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "load_average": os.getloadavg(),
    }


def db_ratio(db: Path, files: list[str]) -> float:
    """Database bytes (WAL checkpointed) over the bytes of the input files it was made from."""
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return round(db.stat().st_size / sum(Path(f).stat().st_size for f in files), 2)


def search_only() -> None:
    """`python bench/run.py --only search`: the search and serving figures alone, measured again on
    the big archive (built or reused) and merged into bench/results.json with their own date."""
    bbc_corpus()
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    big = build(WORK / "big.db", BIG_ARTICLES)
    results["search_run"] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "load_average": os.getloadavg(),
    }
    log("search at 1M paragraphs")
    results.update(search_figures(big))
    results.update(datasette_figures(big))
    results["search_run"]["load_average_end"] = os.getloadavg()
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    render()
    print(
        json.dumps(
            {k: v for k, v in results.items() if k.startswith(("search", "datasette", "inprocess", "entity"))}, indent=2
        )
    )


def main() -> None:
    if sys.argv[1:] == ["--only", "search"]:
        search_only()
        return
    bbc_corpus()  # a missing setting fails now, not minutes into the run
    formats_bench.html_pages()
    started = time.perf_counter()
    results: dict = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "machine": machine()}
    results.update(no_nlp_figures())
    results.update(floors.text_only_figures())
    results["no_nlp_vs_sqlite_floor"] = round(
        results["no_nlp_articles_per_s"] / results["no_nlp_sqlite_floor_per_s"], 3
    )
    results["db_bytes_per_text_byte_no_nlp"] = db_ratio(WORK / "no-nlp.db", bbc_files())
    results.update(rss_figures())
    log("readers: CSV against JSON Lines, WARC against HTML files")
    results.update(formats_bench.csv_figures())
    results.update(formats_bench.warc_figures())
    figures, processed = nlp_figures(300)
    results.update(figures)
    results["db_bytes_per_text_byte"] = db_ratio(WORK / "nlp-jobs1.db", bbc_files(300))
    log("dask: LocalCluster(2) vs --jobs 2, store rate with the NLP stubbed")
    results.update(dask_bench.run(300))
    results.update(floors.nlp_figures())
    results["dask_store_vs_sqlite_floor"] = round(
        results["dask_store_rate"] / results["nlp_store_sqlite_floor_per_s"], 3
    )
    building = time.perf_counter()
    big = build(WORK / "big.db", BIG_ARTICLES)
    small = build(WORK / "small.db", SMALL_ARTICLES)
    results["seconds_build"] = round(time.perf_counter() - building, 1)  # about 0 when reused
    log("search at 1M paragraphs")
    results.update(search_figures(big))
    results.update(datasette_figures(big))
    copies = scratch_copies(small, big)  # one pair of scratch copies for both growth benchmarks
    log("story index growth")
    results.update(stories_bench.run(copies))
    log("growth")
    results.update(growth_figures(copies, processed))
    results["seconds_total"] = round(time.perf_counter() - started, 1)
    results["machine"]["load_average_end"] = os.getloadavg()
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    render()
    log(f"wrote {RESULTS.relative_to(ROOT)} in {results['seconds_total']:.0f} s")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
