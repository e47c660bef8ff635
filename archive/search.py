"""Ranked, highlighted full-text search over paragraphs, quotes and articles, with what a search page
shows beside the results: the exact total, pages, facets and a histogram by month.

One SQL statement answers a request (`run`): the matches are read once, newest first and at most
POOL of them per kind (FTS5 walks its index by rowid at almost no cost), into a materialized set
that the filters, the collapse of a story's copies, the total, every facet and the page's rows all
read. Ranking among the newest POOL matches is FTS5's `ORDER BY rank` for any query with fewer
matches, and bounded work for the very common words that match most of a large archive (see
BENCHMARKS.md); the answer says when the pool was reached. The query language is archive.query's.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import json
import re
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from archive.query import BROAD_TERMS, Expression, expression, in_column

# Private-use characters mark highlights in snippets; normalisation strips them from article text,
# so they cannot be forged by an article. Renderers escape first, then turn them into <mark>.
MARK_START, MARK_END = "\ue000", "\ue001"
ELLIPSIS = "…"
SNIPPET_TOKENS = 24

POOL = 2_500  # matches read per kind, newest first (BENCHMARKS.md: "One pass over the matches")
ENTITY_FACET_ARTICLES = 500  # the newest matching articles whose entities the entity facet counts
FACET_SIZE = 10
TIME_BUDGET_S = 2.0  # beyond it a request is answered again from a smaller pool (within sql_time_limit_ms)
SMALL_POOL = 1_000
UNDATED = "undated"
SORTS = ("relevance", "newest", "oldest")

KINDS = {
    "paragraphs": ("paragraphs",),
    "quotes": ("quotes",),
    "articles": ("articles",),
    "text": ("paragraphs", "quotes"),
    "all": ("paragraphs", "quotes", "articles"),
}

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def highlight_html(snippet: str | None) -> str:
    """Escape a snippet for HTML, then turn the highlight markers into <mark>."""
    if snippet is None:
        return ""
    return html.escape(snippet).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def highlight_text(snippet: str | None, start: str = "[", end: str = "]") -> str:
    return (snippet or "").replace(MARK_START, start).replace(MARK_END, end)


def _date_bounds(value: str) -> tuple[dt.date, dt.date] | None:
    """YYYY, YYYY-MM or YYYY-MM-DD -> its first and last day; None when it is no such date."""
    m = _DATE.match(value)
    if not m:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if day:
            first = last = dt.date(year, int(month), int(day))
        elif month:
            first = dt.date(year, int(month), 1)
            last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        else:
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        return None
    return first, last


@dataclass
class Filters:
    """What narrows a search; None or '' means no filter. Dates are YYYY, YYYY-MM or YYYY-MM-DD,
    `until` inclusive (2019-05 is up to the end of May)."""

    speaker: str | None = None
    entity: str | None = None
    source: str | None = None
    since: str | None = None
    until: str | None = None
    language: str | None = None

    NAMES = ("speaker", "entity", "source", "since", "until", "language")

    def __post_init__(self) -> None:
        for name in self.NAMES:
            value = getattr(self, name)
            setattr(self, name, value.strip() if isinstance(value, str) and value.strip() else None)

    def errors(self) -> list[str]:
        """What is wrong with the filters, one line each ([] when they can be used)."""
        errors = []
        bounds = {}
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is None:
                continue
            bounds[name] = _date_bounds(value)
            if bounds[name] is None:
                errors.append(f"{name}: {value!r} is not a date; use YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2019-09-01)")
        if bounds.get("since") and bounds.get("until") and bounds["since"][0] > bounds["until"][1]:
            errors.append(f"since ({self.since}) is after until ({self.until}): nothing can match")
        return errors

    def params(self) -> dict[str, str]:
        return {name: getattr(self, name) or "" for name in self.NAMES}

    def given(self) -> dict[str, str]:
        return {name: value for name, value in self.params().items() if value}


@dataclass
class Request:
    """A search: the words typed, where to look, filters, order and page."""

    text: str
    where: str = "text"
    filters: Filters = field(default_factory=Filters)
    sort: str = "relevance"
    page: int = 1
    size: int = 20
    collapse: bool = True
    facets: bool = False
    covering: bool = False  # the archive has COVERING_INDEX (set by `run`)

    def kinds(self) -> tuple[str, ...]:
        """With a speaker, results are that speaker's quotes."""
        return ("quotes",) if self.filters.speaker else KINDS[self.where]

    def errors(self) -> list[str]:
        errors = self.filters.errors()
        if self.where not in KINDS:
            errors.append(f"in: {self.where!r} is not one of {', '.join(KINDS)}")
        if self.sort not in SORTS:
            errors.append(f"sort: {self.sort!r} is not one of {', '.join(SORTS)}")
        return errors


