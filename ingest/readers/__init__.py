"""Readers: files, folders, stdin, http(s) URLs and feeds -> RawArticle, or a Failure saying why not.

The formats and how each is recognised are the Reader records of `registry`."""

from __future__ import annotations

import io
import os
import stat
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from ingest.models import RawArticle
from ingest.readers import registry
from ingest.readers.errors import Failure, ReadError, Skipped
from ingest.readers.fields import FIELDS, normal_name
from ingest.readers.json import parse_jsonl
from ingest.readers.registry import Item, Reader
from ingest.readers.url import Fetching, fetch, is_url, without_credentials
from ingest.readers.warc import looks_like_warc

__all__ = [
    "FORMATS",
    "Failure",
    "Fetching",
    "ReadError",
    "Reader",
    "Skipped",
    "iter_paths",
    "parse",
    "read_all",
    "read_input",
    "records_in",
]

FORMATS = ("auto", *registry.REGISTRY.names)  # what `--format` takes
MAX_BYTES = 20 * 1024 * 1024  # larger inputs are refused: no news article is 20 MB of text
MAX_LINE_BYTES = MAX_BYTES  # per record of a JSONL file, which itself may be any size


# A folder's own documentation is not an article: skipped when a folder is expanded (a file given
# by name is always read).
NOT_ARTICLES = {"readme", "license", "licence", "credits", "copying", "notice"}


def _skipped(child: Path, root: Path) -> bool:
    # The parts below the root, by position (`child` comes from `root.rglob`): relative_to is slow
    # for a call per file, in the process that also stores the articles.
    hidden = any(part.startswith(".") for part in child.parts[len(root.parts) :])
    return hidden or child.stem.lower() in NOT_ARTICLES or child.name.lower() in NOT_ARTICLES


def iter_paths(inputs: Iterable[str]) -> Iterator[str]:
    """Expand folders recursively (sorted; hidden files and README/LICENSE skipped); keep other inputs.
    A folder with no file to read is kept as itself, for read_input to say so."""
    for item in inputs:
        path = Path(item)
        if item != "-" and not is_url(item) and path.is_dir():
            found = False
            for child in sorted(path.rglob("*")):
                if child.is_file() and not _skipped(child, path):
                    found = True
                    yield str(child)
            if not found:
                yield item
        else:
            yield item


_TEXT_COLUMNS = {normal_name(name) for name in FIELDS["text"]}
_KNOWN_COLUMNS = {normal_name(name) for names in FIELDS.values() for name in names}


def _table_header(data: bytes) -> str | None:
    """`csv` or `tsv` when the first line is a header row naming a text column and another known
    column (`title,text`); a sentence with commas in it names no columns."""
    first = data.split(b"\n", 1)[0].decode("utf-8", errors="replace").strip()
    for fmt, delimiter in (("tsv", "\t"), ("csv", ",")):
        names = {normal_name(cell.strip().strip('"')) for cell in first.split(delimiter)}
        if len(names) > 1 and names & _TEXT_COLUMNS and len(names & _KNOWN_COLUMNS) > 1:
            return fmt
    return None


def _not_a_file(item: str) -> Failure | None:
    """A Failure for a path that is not a regular file: an empty folder (iter_paths keeps those),
    or a FIFO, device or socket, which opening could block on for ever or read without end."""
    try:
        mode = os.stat(item).st_mode
    except OSError:
        return None  # missing or unreadable: opening it says which
    if stat.S_ISDIR(mode):
        return Failure(item, "empty", "the folder holds no file to ingest (hidden files and READMEs are skipped)")
    if not stat.S_ISREG(mode):
        return Failure(
            item, "not_a_file", "not a regular file (a FIFO, device or socket); give a file, folder, URL or -"
        )
    return None


