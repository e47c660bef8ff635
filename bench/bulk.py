"""Big archives for the benchmarks, bulk-loaded from BBC paragraphs with varied text.

Every generated article has `paras_per_article` real BBC paragraphs, each with one word swapped for
another word of the corpus, so texts (and content hashes) differ while term statistics stay those
of news prose. Rows go in with executemany in large transactions, the journal off (a scratch file)
and the FTS insert triggers dropped; each FTS index is then built once with 'rebuild' (measured
1.7x faster than the triggers) into a single segment (`build_fts`) and the triggers are recreated
from their own stored SQL.

The story index is loaded in bulk too: fingerprints (ingest.fingerprint, the archive's own code)
are computed in a pool of worker processes while the main process writes, and every generated
article is its own story, which is what grouping them one by one gives: two generated articles
share a paragraph or two at most, far below the 65% containment a copy needs (docs/stories.md).
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import sqlite3
from multiprocessing import Pool
from pathlib import Path

from bench.common import bbc_files, connect, log, scratch

CHUNK = 5_000  # articles per transaction while loading
# The first BBC articles are the ones the ingest and growth benchmarks store: the generated archives
# are made of the others' paragraphs, so a timed article does not meet ~100 near-copies of each of its
# paragraphs in the 100k archive (story candidates to confirm that no real archive would hold). The
# corpus repeats some articles, so paragraphs of the others that also appear in a reserved article are
# left out too (187 of 9,308: with them, a reserved article made mostly of one long paragraph joined
# the stories of ~100 generated articles at 100k and none at 1k).
RESERVED = 300
FTS_HASH_BYTES = 512 * 1024 * 1024  # pending FTS data held in memory before a segment is written
FTS_BULK_LEVEL = 8  # merge level of the bulk segment: about where 100,000 single-article commits put it
BUILD_VERSION = "10"  # bump when the generator changes, so cached databases are rebuilt


def bbc_paragraphs(files: list[str] | None = None) -> list[str]:
    """Every paragraph of the BBC articles `files` (default: the whole corpus): the blank-line
    separated blocks after the title line."""
    from ingest.normalize import normalize_text
    from ingest.paragraphs import split_blocks

    paragraphs: list[str] = []
    for path in bbc_files() if files is None else files:
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


def _fingerprints(texts: list[str]) -> list[tuple[bytes, int, list[int]]]:
    """(signature bytes, shingle count, LSH band keys) of each text, as archive.stories stores them."""
    from ingest.fingerprint import fingerprint

    out = []
    for text in texts:
        fp = fingerprint(text)
        out.append((fp.to_bytes(), fp.size, fp.band_keys()))
    return out


def _store_fingerprints(
    conn: sqlite3.Connection, first_id: int, fingerprints: list[tuple[bytes, int, list[int]]]
) -> None:
    """Index rows of articles first_id, first_id + 1, ...: each a story of one, its fingerprint, its bands."""
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO article_fingerprints(article_id, signature, shingles, jaccard_to_first,"
        " containment_to_first) VALUES (?, ?, ?, 1.0, 1.0)",
        [(first_id + i, sig, size) for i, (sig, size, _keys) in enumerate(fingerprints)],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO story_bands(key, article_id) VALUES (?, ?)",
        sorted((key, first_id + i) for i, (_sig, _size, keys) in enumerate(fingerprints) for key in keys),
    )
    conn.execute("COMMIT")


def build_fts(conn: sqlite3.Connection, fts: str) -> None:
    """Index every row of the FTS table's content table at once, as one segment.

    The in-memory hash is made large and automatic merging is off while 'rebuild' runs, so it writes
    a few big segments instead of hundreds of 1 MB ones merged level by level; 'optimize' then
    merges them into one. Both settings are removed afterwards (the migrated defaults apply again).
    One segment is also what a bulk-loaded archive should be left with: with several large ones,
    the automatic merges that new articles trigger keep rewriting them (BENCHMARKS.md, "Why the
    generated archives keep their index on merge level 8").
    """
    conn.execute(f"INSERT INTO {fts}({fts}, rank) VALUES ('hashsize', {FTS_HASH_BYTES})")
    conn.execute(f"INSERT INTO {fts}({fts}, rank) VALUES ('automerge', 0)")
    conn.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
    conn.execute(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")
    conn.execute(f"DELETE FROM {fts}_config WHERE k IN ('hashsize', 'automerge')")


def _varint(data: bytes, i: int) -> tuple[int, int]:
    """SQLite's big-endian varint at data[i:]: (value, index after it)."""
    value = 0
    for k in range(9):
        byte = data[i + k]
        if k == 8:
            return (value << 8) | byte, i + 9
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, i + k + 1
    raise AssertionError("unreachable")


def _put_varint(value: int) -> bytes:
    """Encode a value below 2**56 as SQLite's varint."""
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.append(0x80 | (value & 0x7F))
        value >>= 7
    return bytes(reversed(out))


def lift_segment(path: Path, fts: str, level: int = FTS_BULK_LEVEL) -> None:
    """Put the FTS index's single segment on merge level `level` of its structure record.

    FTS5 merges a level once it holds `automerge` (4) segments, and 'optimize' leaves a lone
    segment on level 0 or 1, so the first few commits after a bulk load would start rewriting the
    whole bulk segment (measured: store at 100k articles 20-35x slower than at 1k while that merge
    runs). An archive grown one commit at a time keeps its oldest data on a high level, where merges
    reach it once every 4**level commits. The level only schedules merges: queries read every
    segment whatever its level. The record format is FTS5's (fts5_index.c: a 4-byte cookie, then
    varints nLevel, nSegment, nWriteCounter, and per level nMerge, nSeg and per segment its id and
    first and last page); the cookie is bumped so other connections reload it.
    """
    conn = connect(path)
    blob = conn.execute(f"SELECT block FROM {fts}_data WHERE id = 10").fetchone()[0]
    i = 4
    n_level, i = _varint(blob, i)
    n_segment, i = _varint(blob, i)
    write_counter, i = _varint(blob, i)
    segment = None
    for _ in range(n_level):
        n_merge, i = _varint(blob, i)
        n_seg, i = _varint(blob, i)
        for _ in range(n_seg):
            fields = []
            for _ in range(3):
                value, i = _varint(blob, i)
                fields.append(value)
            segment = fields
        if n_merge:
            raise RuntimeError(f"{fts}: a merge is under way, not a freshly optimized index")
    if n_segment != 1 or segment is None or i != len(blob):
        raise RuntimeError(f"{fts}: expected one segment after 'optimize', found {n_segment}")
    cookie = (int.from_bytes(blob[:4], "big") + 1) & 0xFFFFFFFF
    record = (
        cookie.to_bytes(4, "big")
        + _put_varint(level + 1)
        + _put_varint(1)
        + _put_varint(write_counter)
        + b"".join(_put_varint(0) + _put_varint(0) for _ in range(level))
        + _put_varint(0)
        + _put_varint(1)
        + b"".join(map(_put_varint, segment))
    )
    conn.execute(f"UPDATE {fts}_data SET block = ? WHERE id = 10", (record,))
    conn.close()


def build(path: Path, articles: int, paras_per_article: int = 10, seed: int = 1) -> Path:
    """Create the archive at `path` (migrated schema) holding `articles` generated articles."""
    from archive.db import migrate
    from archive.entities import consolidate, prune

    marker = Path(f"{path}.built")
    wanted = f"{BUILD_VERSION}:{articles}:{paras_per_article}:{seed}"
    if path.exists() and marker.exists() and marker.read_text() == wanted:
        log(f"reusing {path.name} ({articles:,} articles)")
        migrate(path)  # to the latest schema, as `archive ingest` would migrate a real archive
        return path
    marker.unlink(missing_ok=True)
    scratch(path.name)
    migrate(path)
    reserved = set(bbc_paragraphs(bbc_files()[:RESERVED]))
    paragraphs = [p for p in bbc_paragraphs(bbc_files()[RESERVED:]) if p not in reserved]
    vocab = sorted({w for p in paragraphs[:2000] for w in re.findall(r"[A-Za-z]{4,}", p)})
    rng = random.Random(seed)
    conn = connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -262144")
    conn.execute("PRAGMA foreign_keys = OFF")  # stories and articles point at each other; rows are consistent
    conn.execute("INSERT INTO sources(id, name, domain) VALUES (1, 'bench', 'bench.example')")
    entities = sorted({m for p in paragraphs[:3000] for m in re.findall(r"[A-Z][a-z]+ [A-Z][a-z]+", p)})
    conn.executemany(
        "INSERT INTO entities(id, name, type) VALUES (?, ?, ?)",
        [(i, name, ("PERSON", "ORG", "GPE")[i % 3]) for i, name in enumerate(entities, start=1)],
    )
    # Each entity's one name, of the same id (archive.entities); decided once all is loaded.
    conn.execute("INSERT INTO entity_names(id, name, type, entity_id) SELECT id, name, type, id FROM entities")
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%\\_ai' ESCAPE '\\'"
        " AND tbl_name IN ('articles', 'paragraphs', 'quotes')"
    ).fetchall()
    for name, _sql in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    para_id = mention_id = quote_id = 0
    workers = Pool(os.cpu_count() or 2)  # fingerprints, while this process writes
    pending = []
    for first in range(0, articles, CHUNK):
        a_rows, p_rows, m_rows, q_rows, s_rows = [], [], [], [], []
        for article_id in range(first + 1, min(first + CHUNK, articles) + 1):
            paras = [_varied(paragraphs[rng.randrange(len(paragraphs))], rng, vocab) for _ in range(paras_per_article)]
            text = "\n\n".join(paras)
            published = f"200{4 + article_id % 2}-{1 + article_id % 12:02d}-{1 + article_id % 28:02d}"
            a_rows.append(
                (
                    article_id,
                    1,
                    f"https://bench.example/{article_id}",
                    paras[0][:80],
                    published,
                    "en",
                    text,
                    len(text.split()),
                    hashlib.sha256(text.encode()).hexdigest(),
                    f"bench:{article_id}",
                    "bench",
                    "2026-01-01T00:00:00+00:00",
                    article_id,
                )
            )
            s_rows.append((article_id, article_id, published, published))
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
                    q_rows.append(
                        (
                            quote_id,
                            article_id,
                            para_id,
                            para[:120],
                            "direct",
                            entity,
                            entities[entity - 1],
                            "said",
                            0,
                            min(120, len(para)),
                        )
                    )
        pending.append((first + 1, workers.apply_async(_fingerprints, ([row[6] for row in a_rows],))))
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO stories(id, first_article_id, first_seen, last_seen, n_articles, n_sources)"
            " VALUES (?, ?, ?, ?, 1, 1)",
            s_rows,
        )
        conn.executemany(
            "INSERT INTO articles(id, source_id, url, title, published_at, language, text, word_count,"
            " content_hash, origin, nlp_version, ingested_at, story_id)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            a_rows,
        )
        conn.executemany(
            "INSERT INTO paragraphs(id, article_id, position, text, char_start, char_end) VALUES (?,?,?,?,?,?)", p_rows
        )
        conn.executemany(
            "INSERT INTO mentions(id, entity_id, name_id, article_id, paragraph_id, text, char_start, char_end)"
            " VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7)",
            m_rows,
        )
        conn.executemany(
            "INSERT INTO quotes(id, article_id, paragraph_id, text, kind, speaker_id, speaker_name_id, speaker_text,"
            " cue, char_start, char_end) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8, ?9, ?10)",
            q_rows,
        )
        conn.execute("COMMIT")
        if (first // CHUNK) % 4 == 3:
            log(f"{path.name}: {first + CHUNK:,} articles")
    # The entities as the archive's runs leave them: every name decided (archive.identity), its
    # mentions counted and its comparison keys stored, so that a run decides only what it touches.
    conn.execute("BEGIN")
    consolidate(conn)
    prune(conn)
    conn.execute("COMMIT")
    log(f"{path.name}: entities decided")
    for table in ("articles", "paragraphs", "quotes"):  # while the workers still compute fingerprints
        build_fts(conn, f"{table}_fts")
        log(f"{path.name}: {table}_fts built")
    for first_id, result in pending:
        _store_fingerprints(conn, first_id, result.get())
    workers.close()
    workers.join()
    log(f"{path.name}: story index loaded")
    for _name, sql in triggers:
        conn.execute(sql)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    for table in ("articles", "paragraphs", "quotes"):  # on a fresh connection: FTS5 caches the record
        lift_segment(path, f"{table}_fts")
    marker.write_text(wanted)
    log(f"built {path.name}: {articles:,} articles, {para_id:,} paragraphs, {os.path.getsize(path) / 1e6:,.0f} MB")
    return path
