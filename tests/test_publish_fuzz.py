"""Whatever a person types into a search box, the canned search and Datasette's table search
answer 200 (Hypothesis), and the search function never hands FTS5 a syntax error."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.publish.plugin import fts_match, repair_search_params
from tests.small_archive import STORIES, Site, build

NASTY = [
    "",
    '"',
    '""',
    "(",
    ")",
    "NEAR(",
    "NEAR(a b",
    "*",
    "-",
    "--",
    "^",
    ":",
    "a:b",
    "OR",
    "AND",
    "NOT",
    "OR OR",
    "- OR -",
    '"unbalanced',
    "a*b*",
    "🙂",
    "🙂 flood",
    "ŝ",
    "\x00",
    "'",
    "\\",
    "%",
    "&_search=x",
    "flood" * 100,
    "x " * 250,
    "\u202e",
    "\ue000",
    "col:flood",
    "{a b}",
    "[",
    "+",
    "a + b",
]
TYPED = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=80),
    st.text(alphabet='ab "()*-:^+{}OR NEAR AND NOT flood harbour 🙂', max_size=40),
    st.lists(st.sampled_from(NASTY + ["flood", "harbour", "OR", "-flood", '"flood', "harb*"]), max_size=8).map(
        " ".join
    ),
)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return build(tmp_path_factory.mktemp("fuzz") / "archive.db", STORIES)


@pytest.fixture(scope="module")
def site(small):
    return Site(small)


@FUZZ
@given(typed=TYPED)
def test_fts_expression_is_always_valid(small, typed):
    conn = sqlite3.connect(small)
    try:
        for table in ("paragraphs_fts", "quotes_fts", "articles_fts"):
            conn.execute(f"select count(*) from {table} where {table} match ?", (fts_match(typed),)).fetchone()
    finally:
        conn.close()


@pytest.mark.parametrize("typed", NASTY)
def test_search_survives_nasty_input(site, typed):
    for path in ("/archive/search", "/archive/search.json", "/archive/search.csv", "/archive/search.atom"):
        assert site.get(path, q=typed).status_code == 200
    assert site.get("/archive/what_did_they_say.json", speaker="", about=typed).status_code == 200


@pytest.mark.parametrize("typed", NASTY)
def test_table_search_survives_nasty_input(site, typed):
    for table in ("paragraphs", "quotes", "articles"):
        assert site.get(f"/archive/{table}", _search=typed).status_code == 200
        assert site.get(f"/archive/{table}.json", _search=typed, _searchmode="escaped").status_code == 200


@FUZZ
@given(typed=TYPED)
def test_search_always_answers(site, typed):
    """Any input answers; filters that cannot be used are a 400 that says what is wrong, in JSON."""
    params = {"q": typed, "speaker": typed[:5], "entity": "", "source": "", "since": typed[:3], "until": ""}
    params.update({"in": typed[:4], "sort": typed[:6], "page": typed[:3], "language": typed[:2]})
    response = site.get("/archive/search.json", **params)
    assert response.status_code in (200, 400)
    body = response.json()
    assert body["ok"] is (response.status_code == 200)
    assert (response.status_code == 400) == bool(body["errors"])
    assert site.get("/archive/search", **params).status_code == 200


@FUZZ
@given(typed=TYPED, table=st.sampled_from(["paragraphs", "quotes", "articles"]))
def test_table_search_always_answers(site, typed, table):
    assert site.get(f"/archive/{table}.json", _search=typed).status_code == 200
    assert site.get(f"/archive/{table}.json", _search_text=typed).status_code == 200


def test_table_search_uses_the_query_language(site):
    def ids(**params):
        return [r["id"] for r in site.get("/archive/paragraphs.json", _shape="objects", **params).json()["rows"]]

    assert ids(_search="harb*") == [1, 2, 8, 9]
    assert ids(_search="flood -harbour") == [4, 6]
    assert ids(_search="") == ids()


def test_repair_leaves_other_parameters_alone():
    assert repair_search_params(b"_sort=id&_facet=kind") == b"_sort=id&_facet=kind"
    assert repair_search_params(b"_search=%22&_searchmode=raw&_sort=id") == b"_search=%22&_sort=id"
    assert repair_search_params(b"_search=+&_sort=id") == b"_sort=id"


def test_table_search_shows_what_was_typed(site):
    html = site.get("/archive/paragraphs", _search="flood -harbour").text
    assert 'name="_search" value="flood -harbour"' in html
    assert "search matches &#34;flood -harbour&#34;" in html
    assert "NOT" not in html.split('name="_search"', 1)[1][:200]


def test_canned_queries_search_a_short_prefix_as_known_words_never_as_fts5_prefix(monkeypatch):
    """archive_fts() cannot read the vocabulary mid-statement: the search page's words, else the prefix as a word."""
    import archive.search

    monkeypatch.setattr(archive.search, "_broad_cache", {("any.db", "qq"): ["quota", "queen"]})
    assert fts_match("qq*") == '("quota" OR "queen")'
    assert fts_match("zq*") == '("zq")'
    assert fts_match("harb*") == '"harb"*'
