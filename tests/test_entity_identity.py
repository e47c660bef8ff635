"""Identity across the archive: one type per name, a surname alone linked to the person it means when
one person with it dominates, clipped forms, names written alike, and corrections over all of it."""

from __future__ import annotations

import sqlite3

import pytest

from archive.identity import DOMINANCE, MIN_MENTIONS, Correction, Name, clipped, decide
from archive.store import Archive
from ingest.models import EntityRecord, MentionRecord, ParagraphRecord, ProcessedArticle, QuoteRecord


def names(*rows: tuple[str, str, int]) -> list[Name]:
    return [Name(i, name, type_, mentions) for i, (name, type_, mentions) in enumerate(rows, start=1)]


def entity_of(decided: dict, rows: list[Name], name: str, type_: str) -> tuple[str, str]:
    [row] = [n for n in rows if (n.name, n.type) == (name, type_)]
    return decided[row.id]


# ----- the rules ---------------------------------------------------------------------------------


def test_a_name_has_the_type_most_of_its_mentions_have():
    rows = names(("Tony Blair", "PERSON", 40), ("Tony Blair", "GPE", 3), ("Labour", "ORG", 39), ("Labour", "PERSON", 7))
    decided = decide(rows)
    assert entity_of(decided, rows, "Tony Blair", "GPE") == ("Tony Blair", "PERSON")
    assert entity_of(decided, rows, "Labour", "PERSON") == ("Labour", "ORG")


def test_a_surname_alone_is_the_person_who_dominates_it():
    rows = names(("Gordon Brown", "PERSON", 3 * DOMINANCE), ("Nick Brown", "PERSON", 3), ("Brown", "PERSON", 5))
    decided = decide(rows)
    assert entity_of(decided, rows, "Brown", "PERSON") == ("Gordon Brown", "PERSON")
    # Two people with one surname stay two people.
    assert entity_of(decided, rows, "Nick Brown", "PERSON") == ("Nick Brown", "PERSON")


def test_a_surname_shared_by_people_none_dominates_stays_apart():
    rows = names(("Gordon Brown", "PERSON", 3 * DOMINANCE - 1), ("Nick Brown", "PERSON", 3), ("Brown", "PERSON", 5))
    assert entity_of(decide(rows), rows, "Brown", "PERSON") == ("Brown", "PERSON")


def test_a_surname_is_not_linked_on_a_passing_mention():
    rows = names(("Adolf Hitler", "PERSON", MIN_MENTIONS - 1), ("Hitler", "PERSON", 3))
    assert entity_of(decide(rows), rows, "Hitler", "PERSON") == ("Hitler", "PERSON")
    rows = names(("Adolf Hitler", "PERSON", MIN_MENTIONS), ("Hitler", "PERSON", 3))
    assert entity_of(decide(rows), rows, "Hitler", "PERSON") == ("Adolf Hitler", "PERSON")


def test_a_surname_read_as_an_organisation_follows_its_majority_first():
    rows = names(("Tony Blair", "PERSON", 20), ("Blair", "PERSON", 6), ("Blair", "ORG", 2))
    decided = decide(rows)
    assert (
        entity_of(decided, rows, "Blair", "ORG")
        == entity_of(decided, rows, "Blair", "PERSON")
        == (
            "Tony Blair",
            "PERSON",
        )
    )


def test_a_double_barrelled_surname_links_however_the_full_name_is_written():
    rows = names(
        ("Robert Kilroy Silk", "PERSON", 8), ("Robert Kilroy-Silk", "PERSON", 6), ("Kilroy-Silk", "PERSON", 20)
    )
    decided = decide(rows)
    assert entity_of(decided, rows, "Kilroy-Silk", "PERSON") == ("Robert Kilroy Silk", "PERSON")
    assert entity_of(decided, rows, "Robert Kilroy-Silk", "PERSON") == ("Robert Kilroy Silk", "PERSON")


