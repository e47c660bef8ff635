"""The archive's Datasette plugin: the search function, highlighted snippets, links between pages,
the data of the archive's own row pages (archive.publish.pages.PAGES), and table search that no
input can break."""

from __future__ import annotations

import sqlite3
import weakref
from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.utils import urlsafe_components
from markupsafe import Markup

from archive.publish.marking import Links
from archive.publish.pages import LINKED_TABLES, PAGES
from archive.publish.search_page import ROUTE, search_view
from archive.query import expression
from archive.search import MARK_START, highlight_html, known_broad_terms

# Query result columns that name a row of another table: column -> (table, column holding its id).
ROW_LINKS = {
    "title": ("articles", "article_id"),
    "speaker": ("entities", "speaker_id"),
    "other": ("entities", "other_id"),
    "entity": ("entities", "entity_id"),
    "first_title": ("articles", "first_article_id"),
}


def fts_match(text: str | None) -> str:
    """archive_fts(:q) in SQL: a valid MATCH expression for any input; `""` matches nothing. A one- or
    two-letter prefix is searched as the words the search page found for it, else as itself: FTS5's
    own `a*` would merge every doclist under `a` (archive.search.broad_terms)."""
    return expression(text, known_broad_terms).match or '""'


def highlight(snippet: str | None) -> Markup:
    """Jinja filter: a snippet escaped, its highlight markers turned into <mark>."""
    return Markup(highlight_html(snippet))


def links_for(datasette, database: str) -> Links:
    """Where the pages of the tables with a page, and of those pages link to, live in this Datasette."""
    return Links({table: datasette.urls.table(database, table) for table in (*PAGES, *LINKED_TABLES)})


# No string or blob a query builds or reads may exceed MAX_LENGTH (`randomblob(1e9)` fails at once
# instead of taking a minute and a gigabyte); the archive's largest row (ingest.pipeline:
# MAX_TEXT_CHARS of text, MAX_METADATA_BYTES of metadata) fits under it. A query's result may hold
# at most MAX_RESULT_BYTES, however many rows it has (see docs/scaling.md).
MAX_LENGTH = 16 * 1024 * 1024
MAX_RESULT_BYTES = 32 * 1024 * 1024


def _bounded_rows(conn: sqlite3.Connection):
    """A row factory (Datasette's sqlite3.Row) that refuses a result past MAX_RESULT_BYTES: counted
    per cursor as rows are fetched, so the rows past the budget are never held."""
    fetched: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def factory(cursor: sqlite3.Cursor, row: tuple) -> sqlite3.Row:
        size = fetched.get(cursor, 0) + sum(len(v) if isinstance(v, str | bytes) else 8 for v in row)
        if size > MAX_RESULT_BYTES:
            raise sqlite3.OperationalError(
                f"the result is over {MAX_RESULT_BYTES:,} bytes: ask for fewer rows or shorter values"
            )
        fetched[cursor] = size
        return sqlite3.Row(cursor, row)

    return factory


@hookimpl(trylast=True)
def prepare_connection(conn: sqlite3.Connection) -> None:
    """Every connection Datasette opens: bounded (MAX_LENGTH, MAX_RESULT_BYTES); archive_fts() for
    canned queries; escape_fts(), which Datasette's table search calls, replaced by the same query
    language (trylast: after Datasette's own registers it), so the search box keeps what a person
    typed while the query runs as the archive's language."""
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_LENGTH)
    conn.row_factory = _bounded_rows(conn)
    conn.create_function("archive_fts", 1, fts_match, deterministic=True)
    conn.create_function("escape_fts", 1, fts_match, deterministic=True)


@hookimpl
def register_routes():
    return [(ROUTE, search_view)]


@hookimpl
def prepare_jinja2_environment(env) -> None:
    env.filters["highlight"] = highlight
    # The templates ship with the package and do not change under a running server: without this
    # Jinja stats every template a page extends or includes on every request.
    env.auto_reload = False


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """Snippets: escape, then mark the matches. Names in query results and views: link to their page."""
    if column == "snippet" and isinstance(value, str) and MARK_START in value:
        return highlight(value)
    target = ROW_LINKS.get(column)
    if target is None or value in (None, "") or row is None or target[1] not in row.keys():
        return None
    row_id = row[target[1]]
    if row_id is None:
        return None
    return Markup('<a href="{}/{}">{}</a>').format(datasette.urls.table(database, target[0]), row_id, value)


HOLDINGS_SQL = """select
    (select count(*) from articles) as articles,
    (select count(*) from sources) as sources,
    (select min(published_at) from articles) as first,
    (select max(published_at) from articles) as last,
    (select count(*) from articles where published_at is null) as undated,
    (select count(*) from quotes) as quotes,
    (select count(distinct coalesce(speaker_id, speaker_text)) from quotes) as speakers,
    (select count(*) from entities) as entities"""


