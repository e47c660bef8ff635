"""Every Datasette page type and canned query answers without a server error; the article, person
and entity pages show what they promise; the metadata describes every table and column."""

from __future__ import annotations

import re
import sqlite3

import pytest

from archive.publish.config import metadata
from archive.publish.pages import PAGES
from tests.small_archive import STORIES, Site, Story, build

CANNED = {
    "search": {"q": "Starmer Rwanda"},
    "what_did_they_say": {"speaker": "Starmer", "about": "Rwanda"},
    "articles_mentioning": {"entity": "Albania", "and_entity": "Giorgia Meloni"},
    "quoted_alongside": {"speaker": "Keir Starmer"},
    "most_quoted": {"type": "person"},
    "entities_together": {"entity": "Rwanda", "type": ""},
}


@pytest.fixture(scope="module")
def seed_site(seed_db):
    return Site(seed_db)


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    return Site(build(tmp_path_factory.mktemp("pages") / "archive.db", STORIES))


def relations(path) -> dict[str, str]:
    """Tables and views a person sees (FTS shadow tables left out) -> their type."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "select name, type from sqlite_master where type in ('table', 'view')"
            " and name not like 'sqlite_%' and name not like '%_fts_%'"
        ).fetchall()
    finally:
        conn.close()
    return dict(rows)


def test_every_page_type_answers(seed_db, seed_site):
    paths = [
        "/",
        "/.json",
        "/archive",
        "/archive.json",
        "/-/metadata",
        "/-/plugins.json",
        "/archive?sql=select+count(*)+from+quotes",
    ]
    for name in relations(seed_db):
        paths += [f"/archive/{name}", f"/archive/{name}.json"]
    for table in ("sources", "articles", "paragraphs", "entities", "mentions", "quotes"):
        paths += [f"/archive/{table}/1", f"/archive/{table}/1.json"]
    for query in CANNED:
        paths += [f"/archive/{query}", f"/archive/{query}.json"]
    failures = {p: r.status_code for p in paths if (r := seed_site.get(p)).status_code >= 500}
    assert failures == {}
    for path in ("/archive/sources/1", "/archive/ingest_runs/1"):
        assert seed_site.get(path).status_code in (200, 404)


@pytest.mark.parametrize("query", sorted(CANNED))
def test_canned_queries_answer_questions(seed_site, query):
    for suffix in ("", ".json"):
        response = seed_site.get(f"/archive/{query}{suffix}", **CANNED[query])
        assert response.status_code == 200, response.text
    rows = seed_site.get(f"/archive/{query}.json", _shape="objects", **CANNED[query]).json()["rows"]
    assert rows, query


def test_canned_query_answers(seed_site):
    said = seed_site.get("/archive/what_did_they_say.json", _shape="objects", speaker="Starmer", about="Rwanda").json()[
        "rows"
    ]
    assert [r["quote"] for r in said] == ["gimmick"]
    alongside = seed_site.get("/archive/quoted_alongside.json", _shape="objects", speaker="Keir Starmer").json()["rows"]
    assert "Giorgia Meloni" in {r["other"] for r in alongside}
    top = seed_site.get("/archive/most_quoted.json", _shape="objects", type="person").json()["rows"]
    assert "Keir Starmer" in {r["speaker"] for r in top} and {r["type"] for r in top} == {"PERSON"}
    assert [r["quotes"] for r in top] == sorted((r["quotes"] for r in top), reverse=True)
    both = seed_site.get(
        "/archive/articles_mentioning.json", _shape="objects", entity="Albania", and_entity="Nowhere"
    ).json()["rows"]
    assert both == []


def test_canned_query_results_link_to_pages(small_site):
    html = small_site.get("/archive/what_did_they_say", speaker="Lovelace", about="").text
    assert '<a href="/archive/entities/1">Ada Lovelace</a>' in html
    assert '<a href="/archive/articles/1">Harbour flood defences approved</a>' in html


def test_article_page_marks_quotes_and_entities(small_site):
    html = small_site.get("/archive/articles/1").text
    assert "<h1>Harbour flood defences approved</h1>" in html
    assert (
        '<span class="quote quote-direct" id="q1" data-speaker="Ada Lovelace">'
        "The harbour walls will protect every home,</span>"
    ) in html
    assert '<a class="speaker" href="/archive/entities/1"' in html
    assert '<a class="entity entity-gpe" href="/archive/entities/2" title="Portwell (GPE)">Portwell</a>' in html
    assert 'href="https://coast.example/flood-defences"' in html


def test_article_page_shows_repeated_paragraphs(seed_site, seed_db, sql):
    repeat = sql(
        seed_db,
        "select p.article_id, p.position, d.position as repeats from paragraphs p"
        " join paragraphs d on d.id = p.duplicate_of order by p.id limit 1",
    )[0]
    html = seed_site.get(f"/archive/articles/{repeat['article_id']}").text
    assert f'<p id="p{repeat["position"]}" class="repeat">' in html
    assert f'Repeats <a href="#p{repeat["repeats"]}">paragraph {repeat["repeats"]}</a>' in html


def test_person_page_lists_quotes_newest_first_with_a_chart(small_site):
    html = small_site.get("/archive/entities/3").text  # Charles Babbage
    assert html.index("Robotic arms are the future") < html.index("robust and reliable")
    assert '<svg class="chart"' in html
    assert "<title>2024-06: 1</title>" in html and "<title>2024-05: 0</title>" in html
    assert '<a href="/archive/articles/3#q4">Robotics fair opens</a>' in html


def test_entity_page_lists_articles_and_company(small_site):
    html = small_site.get("/archive/entities/2").text  # Portwell
    for title in ("Harbour flood defences approved", "Mayor warns of winter flooding", "Robotics fair opens"):
        assert title in html
    assert html.index("Robotics fair opens") < html.index("Harbour flood defences approved")
    assert '<a href="/archive/entities/3">Charles Babbage</a>' in html
    assert "<svg" not in html


# Each page of the archive's own (archive.publish.pages.PAGES): a row, the title its page gets and
# the class of the page's layout.
PAGE_TITLES = {
    "articles": ("1", "Harbour flood defences approved", "article"),
    "entities": ("1", "Ada Lovelace (PERSON)", "entity"),
    "stories": ("1", "Story 1: Harbour flood defences approved", "story"),
}


def test_every_registered_page_has_a_title_to_check():
    assert set(PAGES) == set(PAGE_TITLES)


@pytest.mark.parametrize("table", sorted(PAGE_TITLES))
def test_a_registered_page_lays_out_its_row_under_its_title_above_the_row_data(small_site, table):
    row, title, layout = PAGE_TITLES[table]
    page = small_site.get(f"/archive/{table}/{row}").text
    assert f"<title>{title}</title>" in page
    assert f'<div class="archive-page {layout}">' in page
    assert page.index("archive-page") < page.index('<details class="row-data">')


def test_a_table_without_a_page_keeps_datasettes_row_page(small_site):
    page = small_site.get("/archive/quotes/1").text
    assert "archive-page" not in page and "row-data" not in page
    assert "<title>archive: quotes</title>" in page


def test_missing_rows_are_404(small_site):
    assert small_site.get("/archive/articles/999").status_code == 404
    assert small_site.get("/archive/entities/999").status_code == 404


def test_every_table_and_column_is_described(seed_db):
    described = metadata("archive")["databases"]["archive"]["tables"]
    conn = sqlite3.connect(seed_db)
    try:
        for name in relations(seed_db):
            assert described.get(name, {}).get("description"), name
            if name.endswith("_fts"):
                continue
            columns = [c[1] for c in conn.execute(f'pragma table_info("{name}")')]
            missing = set(columns) - set(described[name].get("columns", {}))
            assert not missing, (name, missing)
    finally:
        conn.close()


def test_the_quotes_attribution_column_names_every_rule():
    from ingest.quotes.rules import ACCORDING_TO, REPORTED_CLAUSE, RULES

    described = metadata("archive")["databases"]["archive"]["tables"]["quotes"]["columns"]["attribution"]
    for rule in [*RULES, REPORTED_CLAUSE, ACCORDING_TO]:
        assert rule.name in described, rule.name


def test_publication_settings():
    meta = metadata("archive")
    assert meta["title"] and meta["license"] and meta["source"] and meta["description_html"]
    tables = meta["databases"]["archive"]["tables"]
    assert tables["quotes"]["facets"] == ["speaker_id", "kind"]
    assert tables["entities"]["facets"] == ["type"]
    assert tables["articles"]["sort_desc"] == "published_at"
    assert all(tables[t]["label_column"] for t in ("sources", "articles", "entities"))


def test_datasette_detects_the_three_fts_tables(seed_site):
    """Double-quoted `content="table"` lets Datasette find each table's FTS index (search box)."""
    tables = {t["name"]: t["fts_table"] for t in seed_site.get("/archive.json").json()["tables"]}
    assert tables["articles"] == "articles_fts"
    assert tables["paragraphs"] == "paragraphs_fts"
    assert tables["quotes"] == "quotes_fts"