def test_an_honorific_makes_the_name_a_persons_surname():
    rows = names(("Gordon Brown", "PERSON", 20), ("Mr Brown", "ORG", 1))
    assert entity_of(decide(rows), rows, "Mr Brown", "ORG") == ("Gordon Brown", "PERSON")


def test_names_written_alike_are_one_name_in_its_commonest_form():
    rows = names(("Labour Party", "ORG", 10), ("Labour party", "ORG", 4), ("LABOUR PARTY", "ORG", 1))
    assert set(decide(rows).values()) == {("Labour Party", "ORG")}


def test_a_clipped_form_is_the_longer_name():
    rows = names(("Liberal Democrats", "NORP", 30), ("Lib Dems", "PERSON", 60), ("Lib Dem", "PERSON", 20))
    decided = decide(rows)
    assert entity_of(decided, rows, "Lib Dems", "PERSON") == ("Liberal Democrats", "NORP")
    assert entity_of(decided, rows, "Lib Dem", "PERSON") == ("Liberal Democrats", "NORP")


def test_a_clipped_form_is_not_linked_to_a_name_far_rarer_than_itself():
    rows = names(("New Labourites", "NORP", 1), ("New Labour", "ORG", 3 * DOMINANCE + 1))
    assert entity_of(decide(rows), rows, "New Labour", "ORG") == ("New Labour", "ORG")


@pytest.mark.parametrize(
    "short, full, same",
    [
        ("Lib Dems", "Liberal Democrats", True),
        ("Ken Clarke", "Kenneth Clarke", True),
        ("David Davis", "David Davies", False),  # one letter more is another name, not a clipped one
        ("Jo Smith", "John Smith", False),  # too short to tell
        ("Blair", "Blairite", False),  # one word: never
    ],
)
def test_clipped_forms(short, full, same):
    assert clipped(short, full) is same


def test_a_split_name_stays_to_itself():
    rows = names(("Gordon Brown", "PERSON", 30), ("Brown", "PERSON", 5))
    decided = decide(rows, [Correction("split", "Brown", None)])
    assert entity_of(decided, rows, "Brown", "PERSON") == ("Brown", "PERSON")


def test_splitting_one_type_keeps_it_apart_from_the_names_other_types():
    rows = names(("Washington", "GPE", 30), ("Washington", "PERSON", 4))
    assert entity_of(decide(rows), rows, "Washington", "PERSON") == ("Washington", "GPE")
    decided = decide(rows, [Correction("split", "Washington", "PERSON")])
    assert entity_of(decided, rows, "Washington", "PERSON") == ("Washington", "PERSON")
    assert entity_of(decided, rows, "Washington", "GPE") == ("Washington", "GPE")


def test_a_rename_carries_every_name_linked_to_the_entity():
    rows = names(("Tony Blair", "PERSON", 30), ("Tony Blair", "GPE", 2), ("Blair", "PERSON", 5))
    decided = decide(rows, [Correction("rename", "Tony Blair", "PERSON", "Anthony Blair", "PERSON")])
    assert set(decided.values()) == {("Anthony Blair", "PERSON")}


def test_a_merge_overrides_the_surname_rule():
    rows = names(("Gordon Brown", "PERSON", 30), ("Nick Brown", "PERSON", 2), ("Brown", "PERSON", 5))
    decided = decide(rows, [Correction("merge", "Brown", None, "Nick Brown", "PERSON")])
    assert entity_of(decided, rows, "Brown", "PERSON") == ("Nick Brown", "PERSON")


# ----- in the archive: the store path and consolidation ---------------------------------------------


