"""The HTML reader: trafilatura's text and metadata, truncated pages refused, sniffing by content."""

from __future__ import annotations

from pathlib import Path

from ingest.readers import Failure, read_input, sniff

FIXTURES = Path(__file__).parent / "fixtures"
PAGE = FIXTURES / "nobel-physics.html"


def test_page_text_and_metadata():
    [article] = list(read_input(str(PAGE)))
    assert article.title == "Swedish academy announces 2019 Nobel Prize winners in physics"
    assert article.url == "https://en.wikinews.org/wiki/Swedish_academy_announces_2019_Nobel_Prize_winners_in_physics"
    assert article.byline == "Wikinews contributors"
    assert article.source == "Wikinews"
    assert article.published_at == "2019-10-10"  # the page's date, not today's (trafilatura's filedate)
    assert "Royal Swedish Academy of Sciences" in article.text
    assert "Random article" not in article.text and "last edited" not in article.text  # navigation, footer
    lines = [line for line in article.text.split("\n") if line.strip()]
    assert len(lines) >= 5  # one paragraph a line: the archive's paragraphs follow the page's


def test_a_truncated_page_is_refused(tmp_path):
    data = PAGE.read_bytes()
    cut = tmp_path / "cut.html"
    cut.write_bytes(data[: int(len(data) * 0.6)])
    [failure] = list(read_input(str(cut)))
    assert isinstance(failure, Failure) and failure.error == "truncated"
    assert "cut short" in failure.message


def test_a_page_without_an_article_fails(tmp_path):
    page = tmp_path / "nav.html"
    page.write_text(
        "<html><head><title>x</title><script>var a = 1;</script></head><body><img src='a.png'></body></html>"
    )
    [failure] = list(read_input(str(page)))
    assert isinstance(failure, Failure) and failure.error == "no_text"


def test_html_without_an_extension_is_recognised(tmp_path):
    page = tmp_path / "download"
    page.write_bytes(PAGE.read_bytes())
    assert sniff(PAGE.read_bytes()) == "html"
    [article] = list(read_input(str(page)))
    assert article.title.startswith("Swedish academy")
