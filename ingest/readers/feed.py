"""RSS and Atom feeds through feedparser: one article per item, the fullest content preferred."""

from __future__ import annotations

from collections.abc import Iterator

from ingest.models import RawArticle
from ingest.readers.dates import iso_date
from ingest.readers.decode import text_of
from ingest.readers.errors import Failure, ReadError
from ingest.readers.html import item_text


def _body(entry) -> str:
    """The item's fullest text: content:encoded / atom:content, else the summary, whichever says more.

    Some feeds put a one-line teaser in <content> and the article in <description>, so the longest
    wins rather than a fixed order.
    """
    candidates = [c.get("value", "") for c in entry.get("content") or []]
    candidates.append(entry.get("summary", ""))
    texts = [item_text(c) for c in candidates if c and c.strip()]
    return max(texts, key=len, default="")


def read_feed(
    data: bytes, origin: str, url: str | None = None, charset: str | None = None
) -> Iterator[RawArticle | Failure]:
    """A feed's bytes -> one article per item (feedparser reads the bytes and their declared encoding)."""
    text_of(data[:65536], charset)  # binary refused with the same message as other readers
    return parse_feed(data, origin)


def parse_feed(data: bytes, origin: str) -> Iterator[RawArticle | Failure]:
    """A feed document -> one RawArticle per item (origin `feed.xml:N`), or a Failure per bad item."""
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        reason = f" ({feed.bozo_exception})" if feed.bozo else ""
        if feed.get("version"):
            raise ReadError("empty", f"the feed has no items{reason}")
        raise ReadError("parse", f"not an RSS or Atom feed{reason}")
    source = feed.feed.get("title") or None
    for number, entry in enumerate(feed.entries, start=1):
        where = f"{origin}:{number}"
        text = _body(entry)
        if not text.strip():
            yield Failure(where, "no_text", f"item {number} ({entry.get('title', 'untitled')!r}) has no text")
            continue
        url = entry.get("feedburner_origlink") or entry.get("link") or None
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        extra = {
            k: v
            for k, v in (
                ("feed", source),
                ("guid", entry.get("id")),
                ("tags", [t.get("term") for t in entry.get("tags") or [] if t.get("term")]),
            )
            if v
        }
        yield RawArticle(
            text=text,
            origin=where,
            title=entry.get("title") or None,
            url=url,
            byline=entry.get("author") or None,
            published_at=iso_date(published) if published else iso_date(entry.get("published")),
            source=source,
            extra=extra,
        )
