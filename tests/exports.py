"""Spreadsheet exports and web archives written by the tests themselves: CSV/TSV rows and WARC files
(warcio writes them, as a crawler would)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_records() -> list[dict]:
    """The two Wikinews articles of fixtures/articles.jsonl, as dicts."""
    lines = (FIXTURES / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def write_table(path: Path, header: list[str], rows: list[list[str]], delimiter: str = ",") -> Path:
    """A CSV (or TSV) file as a spreadsheet exports it: a header row, quoted cells where needed."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_fixture_table(path: Path, delimiter: str = ",") -> Path:
    """fixtures/articles.jsonl as an export with columns url, date, title, text (the Wikinews CSV's)."""
    rows = [
        [r.get("url", ""), r.get("published", ""), r["title"], r.get("text") or r.get("body")]
        for r in fixture_records()
    ]
    return write_table(path, ["url", "date", "title", "text"], rows, delimiter)


@dataclass
class Capture:
    """One fetch a crawler recorded: the URL, the response's body, type and status, and when."""

    url: str
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: str = "200 OK"
    date: str = "2019-10-08T12:00:00Z"
    with_request: bool = True  # a request record before the response, as crawlers write
    headers: list[tuple[str, str]] = field(default_factory=list)


def write_warc(path: Path, captures: list[Capture], gzip: bool = True, metadata: bool = False) -> Path:
    """A WARC file: a warcinfo record, then for each capture its request and response records (and a
    metadata record after each response when asked)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests/exports.py"}))
        for capture in captures:
            if capture.with_request:
                request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
                writer.write_record(
                    writer.create_warc_record(
                        capture.url,
                        "request",
                        payload=io.BytesIO(b""),
                        http_headers=request,
                        warc_headers_dict={"WARC-Date": capture.date},
                    )
                )
            http = StatusAndHeaders(
                capture.status, [("Content-Type", capture.content_type), *capture.headers], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    capture.url,
                    "response",
                    payload=io.BytesIO(capture.body),
                    http_headers=http,
                    warc_headers_dict={"WARC-Date": capture.date},
                )
            )
            if metadata:
                writer.write_record(
                    writer.create_warc_record(
                        capture.url,
                        "metadata",
                        payload=io.BytesIO(b"fetchTimeMs: 120\r\n"),
                        warc_content_type="application/warc-fields",
                    )
                )
    return path


def nobel_page() -> bytes:
    """The Wikinews page of fixtures/nobel-physics.html."""
    return (FIXTURES / "nobel-physics.html").read_bytes()


def write_fixture_warc(path: Path) -> Path:
    """fixtures/nobel-physics.html as a crawler captured it, with a stylesheet fetched beside it."""
    url = "https://en.wikinews.org/wiki/Swedish_academy_announces_2019_Nobel_Prize_winners_in_physics"
    return write_warc(
        path,
        [Capture(url, nobel_page()), Capture("https://en.wikinews.org/style.css", b"body{}", content_type="text/css")],
        gzip=path.name.endswith(".gz"),
    )
