"""HTML pages through trafilatura (text and metadata), and feed items' HTML through the same extraction."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ingest.models import RawArticle
from ingest.readers.dates import iso_date
from ingest.readers.decode import text_of
from ingest.readers.errors import ReadError

# favor_recall: it extracts more of a news page's text than the defaults, with the same titles;
# reader comments are not the article.
EXTRACT_OPTIONS = dict(favor_recall=True, include_comments=False, include_tables=True, with_metadata=True)
_OPENS = re.compile(rb"<(?:html|body)[\s>]", re.I)
_CLOSES = re.compile(rb"</(?:html|body)\s*>", re.I)


def looks_truncated(data: bytes) -> bool:
    """A whole page (it opens <html> or <body>) that never closes either was cut short."""
    return bool(_OPENS.search(data[:65536])) and not _CLOSES.search(data[-65536:])


def read_html(data: bytes, origin: str, url: str | None = None, charset: str | None = None) -> list[RawArticle]:
    """A web page's bytes -> its one article (`url`: where it was fetched from)."""
    return [parse_html(text_of(data, charset), origin, url=url, truncated=looks_truncated(data))]


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def trusted_canonical(canonical: str | None, fetched: str | None) -> str | None:
    """The page's canonical URL when it may name the article: a fetched page's canonical link counts
    only on the page's own host (`www.` aside), or any page could claim another site's article."""
    if not canonical or not fetched:
        return canonical or fetched
    return canonical if _host(canonical) == _host(fetched) else fetched


def parse_html(html: str, origin: str, url: str | None = None, truncated: bool = False) -> RawArticle:
    """A web page -> its main text (one paragraph a line) with title, byline, date, site and URL."""
    import trafilatura

    if truncated:
        raise ReadError(
            "truncated", "the HTML page is cut short (it never closes <body> or <html>); fetch or save it again"
        )
    doc = trafilatura.bare_extraction(html, url=url, **EXTRACT_OPTIONS)
    if doc is None or not (doc.text or "").strip():
        raise ReadError("no_text", "no article text found in the HTML page")
    # trafilatura's `filedate` is the day of extraction, never the publication date: only `date` is used.
    extra = {
        k: v
        for k, v in (
            ("sitename", doc.sitename),
            ("description", doc.description),
            ("categories", doc.categories),
            ("tags", doc.tags),
        )
        if v
    }
    return RawArticle(
        text=doc.text,
        origin=origin,
        title=doc.title or None,
        url=trusted_canonical(doc.url, url),
        byline=doc.author or None,
        published_at=iso_date(doc.date),
        source=doc.sitename or None,
        language=None,
        extra=extra,
        whole_input=True,
    )


def item_text(html: str) -> str:
    """A feed item's HTML -> its text, one paragraph a blank line apart, through the same extraction
    as a page: embedded tweets and widgets (`47 minutes ago via Twitter for Mac`), share buttons and
    related-link boxes are left out as they are from pages."""
    import trafilatura

    if not html or not html.strip():
        return ""
    if "<" not in html:
        return html  # plain text
    doc = trafilatura.bare_extraction(
        f"<html><body>{html}</body></html>", **{**EXTRACT_OPTIONS, "with_metadata": False}
    )
    text = doc.text if doc is not None and doc.text else ""
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())
