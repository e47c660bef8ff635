"""Worker processes end when the ingest that started them dies: killed alone, its parent gone, a worker
would otherwise wait for work for ever, holding the database files it inherited open."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == pid:  # the field after the state: ppid
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its parent's wait is missing


@pytest.mark.skipif(sys.platform != "linux", reason="/proc and the parent-death signal are Linux's")
@pytest.mark.parametrize("nlp", [True, False], ids=["nlp-workers", "preparing-workers"])
def test_workers_exit_when_their_parent_is_killed(tmp_path, nlp):
    folder = tmp_path / "in"
    folder.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for i in range(70):  # more than one chunk of files, so the workers get work at once
        (folder / f"a{i:03d}.txt").write_text(f"{text}\nReport number {i}.\n", encoding="utf-8")
    args = ["--jobs", "2"] + ([] if nlp else ["--no-nlp"])
    # After the files comes stdin, which is never written to: the ingest waits there, workers alive.
    proc = subprocess.Popen(
        [sys.executable, "-m", "archive.cli", "ingest", "--db", str(tmp_path / "a.db"), *args, str(folder), "-"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(workers) < (2 if nlp else 1):
            assert proc.poll() is None, "the ingest ended before its workers started"
            workers = children(proc.pid)
            time.sleep(0.2)
        assert workers, "no worker processes started"
        proc.send_signal(signal.SIGKILL)  # the parent alone
        proc.wait(timeout=10)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(alive(pid) for pid in workers):
            time.sleep(0.2)
        left = [pid for pid in workers if alive(pid)]
        assert not left, f"workers {left} outlived their parent"
    finally:
        for pid in {*workers, *children(proc.pid), *([proc.pid] if proc.poll() is None else [])}:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        proc.stdin.close()
