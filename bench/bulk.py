"""Big archives for the benchmarks, bulk-loaded from BBC paragraphs with varied text.

Every generated article has `paras_per_article` real BBC paragraphs, each with one word swapped for
another word of the corpus, so texts (and content hashes) differ while term statistics stay those
of news prose. Rows go in with executemany in large transactions, the journal off (a scratch file)
and the FTS insert triggers dropped; each FTS index is then built once with 'rebuild' (measured
1.7x faster than the triggers) and the triggers are recreated from their own stored SQL.
"""
from __future__ import annotations

import hashlib
import os
import random
import re
from pathlib import Path

from bench.common import bbc_files, connect, log, scratch

CHUNK = 5_000  # articles per transaction while loading
BUILD_VERSION = "4"  # bump when the generator changes, so cached databases are rebuilt


def bbc_paragraphs() -> list[str]:
    """Every paragraph of the BBC corpus: the blank-line separated blocks after the title line."""
    from ingest.normalize import normalize_text
    from ingest.paragraphs import split_blocks

    paragraphs: list[str] = []
    for path in bbc_files():
        data = Path(path).read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        paragraphs.extend(split_blocks(normalize_text(text))[1:])
    return paragraphs


def _varied(paragraph: str, rng: random.Random, vocab: list[str]) -> str:
    words = paragraph.split(" ")
    words[rng.randrange(len(words))] = rng.choice(vocab)
    return " ".join(words)


def build(path: Path, articles: int, paras_per_article: int = 10, seed: int = 1) -> Path:
    """Create the archive at `path` (migrated schema) holding `articles` generated articles."""
    from archive.db import migrate

    marker = Path(f"{path}.built")
    wanted = f"{BUILD_VERSION}:{articles}:{paras_per_article}:{seed}"
    if path.exists() and marker.exists() and marker.read_text() == wanted:
        log(f"reusing {path.name} ({articles:,} articles)")
        return path
    marker.unlink(missing_ok=True)
    scratch(path.name)
    migrate(path)
    pool = bbc_paragraphs()
    vocab = sorted({w for p in pool[:2000] for w in re.findall(r"[A-Za-z]{4,}", p)})
    rng = random.Random(seed)
    conn = connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -262144")
    conn.execute("INSERT INTO sources(id, name, domain) VALUES (1, 'bench', 'bench.example')")
    entities = sorted({m for p in pool[:3000] for m in re.findall(r"[A-Z][a-z]+ [A-Z][a-z]+", p)})
    conn.executemany("INSERT INTO entities(id, name, type) VALUES (?, ?, ?)",
                     [(i, name, ("PERSON", "ORG", "GPE")[i % 3]) for i, name in enumerate(entities, start=1)])
    triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%\\_ai' ESCAPE '\\'"
                            " AND tbl_name IN ('articles', 'paragraphs', 'quotes')").fetchall()
    for name, _sql in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    para_id = mention_id = quote_id = 0
    for first in range(0, articles, CHUNK):
        a_rows, p_rows, m_rows, q_rows = [], [], [], []
        for article_id in range(first + 1, min(first + CHUNK, articles) + 1):
            paras = [_varied(pool[rng.randrange(len(pool))], rng, vocab) for _ in range(paras_per_article)]
            text = "\n\n".join(paras)
            a_rows.append((article_id, 1, f"https://bench.example/{article_id}", paras[0][:80],
                           f"200{4 + article_id % 2}-{1 + article_id % 12:02d}-{1 + article_id % 28:02d}", "en",
                           text, len(text.split()), hashlib.sha256(text.encode()).hexdigest(),
                           f"bench:{article_id}", "bench", "2026-01-01T00:00:00+00:00"))
            offset = 0
            for position, para in enumerate(paras, start=1):
                para_id += 1
                p_rows.append((para_id, article_id, position, para, offset, offset + len(para)))
                offset += len(para) + 2
                mention_id += 1
                entity = 1 + rng.randrange(len(entities))
                m_rows.append((mention_id, entity, article_id, para_id, entities[entity - 1], 0, 1))
                if position % 4 == 1:
                    quote_id += 1
                    q_rows.append((quote_id, article_id, para_id, para[:120], "direct", entity,
                                   entities[entity - 1], "said", 0, min(120, len(para))))
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO articles(id, source_id, url, title, published_at, language, text, word_count,"
                         " content_hash, origin, nlp_version, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", a_rows)
        conn.executemany("INSERT INTO paragraphs(id, article_id, position, text, char_start, char_end)"
                         " VALUES (?,?,?,?,?,?)", p_rows)
        conn.executemany("INSERT INTO mentions(id, entity_id, article_id, paragraph_id, text, char_start, char_end)"
                         " VALUES (?,?,?,?,?,?,?)", m_rows)
        conn.executemany("INSERT INTO quotes(id, article_id, paragraph_id, text, kind, speaker_id, speaker_text,"
                         " cue, char_start, char_end) VALUES (?,?,?,?,?,?,?,?,?,?)", q_rows)
        conn.execute("COMMIT")
        if (first // CHUNK) % 4 == 3:
            log(f"{path.name}: {first + CHUNK:,} articles")
    for table in ("articles", "paragraphs", "quotes"):
        conn.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")
        log(f"{path.name}: {table}_fts built")
    for _name, sql in triggers:
        conn.execute(sql)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    marker.write_text(wanted)
    log(f"built {path.name}: {articles:,} articles, {para_id:,} paragraphs, {os.path.getsize(path) / 1e6:,.0f} MB")
    return path
