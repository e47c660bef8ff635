"""End to end in a real browser: `archive serve` in a subprocess, headless Chromium (Debian's
package, driven by Playwright) types a query, sees highlighted results with their total, pages,
facets and histogram, narrows them, opens an article on its paragraph with the words highlighted
and sees its quotes marked; the pages fit a phone; hostile text never runs. `UPDATE_SCREENSHOTS=1`
refreshes docs/*.png."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED
from tests.serving import archive_server
from tests.small_archive import STORIES, Story
from tests.small_archive import _processed as processed

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    # On CI (.ci/run installs chromium) a missing browser fails the run instead of skipping.
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM) and not os.environ.get("CI"),
        reason="needs Debian's chromium (apt-get install chromium)",
    ),
]
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 390, "height": 844}

# Reports of the archive's own making, spread over months and two outlets: enough results for pages,
# facets and a histogram beside the seed article.
PATROLS = [
    Story(
        title=f"Coastguard logs patrol {i}",
        source="Coast Gazette" if i % 3 else "River Post",
        published=f"{2024 + i // 12}-{1 + i % 12:02d}-{1 + i % 27:02d}",
        paragraphs=[
            f"The coastguard said smugglers tried {i} crossings from the harbour this month.",
            f"“We stopped every boat we saw,” said Captain Ada Lovelace after patrol {i}.",
        ],
        quotes=[(2, "We stopped every boat we saw,", "direct", "Ada Lovelace", "Captain Ada Lovelace")],
        mentions=[(2, "Ada Lovelace", "Ada Lovelace", "PERSON")],
    )
    for i in range(1, 31)
]


@pytest.fixture(scope="module")
def served(tmp_path_factory, nlp) -> Iterator[str]:
    """The seed article (with a title, source and date) and a hostile article, served on a free port."""
    from click.testing import CliRunner

    from archive.cli import cli
    from archive.store import Archive

    path = tmp_path_factory.mktemp("browser") / "archive.db"
    result = CliRunner().invoke(
        cli,
        [
            "ingest",
            "--db",
            str(path),
            str(SEED),
            "--source",
            "AP",
            "--title",
            "Starmer blames fragmented agencies for record Channel crossings",
            "--published",
            "2025-03-31",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    with Archive(path) as archive:
        archive.store(processed(STORIES[-1], 99))
        for i, story in enumerate(PATROLS):
            archive.store(processed(story, 100 + i))
    with archive_server("--db", str(path)) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


def exported(base: str, **params: str) -> list[dict]:
    """The rows of a search's JSON export: what the page's total must count."""
    import json
    import urllib.parse
    import urllib.request

    with urllib.request.urlopen(f"{base}/archive/search.json?{urllib.parse.urlencode(params)}", timeout=30) as r:
        return json.load(r)["rows"]


def screenshot(page, name: str, tmp_path: Path) -> None:
    target = ROOT / "docs" if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path
    page.screenshot(path=str(target / name))


def test_search_then_read_the_article(served, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(served + "/")
    page.fill("input[name=q]", "rwanda OR smuggl*")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("ol.results li")
    marks = page.locator("ol.results .snippet mark").all_inner_texts()
    assert {m.lower() for m in marks} >= {"smugglers"}
    total = len(exported(served, q="rwanda OR smuggl*"))
    assert total > 20
    assert page.locator("strong.total").inner_text() == f"{total} results"
    assert page.locator("ol.results li").count() == 20
    assert page.locator(".facet-source li").count() == 3
    assert page.locator(".facet-month svg.chart a.bar-link").count() >= 12
    screenshot(page, "search.png", tmp_path)

    page.locator("ol.results a.result-title", has_text="Starmer blames").first.click()
    page.wait_for_selector(".article-text")
    assert "?q=" in page.url and "#p" in page.url
    anchor = page.url.rsplit("#", 1)[1]
    target = page.locator(f"#{anchor}")
    assert target.evaluate("el => el.getBoundingClientRect().top >= 0 && el.getBoundingClientRect().top < innerHeight")
    assert target.locator("mark").count() >= 1
    assert page.locator("h1").first.inner_text() == "Starmer blames fragmented agencies for record Channel crossings"
    quotes = page.locator(".article-text .quote")
    assert quotes.count() >= 8
    assert page.locator(".article-text .quote-partial", has_text="gimmick").count() == 1
    assert "Keir Starmer" in page.locator(".article-text a.speaker").all_inner_texts()
    assert page.locator(".article-text p.repeat .repeat-note").inner_text() == "Repeats paragraph 1"
    screenshot(page, "article.png", tmp_path)

    page.locator(".article-text a.speaker", has_text="Keir Starmer").first.click()
    page.wait_for_selector("svg.chart")
    assert page.locator("ol.quotes li").count() >= 5
    assert dialogs == []


def test_pages_facets_and_months_narrow_a_search(served, browser):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    total = len(exported(served, q="smugglers"))
    page.goto(served + "/archive/search?q=smugglers")
    assert page.locator("strong.total").inner_text() == f"{total} results"
    page.locator("nav.pages a[rel=next]").click()
    page.wait_for_selector("ol.results li")
    assert page.locator("ol.results li").count() == min(20, total - 20)
    assert f"page 2 of {-(-total // 20)}" in page.locator("p.summary").inner_text()

    page.locator(".facet-source a", has_text="River Post").click()
    page.wait_for_selector("ol.results li")
    assert page.locator("strong.total").inner_text() == "10 results"  # patrols 3, 6, ..., 30
    assert set(page.locator("ol.results .meta").all_inner_texts()) == {
        text for text in page.locator("ol.results .meta").all_inner_texts() if "River Post" in text
    }
    page.locator(".active-filters a").first.click()  # remove the source filter
    page.wait_for_selector("ol.results li")
    assert page.locator("strong.total").inner_text() == f"{total} results"

    page.locator(".facet-month svg a.bar-link rect").first.click()  # the earliest month, which has matches
    page.wait_for_selector("ol.results li")
    assert "since=" in page.url and "until=" in page.url
    month = page.url.split("since=")[1][:7]
    assert all(d.startswith(month) for d in page.locator("ol.results .date").all_inner_texts())

    page.goto(served + "/archive/search?q=smugglers&sort=newest")
    dates = page.locator("ol.results .date").all_inner_texts()
    assert dates == sorted(dates, reverse=True)
    page.goto(served + "/archive/search?q=boat")
    assert "paragraph" in {k.lower() for k in page.locator("ol.results .kind").all_inner_texts()}
    page.locator(".facet-speaker a", has_text="Ada Lovelace").click()
    page.wait_for_selector("ol.results li")
    assert set(page.locator("ol.results .kind").all_inner_texts()) == {"QUOTE"}


def test_what_is_wrong_with_a_search_is_said_on_the_page(served, browser):
    page = browser.new_page()
    response = page.goto(served + "/archive/search?q=smugglers&since=01/09/2019")
    assert response.status == 200
    assert "since: '01/09/2019' is not a date" in page.locator(".search-error").inner_text()
    assert page.locator("ol.results").count() == 0
    page.goto(served + "/archive/search?q=a*+OR+b*+OR+c*+OR+d*")
    assert "stands for too many words" in page.locator(".search-note").first.inner_text()
    assert "SQL" not in page.locator("body").inner_text().replace("SQL users", "")
    feed = page.locator("link[type='application/atom+xml']").get_attribute("href")
    assert feed.startswith("/archive/search.atom?q=")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/archive/search?q=smugglers&since=2024",
        "/archive/articles/1",
        "/archive/entities/1",
        "/archive/paragraphs",
    ],
)
def test_pages_fit_a_phone(served, browser, path):
    page = browser.new_page(viewport=PHONE)
    page.goto(served + path + ("&" if "?" in path else "?") + "")
    if path.startswith("/archive/search"):
        page.locator("details.filters summary").click()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} is {overflow}px wider than the phone"
    if path == "/archive/paragraphs":
        box = page.locator(".table-wrapper").first
        assert box.evaluate("el => getComputedStyle(el).overflowX") == "auto"


def test_hostile_article_runs_nothing(served, browser):
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in (
        "/archive/articles/2",
        "/archive/search?q=evil",
        "/archive/articles",
        "/archive/quotes",
        "/archive/entities",
        "/archive/paragraphs?_search=evil",
    ):
        page.goto(served + path)
        page.wait_for_load_state("load")
    assert dialogs == []
    page.goto(served + "/archive/articles/2")
    assert "<script>" in page.locator("h1").first.inner_text()