@dataclass
class Facet:
    name: str
    values: list[tuple[str, int]]
    note: str = ""


@dataclass
class Result:
    """A request's answer: the page's rows, the total (exact unless `complete` is False), facets
    (name -> Facet), counts by month, and notes for the reader."""

    request: Request
    expression: Expression
    rows: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0
    complete: bool = True
    matches: dict[str, int] = field(default_factory=dict)  # kind -> every match of the words, when the pool was reached
    facets: dict[str, Facet] = field(default_factory=dict)
    months: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.size))


# ----- SQL ------------------------------------------------------------------------------------

_COLUMNS = (
    "tag",
    "value",
    "n",
    "kind",
    "id",
    "article_id",
    "paragraph",
    "speaker",
    "speaker_id",
    "rank",
    "published_at",
    "story_id",
    "versions",
    "snippet",
    "title",
    "source",
    "url",
    "ingested_at",
    "nth",
)


def _select(**given: str) -> str:
    """A select list of every output column, NULL where not given."""
    return ", ".join(f"{given.get(c, 'null')} as {c}" for c in _COLUMNS)


_SPEAKER_QUOTES = """select id from quotes where speaker_id in
        (select id from entities where name = :speaker collate nocase or name like '% ' || :speaker)
    union all
    select id from quotes where speaker_id is null and speaker_text = :speaker collate nocase"""

# Per kind: its FTS table, the column of snippets, the select list of a candidate from the FTS row
# `f`, and the joins that select needs.
_KIND = {
    "paragraphs": (
        "paragraphs_fts",
        0,
        "'paragraph' as kind, f.rowid as id, f.rank as rank, p.article_id, p.position as paragraph,"
        " null as speaker, null as speaker_id",
        "join paragraphs p on p.id = f.rowid",
    ),
    "quotes": (
        "quotes_fts",
        0,
        "'quote' as kind, f.rowid as id, f.rank as rank, q.article_id, p.position as paragraph,"
        " coalesce(e.name, q.speaker_text) as speaker, q.speaker_id",
        "join quotes q on q.id = f.rowid join paragraphs p on p.id = q.paragraph_id"
        " left join entities e on e.id = q.speaker_id",
    ),
    "articles": (
        "articles_fts",
        1,
        "'article' as kind, f.rowid as id, f.rank as rank, f.rowid as article_id, null as paragraph,"
        " null as speaker, null as speaker_id",
        "",
    ),
}

_ARTICLE_FILTERS = {
    "source": "a.source_id in (select id from sources where name = :source collate nocase"
    " or domain = :source collate nocase)",
    "since": "a.published_at >= :since",
    "until": "a.published_at < :until || char(65535)",
    "entity": "a.id in (select article_id from mentions where entity_id in"
    " (select id from entities where name = :entity collate nocase))",
    "language": "a.language = :language collate nocase",
}

_ORDER = {
    "relevance": "rank, id desc",
    "newest": "published_at is null, published_at desc, id desc",
    "oldest": "published_at is null, published_at, id",
}


