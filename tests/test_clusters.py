"""Quote clusters as the writer builds them: fragments found through their speaker, quotes of one
article against each other, new clusters' rows equal to a recount."""

from __future__ import annotations

import sqlite3

from archive import clusters
from archive.store import Archive
from ingest.models import EntityRecord, QuoteRecord, RawArticle
from ingest.pipeline import prepare

STARMER = "Keir Starmer"
LONG = "This plan is a gimmick that will not stop a single boat crossing the Channel"


def article(origin: str, quotes: list[tuple[str, str, str]], lede: str = "The minister spoke on Monday."):
    """A processed article whose paragraphs are a lede and one quote each: (text, kind, speaker)."""
    body = [lede] + [f"\u201c{text},\u201d {speaker} said." for text, _, speaker in quotes]
    result = prepare(RawArticle(text="\n\n".join(body), origin=origin, url=f"https://news.example/{origin}"))
    names = sorted({speaker for _, _, speaker in quotes})
    result.entities = [EntityRecord(name, "PERSON") for name in names]
    for position, (text, kind, speaker) in enumerate(quotes, start=2):
        start = result.text.index(text)
        result.quotes.append(
            QuoteRecord(
                position,
                text,
                kind,
                start,
                start + len(text),
                speaker_text=speaker,
                speaker_entity=names.index(speaker),
                cue="said",
            )
        )
    result.nlp_version = "test"
    return result


def clusters_by_text(path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("select text, cluster_id from quotes"))


def test_a_later_fragment_joins_its_speakers_quote_that_contains_it_and_no_one_elses(db_path):
    with Archive(db_path) as archive:
        archive.store(article("a", [("Their scheme is a gimmick and voters know it", "direct", "Rishi Sunak")]))
        archive.store(article("b", [(LONG, "direct", STARMER)]))
        archive.store(article("c", [("gimmick", "partial", STARMER)]))
    found = clusters_by_text(db_path)
    assert found["gimmick"] == found[LONG] != found["Their scheme is a gimmick and voters know it"]


def test_a_later_quote_joins_an_earlier_fragment_of_its_speaker(db_path):
    with Archive(db_path) as archive:
        archive.store(article("a", [("gimmick", "partial", STARMER)]))
        archive.store(article("b", [(LONG, "direct", STARMER)]))
    found = clusters_by_text(db_path)
    assert found["gimmick"] == found[LONG]


def test_quotes_of_one_article_are_candidates_for_each_other(db_path):
    repeated = "We will not let the smugglers decide who comes to this country"
    with Archive(db_path) as archive:
        archive.store(
            article(
                "a",
                [
                    (repeated, "direct", STARMER),
                    ("Something else entirely was said here", "direct", STARMER),
                    (repeated + " again", "direct", STARMER),
                ],
            )
        )
    found = clusters_by_text(db_path)
    assert found[repeated] == found[repeated + " again"] != found["Something else entirely was said here"]


def test_the_clusters_made_while_storing_equal_a_recount(db_path):
    with Archive(db_path) as archive:
        archive.store(article("a", [(LONG, "direct", STARMER), ("gimmick", "partial", STARMER)]))
        archive.store(article("b", [(LONG + " again", "direct", "Starmer"), ("Nothing to add", "indirect", STARMER)]))
        archive.store(article("c", [("a single boat crossing the Channel", "partial", STARMER)]))
    conn = sqlite3.connect(db_path)
    before = conn.execute("select * from quote_clusters order by id").fetchall()
    assert [row[7] for row in before] == [4, 1]  # n_quotes: the long quote's cluster, the reported one
    with conn:
        clusters.refresh_many(conn, [row[0] for row in before])
    assert conn.execute("select * from quote_clusters order by id").fetchall() == before
