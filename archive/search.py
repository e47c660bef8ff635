"""Ranked, highlighted full-text search over paragraphs, quotes and articles.

One query language for the CLI, the Datasette canned queries and the table-search repair:
words (all must match), `"phrases"`, `prefix*`, `-excluded`, `OR`. Anything else a person types
is taken as words, so no input is an FTS5 syntax error.
"""
from __future__ import annotations

import html
import re
import sqlite3
from dataclasses import dataclass

# Private-use characters mark highlights in snippets; normalisation strips them from article text,
# so they cannot be forged by an article. Renderers escape first, then turn them into <mark>.
MARK_START, MARK_END = "\ue000", "\ue001"
ELLIPSIS = "…"
SNIPPET_TOKENS = 24

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str | None) -> str:
    """A user's search box input -> a valid FTS5 MATCH expression ('' when nothing to search)."""
    if not text:
        return ""
    groups: list[list[str]] = [[]]
    excluded: list[str] = []
    for match in _TOKEN.finditer(text[:1000]):
        neg, phrase, bare = match.group(1), match.group(2), match.group(3)
        if phrase is not None:
            words = _WORD.findall(phrase)
            if not words:
                continue
            term = '"' + " ".join(words) + '"'
            (excluded if neg else groups[-1]).append(term)
            continue
        if bare == "OR":
            if groups[-1]:
                groups.append([])
            continue
        negative = bare.startswith("-") and len(bare) > 1
        prefix = bare.endswith("*")
        words = _WORD.findall(bare)
        if not words:
            continue
        terms = [f'"{w}"' for w in words]
        if prefix:
            terms[-1] += "*"
        term = terms[0] if len(terms) == 1 else '"' + " ".join(words) + '"' + ("*" if prefix else "")
        (excluded if negative else groups[-1]).append(term)
    groups = [g for g in groups if g]
    if not groups:
        return ""
    positive = " OR ".join("(" + " AND ".join(g) + ")" if len(g) > 1 and len(groups) > 1 else " AND ".join(g)
                           for g in groups)
    if excluded:
        positive = f"({positive}) NOT ({' OR '.join(excluded)})"
    return positive


def highlight_html(snippet: str | None) -> str:
    """Escape a snippet for HTML, then turn the highlight markers into <mark>."""
    if snippet is None:
        return ""
    return html.escape(snippet).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def highlight_text(snippet: str | None, start: str = "[", end: str = "]") -> str:
    return (snippet or "").replace(MARK_START, start).replace(MARK_END, end)


@dataclass
class Filters:
    speaker: str | None = None
    entity: str | None = None
    source: str | None = None
    since: str | None = None
    until: str | None = None


def _where(filters: Filters, params: dict, quote_alias: str | None = None) -> str:
    """Extra conditions on the article `a` (and the quote, for `speaker`)."""
    clauses = []
    if filters.source:
        clauses.append("a.source_id in (select id from sources where name = :source or domain = :source)")
        params["source"] = filters.source
    if filters.since:
        clauses.append("a.published_at >= :since")
        params["since"] = filters.since
    if filters.until:
        clauses.append("a.published_at < :until_next")
        params["until_next"] = filters.until + "\uffff"
    if filters.entity:
        clauses.append("a.id in (select m.article_id from mentions m join entities e on e.id = m.entity_id"
                       " where e.name = :entity collate nocase)")
        params["entity"] = filters.entity
    if filters.speaker:
        if quote_alias:
            clauses.append(f"({quote_alias}.speaker_id in (select id from entities where name = :speaker collate nocase)"
                           f" or {quote_alias}.speaker_text = :speaker collate nocase)")
        else:
            clauses.append("a.id in (select q2.article_id from quotes q2 left join entities e2 on e2.id = q2.speaker_id"
                           " where e2.name = :speaker collate nocase or q2.speaker_text = :speaker collate nocase)")
        params["speaker"] = filters.speaker
    return "".join(f" and {c}" for c in clauses)


def _snippet(table: str, column: int) -> str:
    return f"snippet({table}_fts, {column}, '{MARK_START}', '{MARK_END}', '{ELLIPSIS}', {SNIPPET_TOKENS})"


