"""Search semantics with exact expectations: the query language, ranking, and the filters, through
both `archive.search.search()` and the `search` canned query in Datasette."""

from __future__ import annotations

import sqlite3

import pytest

from archive.search import MARK_END, MARK_START, fts_query, highlight_html, search
from tests.small_archive import STORIES, Site, build


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return build(tmp_path_factory.mktemp("small") / "archive.db", STORIES)


@pytest.fixture(scope="module")
def site(small):
    return Site(small)


def canned(site: Site, q: str, **filters: str) -> list[tuple]:
    response = site.get("/archive/search.json", q=q, _shape="objects", **filters)
    assert response.status_code == 200, response.text
    return [(r["kind"], r["article_id"], r["paragraph"]) for r in response.json()["rows"]]


def found(small, q: str, where: str = "paragraphs") -> list[tuple[int, int]]:
    conn = sqlite3.connect(small)
    try:
        return [(r["article_id"], r["paragraph"]) for r in search(conn, q, where)]
    finally:
        conn.close()


@pytest.mark.parametrize(
    "typed, expression",
    [
        ("flood", '"flood"'),
        ("flood harbour", '"flood" AND "harbour"'),
        ('"flood defences"', '"flood defences"'),
        ("harb*", '"harb"*'),
        ("flood -harbour", '("flood") NOT ("harbour")'),
        ("pumps OR robotics", '"pumps" OR "robotics"'),
        ("a b OR c", '("a" AND "b") OR "c"'),
        ("NEAR(", '"NEAR"'),
        ("text:flood", '"text flood"'),
        ("", ""),
        ('"', ""),
        ("(", ""),
        ("*", ""),
        ("-", ""),
        ("🙂", ""),
        ("OR", ""),
    ],
)
def test_query_language(typed, expression):
    assert fts_query(typed) == expression


def test_ranking_puts_the_densest_paragraph_first(small):
    assert found(small, "flood") == [(2, 1), (1, 1), (2, 3), (4, 1)]


def test_phrase_needs_the_words_together(small):
    assert found(small, '"flood defences"') == [(1, 1)]
    assert found(small, "flood defences") == [(1, 1), (2, 3)]


def test_prefix(small):
    assert found(small, "harb") == []
    assert sorted(found(small, "harb*")) == [(1, 1), (1, 2), (3, 2), (4, 1)]


def test_minus_excludes(small):
    assert found(small, "flood -harbour") == [(2, 1), (2, 3)]


def test_or_finds_either(small):
    assert sorted(found(small, "pumps OR robotics")) == [(2, 2), (3, 1), (3, 2)]


def test_search_everything_ranks_across_kinds(small):
    conn = sqlite3.connect(small)
    rows = search(conn, "flood", "all")
    assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)
    assert {r["kind"] for r in rows} == {"paragraph", "quote", "article"}


def test_canned_search_semantics(site):
    assert canned(site, "flood") == [
        ("quote", 2, 1),
        ("paragraph", 2, 1),
        ("paragraph", 1, 1),
        ("paragraph", 2, 3),
        ("paragraph", 4, 1),
    ]
    assert canned(site, '"flood defences"') == [("paragraph", 1, 1)]
    assert canned(site, "harb") == []
    assert canned(site, "flood -harbour") == [("quote", 2, 1), ("paragraph", 2, 1), ("paragraph", 2, 3)]
    assert sorted(canned(site, "pumps OR robotics")) == [
        ("paragraph", 2, 2),
        ("paragraph", 3, 1),
        ("paragraph", 3, 2),
        ("quote", 3, 2),
    ]


def test_canned_search_filters(site):
    assert canned(site, "flood", source="River Post") == [("quote", 2, 1), ("paragraph", 2, 1), ("paragraph", 2, 3)]
    assert canned(site, "flood", since="2024-02-01", until="2024-03-05") == canned(site, "flood", source="river post")
    assert canned(site, "flood", until="2024-01-10") == [("paragraph", 1, 1)]
    assert canned(site, "harbour", entity="Ada Lovelace") == [("paragraph", 1, 2), ("paragraph", 1, 1), ("quote", 1, 2)]
    assert canned(site, "harbour", speaker="Charles Babbage") == [("paragraph", 3, 2), ("quote", 3, 2)]
    assert canned(site, "harbour", speaker="Nobody") == []


def test_canned_search_returns_what_a_result_needs(site):
    rows = site.get("/archive/search.json", q='"robust and reliable"', _shape="objects").json()["rows"]
    assert sorted((r["kind"], r["speaker"] or "", r["speaker_id"] or 0) for r in rows) == [
        ("paragraph", "", 0),
        ("quote", "Charles Babbage", 3),
    ]
    for row in rows:
        assert row["title"] == "Mayor warns of winter flooding"
        assert row["source"] == "River Post"
        assert row["published_at"].startswith("2024-03-05")
        assert row["link"] == "/archive/articles/2#p2"
        assert MARK_START + "robust and reliable" + MARK_END in row["snippet"]


def test_search_page_highlights_matches(site):
    html = site.get("/archive/search", q="pumps").text
    assert "<mark>pumps</mark>" in html
    assert 'href="/archive/articles/2#p2"' in html


def test_empty_and_unsearchable_input_is_a_friendly_page(site):
    assert "Type some words" in site.get("/archive/search").text
    assert "No paragraphs or quotes match" in site.get("/archive/search", q='"').text


def test_highlight_escapes_before_marking():
    assert highlight_html(f"<b>{MARK_START}x{MARK_END}</b>") == "&lt;b&gt;<mark>x</mark>&lt;/b&gt;"


def test_a_query_matching_more_than_the_pool_is_ranked_among_its_newest_matches(small, monkeypatch):
    """Very common terms are ranked among the newest POOL matches, rarer ones over all matches."""
    import archive.search

    conn = sqlite3.connect(small)
    try:
        everything = [r["id"] for r in search(conn, "the", "paragraphs", limit=100, collapse=False)]
        newest = sorted(everything, reverse=True)[:3]
        monkeypatch.setattr(archive.search, "POOL", 3)
        pooled = [r["id"] for r in search(conn, "the", "paragraphs", limit=100, collapse=False)]
    finally:
        conn.close()
    assert len(everything) > 3
    assert sorted(pooled) == sorted(newest)
    assert pooled == [i for i in everything if i in newest]  # the same bm25 order among them
