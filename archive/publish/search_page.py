"""The search page, /{db}/search, and its exports: .json and .csv with every result, .atom with the
newest, all with the page's filters. Answers come from archive.search (one statement per request);
what is wrong with a request is said on the page, never as an error page or SQL."""

from __future__ import annotations

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import urlencode

from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup

from archive.publish.chart import bar_chart, fill_months
from archive.search import KINDS, POOL, SORTS, Filters, Request, Result, highlight_html, highlight_text, run

PAGE_SIZE = 20
KIND_LABELS = {
    "text": "paragraphs and quotes",
    "paragraphs": "paragraphs",
    "quotes": "quotes",
    "articles": "articles",
    "all": "paragraphs, quotes and articles",
}
FEED_SIZE = 50
ROUTE = r"^/(?P<database>[^/.]+)/search(\.(?P<format>json|csv|atom))?$"
# The request's parameters a link keeps (page and format aside).
PARAMS = ("q", "in", *Filters.NAMES, "sort", "all_copies")
ATOM = "http://www.w3.org/2005/Atom"


def _request(args, facets: bool, export: bool) -> Request:
    filters = Filters(**{name: args.get(name) for name in Filters.NAMES})
    try:
        page = max(1, int(args.get("page") or 1))
    except ValueError:
        page = 1
    where = args.get("in") or "text"
    sort = args.get("sort") or "relevance"
    size = POOL * len(KINDS.get(where, KINDS["all"])) if export else PAGE_SIZE
    return Request(
        args.get("q") or "",
        where,
        filters,
        sort,
        1 if export else page,
        size,
        collapse=not args.get("all_copies"),
        facets=facets,
    )


class Links:
    """URLs of this search with some parameters changed (the page reset unless given)."""

    def __init__(self, path: str, args):
        self.path = path
        self.values = {k: args.get(k) for k in PARAMS if args.get(k)}

    def with_(self, suffix: str = "", **changes: Any) -> str:
        values = {**self.values, **{k.rstrip("_"): v for k, v in changes.items()}}
        values = {k: v for k, v in values.items() if v not in (None, "")}
        return f"{self.path}{suffix}" + (f"?{urlencode(values)}" if values else "")


def _month_links(links: Links, months: dict[str, int]) -> dict[str, str]:
    return {m: links.with_(since=m, until=m) for m in months if m != "undated"}


async def search_view(datasette, request) -> Response:
    database = request.url_vars["database"]
    try:
        db = datasette.get_database(database)
    except KeyError:
        raise NotFound(f"Database not found: {database}") from None
    await datasette.ensure_permissions(request.actor, [("view-database", database), "view-instance"])
    fmt = request.url_vars.get("format")
    args = request.args
    search = _request(args, facets=fmt is None, export=fmt in ("json", "csv"))
    if fmt == "atom":
        search.size = FEED_SIZE
        search.sort = args.get("sort") or "newest"
    result = await db.execute_fn(lambda conn: run(conn, search))
    base = datasette.urls.database(database)
    links = Links(f"{base}/search", args)
    if fmt is None:
        return await _html(datasette, request, database, result, links)
    rows = [_export_row(datasette, request, database, row, search.text) for row in result.rows]
    if fmt == "json":
        body = {
            "ok": not result.errors,
            "q": search.text,
            "total": result.total,
            "complete": result.complete,
            "notes": result.notes,
            "errors": result.errors,
            "rows": rows,
        }
        return Response.json(body, status=400 if result.errors else 200, default=str)
    if fmt == "csv":
        if result.errors:
            return Response.text("\n".join(result.errors) + "\n", status=400)
        return _csv(rows)
    return _atom(datasette, request, result, rows, links)


def _article_path(datasette, database: str, row: dict, text: str) -> str:
    """The article of a result, opened on its paragraph with the search words highlighted."""
    query = f"?{urlencode({'q': text})}" if text else ""
    anchor = f"#p{row['paragraph']}" if row.get("paragraph") else ""
    return f"{datasette.urls.table(database, 'articles')}/{row['article_id']}{query}{anchor}"


