"""Running `archive serve` in a subprocess on a free port, for tests that need a real server."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            output = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
            raise RuntimeError(f"archive serve exited with {proc.returncode}: {output[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"archive serve did not answer at {url}")


@contextlib.contextmanager
def archive_server(*args: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """`archive serve ARGS` on 127.0.0.1 and a free port; yields the base URL, stops it after
    (SIGTERM, as a service manager does)."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "archive.cli", "serve", *args, "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base + "/-/versions.json", proc)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)
