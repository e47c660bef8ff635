"""Search semantics with exact expectations: the query language, ranking, prefixes, filters and their
errors, totals and pages, through `archive.search` and the search page and its exports in Datasette."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import xml.etree.ElementTree as ET

import pytest

from archive.query import completions, expression, fts_query
from archive.search import MARK_END, MARK_START, Filters, Request, highlight_html, run, search
from tests.small_archive import STORIES, Site, Story, build


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return build(tmp_path_factory.mktemp("small") / "archive.db", STORIES)


@pytest.fixture(scope="module")
def site(small):
    return Site(small)


def page_rows(site: Site, q: str, **params: str) -> list[tuple]:
    response = site.get("/archive/search.json", q=q, **params)
    assert response.status_code == 200, response.text
    return [(r["kind"], r["article_id"], r["paragraph"]) for r in response.json()["rows"]]


def found(small, q: str, where: str = "paragraphs") -> list[tuple[int, int]]:
    conn = sqlite3.connect(small)
    try:
        return [(r["article_id"], r["paragraph"]) for r in search(conn, q, where)]
    finally:
        conn.close()


@pytest.mark.parametrize(
    "typed, expression_",
    [
        ("flood", '"flood"'),
        ("flood harbour", '"flood" AND "harbour"'),
        ("flood AND harbour", '"flood" AND "harbour"'),
        ('"flood defences"', '"flood defences"'),
        ("harb*", '"harb"*'),
        ("flood -harbour", '("flood") NOT ("harbour")'),
        ("flood NOT harbour", '("flood") NOT ("harbour")'),
        ("flood AND NOT harbour", '("flood") NOT ("harbour")'),
        ("pumps OR robotics", '"pumps" OR "robotics"'),
        ("a b OR c", '("a" AND "b") OR "c"'),
        ("(pumps OR robotics) -fair", '("pumps" OR "robotics") NOT ("fair")'),
        ("NEAR(flood harbour, 5)", 'NEAR("flood" "harbour", 5)'),
        ("NEAR(flood harbour)", 'NEAR("flood" "harbour")'),
        ("NEAR(", ""),
        ("near flood", '"near" AND "flood"'),
        ("or and not", '"or" AND "and" AND "not"'),
        ("text:flood", '"text flood"'),
        ("", ""),
        ('"', ""),
        ("(", ""),
        ("*", ""),
        ("-", ""),
        ("🙂", ""),
        ("OR", ""),
        ("NOT flood", ""),
    ],
)
def test_query_language(typed, expression_):
    assert fts_query(typed) == expression_


def test_a_prefix_matches_the_stems_of_the_words_it_begins():
    """`immigrat*`: the index holds `immigr` (immigration), which FTS5's prefix query misses."""
    assert "immigration" in completions("immigrat") or "immigrate" in completions("immigrat")
    assert fts_query("immigrat*").startswith('("immigrat"* OR ')
    assert completions("harb") == ()  # harbour's stem starts with the prefix: FTS5 finds it alone


def test_an_excluded_word_alone_is_nothing_to_search_and_says_so():
    assert expression("-flood").match == ""
    assert expression("-flood").notes == ["Excluding words needs a word to search for as well."]


def test_ranking_puts_the_densest_paragraph_first(small):
    assert found(small, "flood") == [(2, 1), (1, 1), (2, 3), (4, 1)]


def test_phrase_needs_the_words_together(small):
    assert found(small, '"flood defences"') == [(1, 1)]
    assert found(small, "flood defences") == [(1, 1), (2, 3)]


def test_prefix(small):
    assert found(small, "harb") == []
    assert sorted(found(small, "harb*")) == [(1, 1), (1, 2), (3, 2), (4, 1)]


def test_a_prefix_longer_than_the_stem_finds_the_word(small):
    """`robotics` is indexed as `robot`: `roboti*` still finds it."""
    conn = sqlite3.connect(small)
    try:
        bare = conn.execute("select count(*) from paragraphs_fts where paragraphs_fts match 'roboti*'").fetchone()[0]
    finally:
        conn.close()
    assert bare == 0
    assert sorted(found(small, "roboti*")) == [(3, 1), (3, 2)]


def test_minus_and_not_exclude(small):
    assert found(small, "flood -harbour") == [(2, 1), (2, 3)]
    assert found(small, "flood NOT harbour") == [(2, 1), (2, 3)]


def test_or_finds_either(small):
    assert sorted(found(small, "pumps OR robotics")) == [(2, 2), (3, 1), (3, 2)]


def test_near_needs_the_words_close(small):
    assert found(small, "NEAR(council debate, 20)") == [(1, 1)]
    assert found(small, "NEAR(council debate, 3)") == []


