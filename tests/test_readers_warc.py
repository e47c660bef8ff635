"""WARC web archives: every HTML page captured becomes an article with the record's URL and date,
other records are skipped and counted, a file that breaks off keeps what came before the break."""

from __future__ import annotations

import json

import pytest

from ingest.readers import Failure, RawArticle, Skipped, read_input, sniff
from tests.exports import Capture, nobel_page, write_warc

NOBEL = "Swedish academy announces 2019 Nobel Prize winners in physics"


def page(title: str, paragraphs: list[str], date: str | None = None) -> bytes:
    """A news page as a site serves it: head, navigation, the article, a footer."""
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html><head><title>{title}</title>{meta}</head><body>
<nav><a href="/">Home</a> <a href="/city">City</a></nav>
<article><h1>{title}</h1>{body}</article>
<footer>Copyright City News</footer></body></html>""".encode()


BRIDGE = page(
    "Bridge closes for repairs",
    [
        "The city council voted on Tuesday to close the Elm Street bridge for six months of repairs.",
        "Buses will take the ring road while the work goes on, the council said in a statement.",
        "Engineers found cracks in two of the bridge's supports during an inspection last spring.",
    ],
    date="2019-03-05",
)
FERRY = page(
    "Ferry service returns",
    [
        "The river ferry returned to service on Wednesday after a winter in dry dock for new engines.",
        "Commuters lined up before dawn for the first crossing, which left the north bank at six.",
        "The operator said the new engines burn a third less fuel than the ones they replace.",
    ],
)


def captures() -> list[Capture]:
    return [
        Capture("https://news.example.org/bridge", BRIDGE, date="2019-03-06T08:00:00Z"),
        Capture("https://news.example.org/logo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png"),
        Capture("https://news.example.org/old", b"", status="301 Moved Permanently", content_type="text/html"),
        Capture("https://news.example.org/ferry", FERRY, date="2019-03-07T09:30:00Z"),
    ]


def articles(items) -> list[RawArticle]:
    return [i for i in items if isinstance(i, RawArticle)]


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_html_pages_become_articles_with_the_record_s_url_and_date(tmp_path, gzip):
    path = write_warc(tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc"), captures(), gzip=gzip, metadata=True)
    items = list(read_input(str(path)))
    bridge, ferry = articles(items)
    assert (bridge.title, bridge.url) == ("Bridge closes for repairs", "https://news.example.org/bridge")
    assert bridge.published_at == "2019-03-05"  # the page's own date
    assert ferry.published_at == "2019-03-07T09:30:00+00:00"  # none on the page: the day it was fetched
    assert ferry.extra["fetched_at"] == "2019-03-07T09:30:00+00:00"
    assert "Buses will take the ring road" in bridge.text and "Copyright" not in bridge.text
    assert bridge.origin == f"{path}:3"  # warcinfo, request, then the response
    reasons = sorted(i.reason for i in items if isinstance(i, Skipped))
    assert reasons == ["HTTP 3xx"] + ["metadata"] * 4 + ["not HTML"] + ["request"] * 4 + ["warcinfo"]
    assert not [i for i in items if isinstance(i, Failure)]


def test_the_ingest_summary_and_the_run_count_what_was_skipped(cli, db_path, sql, tmp_path):
    path = write_warc(tmp_path / "crawl.warc.gz", captures())
    result = cli("ingest", "--db", db_path, "--no-nlp", path)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "added 2, updated 0, unchanged 0, skipped 7 (4 request, 1 warcinfo, 1 not HTML, 1 HTTP 3xx), failed 0"
    )
    [run] = sql(db_path, "select added, skipped from ingest_runs")
    assert run == {"added": 2, "skipped": 7}
    rows = sql(
        db_path, "select a.url, s.name source, a.metadata_json from articles a join sources s on s.id = a.source_id"
    )
    assert [r["url"] for r in rows] == ["https://news.example.org/bridge", "https://news.example.org/ferry"]
    assert {r["source"] for r in rows} == {"news.example.org"}
    assert json.loads(rows[0]["metadata_json"])["warc_target_uri"] == "https://news.example.org/bridge"


def test_a_wikinews_page_in_a_warc_reads_as_the_html_file_does(tmp_path):
    url = "https://en.wikinews.org/wiki/Swedish_academy_announces_2019_Nobel_Prize_winners_in_physics"
    path = write_warc(tmp_path / "nobel.warc.gz", [Capture(url, nobel_page(), content_type="text/html")])
    [article] = articles(read_input(str(path)))
    assert article.title == NOBEL and "Nobel" in article.text


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
@pytest.mark.parametrize("where", [0.6, -40], ids=["mid-file", "inside-the-last-page"])
def test_a_warc_that_breaks_off_keeps_the_pages_before_the_break(cli, db_path, sql, tmp_path, gzip, where):
    whole = write_warc(tmp_path / "whole.warc", captures(), gzip=gzip).read_bytes()
    cut = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    cut.write_bytes(whole[: int(len(whole) * where) if where > 0 else len(whole) + where])
    result = cli("ingest", "--db", db_path, "--no-nlp", cut)
    assert result.exit_code == 1
    assert [r["url"] for r in sql(db_path, "select url from articles")] == ["https://news.example.org/bridge"]
    [error] = sql(db_path, "select error, message from ingest_errors")
    assert error["error"] == "truncated"
    assert "breaks off" in error["message"] or "cut short" in error["message"]


def test_a_file_that_is_no_warc_fails_whole(tmp_path):
    path = tmp_path / "fake.warc"
    path.write_text("This is not a web archive.\n")
    [failure] = read_input(str(path))
    assert isinstance(failure, Failure) and failure.error == "parse" and "not a WARC file" in failure.message


def test_a_warc_is_known_by_its_first_bytes(tmp_path):
    path = write_warc(tmp_path / "crawl.warc.gz", captures())
    plain = write_warc(tmp_path / "crawl.warc", captures(), gzip=False)
    assert sniff(path.read_bytes()) == sniff(plain.read_bytes()) == "warc"
    renamed = tmp_path / "download"
    renamed.write_bytes(path.read_bytes())
    assert len(articles(read_input(str(renamed)))) == 2
