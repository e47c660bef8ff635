"""Cost flat as the archive grows: the same processed articles stored into 1k and 100k archives."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from bench.common import log, scratch, timer

CHUNK = 25


def scratch_copies(small: Path, big: Path) -> dict[str, Path]:
    """Scratch copies of the 1k and the 100k archives (the cached ones stay as built), flushed to
    disk so the kernel writing back a just-copied gigabyte is not timed by whoever uses them next."""
    copies = {}
    for name, source in (("small", small), ("big", big)):
        with sqlite3.connect(source) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        copies[name] = scratch(f"growth-{name}.db")
        shutil.copyfile(source, copies[name])
    os.sync()
    return copies


def growth_figures(copies: dict[str, Path], articles: list) -> dict:
    """Time per article stored (Archive.store, NLP results and story grouping included) into each
    archive, each chunk ending as a run ends, with the names it touched decided again
    (Archive.consolidate_entities); the two archives interleaved chunk by chunk so machine noise
    hits both alike."""
    from archive.store import ADDED, Archive

    if not articles:
        raise RuntimeError("growth benchmark: no processed articles to store")
    seconds = {"small": 0.0, "big": 0.0}
    archives = {name: Archive(path, create=False) for name, path in copies.items()}
    try:
        for start in range(0, len(articles), CHUNK):
            for name, archive in archives.items():
                with timer() as t:
                    outcomes = [archive.store(a) for a in articles[start : start + CHUNK]]
                    archive.consolidate_entities()
                seconds[name] += t[0]
                if set(outcomes) != {ADDED}:
                    raise RuntimeError(f"growth benchmark: expected only additions, got {set(outcomes)}")
    finally:
        for archive in archives.values():
            archive.close()
    log(f"growth: {len(articles)} articles, {seconds['small']:.2f} s into 1k, {seconds['big']:.2f} s into 100k")
    return {
        "growth_100k_vs_1k": round(seconds["big"] / seconds["small"], 3),
        "growth_ms_per_article_1k": round(seconds["small"] / len(articles) * 1000, 2),
        "growth_ms_per_article_100k": round(seconds["big"] / len(articles) * 1000, 2),
    }