def article(n: int, people: list[tuple[str, str, list[str]]], speaker: int | None = None) -> ProcessedArticle:
    """An analysed article naming `people` [(name, type, [as written, ...])], one paragraph, a quote by
    the entity `speaker` (an index) when given."""
    written = [w for _, _, forms in people for w in forms]
    text = f"Article {n}: " + ", ".join(written) + ". “Something,” one said."
    entities = [EntityRecord(name, type_) for name, type_, _ in people]
    mentions, at = [], len(f"Article {n}: ")
    for index, (_, _, forms) in enumerate(people):
        for form in forms:
            mentions.append(MentionRecord(index, 1, form, at, at + len(form)))
            at += len(form) + 2
    start = text.index("Something")
    quotes = [QuoteRecord(1, "Something,", "direct", start, start + 10, written[0], speaker, "said")]
    return ProcessedArticle(
        text=text,
        content_hash=f"hash-{n}",
        origin=f"article-{n}",
        paragraphs=[ParagraphRecord(1, text, 0, len(text))],
        entities=entities,
        mentions=mentions,
        quotes=quotes if speaker is not None else [],
        nlp_version="test",
    )


def rows(path, sql: str, params=()) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def speaker_of(path, origin: str) -> tuple[str, str]:
    return rows(
        path,
        "select e.name, e.type from quotes q join entities e on e.id = q.speaker_id"
        " join articles a on a.id = q.article_id where a.origin = ?",
        (origin,),
    )[0]


def test_a_name_new_to_the_archive_takes_the_type_the_archive_has_for_it(db_path):
    with Archive(db_path) as archive:
        archive.store(article(1, [("Tony Blair", "PERSON", ["Tony Blair"])], speaker=0))
        archive.store(article(2, [("Tony Blair", "GPE", ["Tony Blair"])], speaker=0))
    assert speaker_of(db_path, "article-2") == ("Tony Blair", "PERSON")
    assert rows(db_path, "select name, type from entities") == [("Tony Blair", "PERSON")]


def test_consolidation_links_a_surname_stored_before_its_person_was_known(db_path):
    with Archive(db_path) as archive:
        archive.store(article(1, [("Blair", "PERSON", ["Blair"])], speaker=0))
        for n in range(2, 4):
            archive.store(article(n, [("Tony Blair", "PERSON", ["Tony Blair", "Blair"])]))
        assert speaker_of(db_path, "article-1") == ("Blair", "PERSON")
        changes = archive.consolidate_entities()
        archive.prune_entities()
    assert changes.names == 1 and changes.quotes == 1
    assert speaker_of(db_path, "article-1") == ("Tony Blair", "PERSON")
    assert rows(db_path, "select name from entities where type = 'PERSON'") == [("Tony Blair",)]
    # The mention keeps the name its article gave, for the archive to decide again later.
    assert rows(db_path, "select n.name from mentions m join entity_names n on n.id = m.name_id where m.text = 'Blair'")


def test_a_type_decided_by_the_archive_renames_the_entity_in_place(db_path):
    with Archive(db_path) as archive:
        archive.store(article(1, [("Charles Kennedy", "GPE", ["Charles Kennedy"])], speaker=0))
        [(first_id,)] = rows(db_path, "select id from entities")
        for n in range(2, 5):
            archive.store(article(n, [("Charles Kennedy", "PERSON", ["Charles Kennedy"])]))
        archive.consolidate_entities()
        archive.prune_entities()
    # New PERSON names joined the GPE entity as they came (one type per name); now it is a PERSON.
    assert rows(db_path, "select id, name, type from entities") == [(first_id, "Charles Kennedy", "PERSON")]


def test_mention_counts_are_exact_after_an_update(db_path):
    with Archive(db_path) as archive:
        first = article(1, [("Tony Blair", "PERSON", ["Tony Blair", "Blair"])])
        again = article(1, [("Gordon Brown", "PERSON", ["Gordon Brown"])])
        first.url = again.url = "https://news.example/1"
        again.content_hash = "hash-1b"  # the same URL with new text: updated in place
        assert archive.store(first) == "added" and archive.store(again) == "updated"
        archive.consolidate_entities()
        archive.prune_entities()
    assert rows(db_path, "select name, mentions from entity_names") == [("Gordon Brown", 1)]
    assert rows(db_path, "select sum(mentions) from entity_names") == rows(db_path, "select count(*) from mentions")
