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
    positive = " OR ".join(
        "(" + " AND ".join(g) + ")" if len(g) > 1 and len(groups) > 1 else " AND ".join(g) for g in groups
    )
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

    def params(self) -> dict[str, str]:
        """The filter parameters of the ranked SQL; an empty string means no filter."""
        return {name: getattr(self, name) or "" for name in ("speaker", "entity", "source", "since", "until")}


# Very common terms (`the`, `said`) match most of a large archive, and bm25 over a million matches
# takes seconds. Ranking is therefore done among the newest POOL matches that pass the filters
# (FTS5 walks its index by rowid, newest first, at almost no cost): identical to FTS5's full
# `ORDER BY rank` for any query with fewer matches, and bounded for the others (see BENCHMARKS.md,
# search_slowest_ms).
POOL = 20_000

_ARTICLE_FILTERS = """(:source = '' or s.name = :source collate nocase or s.domain = :source collate nocase)
    and (:since = '' or a.published_at >= :since)
    and (:until = '' or a.published_at < :until || char(65535))
    and (:entity = '' or a.id in (select m.article_id from mentions m join entities e on e.id = m.entity_id
                                  where e.name = :entity collate nocase))"""
_SPEAKER_FILTER = {
    "paragraphs": """p.id in (select q.paragraph_id from quotes q left join entities e on e.id = q.speaker_id
                      where e.name = :speaker collate nocase or q.speaker_text = :speaker collate nocase)""",
    "quotes": "(e.name = :speaker collate nocase or q.speaker_text = :speaker collate nocase)",
    "articles": """a.id in (select q.article_id from quotes q left join entities e on e.id = q.speaker_id
                   where e.name = :speaker collate nocase or q.speaker_text = :speaker collate nocase)""",
}
# Per kind: the FTS table, the column snippets come from, the joins from a row of the FTS table
# (`{key}`) to its article (aliases p, q, a, s, e), and the result columns.
_KIND = {
    "paragraphs": (
        "paragraphs",
        0,
        """paragraphs p join articles a on a.id = p.article_id
        left join sources s on s.id = a.source_id""",
        "p.id",
        "'paragraph' as kind, p.id as id, p.article_id, p.position as paragraph, null as speaker, null as speaker_id",
    ),
    "quotes": (
        "quotes",
        0,
        """quotes q join paragraphs p on p.id = q.paragraph_id
        join articles a on a.id = q.article_id left join sources s on s.id = a.source_id
        left join entities e on e.id = q.speaker_id""",
        "q.id",
        "'quote' as kind, q.id as id, q.article_id, p.position as paragraph, "
        "coalesce(e.name, q.speaker_text) as speaker, q.speaker_id",
    ),
    "articles": (
        "articles",
        1,
        """articles a left join sources s on s.id = a.source_id""",
        "a.id",
        "'article' as kind, a.id as id, a.id as article_id, null as paragraph, null as speaker, null as speaker_id",
    ),
}


def ranked_sql(kind: str, match: str = ":query", limit: str = ":limit") -> str:
    """One kind's best matches with snippets, ranked by bm25 among the newest POOL matches that
    pass the filters; snippets and joins only for the rows returned. `match` is the SQL of the
    MATCH expression (`archive_fts(:q)` in Datasette); filter parameters are '' when unused, and
    an unused filter costs nothing (its test short-circuits before any join)."""
    table, column, joins, key, columns = _KIND[kind]
    fts = f"{table}_fts"
    return f"""select {columns},
        snippet({fts}, {column}, char({ord(MARK_START)}), char({ord(MARK_END)}), '{ELLIPSIS}', {SNIPPET_TOKENS}) as snippet,
        a.title, a.published_at, s.name as source, a.url, a.story_id, top.rank as rank
    from (
        select rowid, rank from (
            select rowid, rank from {fts}
            where {fts} match {match}
              and (:source = '' and :since = '' and :until = '' and :entity = ''
                   or exists (select 1 from {joins} where {key} = {fts}.rowid and {_ARTICLE_FILTERS}))
              and (:speaker = '' or exists (select 1 from {joins} where {key} = {fts}.rowid
                                            and {_SPEAKER_FILTER[kind]}))
            order by rowid desc limit {POOL})
        order by rank limit {limit}) top
    join {fts} on {fts}.rowid = top.rowid
    cross join {joins}
    where {key} = top.rowid and {fts} match {match}
    order by top.rank"""


def canned_search_sql(db: str, limit: int = 100) -> str:
    """The Datasette canned query `search`: paragraphs and quotes ranked together, copies of one
    story collapsed to their best-ranked version unless `all_copies` is set."""
    kinds = "\n        union all\n".join(
        f"select * from ({ranked_sql(kind, 'archive_fts(:q)', str(limit))})" for kind in ("paragraphs", "quotes")
    )
    return f"""with hits as materialized (
        {kinds}
    ),
    stories as (
        select story_id, count(distinct article_id) as versions,
          (select h2.article_id from hits h2 where h2.story_id = h.story_id order by h2.rank limit 1) as shown
        from hits h where story_id is not null group by story_id
    )
    select h.kind, h.title, h.snippet, h.speaker, h.source, h.published_at, h.article_id, h.paragraph,
      h.speaker_id, '/{db}/articles/' || h.article_id || '#p' || h.paragraph as link, h.rank,
      h.story_id, coalesce(st.versions, 1) as versions
    from hits h left join stories st on st.story_id = h.story_id
    where :all_copies != '' or st.shown is null or h.article_id = st.shown
    order by h.rank
    limit {limit}"""


KINDS = {
    "paragraphs": ["paragraphs"],
    "quotes": ["quotes"],
    "articles": ["articles"],
    "all": ["paragraphs", "quotes", "articles"],
}
# Collapsing copies reads ahead of the limit, growing by this factor until enough distinct stories
# are found or this many rows were read (the ranked query stays a fast `rank ... limit`).
READ_AHEAD, MAX_READ = 4, 4000


def search(
    conn: sqlite3.Connection,
    text: str,
    where: str = "all",
    filters: Filters | None = None,
    limit: int = 20,
    collapse: bool = True,
) -> list[dict]:
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


def _ranked(
    conn: sqlite3.Connection, kind: str, query: str, filters: Filters, limit: int, collapse: bool
) -> list[dict]:
    """The best `limit` results of one kind, copies of a story collapsed when asked."""
    read = limit * READ_AHEAD if collapse else limit
    sql = ranked_sql(kind)
    while True:
        params = {"query": query, "limit": read, **filters.params()}
        cur = conn.execute(sql, params)
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
