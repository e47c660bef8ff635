"""The in-process floor of the search page, run as its own process: the query mix of
bench/search_bench.py through archive.search.run (results, total, facets, month histogram: what the
page asks for) in a loop for S seconds.

python bench/search_floor.py DB SECONDS OFFSET   # prints {"requests", "seconds", "latencies_ms"}
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive.search import Request, run  # noqa: E402
from bench.search_bench import QUERIES  # noqa: E402


def main(db: str, seconds: float, offset: int) -> dict:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)
    for q in QUERIES:  # the pages each query reads, in the page cache as the server's would be
        run(conn, Request(q, facets=True))
    latencies = []
    i = offset
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        q = QUERIES[i % len(QUERIES)]
        i += 1
        t = time.perf_counter()
        run(conn, Request(q, facets=True))
        latencies.append((time.perf_counter() - t) * 1000)
    return {"requests": len(latencies), "seconds": time.perf_counter() - started, "latencies_ms": latencies}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], float(sys.argv[2]), int(sys.argv[3]))))
