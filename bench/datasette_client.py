"""Load generator, run as its own process: N concurrent clients on /DB/search.json for S seconds.

python bench/datasette_client.py URL CLIENTS SECONDS   # prints {"p50_ms", "p99_ms", "errors", ...}
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import percentile  # noqa: E402
from bench.search_bench import QUERIES  # noqa: E402


async def _client(http, url: str, offset: int, deadline: float, times: list[float], errors: list[str]) -> None:
    i = offset
    while time.perf_counter() < deadline:
        q = QUERIES[i % len(QUERIES)]
        i += 1
        start = time.perf_counter()
        try:
            response = await http.get(url, params={"q": q, "_shape": "array"})
            if response.status_code != 200 or not isinstance(response.json(), list):
                errors.append(f"{q!r}: HTTP {response.status_code} {response.text[:200]}")
                continue
        except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
            errors.append(f"{q!r}: {type(exc).__name__}: {exc}")
            continue
        times.append(time.perf_counter() - start)


async def load(url: str, clients: int, seconds: float) -> dict:
    import httpx

    times: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        deadline = time.perf_counter() + seconds
        await asyncio.gather(*(_client(http, url, c * 7, deadline, times, errors) for c in range(clients)))
    return {
        "requests": len(times) + len(errors),
        "p50_ms": round(percentile(times, 50) * 1000, 1),
        "p99_ms": round(percentile(times, 99) * 1000, 1),
        "errors": len(errors),
        "error_samples": errors[:5],
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(load(sys.argv[1], int(sys.argv[2]), float(sys.argv[3])))))
