"""End to end in a real browser: `archive serve` in a subprocess, headless Chromium (Debian's
package, driven by Playwright) types a query, sees highlighted results, opens the article and sees
its quotes marked; hostile text never runs. `UPDATE_SCREENSHOTS=1` refreshes docs/*.png."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED
from tests.serving import archive_server
from tests.small_archive import STORIES
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
    with archive_server("--db", str(path)) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


def screenshot(page, name: str, tmp_path: Path) -> None:
    target = ROOT / "docs" if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path
    page.screenshot(path=str(target / name))


def test_search_then_read_the_article(served, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1200, "height": 860})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(served + "/archive/search")
    page.fill("input[name=q]", "rwanda OR smuggl*")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("ol.results li")
    marks = page.locator("ol.results .snippet mark").all_inner_texts()
    assert {m.lower() for m in marks} >= {"rwanda", "smugglers"}
    assert page.locator("ol.results li").count() >= 3
    assert "Keir Starmer" in page.locator("ol.results a.speaker").all_inner_texts()
    screenshot(page, "search.png", tmp_path)

    page.locator("ol.results a.result-title").first.click()
    page.wait_for_selector(".article-text")
    assert page.locator("h1").first.inner_text() == "Starmer blames fragmented agencies for record Channel crossings"
    quotes = page.locator(".article-text .quote")
    assert quotes.count() >= 8
    assert page.locator(".article-text .quote-partial", has_text="gimmick").count() == 1
    assert "Keir Starmer" in page.locator(".article-text a.speaker").all_inner_texts()
    assert page.locator(".article-text p.repeat .repeat-note").inner_text() == "Repeats paragraph 1"
    page.locator("#p2").scroll_into_view_if_needed()
    screenshot(page, "article.png", tmp_path)

    page.locator(".article-text a.speaker", has_text="Keir Starmer").first.click()
    page.wait_for_selector("svg.chart")
    assert page.locator("ol.quotes li").count() >= 5
    assert dialogs == []


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