def sniff(data: bytes) -> str:
    """Guess a format from content when the name does not tell."""
    if looks_like_warc(data):
        return "warc"
    for bom in (b"\xef\xbb\xbf",):
        data = data.removeprefix(bom)
    head = data.lstrip()[:512].lower()
    if head.startswith(b"{") or head.startswith(b"["):
        if head.startswith(b"["):
            return "json"
        first, _, rest = data.strip().partition(b"\n")
        return "jsonl" if rest.strip().startswith(b"{") and first.rstrip().endswith(b"}") else "json"
    window = data[:4096].lower()
    if head.startswith(b"<?xml") and (b"<rss" in window or b"<feed" in window or b"<rdf:rdf" in window):
        return "feed"
    if head.startswith((b"<rss", b"<feed", b"<rdf:rdf")):
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in window or b"<p>" in window:
        return "html"
    return _table_header(data) or "text"


def format_for(origin: str, data: bytes, fmt: str) -> str:
    """The format asked for, else the file extension's, else the content's."""
    if fmt != "auto":
        return fmt
    reader = _extension_reader(origin)
    return reader.name if reader is not None else sniff(data)


def _extension_reader(origin: str) -> Reader | None:
    # os.path, not pathlib, which is slower: this runs for every input, twice.
    stem, extension = os.path.splitext(origin.split("?")[0].rstrip("/"))
    extension = extension.lower()
    if extension == ".gz":  # a compressed format names itself with two: `.warc.gz`
        extension = os.path.splitext(stem)[1].lower() + extension
    return registry.REGISTRY.by_extension.get(extension)


def _reader(fmt: str) -> Reader:
    reader = registry.REGISTRY.by_name.get(fmt)
    if reader is None:
        formats = ", ".join(("auto", *registry.REGISTRY.names))
        raise ReadError("usage", f"unknown format {fmt!r}; use one of {formats}")
    return reader


def _options(reader: Reader, columns: Mapping[str, str] | None) -> dict:
    return {"columns": columns} if reader.columns and columns else {}


def parse(
    data: bytes,
    origin: str,
    fmt: str,
    url: str | None = None,
    charset: str | None = None,
    columns: Mapping[str, str] | None = None,
) -> Iterator[Item]:
    """Bytes of one input -> its articles, and a Failure for each bad record. Raises ReadError."""
    if not data.strip():
        raise ReadError("empty", "the input is empty")
    if len(data) > MAX_BYTES:
        streamed = ", ".join(r.name.upper() for r in registry.REGISTRY.readers if r.stream) + " and JSONL"
        raise ReadError(
            "too_large",
            f"the input is over {MAX_BYTES:,} bytes, the limit for one article ({streamed} files may be any size)",
        )
    reader = _reader(format_for(origin, data, fmt))
    return iter(reader.parse(data, origin, url, charset, **_options(reader, columns)))


def _jsonl_lines(fh: io.BufferedReader) -> Iterator[str]:
    """Lines of a JSONL file, decoded one by one so a file of any size streams."""
    for raw in fh:
        if len(raw) > MAX_LINE_BYTES:
            yield "\x00"  # fails alone as invalid JSON, with its line number
            continue
        yield raw.decode("utf-8-sig", errors="replace")


def _read_file(path: str, limit: int) -> bytes:
    """The first `limit` bytes of a file (all of it when smaller).

    Asks for the file's size (plus one byte, to see it has grown) rather than for `limit` bytes:
    `read(limit)` allocates `limit` bytes up front, MAX_BYTES for every article of a few KB."""
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size  # 0 for pipes and /proc files: read up to the limit
        data = fh.read(min(size + 1, limit) if size else limit)
        if size < len(data) < limit:  # grew while being read
            data += fh.read(limit - len(data))
    return data


def _guarded(items: Iterator[Item], origin: str) -> Iterator[Item]:
    """Turn a ReadError raised while a reader streams its records into a Failure for the input."""
    try:
        yield from items
    except ReadError as exc:
        yield Failure(origin, exc.error, exc.message)
    except Exception as exc:  # noqa: BLE001 - a reader's bug must cost one input, not the run
        yield Failure(origin, "reader", f"the reader failed on this input: {type(exc).__name__}: {exc}")


