"""Readers: files, folders, stdin (and later URLs and feeds) -> RawArticle, or a Failure saying why not."""
from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ingest.models import RawArticle
from ingest.readers.decode import DecodeError, decode
from ingest.readers.text import parse_text

FORMATS = ("auto", "text", "html", "json", "jsonl", "feed")
EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
}
MAX_BYTES = 20 * 1024 * 1024  # larger inputs are refused: no news article is 20 MB of text


@dataclass
class Failure:
    """An input that could not be read, with a message a person understands."""

    origin: str
    error: str  # a short class of failure, e.g. `empty`, `binary`, `parse`
    message: str


class ReadError(Exception):
    def __init__(self, error: str, message: str):
        super().__init__(message)
        self.error = error
        self.message = message


def iter_paths(inputs: Iterable[str]) -> Iterator[str]:
    """Expand folders recursively (sorted, hidden files skipped); keep other inputs as given."""
    for item in inputs:
        path = Path(item)
        if item != "-" and path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not any(part.startswith(".") for part in child.relative_to(path).parts):
                    yield str(child)
        else:
            yield item


def sniff(data: bytes) -> str:
    """Guess a format from content when the name does not tell."""
    head = data.lstrip()[:512].lower()
    if head.startswith(b"{") or head.startswith(b"["):
        return "json" if head.startswith(b"[") or data.strip().count(b"\n") == 0 else "jsonl"
    if head.startswith(b"<?xml") and (b"<rss" in data[:2048].lower() or b"<feed" in data[:2048].lower()):
        return "feed"
    if head.startswith((b"<rss", b"<feed")):
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in data[:4096].lower():
        return "html"
    return "text"


def format_for(origin: str, data: bytes, fmt: str) -> str:
    if fmt != "auto":
        return fmt
    return EXTENSIONS.get(Path(origin).suffix.lower()) or sniff(data)


def parse(data: bytes, origin: str, fmt: str) -> list[RawArticle]:
    """Bytes of one input -> its articles. Raises ReadError with a clear message."""
    if not data.strip():
        raise ReadError("empty", "the input is empty")
    if len(data) > MAX_BYTES:
        raise ReadError("too_large", f"the input is {len(data):,} bytes; the limit is {MAX_BYTES:,}")
    fmt = format_for(origin, data, fmt)
    if fmt == "text":
        try:
            text = decode(data)
        except DecodeError as exc:
            raise ReadError(exc.error, str(exc)) from exc
        return [parse_text(text, origin)]
    raise ReadError("unsupported_format", f"reading {fmt} input is not supported yet")


def read_input(item: str, fmt: str = "auto") -> Iterator[RawArticle | Failure]:
    """One input (a path or `-`) -> its articles, or a Failure."""
    origin = "<stdin>" if item == "-" else item
    try:
        if item == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(item, "rb") as fh:
                data = fh.read(MAX_BYTES + 1)
        articles = parse(data, origin, fmt)
    except ReadError as exc:
        yield Failure(origin, exc.error, exc.message)
        return
    except FileNotFoundError:
        yield Failure(origin, "not_found", "no such file or folder")
        return
    except OSError as exc:
        yield Failure(origin, "io", f"could not read the input: {exc.strerror or exc}")
        return
    yield from articles


def read_all(inputs: Iterable[str], fmt: str = "auto") -> Iterator[RawArticle | Failure]:
    """Every article of every input, in order, streaming."""
    for item in iter_paths(inputs):
        yield from read_input(item, fmt)
