"""The archive's Datasette plugin: the search function, highlighted snippets, safe table search."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from markupsafe import Markup

from archive.search import MARK_START, fts_query, highlight_html


def fts_match(text: str | None) -> str:
    """archive_fts(:q) in SQL: a valid MATCH expression for any input; `""` matches nothing."""
    return fts_query(text) or '""'


@hookimpl
def prepare_connection(conn):
    conn.create_function("archive_fts", 1, fts_match, deterministic=True)


@hookimpl
def render_cell(value, column):
    """Snippets carry private-use highlight markers: escape the text, then mark the matches."""
    if column == "snippet" and isinstance(value, str) and MARK_START in value:
        return Markup(highlight_html(value))
    return None


def repair_search_params(query_string: bytes) -> bytes:
    """Rewrite `?_search=` (and `_search_COLUMN`) into the archive's query language in raw mode,
    so that no input a person can type makes Datasette's table search fail."""
    pairs = parse_qsl(query_string.decode("ascii", "replace"), keep_blank_values=True)
    if not any(k == "_search" or k.startswith("_search_") for k, _ in pairs):
        return query_string
    out = []
    for key, value in pairs:
        if key == "_searchmode":
            continue
        if key == "_search" or key.startswith("_search_"):
            value = fts_query(value) or '""'
        out.append((key, value))
    out.append(("_searchmode", "raw"))
    return urlencode(out).encode("ascii")


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def repaired(scope, receive, send):
            if scope.get("type") == "http" and b"_search" in scope.get("query_string", b""):
                scope = dict(scope, query_string=repair_search_params(scope["query_string"]))
            await app(scope, receive, send)

        return repaired

    return wrap
