"""WARC web archives (`.warc`, `.warc.gz`) through warcio: every HTML page a crawl captured becomes an
article read as an HTML file is; the other records are passed over and counted; a file that breaks
off keeps what came before the break."""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from ingest.models import RawArticle
from ingest.readers.dates import iso_date
from ingest.readers.decode import text_of
from ingest.readers.errors import Failure, ReadError, Skipped
from ingest.readers.html import looks_truncated, parse_html

HTML_TYPES = {"text/html", "application/xhtml+xml"}
MAX_PAGE = 20 * 1024 * 1024  # one page's bytes: as large as one article may be


def looks_like_warc(head: bytes) -> bool:
    """A WARC file, gzipped or not, starts with its version line (an ARC file with `filedesc://`)."""
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head[:4096], 16)
        except zlib.error:
            return False
    return head.startswith((b"WARC/", b"filedesc://"))


def _content_type(value: str | None) -> tuple[str, str | None]:
    """`text/html; charset=UTF-8` -> ("text/html", "UTF-8")."""
    mime, _, params = (value or "").partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'")
    return mime.strip().lower(), charset


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip()[:256].lower()
    return start.startswith((b"<!doctype html", b"<html")) or b"<body" in head[:4096].lower()


def _page(record) -> tuple[str | None, str, str | None]:
    """(skip reason, media type, charset) of a record: no reason when it may hold an HTML page."""
    kind = record.rec_type
    if kind == "response":
        status = record.http_headers.get_statuscode() if record.http_headers else None
        if not status or not status.startswith("2"):
            return (f"HTTP {status[0]}xx" if status else "no HTTP headers"), "", None
        mime, charset = _content_type(record.http_headers.get_header("Content-Type"))
    elif kind == "resource":
        mime, charset = _content_type(record.rec_headers.get_header("Content-Type"))
    else:
        return kind, "", None  # warcinfo, request, metadata, revisit, conversion, continuation
    if mime in HTML_TYPES or not mime:  # no type: the bytes decide
        return None, mime, charset
    return "not HTML", mime, None


def _article(records, record, number: int, origin: str) -> RawArticle | Failure | Skipped:
    where = f"{origin}:{number}"
    reason, mime, charset = _page(record)
    if reason:
        return Skipped(where, reason)
    data = record.content_stream().read(MAX_PAGE + 1)
    if len(data) > MAX_PAGE:
        return Failure(where, "too_large", f"record {number} is over {MAX_PAGE:,} bytes, the limit for one page")
    records.read_to_end()  # the record's last bytes, undecoded: only then is a cut record told apart
    if record.raw_stream.limit > 0:
        return Failure(where, "truncated", f"record {number} is cut short: the WARC file ends inside it")
    if not mime and not _looks_like_html(data):
        return Skipped(where, "not HTML")
    target = record.rec_headers.get_header("WARC-Target-URI") or None
    fetched = iso_date(record.rec_headers.get_header("WARC-Date"))
    try:
        article = parse_html(text_of(data, charset), where, url=target, truncated=looks_truncated(data))
    except ReadError as exc:
        return Failure(where, exc.error, f"record {number} ({target}): {exc.message}")
    # The page's own date when it gives one, else the day the crawler fetched it.
    article.published_at = article.published_at or fetched
    article.extra = {**article.extra, "fetched_at": fetched, "warc_target_uri": target}
    return article


def stream_warc(fh: BinaryIO, origin: str) -> Iterator[RawArticle | Failure | Skipped]:
    """A WARC file -> an article per HTML page (origin `file.warc.gz:N`, N the record's number), a
    Skipped per other record, and a Failure when the file breaks off (after what came before)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    fh.seek(0, io.SEEK_END)
    size = fh.tell()
    fh.seek(0)
    if not size:
        raise ReadError("empty", "the input is empty")
    if not looks_like_warc(fh.read(4096)):
        raise ReadError("parse", "not a WARC file (it does not start with a WARC/ version line)")
    fh.seek(0)
    records = ArchiveIterator(fh)
    number, last, item = 0, None, None
    try:
        for record in records:
            number += 1
            last = record
            item = _article(records, record, number, origin)
            yield item
    except (ArchiveLoadFailed, EOFError, ValueError, TypeError, OSError) as exc:
        # warcio's parser on a header cut in two, or bytes that are no WARC at all.
        if number == 0:
            raise ReadError("parse", f"not a WARC file ({type(exc).__name__}: {exc})") from exc
        yield _break(origin, number, f"record {number + 1} cannot be read ({exc})")
        return
    if number == 0:
        raise ReadError("parse", "not a WARC file (no WARC record found)")
    if isinstance(item, Failure) and item.error == "truncated":
        return  # the cut record said so
    if last is not None and last.raw_stream.limit > 0:
        yield _break(origin, number - 1, f"record {number} is cut short")
    elif records.offset < size and _rest(fh, records.offset).strip():
        yield _break(origin, number, f"{size - records.offset:,} bytes after record {number} are not a whole record")


def _rest(fh: BinaryIO, offset: int) -> bytes:
    fh.seek(offset)
    return fh.read(4096)


def _break(origin: str, read: int, detail: str) -> Failure:
    return Failure(origin, "truncated", f"the WARC file breaks off: {detail}; the {read} records before it were read")


def read_warc(
    data: bytes, origin: str, url: str | None = None, charset: str | None = None
) -> Iterator[RawArticle | Failure | Skipped]:
    """A WARC input in memory (a download, stdin) -> its pages."""
    return stream_warc(io.BytesIO(data), origin)
