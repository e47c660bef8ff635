"""The reader registry: every format reachable by `--format`, by its file extensions and by its media
types, named in the docs; a new Reader record is all a new format needs."""

from __future__ import annotations

import http.server
import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from ingest.models import RawArticle
from ingest.readers import FORMATS, Failure, Fetching, Skipped, read_input, single_article, sniff
from ingest.readers import registry as registry_module
from ingest.readers.decode import text_of
from ingest.readers.registry import READERS, REGISTRY, Reader, Registry
from tests.conftest import ROOT
from tests.exports import write_fixture_table, write_fixture_warc

LOCAL = Fetching(allow_private=True)  # the samples are served on 127.0.0.1

FIXTURES = Path(__file__).parent / "fixtures"
TWO_RECORDS = [
    "Arrests made in theft of gold toilet in England",
    "Eliud Kipchoge of Kenya runs marathon under two hours",
]
# A sample input of each registered format and the titles of the articles it holds: a file of
# fixtures/, or one the `samples` fixture writes.
SAMPLES = {
    "text": ("leonov.txt", ["Cosmonaut Alexei Leonov dies at age 85"]),
    "html": ("nobel-physics.html", ["Swedish academy announces 2019 Nobel Prize winners in physics"]),
    "json": ("kipchoge.json", ["Eliud Kipchoge of Kenya runs marathon under two hours"]),
    "jsonl": (
        "articles.jsonl",
        ["Arrests made in theft of gold toilet in England", "Eliud Kipchoge of Kenya runs marathon under two hours"],
    ),
    "feed": (
        "wikinews.rss",
        ["Cosmonaut Alexei Leonov dies at age 85", "Escape room fire kills five teen girls in Koszalin, Poland"],
    ),
    "csv": ("articles.csv", TWO_RECORDS),
    "tsv": ("articles.tsv", TWO_RECORDS),
    "warc": ("nobel.warc.gz", ["Swedish academy announces 2019 Nobel Prize winners in physics"]),
}


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> Path:
    """A folder holding every sample of SAMPLES."""
    folder = tmp_path_factory.mktemp("samples")
    for name, _ in SAMPLES.values():
        if (FIXTURES / name).exists():
            shutil.copy(FIXTURES / name, folder / name)
    write_fixture_table(folder / "articles.csv")
    write_fixture_table(folder / "articles.tsv", delimiter="\t")
    write_fixture_warc(folder / "nobel.warc.gz")
    return folder


def titles(items) -> list[str | None]:
    """The titles of the articles read (records passed over, such as a WARC file's requests, aside)."""
    items = [i for i in items if not isinstance(i, Skipped)]
    assert not [i for i in items if isinstance(i, Failure)], items
    return [i.title for i in items]


def misleading_name(reader: Reader) -> str:
    """A file name whose extension belongs to another reader, so that only `--format` can pick this one."""
    other = next(r for r in READERS if r is not reader)
    return "sample" + other.extensions[0]


def test_every_registered_reader_has_a_sample_here():
    assert set(SAMPLES) == set(REGISTRY.names)


def test_the_cli_format_choices_are_auto_and_the_registered_readers():
    from archive.cli import ingest

    [option] = [p for p in ingest.params if p.name == "fmt"]
    assert tuple(option.type.choices) == FORMATS == ("auto", *(r.name for r in READERS))


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.name)
def test_every_reader_is_reachable_by_the_cli_format_option(cli, sql, tmp_path, samples, reader):
    name, expected = SAMPLES[reader.name]
    path = tmp_path / misleading_name(reader)
    shutil.copy(samples / name, path)
    db = tmp_path / "archive.db"
    result = cli("ingest", "--db", db, "--no-nlp", "--format", reader.name, path)
    assert result.exit_code == 0, result.output
    assert [row["title"] for row in sql(db, "select title from articles order by id")] == expected


