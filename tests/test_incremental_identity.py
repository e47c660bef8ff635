"""A run end decides again only the names the run touched and the names linked to them
(archive.entities.consolidate_queued), with the same outcome as deciding every name of the archive."""

from __future__ import annotations

import random
import shutil
import sqlite3
import string

import pytest

from archive import entities
from archive.entities import EntityError
from archive.grouping import Grouping
from archive.store import Archive
from ingest.models import EntityRecord, MentionRecord, ParagraphRecord, ProcessedArticle, QuoteRecord

# Names that the rules link or keep apart: surnames shared or dominated, a double-barrelled one,
# honorifics, clipped forms of first names and of organisations, the same name written otherwise.
FIRSTS = ["Gordon", "Nick", "Tony", "Charles", "Robert", "Ken", "Kenneth", "Cherie"]
SURNAMES = ["Brown", "Blair", "Kennedy", "Kilroy-Silk", "Clarke", "Howard"]
OTHERS = [
    "Robert Kilroy Silk",
    "Gordon BROWN",
    "Liberal Democrats",
    "Lib Dems",
    "Lib Dem",
    "Labour Party",
    "Labour party",
    "Labour",
    "New Labour",
    "Brown Group",
    "Conservative Party",
    "Conservatives",
    "Cons Party",
    "Washington",
]
TYPES = ["PERSON", "ORG", "GPE", "NORP"]


def random_name(rng: random.Random) -> tuple[str, str]:
    """A name and the type an article gave it: mostly the right one, sometimes not."""
    roll = rng.random()
    if roll < 0.45:
        name = f"{rng.choice(FIRSTS)} {rng.choice(SURNAMES)}"
    elif roll < 0.7:
        name = rng.choice(SURNAMES)
        if rng.random() < 0.3:
            name = f"{rng.choice(['Mr', 'Mrs', 'Dr'])} {name}"
    else:
        return rng.choice(OTHERS), rng.choice(TYPES)
    return name, "PERSON" if rng.random() < 0.8 else rng.choice(TYPES)


def random_article(rng: random.Random, n: int, url: str) -> ProcessedArticle:
    """An analysed article naming a few entities one to three times each, a quote by one of them."""
    people = list(dict.fromkeys(random_name(rng) for _ in range(rng.randint(1, 4))))
    written = [(index, name) for index, (name, _) in enumerate(people) for _ in range(rng.randint(1, 3))]
    text = f"Article {n}: " + ", ".join(name for _, name in written) + ". “Words,” one said."
    mentions, at = [], len(f"Article {n}: ")
    for index, name in written:
        mentions.append(MentionRecord(index, 1, name, at, at + len(name)))
        at += len(name) + 2
    start = text.index("Words")
    speaker = rng.randrange(len(people))
    return ProcessedArticle(
        text=text,
        content_hash=f"hash-{n}",
        origin=f"article-{n}",
        url=url,
        paragraphs=[ParagraphRecord(1, text, 0, len(text))],
        entities=[EntityRecord(name, type_) for name, type_ in people],
        mentions=mentions,
        quotes=[QuoteRecord(1, "Words,", "direct", start, start + 6, people[speaker][0], speaker, "said")],
        nlp_version="test",
    )


def correct(archive: Archive, rng: random.Random) -> None:
    """A person's correction of a random entity or name: a merge, a rename or a split."""
    with archive.writer.transaction() as db:
        names = [n for (n,) in db.execute("SELECT name FROM entities ORDER BY id")]
        try:
            action = rng.choice(["merge", "rename", "split"])
            if action == "merge":
                entities.merge(db, rng.choice(names), rng.choice(names))
            elif action == "rename":
                entities.rename(db, rng.choice(names), rng.choice(names + ["Anthony Blair", "Lib Dems"]))
            else:
                entities.split(db, rng.choice(names))
        except EntityError:
            pass  # a name of two entities, a merge into itself: not a correction to make


