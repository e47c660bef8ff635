"""Who `the prime minister` is, when an article names the holder of the title without giving it to
anyone: the archive's other articles tell (`Prime Minister Tony Blair`, `Tony Blair, the prime
minister`).

An article resolves a title to the person it gives that title (ingest.references); one that says
`Mr Blair` and `the prime minister` and never `Prime Minister Tony Blair` leaves the title to the
nearest person, often the wrong one (`Deputy Prime Minister John Prescott`). Across the archive, a
quote whose speaker is written as a title (`the prime minister`, `the Tory leader`) goes to the
person its article names whom the archive gives that title at least MIN_TITLED times, DOMINANCE
times as often as anyone else the article names; never away from a speaker the archive gives the
title itself. Titles are counted with full-text search (`NEAR("tony blair" "prime minister", 1)`,
at most MAX_COUNTED paragraphs), times the share of a sample of them that give the title in so
many words, not after a word that makes another office (`Deputy`, `Shadow`, `former Tory
chancellor`).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable

from archive import clusters, entities
from archive.identity import DOMINANCE, dominant
from ingest.entities.lexicon import PERSON_ROLES, name_key

MIN_TITLED = 3  # paragraphs of the archive that give the person the title
# Paragraphs counted at most per phrase: enough to tell one holder from another, and a cost that
# stays flat as the archive grows (a full count of `"prime minister tony blair"` grows with it).
MAX_COUNTED = 200
SQL_COUNT_PARAGRAPHS = "SELECT count(*) FROM (SELECT 1 FROM paragraphs_fts WHERE paragraphs_fts MATCH ? LIMIT ?)"
SAMPLE = 50  # of those paragraphs, read to tell how many give the title itself
SQL_PARAGRAPH_TEXTS = (
    "SELECT p.text FROM paragraphs_fts JOIN paragraphs p ON p.id = paragraphs_fts.rowid"
    " WHERE paragraphs_fts MATCH ? LIMIT ?"
)
MAX_TITLE_WORDS = 4
# Words that make the title after them another office: the deputy prime minister is not it.
OFFICE_REACH = 2  # words between such a word and the title (`former Tory chancellor`)
OTHER_OFFICE = ("deputy", "vice", "shadow", "former", "ex", "acting", "assistant", "junior", "outgoing", "interim")
SQL_TITLED_QUOTES = (
    "SELECT q.id, q.article_id, q.speaker_text, q.speaker_id, e.name, e.type FROM json_each(?) AS j"
    " JOIN quotes q ON q.article_id = j.value LEFT JOIN entities e ON e.id = q.speaker_id"
    " WHERE q.speaker_text LIKE 'the %'"
)
SQL_PEOPLE_NAMED = (
    "SELECT DISTINCT e.id, e.name FROM mentions m JOIN entities e ON e.id = m.entity_id"
    " WHERE m.article_id = ? AND e.type = 'PERSON' AND instr(e.name, ' ') > 0"
)


def title_of(speaker_text: str) -> str | None:
    """`the prime minister` -> `prime minister`; None for what is not a title (`the man's lawyer`)."""
    words = name_key(speaker_text).split()[1:]
    if not words or len(words) > MAX_TITLE_WORDS or words[-1] not in PERSON_ROLES or "s" in words:
        return None  # ("s": a possessive, `the man's lawyer`)
    return " ".join(words)


class Holders:
    """How often the archive gives a person a title, counted once per (title, person). `saturated`
    keeps, across calls, the counts that reached MAX_COUNTED: they cannot change, and they are the
    phrases whose full-text search costs most in a large archive."""

    def __init__(self, db: sqlite3.Connection, saturated: dict[tuple[str, str], int] | None = None):
        self.db = db
        self.counts: dict[tuple[str, str], int] = {}
        self.saturated = {} if saturated is None else saturated

    def _paragraphs(self, query: str) -> int:
        return self.db.execute(SQL_COUNT_PARAGRAPHS, (query, MAX_COUNTED)).fetchone()[0]

    def of(self, title: str, person: str) -> int:
        key = (title, person)
        if key in self.saturated:
            return self.saturated[key]
        if key not in self.counts:
            name = name_key(person)
            # Both orders within a word (`Prime Minister Tony Blair`, `Tony Blair, the prime
            # minister`): a NEAR query reads only the words' own lists, where a phrase with `the`
            # reads that of the commonest word, which grows with the archive.
            query = f'NEAR("{name}" "{title}", 1)'
            found = self._paragraphs(query)
            given = 0
            if found:
                # The share of them that give the person the title itself, read from a sample of
                # their texts (not `Deputy Prime Minister John Prescott`, not `Tony Blair's chancellor`).
                texts = [t for (t,) in self.db.execute(SQL_PARAGRAPH_TEXTS, (query, SAMPLE))]
                gives = sum(_gives(t, title.split(), name.split()) for t in texts)
                given = round(found * gives / len(texts)) if texts else 0
            self.counts[key] = given
            if found >= MAX_COUNTED:
                self.saturated[key] = given
        return self.counts[key]


def _gives(text: str, title: list[str], name: list[str]) -> bool:
    """Whether a paragraph gives the person the title: `title name` with no word making it another
    office in the OFFICE_REACH words before it (`former Tory chancellor Ken Clarke`), or `name, the
    title` / `name, title`."""
    words = name_key(text).split()
    before, after, after_the = title + name, name + title, [*name, "the", *title]
    for i in range(len(words)):
        if words[i : i + len(before)] == before and not any(
            w in OTHER_OFFICE for w in words[max(0, i - OFFICE_REACH - 1) : i]
        ):
            return True
        if words[i : i + len(after)] == after or words[i : i + len(after_the)] == after_the:
            return True
    return False


def settle(
    db: sqlite3.Connection, article_ids: Iterable[int], saturated: dict[tuple[str, str], int] | None = None
) -> int:
    """Give the quotes of these articles whose speaker is written as a title the person the archive
    gives it (see the module's docstring). Returns the number of quotes that changed speaker; the
    names they were stored under are queued for the next consolidation (archive.entities).
    `saturated`: the writer's counts that reached MAX_COUNTED, kept between calls (Holders)."""
    holders = Holders(db, saturated)
    people: dict[int, list[tuple[int, str]]] = {}
    moves: list[tuple[int, int, int]] = []  # (quote, article, person)
    found = db.execute(SQL_TITLED_QUOTES, (json.dumps(sorted(article_ids)),)).fetchall()
    for quote_id, article_id, written, speaker_id, speaker, speaker_type in found:
        title = title_of(written)
        if title is None:
            continue
        if speaker_type == "PERSON" and holders.of(title, speaker):
            continue  # the speaker has that title: the article's own reading stands
        if article_id not in people:
            people[article_id] = db.execute(SQL_PEOPLE_NAMED, (article_id,)).fetchall()
        given = Counter({(p, name): holders.of(title, name) for p, name in people[article_id]})
        holder = dominant(+given, DOMINANCE, MIN_TITLED)
        if holder is not None and holder[0] != speaker_id:
            moves.append((quote_id, article_id, holder[0]))
    touched: set[int] = set()
    left: list[int] = []
    for quote_id, article_id, person in moves:
        cluster, name_id = db.execute(
            "SELECT cluster_id, speaker_name_id FROM quotes WHERE id = ?", (quote_id,)
        ).fetchone()
        if name_id is not None:
            left.append(name_id)
        db.execute(
            "UPDATE quotes SET speaker_id = ?, speaker_name_id = (SELECT name_id FROM mentions"
            " WHERE article_id = ? AND entity_id = ? LIMIT 1) WHERE id = ?",
            (person, article_id, person, quote_id),
        )
        if cluster is not None:
            touched.add(cluster)
    clusters.refresh_many(db, touched)
    entities.queue(db, left)
    return len(moves)
