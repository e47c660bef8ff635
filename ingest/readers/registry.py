"""The input formats: one Reader record each, found by name (`--format`), file extension or media type.

Adding a format is one record in READERS (and its tests): format detection, the URL reader, the
CLI's `--format` choices and the docs' reader table all read this registry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import BinaryIO

from ingest.models import RawArticle
from ingest.readers.csv import count_rows, read_csv, read_tsv, stream_csv, stream_tsv
from ingest.readers.errors import Failure, Skipped
from ingest.readers.feed import read_feed
from ingest.readers.html import read_html
from ingest.readers.json import read_json, read_jsonl
from ingest.readers.text import read_text
from ingest.readers.warc import read_warc, stream_warc

Item = RawArticle | Failure | Skipped
# (bytes of the input, its origin, the URL it was fetched from, the charset the server declared)
# -> its articles, with a Failure for each bad record; raises ReadError when the whole input is bad.
# A reader that takes `columns` is also given `columns=` (which column holds which part, --columns).
ParseFunction = Callable[[bytes, str, str | None, str | None], Iterable[Item]]
# (an open binary file, its origin) -> its articles, read as they stream: a file of any size. Also
# given `columns=` when the reader takes them.
StreamFunction = Callable[[BinaryIO, str], Iterable[Item]]


@dataclass(frozen=True)
class Reader:
    """One input format: its name, how to parse it, and how to recognise it."""

    name: str  # what `--format` takes
    parse: ParseFunction
    extensions: tuple[str, ...]  # lowercase, with the dot
    media_types: tuple[str, ...]  # the Content-Type a server sends, without parameters
    single_article: bool  # one file is one article (a progress bar can count files)
    stream: StreamFunction | None = None  # reads a file as it streams: no size limit
    count: Callable[[str], int | None] | None = None  # a file's records, when cheap to know (progress total)
    columns: bool = False  # its records have named fields that `--columns` can point at


class Registry:
    """The readers, indexed by name, file extension and media type; each claimed by one reader."""

    def __init__(self, readers: Iterable[Reader]):
        self.readers = tuple(readers)
        self.by_name = _index(((r.name, r) for r in self.readers), "format name")
        self.by_extension = _index(((e, r) for r in self.readers for e in r.extensions), "extension")
        self.by_media_type = _index(((m, r) for r in self.readers for m in r.media_types), "media type")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.readers)


def _index(pairs: Iterable[tuple[str, Reader]], what: str) -> dict[str, Reader]:
    index: dict[str, Reader] = {}
    for key, reader in pairs:
        if key in index:
            raise ValueError(f"the {what} {key!r} is claimed by both {index[key].name} and {reader.name}")
        index[key] = reader
    return index


READERS = (
    Reader(
        name="text",
        parse=read_text,
        extensions=(".txt", ".text", ".md", ".markdown"),
        media_types=("text/plain", "text/markdown"),
        single_article=True,
    ),
    Reader(
        name="html",
        parse=read_html,
        extensions=(".html", ".htm", ".xhtml"),
        media_types=("text/html", "application/xhtml+xml"),
        single_article=True,
    ),
    Reader(
        name="json",
        parse=read_json,
        extensions=(".json",),
        media_types=("application/json", "application/ld+json"),
        single_article=False,
    ),
    Reader(
        name="jsonl",
        parse=read_jsonl,
        extensions=(".jsonl", ".ndjson"),
        media_types=("application/x-ndjson", "application/jsonl", "application/x-jsonlines"),
        single_article=False,
    ),
    Reader(
        name="feed",
        parse=read_feed,
        extensions=(".xml", ".rss", ".atom"),
        media_types=("application/rss+xml", "application/atom+xml", "application/rdf+xml"),
        single_article=False,
    ),
    Reader(
        name="csv",
        parse=read_csv,
        extensions=(".csv",),
        media_types=("text/csv", "application/csv"),
        single_article=False,
        stream=stream_csv,
        count=count_rows,
        columns=True,
    ),
    Reader(
        name="tsv",
        parse=read_tsv,
        extensions=(".tsv", ".tab"),
        media_types=("text/tab-separated-values",),
        single_article=False,
        stream=stream_tsv,
        count=lambda path: count_rows(path, "\t"),
        columns=True,
    ),
    Reader(
        name="warc",
        parse=read_warc,
        extensions=(".warc", ".warc.gz"),
        media_types=("application/warc",),
        single_article=False,
        stream=stream_warc,
    ),
)
REGISTRY = Registry(READERS)