UNCERTAIN = [
    Story(
        title="Pier to reopen",
        published="2024-05-01T10:00:00",
        paragraphs=[
            "“The pier will reopen in June,” said Grace Hopper.",
            "“Repairs went faster than planned,” a council spokesman said.",
        ],
        quotes=[
            (1, "The pier will reopen in June,", "direct", "Grace Hopper", "Grace Hopper", 0.97),
            (2, "Repairs went faster than planned,", "direct", "Grace Hopper", "a council spokesman", 0.6),
        ],
        mentions=[(1, "Grace Hopper", "Grace Hopper", "PERSON")],
    )
]


@pytest.fixture(scope="module")
def uncertain_site(tmp_path_factory):
    return Site(build(tmp_path_factory.mktemp("uncertain") / "archive.db", UNCERTAIN))


def test_the_article_page_marks_uncertain_attributions(uncertain_site):
    html = uncertain_site.get("/archive/articles/1").text
    assert html.count('class="said-by uncertain"') == 1
    assert "confidence 0.60" in html


def test_what_did_they_say_can_leave_uncertain_attributions_out(uncertain_site):
    def quotes(confident: str) -> list[str]:
        params = {"speaker": "Grace Hopper", "about": "", "confident": confident, "_shape": "array"}
        return [row["quote"] for row in uncertain_site.get("/archive/what_did_they_say.json", **params).json()]

    assert len(quotes("")) == 2
    assert quotes("1") == ["The pier will reopen in June,"]


