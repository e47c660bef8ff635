"""Story index growth: time to add an article (Archive.store, story grouping included) at 100k vs 1k.

    .venv/bin/python bench/stories_bench.py

Both archives hold generated articles of ten BBC paragraphs each (one word of each paragraph
swapped, as bench/bulk.py does), grouped into stories by archive.regrouping so the band index is
full. The same new articles, half of them light-edited copies of the other half, are then stored
into scratch copies of both (flushed to disk first: the kernel writing back a just-copied
gigabyte would be timed otherwise, and warmed up with a few untimed additions), interleaved chunk
by chunk so machine noise hits both alike. The key
`story_index_growth_100k_vs_1k` is the ratio of the two times (target <= 1.5).
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bulk import bbc_paragraphs  # noqa: E402
from bench.common import WORK, connect, log, scratch, timer  # noqa: E402

BUILD_VERSION = "2"  # bump when the generator or the fingerprint changes, so cached archives are rebuilt
CHUNK = 5_000  # articles per transaction while loading
NEW_ARTICLES = 300  # stored into each archive, timed; every other one a copy of the one before
WARM_UP = 40  # stored first, untimed: the first writes to a fresh copy also read its pages in
TIMED_CHUNK = 25


def _article(pool: list[str], vocab: list[str], rng: random.Random) -> str:
    paragraphs = []
    for _ in range(10):
        words = pool[rng.randrange(len(pool))].split(" ")
        words[rng.randrange(len(words))] = rng.choice(vocab)
        paragraphs.append(" ".join(words))
    return "\n\n".join(paragraphs)


def _copy(text: str, rng: random.Random) -> str:
    """An outlet's light edit: one paragraph dropped, one added, quote marks made typographic."""
    paragraphs = text.split("\n\n")
    del paragraphs[rng.randrange(1, len(paragraphs))]
    paragraphs.insert(rng.randrange(1, len(paragraphs)), "Additional reporting by staff writers.")
    return "\n\n".join(paragraphs).replace('"', "\u201c")


def build(path: Path, articles: int, pool: list[str], vocab: list[str], seed: int = 1) -> Path:
    """An archive of `articles` generated articles with its story index built (cached between runs)."""
    from archive.db import migrate
    from archive.regrouping import regroup
    from archive.store import Archive

    marker = Path(f"{path}.built")
    wanted = f"{BUILD_VERSION}:{articles}:{seed}"
    if path.exists() and marker.exists() and marker.read_text() == wanted:
        log(f"reusing {path.name}")
        return path
    marker.unlink(missing_ok=True)
    scratch(path.name)
    migrate(path)
    rng = random.Random(seed)
    conn = connect(path)
    conn.execute("INSERT INTO sources(id, name, domain) VALUES (1, 'bench', 'bench.example')")
    for first in range(0, articles, CHUNK):
        rows = []
        for article_id in range(first + 1, min(first + CHUNK, articles) + 1):
            text = _article(pool, vocab, rng)
            rows.append((article_id, 1, f"https://bench.example/{article_id}", text[:80], "en", text,
                         len(text.split()), hashlib.sha256(text.encode()).hexdigest(), f"bench:{article_id}",
                         f"2005-01-01T00:00:{article_id % 60:02d}"))
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO articles(id, source_id, url, title, language, text, word_count, content_hash,"
                         " origin, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
        conn.execute("COMMIT")
    conn.close()
    log(f"{path.name}: {articles:,} articles loaded, grouping into stories")
    with Archive(path, create=False) as archive:
        regroup(archive)
    marker.write_text(wanted)
    return path


def new_articles(pool: list[str], vocab: list[str], count: int) -> list:
    """Articles to store, as the NLP leaves them (no quotes found): originals, each followed by a copy."""
    from ingest.models import RawArticle
    from ingest.pipeline import prepare

    rng = random.Random(99)
    out = []
    for n in range(count // 2):
        text = _article(pool, vocab, rng)
        for raw in (RawArticle(text=text, origin=f"new:{n}", url=f"https://new.example/{n}"),
                    RawArticle(text=_copy(text, rng), origin=f"copy:{n}", url=f"https://copy.example/{n}")):
            article = prepare(raw)
            article.nlp_version = "bench"  # processed, so grouped on store whatever --no-nlp does
            out.append(article)
    return out


def run(small_articles: int = 1_000, big_articles: int = 100_000) -> dict:
    """Build (or reuse) both archives, time the same additions into each, return the figures."""
    from archive.store import ADDED, Archive

    pool = bbc_paragraphs()
    vocab = sorted({w for p in pool[:2000] for w in re.findall(r"[A-Za-z]{4,}", p)})
    sources = {"small": build(WORK / "stories-1k.db", small_articles, pool, vocab),
               "big": build(WORK / "stories-100k.db", big_articles, pool, vocab)}
    copies = {}
    for name, source in sources.items():
        with sqlite3.connect(source) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        copies[name] = scratch(f"stories-growth-{name}.db")
        shutil.copyfile(source, copies[name])
    os.sync()
    articles = new_articles(pool, vocab, NEW_ARTICLES + WARM_UP)
    warm_up, articles = articles[:WARM_UP], articles[WARM_UP:]
    seconds = {"small": 0.0, "big": 0.0}
    archives = {name: Archive(path, create=False) for name, path in copies.items()}
    try:
        for archive in archives.values():
            for article in warm_up:
                archive.store(article)
        for start in range(0, len(articles), TIMED_CHUNK):
            for name, archive in archives.items():
                with timer() as t:
                    outcomes = [archive.store(a) for a in articles[start:start + TIMED_CHUNK]]
                seconds[name] += t[0]
                if set(outcomes) != {ADDED}:
                    raise RuntimeError(f"stories benchmark: expected only additions, got {set(outcomes)}")
        grouped = {name: archive.engine.connect().exec_driver_sql(
            "select count(distinct story_id) from articles where origin like 'new:%' or origin like 'copy:%'").scalar()
            for name, archive in archives.items()}
    finally:
        for archive in archives.values():
            archive.close()
    if set(grouped.values()) != {(NEW_ARTICLES + WARM_UP) // 2}:
        raise RuntimeError(f"stories benchmark: each copy should join its original's story, got {grouped}")
    log(f"stories: {len(articles)} articles, {seconds['small']:.2f} s into 1k, {seconds['big']:.2f} s into 100k")
    return {"story_index_growth_100k_vs_1k": round(seconds["big"] / seconds["small"], 3),
            "story_ms_per_article_1k": round(seconds["small"] / len(articles) * 1000, 2),
            "story_ms_per_article_100k": round(seconds["big"] / len(articles) * 1000, 2)}


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