def state(path) -> tuple[list, list]:
    """Every name with its mentions and entity, and every entity, as stored."""
    conn = sqlite3.connect(path)
    try:
        names = conn.execute(
            "SELECT n.id, n.name, n.type, n.mentions, e.id, e.name, e.type FROM entity_names n"
            " JOIN entities e ON e.id = n.entity_id ORDER BY n.id"
        ).fetchall()
        found = conn.execute("SELECT id, name, type FROM entities ORDER BY id").fetchall()
        return names, found
    finally:
        conn.close()


def consolidate_queued(archive: Archive) -> entities.Changes:
    """The run end's consolidation, never for the whole archive however small it is."""
    with archive.writer.transaction() as db:
        return entities.consolidate_queued(db, max_share=1)


@pytest.mark.parametrize("seed", range(40))
def test_deciding_what_a_run_touched_gives_what_deciding_everything_gives(tmp_path, seed):
    rng = random.Random(seed)
    base = tmp_path / "base.db"
    urls = [f"https://news.example/{i}" for i in range(30)]
    with Archive(base) as archive:
        for n, url in enumerate(urls):
            archive.store(random_article(rng, n, url), Grouping.NONE)
        archive.consolidate_entities(whole=True)
        for _ in range(rng.randint(0, 3)):
            correct(archive, rng)
    paths = {"touched": tmp_path / "touched.db", "whole": tmp_path / "whole.db"}
    for path in paths.values():
        shutil.copyfile(base, path)
    n = len(urls)
    for _round in range(3):
        # One batch of changes, the same in both archives: new articles, articles updated in place.
        batch = []
        for _ in range(rng.randint(1, 4)):
            n += 1
            batch.append(random_article(rng, n, f"https://news.example/{n}"))
        for url in rng.sample(urls, rng.randint(0, 2)):
            n += 1
            batch.append(random_article(rng, n, url))
        fix = rng.random() < 0.3  # a person's correction first, the same in both
        for how, path in paths.items():
            with Archive(path) as archive:
                if fix:
                    correct(archive, random.Random(seed * 100 + _round))
                for article in batch:
                    archive.store(article, Grouping.NONE)
                if how == "touched":
                    changes = consolidate_queued(archive)
                    assert not changes.whole
                else:
                    archive.consolidate_entities(whole=True)
        assert state(paths["touched"]) == state(paths["whole"]), f"seed {seed}, round {_round}"


def unrelated_name(rng: random.Random) -> str:
    """A person's name no other name shares a surname, a shape or a spelling with (almost surely)."""
    return " ".join("".join(rng.choice(string.ascii_lowercase) for _ in range(7)).title() for _ in range(2))


def article_naming(n: int, names: list[tuple[str, str]]) -> ProcessedArticle:
    text = f"Article {n}: " + ", ".join(name for name, _ in names) + "."
    mentions, at = [], len(f"Article {n}: ")
    for index, (name, _) in enumerate(names):
        mentions.append(MentionRecord(index, 1, name, at, at + len(name)))
        at += len(name) + 2
    return ProcessedArticle(
        text=text,
        content_hash=f"hash-{n}",
        origin=f"article-{n}",
        paragraphs=[ParagraphRecord(1, text, 0, len(text))],
        entities=[EntityRecord(name, type_) for name, type_ in names],
        mentions=mentions,
        nlp_version="test",
    )


def test_a_run_naming_one_person_decides_only_the_names_linked_to_them(db_path):
    rng = random.Random(7)
    with Archive(db_path) as archive:
        for n in range(100):
            archive.store(article_naming(n, [(unrelated_name(rng), "PERSON") for _ in range(3)]), Grouping.NONE)
        archive.store(article_naming(100, [("Tony Blair", "PERSON"), ("Cherie Blair", "PERSON")]), Grouping.NONE)
        archive.store(article_naming(101, [("Blair", "PERSON"), ("Mr Blair", "PERSON")]), Grouping.NONE)
        archive.store(article_naming(102, [("Tony Blairs", "ORG")]), Grouping.NONE)
        first = archive.consolidate_entities()
        assert first.whole  # the archive's first names: all of them
        for n in range(103, 106):
            archive.store(article_naming(n, [("Tony Blair", "PERSON")]), Grouping.NONE)
        changes = archive.consolidate_entities()
    # Tony Blair, and the names his decision and theirs read: the surname alone (and after an
    # honorific), the other Blair whose weight decides it with his, a clipped-shape neighbour.
    assert not changes.whole and changes.decided == 5
    assert changes.names == 2  # Blair and Mr Blair are his now: he is named often enough
    names = dict(
        sqlite3.connect(db_path).execute(
            "SELECT n.name, e.name FROM entity_names n JOIN entities e ON e.id = n.entity_id"
            " WHERE n.name LIKE '%Blair%'"
        )
    )
    assert names == {
        "Tony Blair": "Tony Blair",
        "Cherie Blair": "Cherie Blair",
        "Blair": "Tony Blair",
        "Mr Blair": "Tony Blair",
        "Tony Blairs": "Tony Blairs",
    }