def _candidates(kind: str, speaker: bool, ranked: bool) -> str:
    """One kind's matches; bm25 (FTS5's `rank`, most of a match's cost) only when ranking by it."""
    fts, _column, columns, joins = _KIND[kind]
    rank = f"{fts}.rank" if ranked else "0.0"
    if speaker:  # driven by the speaker's quotes: every one of them that matches, however old
        source = f"""(select s.id as rowid, {rank} as rank
            from (select id from ({_SPEAKER_QUOTES}) order by id desc limit :pool) s
            cross join {fts} on {fts}.rowid = s.id where {fts} match :m_{kind})"""
    else:
        source = (
            f"(select rowid, {rank} as rank from {fts} where {fts} match :m_{kind} order by rowid desc limit :pool)"
        )
    return f"select {columns} from {source} f {joins}"


# Every column a match needs from its article, so that reading them skips the article's text.
COVERING_INDEX = "ix_articles_search"


def _covering(request: Request) -> str:
    return f" indexed by {COVERING_INDEX}" if request.covering else ""


def request_sql(request: Request) -> str:
    """The one statement that answers `request` (parameters: `params`): a JSON array of rows of
    _COLUMNS, tagged `examined`, `total`, a facet's name, `month` or `row`."""
    kinds = request.kinds()
    filters = request.filters.given()
    ranked = request.sort == "relevance"
    union = "\n    union all\n    ".join(_candidates(k, bool(filters.get("speaker")), ranked) for k in kinds)
    where = " and ".join(_ARTICLE_FILTERS[name] for name in filters if name in _ARTICLE_FILTERS) or "1"
    keep = "1" if not request.collapse else "st.story_id is null or m.article_id = st.shown"
    parts = [
        f"select {_select(tag=chr(39) + 'examined' + chr(39), value='kind', n='count(*)')} from c group by kind",
        f"select {_select(tag=chr(39) + 'total' + chr(39), n='count(*)')} from k",
    ]
    if request.facets:
        parts += [
            f"""select {_select(tag="'source'", value="s.name", n="ks.n")} from (select source_id, count(*) as n
                from k where source_id is not null group by source_id order by n desc limit {FACET_SIZE}) ks
                join sources s on s.id = ks.source_id""",
            f"""select * from (select {_select(tag="'speaker'", value="speaker", n="count(*)")}
                from k where kind = 'quote' and speaker is not null
                group by speaker order by n desc, value limit {FACET_SIZE})""",
            f"""select * from (select {_select(tag="'language'", value="language", n="count(*)")}
                from k where language is not null group by language order by n desc, value limit {FACET_SIZE})""",
            f"""select {_select(tag="'month'", value="coalesce(substr(published_at, 1, 7), '" + UNDATED + "')", n="count(*)")}
                from k group by substr(published_at, 1, 7)""",
            f"""select * from (select {_select(tag="'entity'", value="e.name", n="count(distinct ka.article_id)", speaker="e.type")}
                from (select distinct article_id from k order by article_id desc limit {ENTITY_FACET_ARTICLES}) ka
                join mentions mm on mm.article_id = ka.article_id join entities e on e.id = mm.entity_id
                group by e.id order by n desc, value limit {FACET_SIZE})""",
            f"select {_select(tag=chr(39) + 'articles' + chr(39), n='count(distinct article_id)')} from k",
        ]
    for kind in kinds:
        fts, column, _columns, _joins = _KIND[kind]
        singular = kind[:-1]
        parts.append(
            f"""select {
                _select(
                    tag="'row'",
                    kind="page.kind",
                    id="page.id",
                    article_id="page.article_id",
                    paragraph="page.paragraph",
                    speaker="page.speaker",
                    speaker_id="page.speaker_id",
                    rank="page.rank",
                    published_at="a.published_at",
                    story_id="page.story_id",
                    versions="page.versions",
                    snippet=f"snippet({fts}, {column}, char({ord(MARK_START)}), char({ord(MARK_END)}), "
                    f"'{ELLIPSIS}', {SNIPPET_TOKENS})",
                    title="a.title",
                    source="s.name",
                    url="a.url",
                    ingested_at="a.ingested_at",
                    nth="page.nth",
                )
            }
            from page cross join {fts} on {fts}.rowid = page.id
            join articles a on a.id = page.article_id left join sources s on s.id = a.source_id
            where page.kind = '{singular}' and {fts} match :m_{kind}"""
        )
    outputs = "\n    union all\n    ".join(parts)
    return f"""with c as materialized (
    {union}
),
m as materialized (
    select c.*, a.story_id, a.source_id, a.published_at, a.language,
      case when (select n_articles from stories where id = a.story_id) > 1 then a.story_id end as copied
    from c join articles a{_covering(request)} on a.id = c.article_id where {where}
),
st as (
    select copied as story_id, article_id as shown, min(rank) as best, count(distinct article_id) as versions
    from m where copied is not null group by copied
),
k as materialized (
    select m.*, coalesce(st.versions, 1) as versions from m left join st on st.story_id = m.copied
    where {keep}
),
top as (select * from k order by {_ORDER[request.sort]} limit :size offset :offset),
page as (select top.*, row_number() over (order by {_ORDER[request.sort]}) as nth from top)
select json_group_array(json_array({", ".join(_COLUMNS)})) from (
    {outputs}
)"""


