"""JSON (an object or an array of them) and JSONL records -> articles; a bad record fails alone."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from typing import Any

from ingest.models import RawArticle
from ingest.readers.dates import iso_date
from ingest.readers.decode import text_of
from ingest.readers.errors import Failure, ReadError
from ingest.readers.fields import field_text

TEXT_KEYS = ("text", "body", "content", "article")
FIELDS = {
    "title": ("title", "headline"),
    "url": ("url", "link", "canonical_url"),
    "published_at": ("published", "published_at", "date", "datePublished", "pubdate"),
    "source": ("source", "publisher", "site", "sitename"),
    "byline": ("byline", "author", "authors"),
    "language": ("language", "lang"),
}
_USED = set(TEXT_KEYS).union(*FIELDS.values())


def _first(record: dict, keys: Iterable[str]) -> Any:
    for key in keys:
        value = record.get(key)
        if value not in (None, "", []):
            return value
    return None


def record_article(record: Any, origin: str) -> RawArticle:
    """One JSON record -> a RawArticle; other keys are kept as metadata."""
    if not isinstance(record, dict):
        raise ReadError("parse", f"expected a JSON object with a `text` or `body`, found {type(record).__name__}")
    text = _first(record, TEXT_KEYS)
    if text is None:
        raise ReadError("no_text", f"the record has no `text` or `body` (its keys: {', '.join(list(record)[:10])})")
    if not isinstance(text, str):
        if isinstance(text, list) and all(isinstance(t, str) for t in text):
            text = "\n\n".join(text)  # a list of paragraphs
        else:
            raise ReadError("parse", "the record's text is not a string")
    values = {name: field_text(_first(record, keys)) for name, keys in FIELDS.items()}
    values["published_at"] = iso_date(values["published_at"])
    extra = {k: v for k, v in record.items() if k not in _USED}
    return RawArticle(text=text, origin=origin, extra=extra, **values)


def _records(value: Any, origin: str) -> Iterator[RawArticle | Failure]:
    if isinstance(value, dict) and isinstance(value.get("articles"), list):
        value = value["articles"]  # {"articles": [...]}, a common export shape
    if isinstance(value, dict):
        article = record_article(value, origin)
        article.whole_input = True  # the file's one article: its path names it
        yield article
        return
    if not isinstance(value, list):
        raise ReadError("parse", "expected a JSON object or an array of objects")
    for number, record in enumerate(value, start=1):
        where = f"{origin}:{number}"
        try:
            yield record_article(record, where)
        except ReadError as exc:
            yield Failure(where, exc.error, f"record {number}: {exc.message}")


class _NotFinite(ValueError):
    """A JSON number that is not a finite float (1e400, NaN, Infinity): it would be stored as
    `Infinity`, which is not JSON, and shown as `inf`."""


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NotFinite(text)
    return value


def _constant(name: str) -> float:
    raise _NotFinite(name)


def _loads(text: str) -> Any:
    """json.loads refusing numbers that are not finite; raises JSONDecodeError for bad syntax and
    ReadError for a value no article holds."""
    try:
        return json.loads(text, parse_float=_finite, parse_constant=_constant)
    except _NotFinite as exc:
        raise ReadError("parse", f"the number {exc} is not finite (too large, NaN or Infinity)") from exc
    except RecursionError as exc:
        raise ReadError("parse", "the JSON is nested too deeply to be an article") from exc
    except json.JSONDecodeError:
        raise
    except ValueError as exc:  # an integer of more digits than Python converts
        raise ReadError("parse", "the JSON holds a number with too many digits") from exc


def _where(exc: json.JSONDecodeError, with_line: bool = False) -> str:
    """What is wrong and where, as a sentence: `expecting value at column 3`, `unterminated string
    starting at line 2, column 9` (the decoder's own message ends in `at` when it names a start)."""
    message = exc.msg[:1].lower() + exc.msg[1:]
    place = f"line {exc.lineno}, column {exc.colno}" if with_line else f"column {exc.colno}"
    return f"{message} {place}" if message.endswith(" at") else f"{message} at {place}"


def parse_json(text: str, origin: str) -> Iterator[RawArticle | Failure]:
    """A JSON document: one article object, an array of them, or {"articles": [...]}."""
    try:
        value = _loads(text)
    except json.JSONDecodeError as exc:
        raise ReadError("parse", f"not valid JSON: {_where(exc, with_line=True)}; truncated?") from exc
    return _records(value, origin)


def parse_jsonl(lines: Iterable[str], origin: str) -> Iterator[RawArticle | Failure]:
    """JSON Lines, streamed: one record a line, blank lines skipped, a broken line fails alone."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            value = _loads(line.rstrip("\r\n"))  # the line's end is not part of its record
        except json.JSONDecodeError as exc:
            yield Failure(where, "parse", f"line {number} is not valid JSON: {_where(exc)}")
            continue
        except ReadError as exc:
            yield Failure(where, exc.error, f"line {number}: {exc.message}")
            continue
        try:
            yield record_article(value, where)
        except ReadError as exc:
            yield Failure(where, exc.error, f"line {number}: {exc.message}")


def read_json(
    data: bytes, origin: str, url: str | None = None, charset: str | None = None
) -> Iterator[RawArticle | Failure]:
    """A JSON file's bytes -> its articles."""
    return parse_json(text_of(data, charset), origin)


def read_jsonl(
    data: bytes, origin: str, url: str | None = None, charset: str | None = None
) -> Iterator[RawArticle | Failure]:
    """A JSON Lines input's bytes (all in memory: files on disk are streamed by parse_jsonl) -> its articles."""
    return parse_jsonl(text_of(data, charset).splitlines(), origin)