def test_names_stored_by_a_run_that_never_ended_are_decided_by_the_next(db_path):
    with Archive(db_path) as archive:
        archive.store(article_naming(1, [("Blair", "PERSON"), ("Gordon Brown", "PERSON")]), Grouping.NONE)
        archive.consolidate_entities()
        for n in range(2, 5):  # a run killed before its end: nothing decided
            archive.store(article_naming(n, [("Tony Blair", "PERSON")]), Grouping.NONE)
    with Archive(db_path) as archive:
        changes = archive.consolidate_entities()
    assert changes.names == 1
    [(entity,)] = sqlite3.connect(db_path).execute(
        "SELECT e.name FROM entity_names n JOIN entities e ON e.id = n.entity_id WHERE n.name = 'Blair'"
    )
    assert entity == "Tony Blair"
    assert sqlite3.connect(db_path).execute("SELECT count(*) FROM identity_queue").fetchone() == (0,)


def test_names_are_stored_with_the_keys_their_neighbours_are_found_by(db_path):
    with Archive(db_path) as archive:
        archive.store(
            article_naming(1, [("Robert Kilroy Silk", "PERSON"), ("Mr Brown", "ORG"), ("Lib Dems", "NORP")]),
            Grouping.NONE,
        )
    rows = sqlite3.connect(db_path).execute(
        "SELECT name, folded, shape, surname, surname_long FROM entity_names ORDER BY id"
    )
    assert rows.fetchall() == [
        ("Robert Kilroy Silk", "robert kilroy silk", "rob kil sil", "silk", "kilroy silk"),
        ("Mr Brown", "brown", None, None, None),  # a surname alone, as the honorific says
        ("Lib Dems", "lib dems", "lib dem", "dems", None),
    ]


def test_an_archive_from_before_the_keys_has_every_name_decided_by_its_next_run(tmp_path):
    from archive.db import migrate

    old = tmp_path / "old.db"
    migrate(old, "0009")
    conn = sqlite3.connect(old)
    conn.executescript(
        """insert into articles(id, text, word_count, content_hash, ingested_at) values (1, 'x', 1, 'h', 'now');
           insert into paragraphs(id, article_id, position, text, char_start, char_end) values (1, 1, 1, 'x', 0, 1);
           insert into entities(id, name, type) values (1, 'Tony Blair', 'PERSON'), (2, 'Blair', 'PERSON');
           insert into mentions(entity_id, article_id, paragraph_id, text, char_start, char_end)
             values (1, 1, 1, 'Tony Blair', 0, 1), (1, 1, 1, 'Tony Blair', 0, 1), (1, 1, 1, 'Tony Blair', 0, 1),
                    (2, 1, 1, 'Blair', 0, 1);"""
    )
    conn.commit()
    conn.close()
    with Archive(old) as archive:
        archive.store(article_naming(2, [("Gordon Brown", "PERSON")]), Grouping.NONE)
        changes = archive.consolidate_entities()
    assert changes.whole and changes.decided == 3
    rows = sqlite3.connect(old).execute(
        "SELECT n.name, n.folded, e.name FROM entity_names n JOIN entities e ON e.id = n.entity_id ORDER BY n.id"
    )
    assert rows.fetchall() == [
        ("Tony Blair", "tony blair", "Tony Blair"),
        ("Blair", "blair", "Tony Blair"),  # names stored before, never decided: decided now
        ("Gordon Brown", "gordon brown", "Gordon Brown"),
    ]
