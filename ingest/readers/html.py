"""HTML pages through trafilatura (text and metadata); HTML fragments (feed content) to paragraphs."""

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


_BLOCKS = {
    "p",
    "div",
    "section",
    "article",
    "blockquote",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "figure",
    "figcaption",
    "header",
    "footer",
    "hr",
}
_DROP = {"script", "style", "noscript", "iframe", "object", "embed", "form", "button", "svg"}


def fragment_text(html: str) -> str:
    """An HTML fragment that is all article (feed content) -> text with blank lines between blocks.

    trafilatura looks for the main content of a whole page and drops some of a feed item's words;
    here every block is kept, feed furniture aside.
    """
    import lxml.html

    if not html or not html.strip():
        return ""
    if "<" not in html:
        return html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for el in list(root.iter()):
        if not isinstance(el.tag, str):  # comments, processing instructions
            continue
        cls = el.get("class") or ""
        if el.tag in _DROP or "feedflare" in cls:
            el.drop_tree()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "br":
            el.tail = "\n" + (el.tail or "")
        elif el.tag in _BLOCKS:
            el.text = "\n\n" + (el.text or "")
            el.tail = "\n\n" + (el.tail or "")
    text = root.text_content()
    blocks = [" ".join(b.split()) for b in re.split(r"\n\s*\n", text)]
    return "\n\n".join(b for b in blocks if b)
