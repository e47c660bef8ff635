"""The URL reader against a local HTTP server on 127.0.0.1 (private addresses allowed): content types,
redirects, errors, limits."""

from __future__ import annotations

import http.server
import threading
from functools import partial
from pathlib import Path

import pytest

from ingest.readers import Failure, read_input
from ingest.readers.errors import ReadError
from ingest.readers.url import Fetching, fetch

FIXTURES = Path(__file__).parent / "fixtures"
LOCAL = Fetching(allow_private=True)
ROUTES = {  # path -> (content type, fixture file) served without an extension
    "/story": ("text/html; charset=utf-8", "nobel-physics.html"),
    "/feed": ("application/rss+xml", "wikinews.rss"),
    "/records": ("application/x-ndjson", "articles.jsonl"),
    "/picture": ("image/png", None),
}


class Handler(http.server.SimpleHTTPRequestHandler):
    """Fixtures as files, plus routes for redirects, content types and a lying Content-Length."""

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/story")
            self.end_headers()
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path in ROUTES:
            kind, name = ROUTES[self.path]
            body = (FIXTURES / name).read_bytes() if name else b"\x89PNG\r\n\x1a\n" + bytes(100)
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            super().do_GET()


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(FIXTURES)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_an_html_page_by_content_type(server):
    [article] = list(read_input(f"{server}/story", fetching=LOCAL))
    assert article.title.startswith("Swedish academy") and article.origin == f"{server}/story"
    # The page's canonical link names another host: only the address it was fetched from is trusted.
    assert article.url == f"{server}/story"


def test_redirects_are_followed(server):
    [article] = list(read_input(f"{server}/moved", fetching=LOCAL))
    assert article.title.startswith("Swedish academy") and article.origin == f"{server}/moved"


def test_a_404_is_a_clear_failure(server):
    [failure] = list(read_input(f"{server}/no-such-page.html", fetching=LOCAL))
    assert isinstance(failure, Failure) and failure.error == "http"
    assert failure.message == "the server answered 404 Not Found"


def test_a_redirect_loop_fails(server):
    [failure] = list(read_input(f"{server}/loop", fetching=LOCAL))
    assert isinstance(failure, Failure) and "too many redirects" in failure.message


def test_feeds_and_jsonl_by_content_type(server):
    assert len(list(read_input(f"{server}/feed", fetching=LOCAL))) == 2
    records = list(read_input(f"{server}/records", fetching=LOCAL))
    assert len(records) == 2 and records[0].origin == f"{server}/records:1"


def test_files_by_extension(server):
    [article] = list(read_input(f"{server}/leonov.txt", fetching=LOCAL))
    assert article.title == "Cosmonaut Alexei Leonov dies at age 85"


def test_a_text_file_fetched_keeps_its_url_and_its_source_is_the_host(server, cli, db_path, sql):
    [article] = list(read_input(f"{server}/leonov.txt", fetching=LOCAL))
    assert article.url == f"{server}/leonov.txt"
    result = cli("ingest", "--db", db_path, "--no-nlp", "--allow-private", f"{server}/leonov.txt")
    assert result.exit_code == 0, result.output
    [row] = sql(db_path, "select a.url, s.name source, s.domain from articles a join sources s on s.id = a.source_id")
    assert row == {"url": f"{server}/leonov.txt", "source": "127.0.0.1", "domain": "127.0.0.1"}


def test_a_fetched_text_file_s_own_url_wins(server, tmp_path):
    [article] = list(read_input(f"{server}/koszalin-fire.md", fetching=LOCAL))
    assert article.url.startswith("https://en.wikinews.org/")  # from its front matter


def test_other_content_types_and_schemes_are_refused(server):
    [failure] = list(read_input(f"{server}/picture", fetching=LOCAL))
    assert failure.error == "unsupported_type" and "image/png" in failure.message
    [failure] = list(read_input("ftp://127.0.0.1/file.txt"))
    assert failure.error == "unsupported_url" and "only http and https" in failure.message


def test_the_size_limit(server):
    with pytest.raises(ReadError, match="limit"):
        fetch(f"{server}/story", max_bytes=100, fetching=LOCAL)


def test_nothing_listening(server):
    import socket

    with socket.socket() as s:  # a port that was free a moment ago
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    [failure] = list(read_input(f"http://127.0.0.1:{port}/x.html", fetching=LOCAL))
    assert failure.error == "connect" and "could not connect" in failure.message
