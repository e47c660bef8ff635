"""Load generator, run as its own process: N concurrent clients on the search page for S seconds.

python bench/datasette_client.py URL CLIENTS SECONDS [broad]   # prints {"rps", "p50_ms", "p99_ms", "errors", "latencies_ms", ...}

URL is the search page (/DB/search); each client cycles the query mix of bench/search_bench.py (or,
with `broad`, BROAD_QUERIES from the file bench/work/broad.json). An error is any answer but a 200
search page with results or a "no results" message: an HTTP error, a page saying the search took
too long or a filter was wrong, a failure to connect.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import WORK, percentile  # noqa: E402
from bench.search_bench import QUERIES  # noqa: E402

PAGE_MARK = '<div class="archive-page search">'
FAILED_MARK = 'class="message-error search-error"'


async def _client(
    http, url: str, queries: list[str], offset: int, deadline: float, times: list[float], errors: list[str]
) -> None:
    i = offset
    while time.perf_counter() < deadline:
        q = queries[i % len(queries)]
        i += 1
        start = time.perf_counter()
        try:
            response = await http.get(url, params={"q": q})
            text = response.text
            if response.status_code != 200 or PAGE_MARK not in text or FAILED_MARK in text:
                errors.append(f"{q!r}: HTTP {response.status_code} {text[:200]}")
                continue
        except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
            errors.append(f"{q!r}: {type(exc).__name__}: {exc}")
            continue
        times.append(time.perf_counter() - start)


async def load(url: str, clients: int, seconds: float, queries: list[str]) -> dict:
    import httpx

    times: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        started = time.perf_counter()
        deadline = started + seconds
        await asyncio.gather(*(_client(http, url, queries, c * 7, deadline, times, errors) for c in range(clients)))
        elapsed = time.perf_counter() - started
    return {
        "requests": len(times) + len(errors),
        "rps": round(len(times) / elapsed, 2),
        "p50_ms": round(percentile(times, 50) * 1000, 1) if times else None,
        "p99_ms": round(percentile(times, 99) * 1000, 1) if times else None,
        "errors": len(errors),
        "error_samples": errors[:5],
        "latencies_ms": [round(t * 1000, 1) for t in times],
    }


if __name__ == "__main__":
    mix = json.loads((WORK / "broad.json").read_text()) if sys.argv[4:] == ["broad"] else QUERIES
    print(json.dumps(asyncio.run(load(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), mix))))
