"""`archive serve` on the big archive, loaded from a second process (bench/datasette_client.py)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bench.common import ROOT, log

CLIENTS = 20
SECONDS = 30


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def datasette_figures(db: Path) -> dict:
    """p50/p99 latency and error count of the `search` canned query under concurrent clients."""
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
        url = f"{base}/{db.stem}/search.json"
        probe = httpx.get(url, params={"q": "tsunami", "_shape": "array"}, timeout=30)
        probe.raise_for_status()
        log(f"{CLIENTS} clients on {url} for {SECONDS} s")
        out = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "datasette_client.py"), url, str(CLIENTS), str(SECONDS)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        server.terminate()
        server.wait(timeout=30)
    result = json.loads(out)
    if result["errors"]:
        log(f"datasette errors: {result['error_samples']}")
    return {
        "datasette_search_p50_ms": result["p50_ms"],
        "datasette_search_p99_ms": result["p99_ms"],
        "datasette_errors": result["errors"],
        "datasette_requests": result["requests"],
    }
