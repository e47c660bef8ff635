"""How much of what a prefix should find the archive's prefix search finds, on the BBC corpus.

    ARCHIVE_BENCH_CORPUS=/path/to/bbc .venv/bin/python bench/prefix_recall.py

The index holds Porter stems, so a prefix can only be searched through stems. For sampled prefixes
(every prefix of 3 letters or more of 400 random corpus words of 6 letters or more), the words of
the corpus that start with the prefix are the truth; a word is found when its stem is among the
stems archive.query searches for (FTS5's `prefix*` over stems, plus the stems of
archive.query.completions). Prints the share of those words' occurrences found (recall) and the
stems searched that no such word has (over-match), per prefix. Not part of `make bench`: it backs
the choice made in archive/query.py, reported in BENCHMARKS.md.
"""

from __future__ import annotations

import json
import random
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive.query import completions, stems  # noqa: E402
from bench.bulk import bbc_paragraphs  # noqa: E402

SAMPLE_WORDS = 400


def main() -> dict:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE u USING fts5(t, tokenize='unicode61 remove_diacritics 2')")
    conn.execute("CREATE VIRTUAL TABLE uv USING fts5vocab(u, row)")
    conn.executemany("INSERT INTO u(t) VALUES (?)", [(p,) for p in bbc_paragraphs()])
    occurrences = dict(conn.execute("SELECT term, cnt FROM uv"))
    words = sorted(occurrences)
    stem_of = stems(words)
    indexed = set(stem_of.values())
    rng = random.Random(1)
    sample = rng.sample([w for w in words if len(w) >= 6 and w.isalpha()], SAMPLE_WORDS)
    prefixes = sorted({w[:k] for w in sample for k in range(3, len(w))})
    found = total = extra = 0
    for prefix in prefixes:
        searched = {s for s in indexed if s.startswith(prefix)}
        searched |= {stem_of.get(w) or stems([w]).get(w) for w in completions(prefix)} & indexed
        truth = {w for w in words if w.startswith(prefix)}
        total += sum(occurrences[w] for w in truth)
        found += sum(occurrences[w] for w in truth if stem_of[w] in searched)
        extra += len(searched - {stem_of[w] for w in truth})
    return {
        "prefixes": len(prefixes),
        "occurrences": total,
        "found": found,
        "recall_of_occurrences": round(found / total, 6),
        "extra_stems_per_prefix": round(extra / len(prefixes), 3),
    }


if __name__ == "__main__":
    print(json.dumps(main()))
