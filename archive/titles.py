"""Who `the prime minister` is, when an article names the holder of the title without giving it to
anyone: the archive's other articles tell (`Prime Minister Tony Blair`, `Tony Blair, the prime
minister`).

An article resolves a title to the person it gives that title (ingest.references); one that says
`Mr Blair` and `the prime minister` and never `Prime Minister Tony Blair` leaves the title to the
nearest person, often the wrong one (`Deputy Prime Minister John Prescott`). Across the archive, a
quote whose speaker is written as a title (`the prime minister`, `the Tory leader`) goes to the
person its article names whom the archive gives that title at least MIN_TITLED times, DOMINANCE
times as often as anyone else the article names; never away from a speaker the archive gives the
title itself. Titles are counted in full-text phrases (`"prime minister tony blair"`), less the
same words near a word that makes another office (`Deputy`, `Shadow`, `former Tory chancellor`).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable

from archive import clusters, entities
from archive.identity import DOMINANCE, dominant
from ingest.entities.lexicon import name_key
from ingest.references.descriptions import PERSON_ROLES

MIN_TITLED = 3  # paragraphs of the archive that give the person the title
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
    """How often the archive gives a person a title, counted once per (title, person)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self.counts: dict[tuple[str, str], int] = {}

    def _paragraphs(self, query: str) -> int:
        return self.db.execute("SELECT count(*) FROM paragraphs_fts WHERE paragraphs_fts MATCH ?", (query,)).fetchone()[
            0
        ]

    def of(self, title: str, person: str) -> int:
        key = (title, person)
        if key not in self.counts:
            name = name_key(person)
            given = self._paragraphs(f'"{title} {name}" OR "{name} the {title}"')
            if given:
                # `Deputy Prime Minister John Prescott`, `former Tory chancellor Ken Clarke`.
                other = " OR ".join(f'NEAR({word} "{title} {name}", {OFFICE_REACH})' for word in OTHER_OFFICE)
                given -= self._paragraphs(other)
            self.counts[key] = max(given, 0)
        return self.counts[key]


def settle(db: sqlite3.Connection, article_ids: Iterable[int]) -> int:
    """Give the quotes of these articles whose speaker is written as a title the person the archive
    gives it (see the module's docstring). Returns the number of quotes that changed speaker; the
    names they were stored under are queued for the next consolidation (archive.entities)."""
    holders = Holders(db)
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
