"""Hostile article text (scripts, event-handler attributes, javascript: URLs in titles, sources,
paragraphs, quotes and entity names) is inert on every page, and the archive is served read-only."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from tests.small_archive import HOSTILE, HOSTILE_IMG, STORIES, Site, build

PAGES = [
    "/",
    "/archive",
    "/archive/articles",
    "/archive/articles/4",
    "/archive/paragraphs",
    "/archive/paragraphs/9",
    "/archive/quotes",
    "/archive/quotes/4",
    "/archive/entities",
    "/archive/entities/4",
    "/archive/entities/5",
    "/archive/entities/2",
    "/archive/mentions",
    "/archive/sources",
    "/archive/sources/3",
    "/archive/quotes_with_speakers",
    "/archive/article_entities",
    "/archive/entity_cooccurrence?entity_id=5",
    "/archive/speaker_counts",
    "/archive/speaker_cooccurrence",
    "/archive/quotes_by_month",
    "/archive/articles_overview",
    "/archive/search?q=flood",
    "/archive/search?q=said",
    "/archive/search?q=script",
    "/archive/what_did_they_say?speaker=&about=",
    "/archive/most_quoted?type=",
    "/archive/quoted_alongside?speaker=Mallory",
    "/archive/entities_together?entity=&type=",
    f"/archive/articles_mentioning?entity={HOSTILE_IMG}&and_entity=",
    "/archive/paragraphs?_search=evil",
    "/archive/quotes?_facet=speaker_id",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return Site(build(tmp_path_factory.mktemp("hostile") / "archive.db", STORIES))


@pytest.mark.parametrize("path", PAGES)
def test_hostile_text_is_inert(site, path):
    response = site.get(path)
    assert response.status_code == 200, path
    html = response.text
    assert HOSTILE not in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html.lower()


def test_hostile_text_is_shown_escaped(site):
    html = site.get("/archive/articles/4").text
    assert "<h1>Hostile &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; headline</h1>" in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt; is what I said," in html
    assert "onerror=" not in html.replace("onerror=&#34;", "")


def test_served_read_only(site):
    assert site.get("/archive", sql="insert into sources (name) values ('x')").status_code == 400
    database = site.ds.get_database("archive")
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        asyncio.run(database.execute_fn(lambda conn: conn.execute("insert into sources (name) values ('x')")))