def test_search_everything_ranks_across_kinds(small):
    conn = sqlite3.connect(small)
    rows = search(conn, "flood", "all")
    assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)
    assert {r["kind"] for r in rows} == {"paragraph", "quote", "article"}


def test_a_speakers_name_is_not_quote_text(small):
    """Babbage's quotes do not contain his name: searching for it finds the paragraphs that do."""
    conn = sqlite3.connect(small)
    try:
        rows = search(conn, "babbage", "quotes")
        assert rows == []
        assert {r["kind"] for r in search(conn, "babbage", "all")} == {"paragraph", "article"}
    finally:
        conn.close()


def test_page_semantics(site):
    assert page_rows(site, "flood") == [
        ("quote", 2, 1),
        ("paragraph", 2, 1),
        ("paragraph", 1, 1),
        ("paragraph", 2, 3),
        ("paragraph", 4, 1),
    ]
    assert page_rows(site, '"flood defences"') == [("paragraph", 1, 1)]
    assert page_rows(site, "harb") == []
    assert page_rows(site, "flood -harbour") == [("quote", 2, 1), ("paragraph", 2, 1), ("paragraph", 2, 3)]


def test_filters(site):
    assert page_rows(site, "flood", source="River Post") == [("quote", 2, 1), ("paragraph", 2, 1), ("paragraph", 2, 3)]
    assert page_rows(site, "flood", since="2024-02-01", until="2024-03-05") == page_rows(
        site, "flood", source="river post"
    )
    assert page_rows(site, "flood", since="2024-03", until="2024-03") == page_rows(site, "flood", source="river post")
    assert page_rows(site, "flood", since="2024", until="2024") == page_rows(site, "flood")
    assert page_rows(site, "flood", until="2024-01-10") == [("paragraph", 1, 1)]
    assert page_rows(site, "harbour", entity="Ada Lovelace") == [
        ("paragraph", 1, 2),
        ("paragraph", 1, 1),
        ("quote", 1, 2),
    ]


def test_with_a_speaker_the_results_are_that_speakers_quotes(site):
    """Paragraph 2 of article 3 holds Babbage's quote; with speaker=, only the quote itself comes back."""
    assert page_rows(site, "harbour", speaker="Charles Babbage") == [("quote", 3, 2)]
    assert page_rows(site, "harbour", speaker="babbage") == [("quote", 3, 2)]
    assert page_rows(site, "flood", speaker="Charles Babbage") == []
    assert page_rows(site, "harbour", speaker="Nobody") == []


@pytest.mark.parametrize(
    "since, until, message",
    [
        ("01/09/2019", "", "since: '01/09/2019' is not a date"),
        ("2019-13-45", "", "since: '2019-13-45' is not a date"),
        ("", "2019-02-30", "until: '2019-02-30' is not a date"),
        ("2020-01-01", "2019", "since (2020-01-01) is after until (2019)"),
    ],
)
def test_a_filter_that_cannot_be_used_is_said_on_the_page(site, since, until, message):
    page = site.get("/archive/search", q="flood", since=since, until=until)
    assert page.status_code == 200
    assert 'class="message-error search-error"' in page.text
    assert message.replace("'", "&#39;") in page.text
    assert '<ol class="results"' not in page.text
    exported = site.get("/archive/search.json", q="flood", since=since, until=until)
    assert exported.status_code == 400
    assert message in exported.json()["errors"][0]


def test_search_page_highlights_matches_and_links_to_the_paragraph(site):
    html = site.get("/archive/search", q="pumps").text
    assert "<mark>pumps</mark>" in html
    assert 'href="/archive/articles/2?q=pumps#p2"' in html


def test_empty_and_unsearchable_input_is_a_friendly_page(site):
    assert "Type some words" in site.get("/archive/search").text
    assert "Nothing to search for" in site.get("/archive/search", q='"').text
    assert "No paragraphs and quotes match" in site.get("/archive/search", q="zebra").text


def test_highlight_escapes_before_marking():
    assert highlight_html(f"<b>{MARK_START}x{MARK_END}</b>") == "&lt;b&gt;<mark>x</mark>&lt;/b&gt;"