def read_input(
    item: str, fmt: str = "auto", columns: Mapping[str, str] | None = None, fetching: Fetching | None = None
) -> Iterator[Item]:
    """One input (a path, a URL or `-`) -> its articles, or a Failure; `columns` says which column
    holds which part of an article, for readers of records with named fields (CSV); `fetching`: how
    URLs are fetched."""
    origin = "<stdin>" if item == "-" else without_credentials(item)
    try:
        if is_url(item):
            fetched = fetch(item, MAX_BYTES, fetching)
            chosen = fmt if fmt != "auto" else (fetched.fmt or format_for(fetched.url, fetched.data, "auto"))
            articles = parse(fetched.data, origin, chosen, url=fetched.url, charset=fetched.charset, columns=columns)
        elif item == "-":
            articles = parse(sys.stdin.buffer.read(MAX_BYTES + 1), origin, fmt, columns=columns)
        elif (refused := _not_a_file(item)) is not None:
            yield refused
            return
        elif format_for(item, b"", fmt) == "jsonl" and fmt in ("auto", "jsonl"):
            yield from _read_jsonl_file(item)
            return
        elif (streaming := _streaming_reader(item, fmt)) is not None:
            yield from _guarded(_streamed(streaming, item, columns), origin)
            return
        else:
            articles = parse(_read_file(item, MAX_BYTES + 1), origin, fmt, columns=columns)
    except ReadError as exc:
        yield Failure(origin, exc.error, exc.message)
        return
    except FileNotFoundError:
        yield Failure(origin, "not_found", "no such file or folder")
        return
    except IsADirectoryError:
        yield Failure(origin, "io", "a folder where a file was expected")
        return
    except OSError as exc:
        yield Failure(origin, "io", f"could not read the input: {exc.strerror or exc}")
        return
    except Exception as exc:  # noqa: BLE001 - a reader's bug must cost one input, not the run
        yield Failure(origin, "reader", f"the reader failed on this input: {type(exc).__name__}: {exc}")
        return
    yield from _guarded(articles, origin)


def _streaming_reader(path: str, fmt: str) -> Reader | None:
    """The reader of a file when it reads files as they stream (CSV, WARC), told by the format asked
    for, else by the extension, else by the file's first bytes."""
    name = format_for(path, b"", fmt)
    if fmt == "auto" and _extension_reader(path) is None:  # no known extension: the content decides
        with open(path, "rb") as fh:
            name = sniff(fh.read(4096))
    reader = registry.REGISTRY.by_name.get(name)
    return reader if reader is not None and reader.stream is not None else None


def _streamed(reader: Reader, path: str, columns: Mapping[str, str] | None) -> Iterator[Item]:
    with open(path, "rb") as fh:
        yield from reader.stream(fh, path, **_options(reader, columns))


def _read_jsonl_file(path: str) -> Iterator[RawArticle | Failure]:
    """A JSONL file read line by line: any size, one Failure per broken line."""
    with open(path, "rb") as fh:
        head = fh.read(8192)
        if not head.strip():
            yield Failure(path, "empty", "the input is empty")
            return
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16/32 with a BOM: decoded whole
            fh.seek(0)
            yield from _guarded(parse(fh.read(MAX_BYTES + 1), path, "jsonl"), path)
            return
        if b"\x00" in head:
            yield Failure(path, "binary", "the input looks binary (it holds NUL bytes), not JSON Lines")
            return
        fh.seek(0)
        yield from _guarded(parse_jsonl(_jsonl_lines(fh), path), path)


def read_all(
    inputs: Iterable[str],
    fmt: str = "auto",
    columns: Mapping[str, str] | None = None,
    fetching: Fetching | None = None,
) -> Iterator[Item]:
    """Every article of every input, in order, streaming."""
    for item in iter_paths(inputs):
        yield from read_input(item, fmt, columns, fetching)


def single_article(path: str, fmt: str = "auto") -> bool:
    """Whether a path holds one article (by its name), for a progress bar's total."""
    reader = registry.REGISTRY.by_name.get(format_for(path, b"", fmt))
    return reader is not None and reader.single_article


def records_in(path: str, fmt: str = "auto") -> int | None:
    """How many records a file holds (1 for one article), when that is cheap to know; else None."""
    reader = registry.REGISTRY.by_name.get(format_for(path, b"", fmt))
    if reader is None:
        return None
    if reader.single_article:
        return 1
    try:
        return reader.count(path) if reader.count is not None else None
    except OSError:
        return None
