"""Story index growth: time to add an article (Archive.store, story grouping included) at 100k vs 1k.

    .venv/bin/python bench/stories_bench.py

The archives are bench/bulk.py's 1k and 100k generated archives (ten BBC paragraphs per article,
one word of each swapped), shared with the search and growth benchmarks, their story band index
loaded in bulk. The same new articles, half of them light-edited copies of the other half, are
stored into scratch copies of both (warmed up with a few untimed additions: the first writes to a
fresh copy also read its pages in), interleaved chunk by chunk so machine noise hits both alike.
The key `story_index_growth_100k_vs_1k` is the ratio of the two times (target <= 1.5).
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bulk import bbc_paragraphs, build  # noqa: E402
from bench.common import WORK, log, timer  # noqa: E402
from bench.growth_bench import scratch_copies  # noqa: E402

NEW_ARTICLES = 300  # stored into each archive, timed; every other one a copy of the one before
WARM_UP = 40  # stored first, untimed
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


def new_articles(pool: list[str], vocab: list[str], count: int) -> list:
    """Articles to store, as the NLP leaves them (no quotes found): originals, each followed by a copy."""
    from ingest.models import RawArticle
    from ingest.pipeline import prepare

    rng = random.Random(99)
    out = []
    for n in range(count // 2):
        text = _article(pool, vocab, rng)
        for raw in (
            RawArticle(text=text, origin=f"new:{n}", url=f"https://new.example/{n}"),
            RawArticle(text=_copy(text, rng), origin=f"copy:{n}", url=f"https://copy.example/{n}"),
        ):
            article = prepare(raw)
            article.nlp_version = "bench"  # processed, so grouped on store whatever --no-nlp does
            out.append(article)
    return out


def run(copies: dict[str, Path] | None = None) -> dict:
    """Time the same additions into scratch copies of the 1k ("small") and 100k ("big") archives
    (made from bench/bulk.py's archives when not given), return the figures."""
    from archive.store import ADDED, Archive

    if copies is None:
        copies = scratch_copies(build(WORK / "small.db", 1_000), build(WORK / "big.db", 100_000))
    pool = bbc_paragraphs()
    vocab = sorted({w for p in pool[:2000] for w in re.findall(r"[A-Za-z]{4,}", p)})
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
                    outcomes = [archive.store(a) for a in articles[start : start + TIMED_CHUNK]]
                seconds[name] += t[0]
                if set(outcomes) != {ADDED}:
                    raise RuntimeError(f"stories benchmark: expected only additions, got {set(outcomes)}")
        grouped = {}
        for name, archive in archives.items():
            grouped[name] = archive.writer.connection.execute(
                "select count(distinct story_id) from articles where origin like 'new:%' or origin like 'copy:%'"
            ).fetchone()[0]
    finally:
        for archive in archives.values():
            archive.close()
    if set(grouped.values()) != {(NEW_ARTICLES + WARM_UP) // 2}:
        raise RuntimeError(f"stories benchmark: each copy should join its original's story, got {grouped}")
    log(f"stories: {len(articles)} articles, {seconds['small']:.2f} s into 1k, {seconds['big']:.2f} s into 100k")
    return {
        "story_index_growth_100k_vs_1k": round(seconds["big"] / seconds["small"], 3),
        "story_ms_per_article_1k": round(seconds["small"] / len(articles) * 1000, 2),
        "story_ms_per_article_100k": round(seconds["big"] / len(articles) * 1000, 2),
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
