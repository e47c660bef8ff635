"""Fetching is safe to point at the open web: only public addresses (checked on the address connected
to, at every redirect), one deadline per URL, and no credentials stored."""

from __future__ import annotations

import http.server
import ipaddress
import json
import socket
import threading
import time

import httpcore
import pytest

from ingest.readers import Failure, read_input
from ingest.readers import url as url_module
from ingest.readers.url import Fetching

PAGE = b"<html><head><title>Harbour secret</title></head><body><article><p>%s</p></article></body></html>"
SECRET = b"The harbour board keeps its secret minutes here, where nobody outside the building can read them today."
LOCAL = Fetching(allow_private=True)


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        port = self.server.server_address[1]
        if self.path == "/to-private":
            self._redirect(f"http://127.0.0.2:{port}/secret.html")
        elif self.path == "/to-metadata":
            self._redirect("http://169.254.169.254/latest/meta-data/")
        elif self.path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(300):  # 30 seconds, a byte at a time
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass  # the client gave up, as it should
        else:
            body = PAGE % SECRET
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.end_headers()


@pytest.fixture(scope="module")
def port():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


NOT_PUBLIC = [
    "127.0.0.1:{port}",
    "localhost:{port}",
    "[::1]:{port}",
    "2130706433:{port}",
    "0x7f000001:{port}",
    "0:{port}",
    "[::ffff:127.0.0.1]:{port}",
    "169.254.169.254",
    "10.1.2.3",
    "192.168.0.1",
    "[fe80::1]",
    "[fc00::1]",
    "224.0.0.1",
    "240.0.0.1",
]


@pytest.mark.parametrize("host", NOT_PUBLIC)
def test_addresses_that_are_not_public_are_refused_by_default(port, host):
    [failure] = list(read_input(f"http://{host.format(port=port)}/secret.html", fetching=Fetching(timeout=5)))
    assert isinstance(failure, Failure) and failure.error == "private_address", failure
    assert "--allow-private" in failure.message


def test_allow_private_fetches_a_local_server(port):
    [article] = list(read_input(f"http://127.0.0.1:{port}/secret.html", fetching=LOCAL))
    assert "secret minutes" in article.text


def test_a_name_that_resolves_to_a_private_address_is_refused(port, monkeypatch):
    real = socket.getaddrinfo

    def resolve(host, *args, **kwargs):
        return real("127.0.0.1" if host == "news.example" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    [failure] = list(read_input(f"http://news.example:{port}/secret.html"))
    assert failure.error == "private_address" and "127.0.0.1" in failure.message


def test_a_name_is_connected_at_the_address_that_was_checked(monkeypatch):
    """DNS rebinding: a name that answers a public address for the check and a private one for a
    second lookup reaches only the address checked, because it is looked up once."""
    answers = iter(["93.184.216.34", "127.0.0.1"])
    real = socket.getaddrinfo

    def resolve(host, *args, **kwargs):
        return real(next(answers) if host == "rebind.example" else host, *args, **kwargs)

    connected = []

    def connect_tcp(self, host, port, *args, **kwargs):
        connected.append(host)
        raise httpcore.ConnectError("no route in this test")

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", connect_tcp)
    [failure] = list(read_input("http://rebind.example/secret.html", fetching=Fetching(timeout=5)))
    assert isinstance(failure, Failure)
    assert connected == ["93.184.216.34"]


@pytest.mark.parametrize("path", ["/to-private", "/to-metadata"])
def test_a_redirect_to_a_private_address_is_refused_at_that_hop(port, path, monkeypatch):
    # 127.0.0.1 stands in for a public server; every other address keeps the real rule.
    real = url_module.public_address
    monkeypatch.setattr(url_module, "public_address", lambda ip: ip == ipaddress.ip_address("127.0.0.1") or real(ip))
    [failure] = list(read_input(f"http://127.0.0.1:{port}{path}", fetching=Fetching(timeout=5)))
    assert failure.error == "private_address", failure


def test_a_dripping_server_is_cut_off_at_the_deadline(port):
    started = time.monotonic()
    [failure] = list(read_input(f"http://127.0.0.1:{port}/drip", fetching=Fetching(allow_private=True, timeout=1)))
    assert failure.error == "timeout" and "1 second" in failure.message
    assert time.monotonic() - started < 15  # the server would drip for 30 s


def test_credentials_in_urls_are_never_stored(cli, db_path, port, sql):
    given = f"http://harbour:pa55word@127.0.0.1:{port}/secret.html"
    missing = f"http://harbour:pa55word@127.0.0.1:{port}/to-metadata"
    result = cli("ingest", "--db", db_path, "--no-nlp", "--allow-private", given, missing)
    assert result.exit_code == 1 and "pa55word" not in result.output
    [article] = sql(db_path, "select url, origin from articles")
    assert article == {"url": f"http://127.0.0.1:{port}/secret.html", "origin": f"http://127.0.0.1:{port}/secret.html"}
    [run] = sql(db_path, "select inputs from ingest_runs")
    assert json.loads(run["inputs"]) == [f"http://127.0.0.1:{port}/secret.html", f"http://127.0.0.1:{port}/to-metadata"]
    [error] = sql(db_path, "select origin, message from ingest_errors")
    assert "pa55word" not in json.dumps(error)


def test_the_cli_refuses_a_private_address_unless_allowed(cli, db_path, port, sql):
    result = cli("ingest", "--db", db_path, "--no-nlp", f"http://127.0.0.1:{port}/secret.html")
    assert result.exit_code == 1 and "not a public address" in result.output
    assert sql(db_path, "select count(*) as n from articles") == [{"n": 0}]
    result = cli("ingest", "--db", db_path, "--no-nlp", "--allow-private", f"http://127.0.0.1:{port}/secret.html")
    assert result.exit_code == 0 and "added 1" in result.output


def test_the_fetch_timeout_option_reaches_the_fetch(cli, db_path, port):
    started = time.monotonic()
    result = cli(
        "ingest",
        "--db",
        db_path,
        "--no-nlp",
        "--allow-private",
        "--fetch-timeout",
        "1",
        f"http://127.0.0.1:{port}/drip",
    )
    assert result.exit_code == 1 and "within 1 second" in result.output
    assert time.monotonic() - started < 15
