"""Fields of a record (a CSV column, a JSON key, a front-matter value): which one holds which part
of an article, found by its usual names or named by the person (`--columns text=body,title=headline`),
and its value as text whatever type the reader found it as."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

# The article's parts and the names exports give them, most specific first.
FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "full_text", "article_text", "story"),
    "title": ("title", "headline"),
    "url": ("url", "link", "canonical_url"),
    "published_at": ("published", "published_at", "date", "datePublished", "pubdate", "publish_date"),
    "source": ("source", "outlet", "publisher", "site", "sitename", "media_name"),
    "byline": ("byline", "author", "authors"),
    "language": ("language", "lang"),
}
# What `--columns` takes on its left-hand side: a part's name, or the usual column name for it.
_ALIASES = {"published": "published_at", "date": "published_at", "author": "byline"}


class ColumnsError(ValueError):
    """A `--columns` value that does not say which column holds which part."""


def parse_columns(value: str | None) -> dict[str, str]:
    """`text=body,title=headline` -> {"text": "body", "title": "headline"}; ColumnsError when malformed."""
    columns: dict[str, str] = {}
    for pair in (value or "").split(","):
        if not pair.strip():
            continue
        part, sep, column = (s.strip() for s in pair.partition("="))
        if not sep or not part or not column:
            raise ColumnsError(f"{pair.strip()!r} is not PART=COLUMN (e.g. text=body)")
        name = _ALIASES.get(part.lower(), part.lower())
        if name not in FIELDS:
            parts = ", ".join(sorted(FIELDS))
            raise ColumnsError(f"{part!r} is not a part of an article; use one of {parts}")
        columns[name] = column
    return columns


def normal_name(name: str) -> str:
    """A column name as matched: case, spaces, hyphens and a byte-order mark ignored (`Published At`)."""
    return re.sub(r"[\s\-]+", "_", name.replace("\ufeff", "").strip()).casefold()


def find_columns(names: Iterable[str], columns: Mapping[str, str] | None = None) -> dict[str, int]:
    """Part -> index of its column in `names` (a header row): the column `columns` names for it,
    else the first of its usual names present. A named column that is not there raises KeyError."""
    index = {}
    for position, name in enumerate(names):
        index.setdefault(normal_name(name), position)
    found: dict[str, int] = {}
    for part, usual in FIELDS.items():
        wanted = (columns or {}).get(part)
        if wanted is not None:
            if normal_name(wanted) not in index:
                raise KeyError(wanted)
            found[part] = index[normal_name(wanted)]
            continue
        for name in usual:
            if normal_name(name) in index:
                found[part] = index[normal_name(name)]
                break
    return found


def field_text(value: Any) -> str | None:
    """A metadata value as one string: lists joined (several authors), an object by its `name` or
    `url` ({"name": "Reuters"}), bytes decoded, anything else as written; None for nothing."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, list | tuple):
        parts = [field_text(v) for v in value]
        return ", ".join(p for p in parts if p) or None
    if isinstance(value, dict):
        return field_text(value.get("name") or value.get("url"))
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)