def test_the_person_page_marks_uncertain_attributions(uncertain_site):
    html = uncertain_site.get("/archive/entities/1").text
    items = html.split('<li class="distinct-quote">')[1:]
    assert len(items) == 2
    marked = [item for item in items if "uncertain attribution" in item]
    assert len(marked) == 1 and "Repairs went faster than planned" in marked[0]
    assert "confidence 0.60" in marked[0]


TALKATIVE = [
    Story(
        title=f"Council meeting {i}",
        published=f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}" if i % 10 else None,
        paragraphs=[f"“Item {i} is approved,” said Grace Hopper.", "The meeting closed early."],
        quotes=[(1, f"Item {i} is approved,", "direct", "Grace Hopper", "Grace Hopper")],
        mentions=[(1, "Grace Hopper", "Grace Hopper", "PERSON")],
    )
    for i in range(1, 61)
]


@pytest.fixture(scope="module")
def talkative_site(tmp_path_factory):
    return Site(build(tmp_path_factory.mktemp("talkative") / "archive.db", TALKATIVE))


def test_a_persons_quotes_and_articles_come_a_page_at_a_time(talkative_site):
    first = talkative_site.get("/archive/entities/1").text
    assert first.count('<li class="distinct-quote">') == 50
    assert "60 quotes (60 distinct) · mentioned in 60 articles" in first
    assert '<a rel="next" href="?quotes_page=2">next →</a>' in first
    assert '<a rel="next" href="?articles_page=2">next →</a>' in first
    second = talkative_site.get("/archive/entities/1", quotes_page="2").text
    assert second.count('<li class="distinct-quote">') == 10
    assert '<ol class="quotes" start="51">' in second
    assert talkative_site.get("/archive/entities/1", quotes_page="x").status_code == 200


def test_an_organisations_articles_come_a_page_at_a_time(tmp_path):
    stories = [
        Story(
            title=f"Port notice {i}",
            published=f"2024-02-{1 + i % 28:02d}",
            paragraphs=[f"The Harbour Board published notice {i}."],
            mentions=[(1, "Harbour Board", "Harbour Board", "ORG")],
        )
        for i in range(55)
    ]
    site = Site(build(tmp_path / "archive.db", stories))
    first = site.get("/archive/entities/1").text
    assert "0 quotes · mentioned in 55 articles" in first and "Quoted over time" not in first
    assert '<a rel="next" href="?articles_page=2">next →</a>' in first
    second = site.get("/archive/entities/1", articles_page="2").text
    assert second.count("Port notice") == 5


def test_an_undated_quote_says_undated_not_the_day_it_was_stored(talkative_site, tmp_path):
    html = talkative_site.get("/archive/entities/1").text
    undated = re.findall(r'<li class="distinct-quote">(.*?)</li>', html, re.S)
    stored_today = __import__("datetime").date.today().isoformat()
    assert any('first <span class="undated">(undated)</span>' in item for item in undated)
    assert stored_today not in html