@pytest.mark.parametrize(
    ("reader", "extension"), [(r, e) for r in READERS for e in r.extensions], ids=lambda x: getattr(x, "name", x)
)
def test_every_reader_is_reachable_by_each_of_its_extensions(tmp_path, samples, reader, extension):
    name, expected = SAMPLES[reader.name]
    path = tmp_path / f"sample{extension}"
    shutil.copy(samples / name, path)
    assert titles(read_input(str(path))) == expected
    assert single_article(str(path)) == reader.single_article


class TypedHandler(http.server.BaseHTTPRequestHandler):
    """GET /sample?file=NAME&type=MEDIA_TYPE: the server's file served as that type (no extension to go by)."""

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        params = parse_qs(urlsplit(self.path).query)
        body = (self.server.folder / params["file"][0]).read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", params["type"][0])
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@dataclass
class Served:
    """The files of `folder` on a local HTTP server."""

    folder: Path
    port: int

    def url(self, name: str, media_type: str) -> str:
        return f"http://127.0.0.1:{self.port}/sample?{urlencode({'file': name, 'type': media_type})}"


@pytest.fixture(scope="module")
def served(tmp_path_factory, samples):
    folder = tmp_path_factory.mktemp("served")
    for name, _ in SAMPLES.values():
        shutil.copy(samples / name, folder / name)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), TypedHandler)
    httpd.folder = folder
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield Served(folder, httpd.server_address[1])
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize(
    ("reader", "media_type"), [(r, m) for r in READERS for m in r.media_types], ids=lambda x: getattr(x, "name", x)
)
def test_every_reader_is_reachable_by_each_of_its_media_types(served, reader, media_type):
    name, expected = SAMPLES[reader.name]
    assert titles(read_input(served.url(name, f"{media_type}; charset=utf-8"), fetching=LOCAL)) == expected


def test_content_sniffing_names_only_registered_readers(samples):
    found = {sniff((samples / name).read_bytes()) for name, _ in SAMPLES.values()} | {sniff(b"plain words")}
    assert found <= set(REGISTRY.names)


def test_two_readers_cannot_claim_one_extension():
    text = REGISTRY.by_name["text"]
    clash = Reader("notes", text.parse, (".md",), ("text/x-notes",), True)
    with pytest.raises(ValueError, match=r"'\.md' is claimed by both text and notes"):
        Registry([*READERS, clash])


def _read_lines(data: bytes, origin: str, url: str | None = None, charset: str | None = None) -> list[RawArticle]:
    """A made-up format: one short article a line."""
    lines = [line for line in text_of(data, charset).splitlines() if line.strip()]
    return [RawArticle(text=line, origin=f"{origin}:{n}") for n, line in enumerate(lines, start=1)]


def test_a_new_reader_record_is_all_a_new_format_needs(tmp_path, monkeypatch, served):
    lines = Reader("lines", _read_lines, (".lines",), ("text/x-lines",), single_article=False)
    monkeypatch.setattr(registry_module, "REGISTRY", Registry([*READERS, lines]))
    body = "The ferry sailed on time.\nThe bridge stays closed.\n"
    expected = ["The ferry sailed on time.", "The bridge stays closed."]

    by_extension = tmp_path / "news.lines"
    by_extension.write_text(body)
    assert [a.text for a in read_input(str(by_extension))] == expected
    assert not single_article(str(by_extension))

    by_option = tmp_path / "news.txt"  # the text reader's extension: only the format asked for picks `lines`
    by_option.write_text(body)
    assert [a.text for a in read_input(str(by_option), "lines")] == expected

    (served.folder / "news.lines").write_text(body)
    assert [a.text for a in read_input(served.url("news.lines", "text/x-lines"), fetching=LOCAL)] == expected


def _docs_reader_table() -> dict[str, set[str]]:
    """docs/ingest.md's reader table: format -> extensions."""
    docs = (ROOT / "docs" / "ingest.md").read_text(encoding="utf-8")
    section = docs.split("## Readers", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z0-9]+)` \| ([^|]*) \|", section, re.M)
    return {name: set(re.findall(r"\.[a-z0-9.]*[a-z0-9]", extensions)) for name, extensions in rows}


def test_the_docs_reader_table_names_every_registered_reader_with_its_extensions():
    assert _docs_reader_table() == {r.name: set(r.extensions) for r in READERS}
