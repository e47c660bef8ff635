"""Shared helpers for the benchmarks: the corpus setting, scratch databases, timers."""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
SECTIONS = ("business", "entertainment", "politics", "sport", "tech")
# The BBC News corpus (2,225 articles, 2004-05, research use) is read in place, never copied here.
CORPUS_SETTING = "ARCHIVE_BENCH_CORPUS"
CORPUS_WHAT = (
    "the BBC News corpus folder (section folders business/ entertainment/ politics/ sport/ tech/ of .txt files)"
)

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def setting_error(message: str) -> NoReturn:
    """A missing or wrong benchmark setting: one line on stderr and exit status 2, no traceback."""
    print(f"bench: {message}", file=sys.stderr, flush=True)
    raise SystemExit(2)


def setting(variable: str, what: str, valid: Callable[[Path], bool]) -> Path:
    """The path an environment variable names, or a one-line error naming the variable."""
    value = os.environ.get(variable, "").strip()
    if not value:
        setting_error(f"{variable} is not set: set it to {what}")
    path = Path(value).expanduser()
    if not valid(path):
        setting_error(f"{variable}={value} is not {what}")
    return path


def bbc_corpus() -> Path:
    """The corpus folder of ARCHIVE_BENCH_CORPUS, checked (every benchmark's input)."""
    return setting(CORPUS_SETTING, CORPUS_WHAT, lambda path: all(any((path / s).glob("*.txt")) for s in SECTIONS))


def bbc_files(count: int | None = None) -> list[str]:
    """BBC article files, sections interleaved, so the first N are a fixed mix of every section."""
    corpus = bbc_corpus()
    sections = [sorted((corpus / s).glob("*.txt")) for s in SECTIONS]
    files = [str(section[i]) for i in range(max(map(len, sections))) for section in sections if i < len(section)]
    return files if count is None else files[:count]


class Recording:
    """An Archive that also keeps the processed articles an ingest asks it to store (the NLP's
    results: the growth benchmark's inputs, the Dask benchmark's cache)."""

    def __init__(self, archive, kept: list):
        self._archive, self._kept = archive, kept

    def store_many(self, articles: list, grouping: str = "now") -> list:
        self._kept.extend(articles)
        return self._archive.store_many(articles, grouping)

    def __getattr__(self, name: str):
        return getattr(self._archive, name)


def scratch(name: str) -> Path:
    """A path under bench/work/ with any previous database of that name (and its WAL) removed."""
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / name
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def connect(path: str | os.PathLike) -> sqlite3.Connection:
    """A plain autocommit sqlite3 connection with the archive's pragmas."""
    conn = sqlite3.connect(os.fspath(path), isolation_level=None, timeout=60)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA recursive_triggers = ON")
    return conn


@contextmanager
def timer() -> Iterator[list[float]]:
    """`with timer() as t:` ... then t[0] holds the elapsed wall time in seconds."""
    box = [0.0]
    start = time.perf_counter()
    try:
        yield box
    finally:
        box[0] = time.perf_counter() - start


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank: honest for small samples."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