async def holdings(datasette) -> dict[str, Any] | None:
    """What the first archive database served holds, for the home page (None: no archive served)."""
    for name, db in datasette.databases.items():
        if name.startswith("_") or not await db.table_exists("articles"):
            continue
        row = (await db.execute(HOLDINGS_SQL)).first()
        return {"database": name, **dict(row)}
    return None


@hookimpl
def extra_template_vars(view_name, database, table, request, datasette):
    """The home page gets what the archive holds as `archive`. The row page of a table with a page
    of the archive's own (PAGES) gets what templates/row.html lays out: the page's data as `page`,
    its template as `page_template`, its title as `page_title`."""
    if view_name == "index":

        async def home_vars() -> dict[str, Any]:
            return {"archive": await holdings(datasette)}

        return home_vars
    page = PAGES.get(table) if view_name == "row" else None
    if page is None or request is None or "pks" not in request.url_vars:
        return {}

    async def page_vars() -> dict[str, Any]:
        [pk] = urlsafe_components(request.url_vars["pks"])[:1]
        links = links_for(datasette, database)
        params = {key: request.args.get(key) for key in request.args}
        data = await datasette.get_database(database).execute_fn(lambda conn: page.build(conn, pk, links, params))
        if data is None:
            return {"page": None}
        return {"page": data, "page_template": page.template, "page_title": page.title(data)}

    return page_vars


def repair_search_params(query_string: bytes) -> bytes:
    """Table search (`?_search=`, `_search_COLUMN`) in the archive's query language whatever the
    search mode asked for (escaped mode calls escape_fts, which the plugin replaces; raw mode would
    hand FTS5 syntax errors to readers), and an empty search box meaning no search."""
    pairs = parse_qsl(query_string.decode("ascii", "replace"), keep_blank_values=True)
    if not any(k == "_search" or k.startswith("_search_") for k, _ in pairs):
        return query_string
    kept = [
        (key, value)
        for key, value in pairs
        if key != "_searchmode" and not ((key == "_search" or key.startswith("_search_")) and not value.strip())
    ]
    return urlencode(kept).encode("ascii")


# Views that pair every two rows of a kind unless their first side is named (migration 0009): their
# page without that filter would run into the time limit on a large archive, so it sends the reader
# to the canned query that asks for it.
NEEDS_A_FILTER = {"entity_cooccurrence": (("entity", "entity_id"), "entities_together")}


def needs_a_filter(path: str, query_string: bytes) -> str | None:
    """Where to send a reader who opened such a view without naming its first side, else None."""
    for view, (columns, query) in NEEDS_A_FILTER.items():
        prefix, _, rest = path.rpartition(f"/{view}")
        if not prefix or rest not in ("", ".json", ".csv") or prefix.count("/") != 1:
            continue
        pairs = parse_qsl(query_string.decode("ascii", "replace"))
        named = {k.removesuffix("__exact") for k, v in pairs if v and k.split("__")[-1] in ("exact", k)}
        if not named & set(columns):
            return f"{prefix}/{query}"
    return None


READING = {"GET", "HEAD", "OPTIONS"}


async def _refuse_writing(send) -> None:
    """405 for a request that would write: the archive is served read-only and nothing takes a POST
    (Datasette 0.65 answers some with a 500)."""
    body = b"405 Method Not Allowed: the archive is read-only; it answers GET requests\n"
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"allow", b"GET, HEAD")]
    await send({"type": "http.response.start", "status": 405, "headers": headers})
    await send({"type": "http.response.body", "body": body})


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def repaired(scope, receive, send):
            if scope.get("type") == "http":
                if scope.get("method", "GET").upper() not in READING:
                    await _refuse_writing(send)
                    return
                target = needs_a_filter(scope.get("path", ""), scope.get("query_string", b""))
                if target is not None:
                    await send(
                        {"type": "http.response.start", "status": 302, "headers": [(b"location", target.encode())]}
                    )
                    await send({"type": "http.response.body", "body": b""})
                    return
                if b"_search" in scope.get("query_string", b""):
                    scope = dict(scope, query_string=repair_search_params(scope["query_string"]))
            await app(scope, receive, send)

        return repaired

    return wrap


# Table-page errors Datasette 0.65 answers with a 500 although the request is at fault.
_CLIENT_ERRORS = ("Cannot sort table by ", "Cannot use _sort and _sort_desc")


@hookimpl
def handle_exception(exception):
    """A bad `_sort` is the request's fault: 400, not 500 (Datasette's own handler renders it)."""
    # Imported here: importing Datasette's views while Datasette loads this plugin would be circular.
    from datasette.views.base import DatasetteError

    if isinstance(exception, DatasetteError) and exception.status == 500:
        if str(exception.message).startswith(_CLIENT_ERRORS):
            exception.status = 400
    return None


@hookimpl
def startup(datasette):
    """Datasette 0.65 prints every error with rich when rich is installed (spaCy brings it), with the
    frame's local variables, to the server's log; for a path no route matches it does so outside an
    except block, which raises, and the 404 becomes a 500. Errors are answered, not printed."""
    from datasette import handle_exception as datasette_errors

    datasette_errors.rich = None
