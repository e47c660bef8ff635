"""Stories and quote clusters: copies of real Wikinews articles grouped, distinct ones apart, pinned by P/R."""

from __future__ import annotations

import pickle
import sqlite3
from pathlib import Path

import pytest

from archive.regrouping import regroup
from archive.store import Archive
from ingest.fingerprint import BANDS, fingerprint
from ingest.models import RawArticle
from ingest.pipeline import prepare
from ingest.quote_keys import QuoteShape, same_quote
from tests.story_copies import (
    build_set,
    curly,
    partitions,
    quote_scores,
    read_article,
    store_all,
    story_scores,
    unique,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "wikinews"
ORIGINALS = [read_article(p) for p in sorted(FIXTURES.glob("*.txt"))]


def test_fingerprint_ignores_paragraph_order_quote_style_and_case():
    text = "\n\n".join(ORIGINALS[0].paragraphs)
    shuffled = "\n\n".join(reversed(ORIGINALS[0].paragraphs))
    a, b = fingerprint(text), fingerprint(curly(shuffled).upper())
    assert a.jaccard(b) == 1.0 and a.size == b.size
    assert len(set(a.band_keys())) == BANDS


def test_a_pickled_fingerprint_leaves_its_shingles_behind_and_still_matches():
    """Workers send fingerprints back pickled: signature and size travel, the shingles (a quarter
    of a processed article's bytes) are recomputed from the text when an exact check needs them."""
    text = "\n\n".join(ORIGINALS[0].paragraphs)
    fp = fingerprint(text)
    assert fp.shingles is not None and len(fp.shingles) == fp.size
    back = pickle.loads(pickle.dumps(fp))
    assert back.shingles is None and back.size == fp.size and back.jaccard(fp) == 1.0
    assert (back.signature == fp.signature).all() and back.band_keys() == fp.band_keys()


def test_copies_group_into_one_story_and_distinct_articles_stay_apart(tmp_path):
    docs = build_set(ORIGINALS, copies=3, shared_quotes=2)
    path = tmp_path / "stories.db"
    ids = store_all(path, docs)
    docs = unique(docs, ids)
    precision, recall = story_scores(path, docs, ids)
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)
    conn = sqlite3.connect(path)
    assert conn.execute("select count(*) from stories").fetchone()[0] == len(ORIGINALS)
    assert conn.execute("select sum(n_articles) from stories").fetchone()[0] == len(docs)


@pytest.fixture(scope="module")
def quoted_archive(nlp, tmp_path_factory):
    """The Wikinews fixtures and their copies, through the NLP."""
    docs = build_set(ORIGINALS, copies=2, seed=9, shared_quotes=2)
    path = tmp_path_factory.mktemp("quotes") / "archive.db"
    ids = store_all(path, docs, nlp=nlp)
    return path, unique(docs, ids), ids


def test_quote_clusters_group_the_same_quote_across_copies(quoted_archive):
    path, docs, ids = quoted_archive
    (precision, recall), scored = quote_scores(path, docs, ids, {d.key: d for d in ORIGINALS})
    assert scored >= 50
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)


def test_a_rebuild_gives_the_groups_of_incremental_addition(quoted_archive, tmp_path):
    path, _, _ = quoted_archive
    copy = tmp_path / "copy.db"
    with sqlite3.connect(path) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    before = partitions(copy)
    with Archive(copy) as archive:
        assert regroup(archive) > 0
    assert partitions(copy) == before


def test_cluster_counts_articles_sources_and_first_appearance(quoted_archive, sql):
    path, _, _ = quoted_archive
    [top] = sql(path, "select * from quote_clusters order by n_articles desc, id limit 1")
    [members] = sql(
        path,
        "select count(distinct a.id) as articles, count(distinct a.source_id) as sources,"
        " count(distinct a.story_id) as stories, min(a.id) as first from quotes q"
        " join articles a on a.id = q.article_id where q.cluster_id = ?",
        (top["id"],),
    )
    # A quote carried by an original, its two copies and a second story quoting it (and its copies).
    assert (top["n_articles"], top["n_sources"], top["first_article_id"]) == (6, 3, members["first"])
    assert (members["articles"], members["sources"], members["stories"]) == (6, 3, 2)


def test_a_partial_quote_joins_the_longer_direct_quote_of_its_speaker(process_text, db_path, sql):
    first = process_text(
        "Keir Starmer spoke in London on Monday.\n\n"
        '"This plan is a gimmick that will not stop a single boat," Starmer said.'
    )
    second = process_text('Keir Starmer dismissed the plan as a "gimmick" on Monday.')
    first.origin, second.origin = "first.txt", "second.txt"
    with Archive(db_path) as archive:
        archive.store(first)
        archive.store(second)
    rows = sql(db_path, "select q.text, q.cluster_id from quotes q where q.kind in ('direct', 'partial')")
    clusters = {r["text"]: r["cluster_id"] for r in rows}
    assert clusters["gimmick"] == clusters["This plan is a gimmick that will not stop a single boat,"] is not None