def search_sql(kind: str, filters: Filters, params: dict) -> str:
    """The SQL for one kind of result, ranked by FTS5's bm25 `rank` alone (fast with LIMIT)."""
    if kind == "paragraphs":
        return f"""select 'paragraph' as kind, p.id as id, p.article_id, p.position as paragraph,
                   {_snippet('paragraphs', 0)} as snippet, null as speaker, a.title, a.published_at,
                   s.name as source, a.url, a.story_id, paragraphs_fts.rank as rank
            from paragraphs_fts join paragraphs p on p.id = paragraphs_fts.rowid
            join articles a on a.id = p.article_id left join sources s on s.id = a.source_id
            where paragraphs_fts match :query{_where(filters, params)}
            order by paragraphs_fts.rank limit :limit"""
    if kind == "quotes":
        return f"""select 'quote' as kind, q.id as id, q.article_id, p.position as paragraph,
                   {_snippet('quotes', 0)} as snippet, coalesce(e.name, q.speaker_text) as speaker,
                   a.title, a.published_at, s.name as source, a.url, a.story_id, quotes_fts.rank as rank
            from quotes_fts join quotes q on q.id = quotes_fts.rowid
            join paragraphs p on p.id = q.paragraph_id
            join articles a on a.id = q.article_id left join sources s on s.id = a.source_id
            left join entities e on e.id = q.speaker_id
            where quotes_fts match :query{_where(filters, params, 'q')}
            order by quotes_fts.rank limit :limit"""
    if kind == "articles":
        return f"""select 'article' as kind, a.id as id, a.id as article_id, null as paragraph,
                   {_snippet('articles', 1)} as snippet, null as speaker, a.title, a.published_at,
                   s.name as source, a.url, a.story_id, articles_fts.rank as rank
            from articles_fts join articles a on a.id = articles_fts.rowid
            left join sources s on s.id = a.source_id
            where articles_fts match :query{_where(filters, params)}
            order by articles_fts.rank limit :limit"""
    raise ValueError(f"unknown kind of result: {kind}")


KINDS = {"paragraphs": ["paragraphs"], "quotes": ["quotes"], "articles": ["articles"],
         "all": ["paragraphs", "quotes", "articles"]}
# Collapsing copies reads ahead of the limit, growing by this factor until enough distinct stories
# are found or this many rows were read (the ranked query stays a fast `rank ... limit`).
READ_AHEAD, MAX_READ = 4, 4000


def search(conn: sqlite3.Connection, text: str, where: str = "all", filters: Filters | None = None,
           limit: int = 20, collapse: bool = True) -> list[dict]:
    """Ranked results for a search box input; [] when nothing searchable was typed.

    With `collapse`, copies of one story (articles.story_id) give one result of each kind, the
    best ranked, with `versions` counting the matching rows of that story that were read.
    """
    query = fts_query(text)
    if not query:
        return []
    filters = filters or Filters()
    rows: list[dict] = []
    for kind in KINDS[where]:
        rows.extend(_ranked(conn, kind, query, filters, limit, collapse))
    rows.sort(key=lambda r: r["rank"])
    return rows[:limit]


def _ranked(conn: sqlite3.Connection, kind: str, query: str, filters: Filters, limit: int,
            collapse: bool) -> list[dict]:
    """The best `limit` results of one kind, copies of a story collapsed when asked."""
    read = limit * READ_AHEAD if collapse else limit
    while True:
        params = {"query": query, "limit": read}
        cur = conn.execute(search_sql(kind, filters, params), params)
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, row)) for row in cur.fetchall()]
        if not collapse:
            return rows
        kept = collapse_copies(rows)
        if len(kept) >= limit or len(rows) < read or read >= MAX_READ:
            return kept[:limit]
        read *= READ_AHEAD


def collapse_copies(rows: list[dict]) -> list[dict]:
    """Ranked rows -> the rows of each story's best-ranked article; `versions` = its articles among the rows."""
    shown: dict[int, int] = {}  # story -> the article that represents it
    articles: dict[int, set[int]] = {}
    kept = []
    for row in rows:
        story = row.get("story_id")
        if story is None:
            kept.append(dict(row, versions=1))
            continue
        articles.setdefault(story, set()).add(row["article_id"])
        if shown.setdefault(story, row["article_id"]) == row["article_id"]:
            kept.append(row)
    for row in kept:
        if "versions" not in row:
            row["versions"] = len(articles[row["story_id"]])
    return kept