def test_an_article_opened_from_a_search_highlights_the_words(small_site):
    html = small_site.get("/archive/articles/2", q="flood").text
    assert '<p id="p1" class="match">' in html
    assert html.count("<mark>") >= 5  # four in paragraph 1, one in paragraph 3, none in 2
    assert '<p id="p2">' in html
    assert "2 paragraphs match <mark>flood</mark>" in html
    plain = small_site.get("/archive/articles/2").text
    assert "<mark>" not in plain


def test_the_home_page_has_a_search_box_and_says_what_the_archive_holds(small_site):
    html = small_site.get("/").text
    assert '<form class="archive-search" action="/archive/search"' in html
    assert "4 articles from 3 sources, published 2024-01-10 to 2024-07-01; 5 quotes by 3 speakers" in html
    assert '<a href="/archive/search">Search</a>' in html


def test_internal_tables_are_hidden_and_the_database_page_opens_on_articles(small_site):
    html = small_site.get("/archive").text
    listed = re.findall(r'<h3><a href="/archive/([a-z_]+)"', html)
    # Datasette lists tables by name: the article tables (article_authors, article_versions, articles) first.
    assert "articles" in listed[:3] and all(name.startswith("article") for name in listed[:3])
    for internal in (
        "alembic_version",
        "grouping_queue",
        "deferred_fts_inserts",
        "article_fingerprints",
        "story_bands",
        "quote_keys",
    ):
        assert internal not in listed
    assert '<form class="archive-search" action="/archive/search"' in html


def test_entity_cooccurrence_answers_for_one_entity_and_asks_for_one_otherwise(small_site):
    unfiltered = small_site.get("/archive/entity_cooccurrence")
    assert unfiltered.status_code == 302 and unfiltered.headers["location"] == "/archive/entities_together"
    rows = small_site.get("/archive/entity_cooccurrence.json", entity="Portwell", _shape="array").json()
    assert {(r["other"], r["articles"]) for r in rows} == {("Ada Lovelace", 2), ("Charles Babbage", 2)}
    together = small_site.get("/archive/entities_together.json", entity="portwell", type="", _shape="array").json()
    assert {r["other"] for r in together} == {"Ada Lovelace", "Charles Babbage"}


def test_entity_cooccurrence_for_one_entity_reads_from_that_entity(seed_db):
    """The plan starts at the entity asked about, whatever its case, never at a scan of every mention."""
    conn = sqlite3.connect(seed_db)
    try:
        plan = [
            row[3]
            for row in conn.execute(
                "explain query plan select other, articles from entity_cooccurrence"
                " where entity = 'albania' collate nocase order by articles desc"
            )
        ]
    finally:
        conn.close()
    steps = [step for step in plan if step.startswith(("SCAN", "SEARCH"))]
    assert steps[0].split()[1] == "e1", plan
    assert not any(step.startswith("SCAN m") for step in steps), plan


def test_entity_cooccurrence_filtered_on_the_other_side_only_asks_for_an_entity(small_site):
    for params in ({"other": "Portwell"}, {"entity_type": "GPE"}, {"entity": ""}):
        assert small_site.get("/archive/entity_cooccurrence", **params).status_code == 302, params
    assert small_site.get("/archive/entity_cooccurrence", entity__exact="Portwell").status_code == 200


def test_a_running_server_reads_each_template_once_not_on_every_request(seed_db, tmp_path):
    """The templates ship with the package; re-reading them on each request costs every page a
    stat per template, so a template changed under a running server is only seen after a restart."""
    import asyncio
    import shutil

    from datasette.app import Datasette

    from archive.publish.config import TEMPLATES, database_name, metadata, settings

    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    db = database_name(str(seed_db))
    ds = Datasette([str(seed_db)], metadata=metadata(db), settings=settings(False), template_dir=str(templates))
    asyncio.run(ds.invoke_startup())
    first = asyncio.run(ds.client.get(f"/{db}/search", params={"q": "Starmer"}))
    assert first.status_code == 200 and "EDITED-UNDER-A-RUNNING-SERVER" not in first.text
    page = templates / "search.html"
    page.write_text(
        page.read_text().replace("{% block content %}", "{% block content %}EDITED-UNDER-A-RUNNING-SERVER", 1)
    )
    again = asyncio.run(ds.client.get(f"/{db}/search", params={"q": "Starmer"}))
    assert again.status_code == 200 and "EDITED-UNDER-A-RUNNING-SERVER" not in again.text
