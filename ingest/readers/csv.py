"""CSV and TSV exports: one article a row, its columns found by name (ingest.readers.fields), other
columns kept as metadata, streamed so a file of any size reads in flat memory, a bad row failing
alone with its line number."""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO

from ingest.models import RawArticle
from ingest.readers.dates import strict_iso_date
from ingest.readers.errors import Failure, ReadError
from ingest.readers.fields import find_columns

MAX_FIELD = 20 * 1024 * 1024  # one cell: as large as one article may be
HEAD = 65536  # bytes read to tell the encoding and the delimiter
DELIMITERS = ",;\t|"  # what exports separate with, in the order ties are broken
COUNTED_BYTES = 512 * 1024 * 1024  # files up to this size have their rows counted for a progress total


def _encoding(head: bytes) -> str:
    """The file's encoding from its first bytes: a byte-order mark, else UTF-8 when they decode,
    else what charset-normalizer finds (cp1252 and friends). NUL bytes are binary."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if head.startswith(bom):
            return name
    if b"\x00" in head:
        raise ReadError("binary", "the input looks binary (it holds NUL bytes), not a CSV file")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)  # a character cut at the end is fine
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(head).best()
    if best is None:
        raise ReadError("encoding", "the input is not text in any encoding recognised (binary?)")
    return best.encoding


def _delimiter(first_line: str) -> str:
    """The separator the header row uses most (outside quotes), comma when none."""
    unquoted = first_line.split('"')[::2]
    counts = {d: sum(part.count(d) for part in unquoted) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _text_stream(fh: BinaryIO) -> io.TextIOWrapper:
    """The file as text, decoded as it streams; a stray undecodable byte later on becomes U+FFFD."""
    head = fh.read(HEAD)
    if not head.strip():
        raise ReadError("empty", "the input is empty")
    fh.seek(0)
    return io.TextIOWrapper(fh, encoding=_encoding(head), errors="replace", newline="")


def _rows(text: io.TextIOWrapper, delimiter: str | None, strict: bool = True) -> Any:
    """A csv.reader over the text (its `line_num` tells where a row ends); strict: a stray quote is
    an error, not a cell that runs on."""
    first = text.readline()
    text.seek(0)
    csv.field_size_limit(MAX_FIELD)
    return csv.reader(text, delimiter=delimiter or _delimiter(first), strict=strict)


def stream_table(
    fh: BinaryIO, origin: str, columns: Mapping[str, str] | None = None, delimiter: str | None = None
) -> Iterator[RawArticle | Failure]:
    """A CSV (or, with `delimiter` a tab, TSV) file -> one article per row, origin `file.csv:LINE`.

    Raises ReadError before any row when no column holds the text: a file whose text cannot be
    found is refused whole, naming the columns it has, never stored as one article."""
    text = _text_stream(fh)
    rows = _rows(text, delimiter)
    header: list[str] | None = None
    line = 1  # where the next row starts (rows may span lines)
    while True:
        start = line
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            line = rows.line_num + 1
            if header is None:
                raise ReadError("parse", f"the header row is not valid CSV ({exc})") from exc
            if "unexpected end of data" in str(exc):  # a quote opened at `start` swallowed the rest
                message = f"line {start}: a quoted cell opens here and never closes (it runs to the end of the file, line {rows.line_num})"
            else:
                message = f"line {start} is not a valid CSV row ({exc})"
            yield Failure(f"{origin}:{start}", "parse", message)
            continue
        line = rows.line_num + 1
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        if header is None:
            header = row
            parts = _parts(header, columns)
            continue
        where = f"{origin}:{start}"
        try:
            yield _article(row, header, parts, where)
        except ReadError as exc:
            yield Failure(where, exc.error, f"line {start}: {exc.message}")
    if header is None:
        raise ReadError("empty", "the CSV file holds no rows")


def _parts(header: list[str], columns: Mapping[str, str] | None) -> dict[str, int]:
    """Which column holds which part; ReadError when a named column is missing or no text column is found."""
    seen = ", ".join(repr(name) for name in header[:30]) + (" ..." if len(header) > 30 else "")
    try:
        parts = find_columns(header, columns)
    except KeyError as exc:
        raise ReadError("no_text_column", f"no column {exc.args[0]!r} in the header (its columns: {seen})") from exc
    if "text" not in parts:
        raise ReadError(
            "no_text_column",
            f"no column holds the article text (its columns: {seen}); name it with --columns text=COLUMN",
        )
    return parts


def _article(row: list[str], header: list[str], parts: dict[str, int], where: str) -> RawArticle:
    if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
        raise ReadError("parse", f"{len(row)} fields where the header has {len(header)} (a stray delimiter?)")
    cells = {part: row[i].strip() if i < len(row) else "" for part, i in parts.items()}
    if not cells["text"]:
        raise ReadError("no_text", f"the {header[parts['text']]!r} column is empty")
    published = cells.get("published_at") or None
    if published:
        try:
            published = strict_iso_date(published)
        except ValueError as exc:
            raise ReadError(
                "bad_date", f"{published!r} in the {header[parts['published_at']]!r} column is not a date"
            ) from exc
    used = set(parts.values())
    extra = {name: row[i] for i, name in enumerate(header) if i not in used and i < len(row) and row[i].strip()}
    return RawArticle(
        text=cells["text"],
        origin=where,
        title=cells.get("title") or None,
        url=cells.get("url") or None,
        byline=cells.get("byline") or None,
        published_at=published,
        source=cells.get("source") or None,
        language=cells.get("language") or None,
        extra=extra,
    )


def stream_csv(fh: BinaryIO, origin: str, columns: Mapping[str, str] | None = None) -> Iterator[RawArticle | Failure]:
    """A CSV file, its delimiter (comma, semicolon, tab or bar) told by the header row."""
    return stream_table(fh, origin, columns)


def stream_tsv(fh: BinaryIO, origin: str, columns: Mapping[str, str] | None = None) -> Iterator[RawArticle | Failure]:
    """A tab-separated file."""
    return stream_table(fh, origin, columns, delimiter="\t")


def read_csv(
    data: bytes,
    origin: str,
    url: str | None = None,
    charset: str | None = None,
    columns: Mapping[str, str] | None = None,
) -> Iterator[RawArticle | Failure]:
    """A CSV input in memory (a download, stdin) -> its articles."""
    return stream_csv(io.BytesIO(data), origin, columns)


def read_tsv(
    data: bytes,
    origin: str,
    url: str | None = None,
    charset: str | None = None,
    columns: Mapping[str, str] | None = None,
) -> Iterator[RawArticle | Failure]:
    """A TSV input in memory -> its articles."""
    return stream_tsv(io.BytesIO(data), origin, columns)


def count_rows(path: str, delimiter: str | None = None) -> int | None:
    """The data rows of a file (blank lines aside), for a progress total; None for a file too
    large to count cheaply or one that does not parse."""
    if os.path.getsize(path) > COUNTED_BYTES:
        return None
    try:
        with open(path, "rb") as fh:
            rows = _rows(_text_stream(fh), delimiter, strict=False)
            return max(0, sum(1 for row in rows if any(cell.strip() for cell in row)) - 1)
    except (ReadError, csv.Error, OSError):
        return None