# ----- running -------------------------------------------------------------------------------

BroadCache = dict[tuple[str, str], list[str]]
_broad_cache: BroadCache = {}


def broad_terms(conn: sqlite3.Connection, budget: float = TIME_BUDGET_S) -> Callable[[str], list[str]]:
    """A one- or two-letter prefix -> the most frequent stems of paragraphs that start with it, as
    words the Porter tokenizer keeps as they are; read once per database file and prefix (a scan of
    the index's vocabulary under that prefix: 0.3 s for `a` at a million paragraphs), and [] when
    that scan would take longer than `budget`."""
    path = next((row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"), "")

    def terms(prefix: str) -> list[str]:
        key = (path, prefix)
        if key not in _broad_cache:
            from archive.query import stems

            conn.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.archive_vocab USING fts5vocab(main, paragraphs_fts, row)"
            )
            upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
            with interrupt_after(conn, budget) as fired:
                try:
                    frequent = [
                        term
                        for (term,) in conn.execute(
                            "SELECT term FROM temp.archive_vocab WHERE term >= ? AND term < ? ORDER BY doc DESC LIMIT ?",
                            (prefix, upper, BROAD_TERMS * 3),
                        )
                    ]
                except sqlite3.OperationalError:
                    if not fired.is_set():
                        raise
                    return []
            kept = stems(frequent)
            _broad_cache[key] = [t for t in frequent if kept.get(t) == t][:BROAD_TERMS]
        return _broad_cache[key]

    return terms


def known_broad_terms(prefix: str) -> list[str]:
    """The words a short prefix was searched as in this process (any archive), else the prefix as a
    word: for SQL functions, which cannot read the index's vocabulary in the middle of a statement."""
    return next((words for (_path, p), words in list(_broad_cache.items()) if p == prefix and words), [prefix])


def _has_index(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("select 1 from sqlite_master where type = 'index' and name = ?", (name,)).fetchone() is not None


def params(request: Request, query: Expression, pool: int) -> dict[str, Any]:
    values: dict[str, Any] = {
        "pool": pool,
        "size": request.size,
        "offset": (max(1, request.page) - 1) * request.size,
        **request.filters.params(),
    }
    for kind in request.kinds():
        values[f"m_{kind}"] = in_column(query.match, "text") if kind == "quotes" else query.match
    return values


@contextlib.contextmanager
def interrupt_after(conn: sqlite3.Connection, seconds: float) -> Iterator[threading.Event]:
    """Interrupt the statement running on `conn` once `seconds` have passed; the event says it was.

    A timer thread calls sqlite3_interrupt(), which needs no Python lock: a progress handler would
    take the GIL every few thousand SQLite instructions, and under a server's concurrent requests
    each call could wait for it (CPython hands the GIL over every 5 ms). An interrupt that comes
    after the statement has finished does nothing."""
    fired = threading.Event()

    def interrupt() -> None:
        fired.set()
        conn.interrupt()

    timer = threading.Timer(seconds, interrupt)
    timer.daemon = True
    timer.start()
    try:
        yield fired
    finally:
        timer.cancel()


def run(conn: sqlite3.Connection, request: Request, budget: float = TIME_BUDGET_S) -> Result:
    """Answer a search request; a request with errors or nothing to search answers no rows."""
    query = expression(request.text, broad_terms(conn))
    request.covering = _has_index(conn, COVERING_INDEX)
    result = Result(request, query, notes=list(query.notes), errors=request.errors())
    if result.errors or not query.match:
        return result
    if query.broad and request.sort == "relevance":
        # Words this common say little about relevance, and bm25 over many of them is the dearest
        # part of a search: such a search is ordered newest first, and says so.
        request.sort = "newest"
        result.notes.append("Too broad to rank by relevance: newest first.")
    rows = None
    for pool in (POOL, SMALL_POOL):
        with interrupt_after(conn, budget) as fired:
            try:
                # One row of JSON: the statement's answer reaches Python in one step, so a server thread
                # running it takes Python's lock once, not once per facet value and result.
                [(answer,)] = conn.execute(request_sql(request), params(request, query, pool)).fetchall()
                rows = json.loads(answer)
                break
            except sqlite3.OperationalError:
                if not fired.is_set():  # interrupted by the deadline (at any step of the statement), else a real error
                    raise
    if rows is None:
        result.errors.append("This search takes too long to answer: add words or filters to narrow it.")
        return result
    if pool != POOL:
        result.notes.append(
            f"This search takes too long over the whole archive: only the newest {pool:,} matches were searched."
        )
    _read(result, rows, pool)
    if not result.complete:
        result.notes.append(
            f"More than {pool:,} matches: the newest {pool:,} of each kind were ranked, counted and faceted."
        )
    return result


def _read(result: Result, rows: list, pool: int) -> None:
    page = []
    for row in rows:
        r = dict(zip(_COLUMNS, row))
        tag = r.pop("tag")
        if tag == "row":
            page.append(r)
        elif tag == "examined":
            if r["n"] >= pool:
                result.complete = False
        elif tag == "total":
            result.total = r["n"]
        elif tag == "month":
            result.months[r["value"]] = r["n"]
        elif tag == "articles":
            if r["n"] > ENTITY_FACET_ARTICLES and "entity" in result.facets:
                result.facets["entity"].note = f"in the newest {ENTITY_FACET_ARTICLES:,} of {r['n']:,} articles"
        else:
            facet = result.facets.setdefault(tag, Facet(tag, []))
            facet.values.append((r["value"], r["n"]))
    page.sort(key=lambda r: r["nth"])
    for r in page:
        for name in ("tag", "value", "n", "nth"):
            r.pop(name, None)
    result.rows = page


# ----- the simple interface of the CLI and the tests ------------------------------------------


def search(
    conn: sqlite3.Connection,
    text: str,
    where: str = "all",
    filters: Filters | None = None,
    limit: int = 20,
    collapse: bool = True,
) -> list[dict]:
    """The best `limit` results for a search box input ([] when nothing searchable was typed).

    With `collapse`, copies of one story (articles.story_id) give the results of its best-ranked
    copy, `versions` counting the story's articles among the matches.
    """
    request = Request(text, where, filters or Filters(), size=limit, collapse=collapse)
    result = run(conn, request)
    if result.errors:
        raise ValueError("; ".join(result.errors))
    return result.rows
