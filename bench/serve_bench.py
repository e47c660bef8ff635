"""`archive serve` on the big archive against the same searches run in-process.

The floor: the query mix of bench/search_bench.py through archive.search.run (what the search page
asks for: results, total, facets, histogram) in two processes at once, one per core
(bench/search_floor.py). Against it, `archive serve` with CLIENTS concurrent clients on the search
page (bench/datasette_client.py, a second process). The two alternate in ROUNDS rounds of
ROUND_SECONDS each, so that load from elsewhere on the machine falls on both alike: requests over
seconds, served over floor, is `datasette_search_rps_vs_inprocess`. Last, the same clients on broad
queries (prefixes of one letter, `a* OR b*`, the most common words), which must all answer within
the SQL time limit.
"""

from __future__ import annotations

import json
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from archive.publish.config import settings
from bench.common import ROOT, WORK, log, percentile
from bench.search_bench import QUERIES

CLIENTS = 20
ROUNDS = 3
ROUND_SECONDS = 10
BROAD_SECONDS = 20
COMMON_WORDS = 50


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def broad_queries(db: Path) -> list[str]:
    """`a* OR b*` and wider, every single letter as a prefix, and the archive's most common words."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, paragraphs_fts, row)")
    common = [
        t
        for (t,) in conn.execute(
            "SELECT term FROM temp.v WHERE term GLOB '[a-z]*' ORDER BY doc DESC LIMIT ?", (COMMON_WORDS,)
        )
    ]
    conn.close()
    letters = [f"{c}*" for c in "abcdefghijklmnopqrstuvwxyz"]
    return ["a* OR b*", "a* OR b* OR c* OR d*", *letters, *common]


def floor(db: Path, seconds: float) -> dict:
    """The query mix in-process in two processes at once: requests, seconds and latencies."""
    procs = [
        subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / "search_floor.py"), str(db), str(seconds), str(i * 15)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for i in range(2)
    ]
    results = [json.loads(p.communicate()[0]) for p in procs]
    return {
        "rps": sum(r["requests"] / r["seconds"] for r in results),
        "latencies_ms": [ms for r in results for ms in r["latencies_ms"]],
    }


def _client(url: str, seconds: float, broad: bool = False) -> dict:
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "datasette_client.py"), url, str(CLIENTS), str(seconds)]
        + (["broad"] if broad else []),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out)


def cooccurrence_ms(db: Path) -> tuple[float, str]:
    """The `entities_together` question for the most mentioned entity: the slowest one to ask."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    name = conn.execute(
        "SELECT e.name FROM entities e WHERE e.id = (SELECT entity_id FROM mentions GROUP BY entity_id ORDER BY count(*) DESC LIMIT 1)"
    ).fetchone()[0]
    sql = (
        "SELECT ec.other, ec.articles FROM entity_cooccurrence ec WHERE ec.entity = ? COLLATE NOCASE"
        " ORDER BY ec.articles DESC LIMIT 500"
    )  # the canned query's condition
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        conn.execute(sql, (name,)).fetchall()
        best = min(best, time.perf_counter() - start)
    conn.close()
    return round(best * 1000, 1), name


def datasette_figures(db: Path) -> dict:
    """Requests per second through `archive serve` against the in-process floor, latency, and the
    broad queries' errors and p99."""
    (WORK / "broad.json").write_text(json.dumps(broad_queries(db)))
    port = _free_port()
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "archive"), "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(600):
            try:
                if httpx.get(f"{base}/-/versions.json", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise RuntimeError("archive serve did not start")
        url = f"{base}/{db.stem}/search"
        for q in QUERIES:  # warm: each query once, as the floor's processes do
            httpx.get(url, params={"q": q}, timeout=60).raise_for_status()
        inprocess, served = [], []
        for round_ in range(ROUNDS):
            log(
                f"round {round_ + 1}: the floor (two processes), then {CLIENTS} clients on {url}, {ROUND_SECONDS} s each"
            )
            inprocess.append(floor(db, ROUND_SECONDS))
            served.append(_client(url, ROUND_SECONDS))
        for q in json.loads((WORK / "broad.json").read_text()):  # warm: a short prefix's words are read once
            httpx.get(url, params={"q": q}, timeout=60).raise_for_status()
        log(f"{CLIENTS} clients on broad queries for {BROAD_SECONDS} s")
        broad = _client(url, BROAD_SECONDS, broad=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    for name, result in [*(("search", r) for r in served), ("broad", broad)]:
        if result["errors"]:
            log(f"datasette {name} errors: {result['error_samples']}")
    ms, entity = cooccurrence_ms(db)
    floor_rps = statistics.mean(r["rps"] for r in inprocess)
    served_rps = statistics.mean(r["rps"] for r in served)
    latencies = [ms_ for r in inprocess for ms_ in r["latencies_ms"]]
    served_latencies = [t for r in served for t in r["latencies_ms"]]
    return {
        "datasette_search_rps": round(served_rps, 2),
        "inprocess_search_rps": round(floor_rps, 2),
        "datasette_search_rps_vs_inprocess": round(served_rps / floor_rps, 3),
        "datasette_search_rps_rounds": [[round(f["rps"], 2), s["rps"]] for f, s in zip(inprocess, served)],
        "datasette_search_p50_ms": round(statistics.median(served_latencies), 1),
        "datasette_search_p99_ms": round(percentile(served_latencies, 99), 1),
        "inprocess_search_p50_ms": round(statistics.median(latencies), 1),
        "datasette_errors": sum(r["errors"] for r in served),
        "datasette_requests": sum(r["requests"] for r in served),
        "datasette_broad_errors": broad["errors"],
        "datasette_broad_p99_ms": broad["p99_ms"],
        "datasette_broad_requests": broad["requests"],
        "sql_time_limit_ms": settings()["sql_time_limit_ms"],
        "entity_cooccurrence_ms": ms,
        "entity_cooccurrence_entity": entity,
    }