def _export_row(datasette, request, database: str, row: dict, text: str) -> dict[str, Any]:
    """A result with plain text and HTML snippets and absolute links, for exports."""
    return {
        "kind": row["kind"],
        "title": row["title"],
        "snippet": highlight_text(row["snippet"], "", ""),
        "snippet_html": highlight_html(row["snippet"]),
        "speaker": row["speaker"],
        "source": row["source"],
        "published_at": row["published_at"],
        "article_id": row["article_id"],
        "paragraph": row["paragraph"],
        "article_url": datasette.absolute_url(request, _article_path(datasette, database, row, text)),
        "original_url": row["url"],
        "versions": row["versions"],
        "story_id": row["story_id"],
        "id": row["id"],
        "ingested_at": row["ingested_at"],
    }


EXPORT_COLUMNS = (
    "kind",
    "title",
    "snippet",
    "snippet_html",
    "speaker",
    "source",
    "published_at",
    "article_id",
    "paragraph",
    "article_url",
    "original_url",
    "versions",
    "story_id",
    "id",
)


def _csv(rows: list[dict[str, Any]]) -> Response:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return Response(
        out.getvalue(),
        content_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="search.csv"'},
    )


def _atom_time(value: str | None) -> str | None:
    """An ISO date or date-time -> RFC 3339 as Atom wants it (UTC when no zone is given)."""
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.isoformat()


def _atom(datasette, request, result: Result, rows: list[dict[str, Any]], links: Links) -> Response:
    """The search as an Atom feed, built with the standard library's ElementTree (escaping is its
    job). `updated` is when an entry entered the archive; `published` only when the article has a
    publication date."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    title = datasette.metadata("title") or "News archive"
    self_url = datasette.absolute_url(request, links.with_(".atom"))
    ET.SubElement(feed, f"{{{ATOM}}}title").text = f"{title}: {result.request.text}"
    ET.SubElement(feed, f"{{{ATOM}}}id").text = self_url
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=datasette.absolute_url(request, links.with_()))
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = title
    times = [t for t in (_atom_time(r["ingested_at"]) for r in rows) if t]
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = max(times) if times else dt.datetime.now(dt.UTC).isoformat()
    for row in rows:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        heading = row["title"] or "Untitled article"
        if row["speaker"]:
            heading = f"{row['speaker']}: {heading}"
        ET.SubElement(entry, f"{{{ATOM}}}title").text = heading
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"{row['article_url'].split('?')[0]}#{row['kind']}-{row['id']}"
        ET.SubElement(entry, f"{{{ATOM}}}link", href=row["article_url"])
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _atom_time(row["ingested_at"]) or max(times, default="")
        if published := _atom_time(row["published_at"]):
            ET.SubElement(entry, f"{{{ATOM}}}published").text = published
        if row["source"]:
            ET.SubElement(ET.SubElement(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = row["source"]
        ET.SubElement(entry, f"{{{ATOM}}}content", type="html").text = row["snippet_html"]
    body = ET.tostring(feed, encoding="unicode", xml_declaration=True)
    return Response(body, content_type="application/atom+xml; charset=utf-8")


async def _html(datasette, request, database: str, result: Result, links: Links) -> Response:
    months = fill_months(result.months) if result.months else []
    chart = (
        bar_chart(months, "Matches per month", height=110, links=_month_links(links, result.months), compact=True)
        if len(months) > 1
        else Markup("")
    )
    search = result.request
    context = {
        "database": database,
        "result": result,
        "search": search,
        "filters": search.filters.given(),
        "links": links,
        "chart": chart,
        "sorts": SORTS,
        "kinds": {
            "text": "paragraphs and quotes",
            "paragraphs": "paragraphs",
            "quotes": "quotes",
            "articles": "articles",
        },
        "article_link": lambda row: _article_path(datasette, database, row, search.text),
        "json_url": links.with_(".json"),
        "csv_url": links.with_(".csv"),
        "atom_url": links.with_(".atom"),
    }
    html = await datasette.render_template(["search.html"], context, request=request, view_name="archive-search")
    return Response.html(html)