def test_same_quote_tolerates_punctuation_and_a_spelling_difference_and_speaker_slips_on_long_quotes():
    a = QuoteShape.of("We will organise the response, and we will not back down.", "Keir Starmer", "direct")
    b = QuoteShape.of("we will organize the response and we will not back down", "Starmer", "direct")
    assert same_quote(a, b) >= 0.8
    short = "We will not back down."  # a short quote under another name is another speaker's words
    assert (
        same_quote(QuoteShape.of(short, "Keir Starmer", "direct"), QuoteShape.of(short, "Rishi Sunak", "direct")) == 0
    )
    # A long quote word for word is one quote even when a copy names another speaker (an NLP slip).
    long_text = "We will organise the response, and we will not back down from this fight."
    assert (
        same_quote(
            QuoteShape.of(long_text, "Keir Starmer", "direct"), QuoteShape.of(long_text, "the minister", "direct")
        )
        == 1.0
    )


def test_an_update_in_place_moves_the_article_out_of_its_story(db_path, sql):
    [original] = ORIGINALS[:1]
    other = ORIGINALS[1]
    with Archive(db_path) as archive:
        archive.store(prepare(RawArticle(text=original.text, origin="a", url="https://a.example/1")))
        archive.store(
            prepare(RawArticle(text=original.text + "\n\nOne more line.", origin="b", url="https://b.example/1"))
        )
        archive.store(prepare(RawArticle(text=other.text, origin="b", url="https://b.example/1")))
    rows = sql(db_path, "select id, story_id from articles order by id")
    assert rows[0]["story_id"] != rows[1]["story_id"]
    assert [r["n_articles"] for r in sql(db_path, "select n_articles from stories order by id")] == [1, 1]


def test_first_appearance_is_the_earliest_published_version(db_path, sql):
    text = ORIGINALS[2].text
    with Archive(db_path) as archive:
        archive.store(prepare(RawArticle(text=text, origin="late", published_at="2019-05-02")))
        archive.store(prepare(RawArticle(text=text + "\n\nUpdated.", origin="early", published_at="2019-05-01")))
    [story] = sql(db_path, "select * from stories")
    assert story["n_articles"] == 2 and story["first_seen"] == "2019-05-01"
    assert story["first_article_id"] == sql(db_path, "select id from articles where origin = 'early'")[0]["id"]


def test_reprocess_stories_rebuilds_the_groups_from_the_command_line(cli, db_path, tmp_path, sql):
    folder = tmp_path / "articles"
    folder.mkdir()
    for n, doc in enumerate(build_set(ORIGINALS[:2], copies=2)):
        (folder / f"{n}.txt").write_text(doc.title + "\n\n" + doc.text, encoding="utf-8")
    assert cli("ingest", "--db", db_path, "--no-nlp", folder).exit_code == 0
    assert sql(db_path, "select count(*) as n from stories")[0]["n"] == 0  # the bulk path groups later
    result = cli("reprocess", "--db", db_path, "--stories")
    assert result.exit_code == 0 and "2 stories" in result.output
    first = partitions(db_path)
    assert len(first[0]) == 2
    assert cli("reprocess", "--db", db_path, "--stories").exit_code == 0
    assert partitions(db_path) == first


def test_search_collapses_copies_of_a_story_unless_asked_for_all(tmp_path):
    from archive.search import search

    path = tmp_path / "stories.db"
    docs = build_set(ORIGINALS, copies=3)
    store_all(path, docs)
    conn = sqlite3.connect(path)
    collapsed = search(conn, "escape room", "paragraphs", limit=50)
    every = search(conn, "escape room", "paragraphs", limit=50, collapse=False)
    assert {r["article_id"] for r in collapsed} == {every[0]["article_id"]}
    assert len(every) > len(collapsed) and collapsed[0]["id"] == every[0]["id"]
    assert collapsed[0]["versions"] == len({r["article_id"] for r in every}) > 1


def test_datasette_search_collapses_copies_and_story_and_speaker_pages_answer(quoted_archive):
    from tests.small_archive import Site

    path, _, _ = quoted_archive
    site = Site(path)

    def rows(query: str, **params: str) -> list[dict]:
        response = site.get(f"/{site.db}/{query}.json", _shape="objects", **params)
        assert response.status_code == 200, response.text
        return response.json()["rows"]  # the search page's export and canned queries alike

    collapsed, every = rows("search", q="escape room"), rows("search", q="escape room", all_copies="1")
    assert len(collapsed) < len(every)
    assert len({r["article_id"] for r in collapsed if r["story_id"] == every[0]["story_id"]}) == 1
    assert max(r["versions"] for r in collapsed) == 3  # the original and its two copies
    story = every[0]["story_id"]
    versions = rows("story", story=str(story))
    assert len(versions) == 3 and versions[0]["is_first"] == 1
    assert any(v["paragraphs_added"] or v["paragraphs_missing"] for v in versions[1:])
    assert site.get(f"/{site.db}/story", story=str(story)).status_code == 200
    [top] = rows("distinct_quotes_by", speaker="Duda")[:1]
    assert top["outlets"] >= 2 and top["first_seen"]
