"""Instructions per stored article, counted by valgrind's callgrind: a measure that does not move
with the machine's load, for changes too small to see through its timing noise.

On these shared 2-core machines the CPU time of the same store run varies by a quarter from one
run to the next (BENCHMARKS.md); callgrind's count of the same run varies by ~2%. Each variant
stores the same prepared articles into a fresh archive (groups of 200, as an ingest commits them)
inside valgrind, and a run that only loads them is subtracted, so what is left is `store_many`:
SQLite, its FTS5 indexes and the Python around them. The `no-fts` variant leaves the group's full
text unindexed (a measurement only, never the archive's behaviour) to show the indexes' share.

    python bench/instructions.py [--articles 600] [--nlp]

`--nlp` stores the articles with their real NLP output (bench/dask_bench.py's cache, built on
first use). Needs `valgrind` (Debian: apt-get install valgrind). Not part of `make bench`: each
variant runs ~50x slower under valgrind (about a minute each for 600 articles).
"""

from __future__ import annotations

import argparse
import json
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script, bench/ importable

from bench.common import bbc_files, log  # noqa: E402

GROUP = 200  # articles per store_many call: the ingest's commit group (archive.ingesting.GROUP)
VARIANTS = ("load", "store", "no-fts")
_COLLECTED = re.compile(r"Collected : (\d+)")


def _articles(count: int, nlp: bool) -> list:
    """The first `count` BBC articles as the writer prepares them, with the real NLP output if `nlp`
    (the same inputs as the SQLite floors and the Dask benchmark)."""
    from bench.dask_bench import cached_articles, prepared_articles

    return cached_articles(count) if nlp else prepared_articles(bbc_files(count))


def child(variant: str, articles_pickle: str, db: str) -> None:
    """What runs inside valgrind: load the articles, then store them (unless `load`)."""
    from archive.grouping import Grouping
    from archive.indexing import DeferredIndex
    from archive.store import Archive

    with open(articles_pickle, "rb") as f:
        articles = pickle.load(f)
    if variant == "no-fts":

        def unindexed(self: DeferredIndex) -> None:
            self.articles, self.derived_of = set(), set()

        DeferredIndex.flush = unindexed
    grouping = Grouping.LATER if any(a.nlp_version for a in articles) else Grouping.NONE
    with Archive(db) as archive:
        if variant == "load":
            return
        for start in range(0, len(articles), GROUP):
            failed = [
                o for o in archive.store_many(articles[start : start + GROUP], grouping) if isinstance(o, Exception)
            ]
            if failed:
                raise RuntimeError(f"store failed: {failed[0]!r}")


def count(variant: str, articles_pickle: Path, work: Path) -> int:
    """Instructions of one child run under callgrind."""
    db = work / f"{variant}.db"
    cmd = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        __file__,
        "--child",
        variant,
        str(articles_pickle),
        str(db),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{variant} under valgrind failed:\n{done.stderr[-2000:]}")
    match = _COLLECTED.search(done.stderr)
    if not match:
        raise RuntimeError(f"no instruction count in valgrind's output:\n{done.stderr[-2000:]}")
    return int(match.group(1))


def run(articles: int = 600, nlp: bool = False) -> dict:
    if shutil.which("valgrind") is None:
        raise SystemExit("bench/instructions.py needs valgrind (apt-get install valgrind)")
    work = Path(tempfile.mkdtemp(prefix="bench-instructions-"))
    try:
        stored = _articles(articles, nlp)
        path = work / "articles.pkl"
        path.write_bytes(pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL))
        counts = {}
        for variant in VARIANTS:
            counts[variant] = count(variant, path, work)
            log(f"{variant}: {counts[variant]:,} instructions")
        store = (counts["store"] - counts["load"]) / len(stored)
        unindexed = (counts["no-fts"] - counts["load"]) / len(stored)
        return {
            "articles": len(stored),
            "nlp": nlp,
            "store_instructions_per_article": round(store),
            "store_without_fts_per_article": round(unindexed),
            "fts_share_of_store": round(1 - unindexed / store, 3),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(*sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--nlp", action="store_true", help="store the articles with their real NLP output")
    args = parser.parse_args()
    print(json.dumps(run(args.articles, args.nlp), indent=2))


if __name__ == "__main__":
    main()