def test_exports_give_plain_and_html_snippets_and_absolute_links(site):
    rows = site.get("/archive/search.json", q='"robust and reliable"').json()["rows"]
    assert sorted((r["kind"], r["speaker"] or "") for r in rows) == [("paragraph", ""), ("quote", "Charles Babbage")]
    for row in rows:
        assert row["title"] == "Mayor warns of winter flooding"
        assert row["source"] == "River Post"
        assert row["published_at"].startswith("2024-03-05")
        assert row["article_url"] == "http://localhost/archive/articles/2?q=%22robust+and+reliable%22#p2"
        assert MARK_START not in row["snippet"] and MARK_END not in row["snippet"]
        assert "robust and reliable" in row["snippet"]
        assert "<mark>robust and reliable</mark>" in row["snippet_html"]
    exported = list(csv.DictReader(io.StringIO(site.get("/archive/search.csv", q="flood").text)))
    assert len(exported) == 5
    assert all(r["article_url"].startswith("http://localhost/archive/articles/") for r in exported)
    assert not any(MARK_START in r["snippet"] for r in exported)


def test_an_undated_article_says_undated(tmp_path):
    site = Site(build(tmp_path / "archive.db", [Story(title="Kite festival", paragraphs=["Kites over the bay."])]))
    html = site.get("/archive/search", q="kites").text
    assert '<span class="date undated">undated</span>' in html


MANY = [
    Story(
        title=f"Lighthouse report {i}",
        source="Coast Gazette" if i % 3 else "River Post",
        published=f"2023-{1 + i % 12:02d}-15",
        paragraphs=[f"The lighthouse keeper logged storm number {i} in the harbour.", "Nothing else happened."],
    )
    for i in range(45)
]


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    return Site(build(tmp_path_factory.mktemp("many") / "archive.db", MANY))


def test_the_total_is_exact_with_pages_and_full_exports(many):
    html = many.get("/archive/search", q="lighthouse").text
    assert '<strong class="total">45 results</strong>' in html
    assert "page 1 of 3" in html
    assert 'rel="next" href="/archive/search?q=lighthouse&amp;page=2"' in html
    third = many.get("/archive/search", q="lighthouse", page="3").text
    assert third.count('<li class="result') == 5
    assert '<ol class="results" start="41">' in third
    assert len(many.get("/archive/search.json", q="lighthouse").json()["rows"]) == 45
    assert len(list(csv.DictReader(io.StringIO(many.get("/archive/search.csv", q="lighthouse").text)))) == 45
    river = list(csv.DictReader(io.StringIO(many.get("/archive/search.csv", q="lighthouse", source="River Post").text)))
    assert len(river) == 15 and {r["source"] for r in river} == {"River Post"}


def test_facets_count_the_matches(many):
    html = many.get("/archive/search", q="lighthouse").text
    assert (
        '<a href="/archive/search?q=lighthouse&amp;source=Coast+Gazette">Coast Gazette</a> <span class="count">30</span>'
        in html
    )
    assert (
        '<a href="/archive/search?q=lighthouse&amp;source=River+Post">River Post</a> <span class="count">15</span>'
        in html
    )
    assert '<svg class="chart"' in html
    assert 'href="/archive/search?q=lighthouse&amp;since=2023-03&amp;until=2023-03"' in html
    assert "<title>2023-03: 4</title>" in html


_TOPICS = [
    "fishing quotas",
    "the ferry timetable",
    "a storm warning",
    "the new pier",
    "lifeboat training",
    "container traffic",
    "the sailing regatta",
    "oyster beds",
    "the lighthouse lamp",
    "dredging works",
    "cruise ship visits",
    "the fish market",
]
POLYGLOT = [  # distinct texts: copies of one story would collapse into one result
    Story(
        title=f"Harbour {i}",
        language="fr" if i % 4 == 0 else "en",
        published=f"2023-06-{1 + i:02d}",
        paragraphs=[
            (f"Marie Curie visited the harbour to discuss {topic}." if i % 2 == 0 else f"The harbour debated {topic}.")
            + f" Officials counted {i * 7 + 3} complaints about {_TOPICS[(i + 5) % 12]} since {1990 + i}."
        ],
        mentions=[(1, "Marie Curie", "Marie Curie", "PERSON")] if i % 2 == 0 else [],
    )
    for i, topic in enumerate(_TOPICS)
]


@pytest.fixture(scope="module")
def polyglot(tmp_path_factory):
    return build(tmp_path_factory.mktemp("polyglot") / "archive.db", POLYGLOT)


def test_language_and_entity_facets_count_the_matches(polyglot):
    html = Site(polyglot).get("/archive/search", q="harbour").text
    assert '<a href="/archive/search?q=harbour&amp;language=en">en</a> <span class="count">9</span>' in html
    assert '<a href="/archive/search?q=harbour&amp;language=fr">fr</a> <span class="count">3</span>' in html
    assert (
        '<a href="/archive/search?q=harbour&amp;entity=Marie+Curie">Marie Curie</a> <span class="count">6</span>'
        in html
    )


