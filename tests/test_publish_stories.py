"""The Datasette side of stories and quote clusters: a person's distinct quotes, the story page with
its versions and what differs, links from search results and articles to the story, hostile text inert."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import replace

import pytest

from tests.small_archive import HOSTILE, HOSTILE_IMG, Site, Story, build

QUOTE = "The new harbour pumps will keep every street dry through the winter storms,"
LATER = "Our engineers have finished testing every pump along the eastern quay,"
OPENING = "The harbour board in Portwell approved a second set of flood pumps on Monday, after months of argument about the cost of keeping the old quay open."
CLOSING = "Work on the eastern quay is due to start in the spring and to finish before the first autumn tides, the board said in a statement."
BOARD = "Board members voted by seven to two for the plan, which will be paid for from the harbour fund and a grant from the regional flood authority."
COST = "The pumps will cost about four million pounds, a figure that some residents of the old town said was far too high for a small port like theirs."
ADDED = (
    "This article contains reporting from the Coastal Press Agency, with additional reporting by our own staff writers."
)

ORIGINAL = Story(
    title="Portwell approves new flood pumps",
    source="Coastal Press Agency",
    published="2024-05-01T09:00:00",
    paragraphs=[OPENING, f"“{QUOTE}” said Grace Hopper, the harbour engineer.", BOARD, COST, CLOSING],
    quotes=[(2, QUOTE, "direct", "Grace Hopper", "Grace Hopper")],
    mentions=[(1, "Portwell", "Portwell", "GPE"), (2, "Grace Hopper", "Grace Hopper", "PERSON")],
)
# A copy: new headline, straight quote marks, the cost paragraph dropped, an outlet's paragraph added.
COPY = Story(
    title="Flood pumps approved for Portwell harbour",
    source="River Post",
    published="2024-05-02T07:00:00",
    paragraphs=[OPENING, f'"{QUOTE}" said Grace Hopper, the harbour engineer.', BOARD, CLOSING, ADDED],
    quotes=[(2, QUOTE, "direct", "Grace Hopper", "Grace Hopper")],
    mentions=[(1, "Portwell", "Portwell", "GPE"), (2, "Grace Hopper", "Grace Hopper", "PERSON")],
)
# A hostile copy: script in the headline, the source and an added paragraph.
HOSTILE_COPY = Story(
    title=f"Pumps {HOSTILE} approved",
    source=f"Evil {HOSTILE_IMG} Times",
    published="2024-05-03T10:00:00",
    paragraphs=[
        OPENING,
        f"“{QUOTE}” said Grace Hopper, the harbour engineer.",
        BOARD,
        COST,
        CLOSING,
        f"Readers said {HOSTILE} and {HOSTILE_IMG} about the plan.",
    ],
    quotes=[(2, QUOTE, "direct", "Grace Hopper", "Grace Hopper")],
    mentions=[(2, "Grace Hopper", "Grace Hopper", "PERSON")],
)
# Another story, later: Grace Hopper says something new and repeats her first quote.
FOLLOW_UP = Story(
    title="Pump tests finished on the eastern quay",
    source="River Post",
    published="2024-06-10T08:00:00",
    paragraphs=[
        "Tests of the new flood pumps at the eastern quay ended on Friday without a single failure, officials said.",
        f"“{LATER}” Grace Hopper told reporters at the quay.",
        f"She repeated her promise from May: “{QUOTE}”",
    ],
    quotes=[(2, LATER, "direct", "Grace Hopper", "Grace Hopper"), (3, QUOTE, "direct", "Grace Hopper", "She")],
    mentions=[(2, "Grace Hopper", "Grace Hopper", "PERSON")],
)
ARTICLES = [ORIGINAL, COPY, HOSTILE_COPY, FOLLOW_UP]
HOPPER = 2  # entity ids follow first appearance: Portwell 1, Grace Hopper 2


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    return Site(build(tmp_path_factory.mktemp("stories") / "archive.db", ARTICLES))


def json_row(site: Site, path: str) -> dict:
    response = site.get(f"{path}.json", _shape="objects")
    assert response.status_code == 200, response.text
    return response.json()["rows"][0]


def test_the_copies_form_one_story(site):
    first = json_row(site, "/archive/articles/1")
    assert [json_row(site, f"/archive/articles/{i}")["story_id"] for i in (2, 3)] == [first["story_id"]] * 2
    assert json_row(site, "/archive/articles/4")["story_id"] != first["story_id"]


def test_person_page_lists_each_quote_once_with_its_reach(site):
    html = site.get(f"/archive/entities/{HOPPER}").text
    items = re.findall(r'<li class="distinct-quote">(.*?)</li>', html, re.S)
    assert len(items) == 2  # four copies of one quote and one other quote
    later, repeated = items  # newest first appearance first
    assert LATER in later and "1 article, 1 outlet" in later
    assert QUOTE in repeated and ">4 articles</a>, 3 outlets" in repeated
    assert "first 2024-05-01 in" in repeated
    assert '<a href="/archive/articles/1#q1">Portwell approves new flood pumps</a>' in repeated
    assert 'href="/archive/quotes?cluster_id=' in repeated
    assert "5 quotes (2 distinct)" in html
    assert '<svg class="chart"' in html and "<title>2024-05: 3</title>" in html  # the chart counts every copy


def test_story_page_lists_versions_and_what_differs(site):
    story = json_row(site, "/archive/articles/1")["story_id"]
    html = site.get(f"/archive/stories/{story}").text
    versions = re.findall(r'<li class="version( first)?" id="a(\d+)">(.*?)\n  </li>', html, re.S)
    assert [(first, int(article)) for first, article, _ in versions] == [(" first", 1), ("", 2), ("", 3)]
    first, copy, hostile = (body for _, _, body in versions)
    assert '<a class="version-title" href="/archive/articles/1">Portwell approves new flood pumps</a>' in first
    assert "first appearance" in first and "Coastal Press Agency · 2024-05-01" in first
    assert "River Post · 2024-05-02" in copy
    added = re.search(r'<details class="added" open>(.*?)</details>', copy, re.S).group(1)
    missing = re.search(r'<details class="missing" open>(.*?)</details>', copy, re.S).group(1)
    assert (
        "Adds 1 paragraph" in added and ADDED in added and '<a class="pos" href="/archive/articles/2#p5">5</a>' in added
    )
    assert "Lacks 1 paragraph" in missing and COST in missing and 'href="/archive/articles/1#p4"' in missing
    assert QUOTE not in added  # a swap of quote marks is no difference
    assert "Lacks" not in hostile and "Adds 1 paragraph" in hostile
    assert "<title>Story" in html and "3 versions in 3 outlets" in html


def test_story_page_and_canned_query_agree(site):
    story = json_row(site, "/archive/articles/1")["story_id"]
    rows = site.get("/archive/story.json", _shape="objects", story=str(story)).json()["rows"]
    assert [r["article_id"] for r in rows] == [1, 2, 3]
    assert rows[1]["paragraphs_added"] == f"5. {ADDED}" and rows[1]["paragraphs_missing"] == f"4. {COST}"
    assert rows[0]["paragraphs_added"] is None


def test_search_results_link_to_the_story(site):
    story = json_row(site, "/archive/articles/1")["story_id"]
    html = site.get("/archive/search", q="board members voted").text
    assert f'<a class="versions" href="/archive/stories/{story}">3 versions</a>' in html
    single = site.get("/archive/search", q="failure").text
    assert "Pump tests finished" in single and 'class="versions"' not in single


def test_article_page_links_to_its_story_when_it_has_copies(site):
    story = json_row(site, "/archive/articles/1")["story_id"]
    html = site.get("/archive/articles/2").text
    assert f'<a class="story-link" href="/archive/stories/{story}">one of 3 versions of this story</a>' in html
    assert 'class="story-link"' not in site.get("/archive/articles/4").text


def test_new_pages_answer(site):
    story = json_row(site, "/archive/articles/1")["story_id"]
    lone = json_row(site, "/archive/articles/4")["story_id"]
    paths = [
        f"/archive/stories/{story}",
        f"/archive/stories/{lone}",
        f"/archive/entities/{HOPPER}",
        "/archive/stories",
        "/archive/quote_clusters",
        "/archive/quote_clusters/1",
        "/archive/story",
    ]
    for path in paths:
        for suffix in ("", ".json"):
            assert site.get(path + suffix).status_code == 200, path + suffix
    assert "Same paragraphs" not in site.get(f"/archive/stories/{lone}").text
    assert site.get("/archive/stories/999").status_code == 404
    copies = site.get("/archive/quotes.json", _shape="objects", cluster_id="1")  # the person page's link
    assert copies.status_code == 200 and len(copies.json()["rows"]) == 4
    distinct = site.get("/archive/distinct_quotes_by", speaker="Hopper").text
    assert '<a href="/archive/articles/1">Portwell approves new flood pumps</a>' in distinct


def test_hostile_text_in_a_story_version_is_inert(site):
    story = json_row(site, "/archive/articles/1")["story_id"]
    for path in (f"/archive/stories/{story}", f"/archive/entities/{HOPPER}", "/archive/articles/3"):
        html = site.get(path).text
        assert HOSTILE not in html and HOSTILE_IMG not in html, path
        assert "&lt;script&gt;" in html, path
    search = site.get("/archive/search", q="readers said", all_copies="1").text
    assert HOSTILE not in search and HOSTILE_IMG not in search


def test_a_person_with_unclustered_quotes_still_lists_them(tmp_path):
    path = build(tmp_path / "archive.db", [replace(FOLLOW_UP, source=None)])
    conn = sqlite3.connect(path)  # as an archive upgraded to stories before `archive reprocess --stories`
    with conn:
        conn.execute("update quotes set cluster_id = null")
        conn.execute("delete from quote_clusters")
    conn.close()
    html = Site(path).get("/archive/entities/1").text
    items = re.findall(r'<li class="distinct-quote">(.*?)</li>', html, re.S)
    assert len(items) == 2 and all("1 article, 0 outlets" in item for item in items)
    assert '<a href="/archive/articles/1#q2">Pump tests finished on the eastern quay</a>' in items[1]


def test_a_story_with_an_undated_copy_shows_publication_dates_only(tmp_path):
    """An undated copy was stored today: the story page neither dates it nor the story by that day."""
    import datetime as dt

    path = build(tmp_path / "archive.db", [ORIGINAL, replace(COPY, published=None)])
    site = Site(path)
    story = site.get("/archive/articles/1.json", _shape="objects").json()["rows"][0]["story_id"]
    html = site.get(f"/archive/stories/{story}").text
    assert "first published 2024-05-01" in html and "1 undated" in html
    assert '<span class="undated">undated</span>' in html
    assert dt.date.today().isoformat() not in html.split('<details class="row-data">')[0]
