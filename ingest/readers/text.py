"""Plain-text articles: optional `---` YAML front matter, then an optional title line."""

from __future__ import annotations

import datetime as dt
import re

import yaml

from ingest.models import RawArticle
from ingest.readers.dates import iso_date
from ingest.readers.decode import text_of
from ingest.readers.errors import ReadError
from ingest.readers.fields import field_text

_FRONT = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_KNOWN = {"title", "url", "published", "published_at", "date", "source", "byline", "author", "language"}
MAX_TITLE_CHARS = 200


class _NoAliasLoader(yaml.SafeLoader):
    """PyYAML's safe loader refusing aliases (`*name`): each expands to a copy of what it names, so a
    few hundred bytes of nested aliases become gigabytes, and front matter never needs them."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise ReadError(
                "front_matter", "the front matter uses YAML aliases (*name), which are refused: write the values out"
            )
        return super().compose_node(parent, index)


def split_front_matter(text: str) -> tuple[dict, str]:
    match = _FRONT.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.load(match.group(1), Loader=_NoAliasLoader) or {}  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        return {}, text  # not front matter after all: keep the text as written
    if not isinstance(meta, dict):
        return {}, text
    return meta, text[match.end() :]


def split_title(text: str) -> tuple[str | None, str]:
    """A single short first line followed by a blank line and more text is the title."""
    stripped = text.lstrip("\n")
    match = re.match(r"([^\n]+)\n[ \t]*\n(?=\s*\S)", stripped)
    if match and len(match.group(1).strip()) <= MAX_TITLE_CHARS:
        rest = stripped[match.end() :]
        if re.search(r"\n[ \t]*\n", rest.strip()) or len(rest.strip()) > len(match.group(1)):
            return match.group(1).strip(), rest
    return None, text


def parse_text(text: str, origin: str) -> RawArticle:
    meta, body = split_front_matter(text)
    title = meta.get("title")
    if title is None:
        title, body = split_title(body)
    extra = {k: v for k, v in meta.items() if k not in _KNOWN}
    return RawArticle(
        text=body,
        origin=origin,
        title=field_text(title),
        url=field_text(meta.get("url")),
        byline=field_text(meta.get("byline") or meta.get("author")),
        published_at=iso_date(meta.get("published_at") or meta.get("published") or meta.get("date")),
        source=field_text(meta.get("source")),
        language=field_text(meta.get("language")),
        extra={k: iso_date(v) if isinstance(v, dt.date) else v for k, v in extra.items()},
        whole_input=True,
    )


def read_text(data: bytes, origin: str, url: str | None = None, charset: str | None = None) -> list[RawArticle]:
    """A text file's bytes -> its one article; one fetched over HTTP keeps the URL it came from
    (after redirects) unless its front matter gives one."""
    article = parse_text(text_of(data, charset), origin)
    article.url = article.url or url
    return [article]