def test_the_language_filter_keeps_that_languages_articles(polyglot, cli):
    assert sorted({a for _, a, _ in page_rows(Site(polyglot), "harbour", language="fr")}) == [1, 5, 9]
    printed = cli("search", "--db", polyglot, "--json", "--language", "fr", "harbour")
    assert printed.exit_code == 0
    assert sorted({r["article_id"] for r in json.loads(printed.output)}) == [1, 5, 9]


@pytest.mark.parametrize(
    "params, says",
    [
        ({"in": "all"}, '<strong class="total">'),
        ({"in": "nowhere"}, "in: &#39;nowhere&#39; is not one of"),
        ({"sort": "loudest"}, "sort: &#39;loudest&#39; is not one of"),
        ({"page": "999"}, "the last page</a>"),
        ({"page": "-3"}, "page 1 of 3"),
    ],
)
def test_odd_parameters_are_answered_on_the_page(many, params, says):
    response = many.get("/archive/search", q="lighthouse", **params)
    assert response.status_code == 200
    assert says in response.text


def test_sorting_by_date(many):
    def dates(sort):
        rows = many.get("/archive/search.json", q="lighthouse", sort=sort).json()["rows"]
        return [r["published_at"] for r in rows]

    assert dates("newest") == sorted(dates("newest"), reverse=True)
    assert dates("oldest") == sorted(dates("oldest"))


def test_every_search_is_an_atom_feed(many):
    response = many.get("/archive/search.atom", q="lighthouse", source="River Post")
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.text)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    assert len(entries) == 15
    assert all(e.find("a:author/a:name", ns).text == "River Post" for e in entries)
    published = [e.find("a:published", ns).text for e in entries]
    assert published == sorted(published, reverse=True)
    link = entries[0].find("a:link", ns).get("href")
    assert link.startswith("http://localhost/archive/articles/") and "#p1" in link
    assert len({e.find("a:id", ns).text for e in entries}) == 15


def test_a_query_matching_more_than_the_pool_says_so(many, monkeypatch):
    import archive.search

    monkeypatch.setattr(archive.search, "POOL", 10)
    html = many.get("/archive/search", q="lighthouse").text
    assert '<strong class="total">More than 10 results</strong>' in html
    assert "the newest 10 of each kind were ranked" in html


def test_a_search_out_of_time_is_a_message_not_an_error(small, monkeypatch):
    """The deadline interrupts the statement (here at its first steps, not after a real wait)."""
    import contextlib
    import threading

    import archive.search

    @contextlib.contextmanager
    def at_once(conn, seconds):
        fired = threading.Event()
        fired.set()
        conn.set_progress_handler(lambda: 1, 1)
        try:
            yield fired
        finally:
            conn.set_progress_handler(None, 0)

    monkeypatch.setattr(archive.search, "interrupt_after", at_once)
    conn = sqlite3.connect(small)
    try:
        result = run(conn, Request("flood"))
    finally:
        conn.close()
    assert result.rows == [] and result.errors == [
        "This search takes too long to answer: add words or filters to narrow it."
    ]


def test_the_deadline_interrupts_a_running_statement(tmp_path):
    from archive.search import interrupt_after

    conn = sqlite3.connect(tmp_path / "x.db", check_same_thread=False)
    endless = "with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n"
    with pytest.raises(sqlite3.OperationalError, match="interrupted"), interrupt_after(conn, 0.2) as fired:
        conn.execute(endless).fetchall()
    assert fired.is_set()
    with interrupt_after(conn, 0.2) as fired:
        assert conn.execute("select 1").fetchone() == (1,)
    assert not fired.is_set()


def test_broad_prefixes_search_their_most_frequent_words_newest_first_and_say_so(many):
    html = many.get("/archive/search", q="l*").text
    assert "l* stands for too many words to search at once" in html
    assert "Too broad to rank by relevance: newest first." in html
    assert '<strong class="total">45 results</strong>' in html
    dates = [r["published_at"] for r in many.get("/archive/search.json", q="l*").json()["rows"]]
    assert dates == sorted(dates, reverse=True)


def test_the_cli_refuses_a_filter_that_is_no_date(small):
    from click.testing import CliRunner

    from archive.cli import cli

    result = CliRunner().invoke(cli, ["search", "--db", str(small), "flood", "--since", "01/09/2019"])
    assert result.exit_code == 2
    assert "since: '01/09/2019' is not a date" in result.output


def test_filters_errors():
    assert Filters(since="2019", until="2019-12").errors() == []
    assert Filters(since="2019-05-01", until="2019-04").errors() == [
        "since (2019-05-01) is after until (2019-04): nothing can match"
    ]
