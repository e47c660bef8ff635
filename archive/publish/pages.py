"""The archive's own row pages (articles, entities, stories), registered in PAGES: what each shows,
read with plain SQL, its template and its title.

Build functions take a sqlite3 connection (Datasette's `execute_fn` hands one over) and return plain
values or Markup built from escaped text; templates only lay them out. A new page is a Page record
here and its template.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from archive.publish.chart import bar_chart, fill_months
from archive.publish.marking import LOW_CONFIDENCE, Links, MentionSpan, QuoteSpan, mark_paragraph
from archive.publish.versions import differing_paragraphs_sql, story_sql
from archive.query import expression
from archive.search import MARK_END, MARK_START, broad_terms

QUOTES_PER_PAGE = 50
ARTICLES_PER_PAGE = 50
COMPANY_LIMIT = 40
COMPANY_ARTICLES = 2_000  # an entity's newest articles whose other entities make its company

Params = Mapping[str, str]  # the page's query string


def _page_number(params: Params, name: str, pages: int) -> int:
    """The page asked for in `name` (1 when absent or not a number), within 1..pages."""
    try:
        return min(max(1, int(params.get(name) or 1)), max(1, pages))
    except ValueError:
        return 1


@dataclass(frozen=True)
class Paging:
    """One page of a list: which page, how many, and the links to the others."""

    name: str  # the query string parameter
    page: int
    pages: int
    total: int
    size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    def link(self, page: int) -> str:
        return f"?{self.name}={page}"


def paging(params: Params, name: str, total: int, size: int) -> Paging:
    pages = max(1, -(-total // size))
    return Paging(name, _page_number(params, name, pages), pages, total, size)


def search_highlights(conn: sqlite3.Connection, article_id: str, text: str | None) -> dict[int, list[tuple[int, int]]]:
    """Paragraph position -> offsets of the words a search for `text` matches in it (FTS5's own
    highlight(), read from the article's paragraphs only)."""
    match = expression(text, broad_terms(conn)).match if text else ""
    if not match:
        return {}
    found: dict[int, list[tuple[int, int]]] = {}
    rows = conn.execute(
        f"""select p.position, highlight(paragraphs_fts, 0, char({ord(MARK_START)}), char({ord(MARK_END)}))
        from paragraphs p cross join paragraphs_fts on paragraphs_fts.rowid = p.id
        where p.article_id = ? and paragraphs_fts match ?""",
        (article_id, match),
    )
    for position, marked in rows:
        spans, at, start = [], 0, 0
        for char in marked:
            if char == MARK_START:
                start = at
            elif char == MARK_END:
                spans.append((start, at))
            else:
                at += 1
        found[position] = spans
    return found


def _rows(conn: sqlite3.Connection, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    cur = conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def safe_url(url: str | None) -> str | None:
    """Only http(s) URLs become links: a stored `javascript:` URL must not be clickable."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def article_page(conn: sqlite3.Connection, article_id: str, links: Links, params: Params) -> dict[str, Any] | None:
    """The article as marked-up paragraphs, with its entities by type and its speakers; the words
    of a search (`?q=`, as search results link here) highlighted."""
    found = _rows(
        conn,
        """select a.id, a.title, a.byline, a.published_at, a.url, a.word_count, s.name as source,
                                  a.story_id, st.n_articles as story_versions
                           from articles a left join sources s on s.id = a.source_id
                           left join stories st on st.id = a.story_id where a.id = :id""",
        {"id": article_id},
    )
    if not found:
        return None
    article = found[0]
    article["url"] = safe_url(article["url"])
    article["story_link"] = links.row("stories", article["story_id"]) if (article["story_versions"] or 0) > 1 else None
    quotes = [
        QuoteSpan(**q)
        for q in _rows(
            conn,
            """
        select q.id, q.char_start as start, q.char_end as "end", q.kind,
               coalesce(e.name, q.speaker_text) as speaker, q.speaker_id, q.attribution, q.confidence
        from quotes q left join entities e on e.id = q.speaker_id
        where q.article_id = :id order by q.char_start""",
            {"id": article_id},
        )
    ]
    mentions = [
        MentionSpan(**m)
        for m in _rows(
            conn,
            """
        select m.char_start as start, m.char_end as "end", m.entity_id, e.name, e.type
        from mentions m join entities e on e.id = m.entity_id
        where m.article_id = :id order by m.char_start""",
            {"id": article_id},
        )
    ]
    paragraphs = _rows(
        conn,
        """
        select p.position, p.text, p.char_start, d.position as repeats
        from paragraphs p left join paragraphs d on d.id = p.duplicate_of
        where p.article_id = :id order by p.position""",
        {"id": article_id},
    )
    highlights = search_highlights(conn, article_id, params.get("q"))
    for p in paragraphs:
        inside = [q for q in quotes if q.start < p["char_start"] + len(p["text"]) and q.end > p["char_start"]]
        named = [m for m in mentions if m.start < p["char_start"] + len(p["text"]) and m.end > p["char_start"]]
        p["html"] = mark_paragraph(p["text"], p["char_start"], inside, named, links, highlights.get(p["position"], ()))
        p["matches"] = bool(highlights.get(p["position"]))
    entities: dict[tuple[int, str, str], int] = Counter((m.entity_id, m.name, m.type) for m in mentions)
    by_type: dict[str, list[dict[str, Any]]] = {}
    for (entity_id, name, type_), count in sorted(entities.items(), key=lambda kv: (-kv[1], kv[0][1])):
        by_type.setdefault(type_, []).append(
            {"id": entity_id, "name": name, "mentions": count, "link": links.row("entities", entity_id)}
        )
    speakers = Counter((q.speaker, q.speaker_id) for q in quotes)
    versions = _rows(
        conn,
        "select id, replaced_at from article_versions where article_id = :id order by id desc",
        {"id": article_id},
    )
    for v in versions:
        v["link"] = links.row("article_versions", v["id"])
    return {
        "article": article,
        "versions": versions,  # earlier versions, newest first
        "paragraphs": paragraphs,
        "entities_by_type": dict(sorted(by_type.items())),
        "speakers": [
            {"name": name or "unknown", "link": links.row("entities", sid) if sid else None, "quotes": n}
            for (name, sid), n in speakers.most_common()
        ],
        "quote_count": len(quotes),
        "searched": params.get("q") or "",
        "matching": sum(1 for p in paragraphs if p["matches"]),
    }


_DISTINCT_QUOTES = """
    select c.id as cluster_id, c.text, c.kind, c.first_seen, c.n_articles, c.n_sources,
      c.first_article_id as article_id,
      (select min(q.id) from quotes q where q.cluster_id = c.id and q.article_id = c.first_article_id) as quote_id,
      (select max(q.confidence) from quotes q where q.cluster_id = c.id and q.speaker_id = :id) as confidence
    from quote_clusters c
    where c.id in (select cluster_id from quotes where speaker_id = :id)
    union all
    select null, q.text, q.kind, coalesce(a.published_at, a.ingested_at), 1, a.source_id is not null,
      q.article_id, q.id, q.confidence
    from quotes q join articles a on a.id = q.article_id
    where q.speaker_id = :id and q.cluster_id is null"""


def distinct_quotes(conn: sqlite3.Connection, entity_id: str, links: Links, page: Paging) -> list[dict[str, Any]]:
    """What an entity said, once per quote cluster (a quote not yet clustered stands alone), newest
    first, one page of them: the canonical text, how many articles and outlets carried it, its first
    appearance (`published_at` of that article: None when it is undated), and whether even its
    surest attribution to the entity is uncertain."""
    quotes = _rows(
        conn,
        f"""
        select d.*, a.title, a.published_at, s.name as source from ({_DISTINCT_QUOTES}) d
        left join articles a on a.id = d.article_id left join sources s on s.id = a.source_id
        order by d.first_seen is null, d.first_seen desc, d.article_id desc, d.quote_id
        limit :limit offset :offset""",
        {"id": entity_id, "limit": page.size, "offset": page.offset},
    )
    for q in quotes:
        q["uncertain"] = q["confidence"] is not None and q["confidence"] < LOW_CONFIDENCE
        anchor = f"q{q['quote_id']}" if q["quote_id"] else ""
        q["link"] = links.row("articles", q["article_id"], anchor) if q["article_id"] is not None else None
        q["copies_link"] = (
            links.rows("quotes", "cluster_id", q["cluster_id"]) if q["cluster_id"] and q["n_articles"] > 1 else None
        )
    return quotes


def entity_page(conn: sqlite3.Connection, entity_id: str, links: Links, params: Params) -> dict[str, Any] | None:
    """What an entity said (distinct quotes, newest first, a page at a time) with a chart by month,
    where it is mentioned (a page at a time), and its company."""
    found = _rows(conn, "select id, name, type from entities where id = :id", {"id": entity_id})
    if not found:
        return None
    distinct = conn.execute(f"select count(*) from ({_DISTINCT_QUOTES})", {"id": entity_id}).fetchone()[0]
    quote_page = paging(params, "quotes_page", distinct, QUOTES_PER_PAGE)
    quotes = distinct_quotes(conn, entity_id, links, quote_page)
    by_month = {
        r["month"]: r["quotes"]
        for r in _rows(
            conn,
            """
        select substr(a.published_at, 1, 7) as month, count(*) as quotes
        from quotes q join articles a on a.id = q.article_id
        where q.speaker_id = :id group by month""",
            {"id": entity_id},
        )
    }
    quote_total = sum(by_month.values())
    mentioned_in = conn.execute(
        "select count(distinct article_id) from mentions where entity_id = :id", {"id": entity_id}
    ).fetchone()[0]
    article_page_ = paging(params, "articles_page", mentioned_in, ARTICLES_PER_PAGE)
    articles = _rows(
        conn,
        """
        select a.id, a.title, a.published_at, s.name as source, count(*) as mentions
        from mentions m join articles a on a.id = m.article_id left join sources s on s.id = a.source_id
        where m.entity_id = :id group by a.id
        order by a.published_at is null, a.published_at desc, a.id desc limit :limit offset :offset""",
        {"id": entity_id, "limit": article_page_.size, "offset": article_page_.offset},
    )
    for a in articles:
        a["link"] = links.row("articles", a["id"])
    company = _rows(
        conn,
        """
        select e.id, e.name, e.type, count(distinct m.article_id) as articles
        from mentions m join entities e on e.id = m.entity_id
        where m.article_id in (select article_id from mentions where entity_id = :id
                               order by article_id desc limit :among) and m.entity_id != :id
        group by e.id order by articles desc, e.name limit :limit""",
        {"id": entity_id, "limit": COMPANY_LIMIT, "among": COMPANY_ARTICLES},
    )
    for c in company:
        c["link"] = links.row("entities", c["id"])
    # The other names articles give it (a surname alone, a clipped form, another spelling): one entity.
    names = [
        r["name"]
        for r in _rows(
            conn,
            """
        select name, sum(mentions) as mentions from entity_names
        where entity_id = :id and name != (select name from entities where id = :id)
        group by name order by mentions desc, name limit :limit""",
            {"id": entity_id, "limit": COMPANY_LIMIT},
        )
    ]
    entity = found[0]
    chart = bar_chart(fill_months(by_month), f"Quotes by {entity['name']} per month") if by_month else Markup("")
    return {
        "entity": entity,
        "names": names,
        "quotes": quotes,
        "quote_total": quote_total,
        "quote_page": quote_page,
        "chart": chart,
        "articles": articles,
        "article_page": article_page_,
        "company": company,
        "company_note": f"in its newest {COMPANY_ARTICLES:,} articles" if mentioned_in > COMPANY_ARTICLES else "",
    }


def story_page(conn: sqlite3.Connection, story_id: str, links: Links, params: Params) -> dict[str, Any] | None:
    """A story's versions, the first appearance first, each with the paragraphs it adds to the
    first and the paragraphs of the first it lacks."""
    found = _rows(
        conn,
        """select st.id, st.first_article_id, st.first_seen, st.last_seen, st.n_articles, st.n_sources,
                                  a.title from stories st left join articles a on a.id = st.first_article_id
                           where st.id = :id""",
        {"id": story_id},
    )
    if not found:
        return None
    story = found[0]
    versions = _rows(conn, story_sql(joined_differences=False), {"story": story["id"]})
    added_sql = differing_paragraphs_sql(":version", ":first")
    missing_sql = differing_paragraphs_sql(":first", ":version")
    for v in versions:  # the differences as lists, each paragraph linked to its place
        v["link"] = links.row("articles", v["article_id"])
        v["url"] = safe_url(v["url"])
        pair = {"version": v["article_id"], "first": story["first_article_id"]}
        v["added"] = [] if v["is_first"] else _rows(conn, added_sql, pair)
        v["missing"] = [] if v["is_first"] else _rows(conn, missing_sql, pair)
        for p in v["added"]:
            p["link"] = links.row("articles", v["article_id"], f"p{p['position']}")
        for p in v["missing"]:
            p["link"] = links.row("articles", story["first_article_id"], f"p{p['position']}")
    # Dates shown are publication dates only: stories.first_seen falls back on when an undated copy was stored.
    dated = sorted(v["published_at"] for v in versions if v["published_at"])
    story["first_published"], story["last_published"] = (dated[0], dated[-1]) if dated else (None, None)
    story["undated"] = sum(1 for v in versions if not v["published_at"])
    return {"story": story, "versions": versions}


@dataclass(frozen=True)
class Page:
    """A page of the archive's own for the rows of `table` (Datasette's row page, /{db}/{table}/{id}):
    `build(conn, id, links, params)` reads what it shows (None: no such row; `params`: the query
    string, e.g. a page number), `template` lays that out inside templates/row.html, `title(data)` is
    its <title>."""

    table: str
    build: Callable[[sqlite3.Connection, str, Links, Params], dict[str, Any] | None]
    template: str
    title: Callable[[dict[str, Any]], str]


PAGES: dict[str, Page] = {
    page.table: page
    for page in (
        Page("articles", article_page, "_article.html", lambda p: p["article"]["title"] or "Untitled article"),
        Page("entities", entity_page, "_entity.html", lambda p: f"{p['entity']['name']} ({p['entity']['type']})"),
        Page(
            "stories",
            story_page,
            "_story.html",
            lambda p: f"Story {p['story']['id']}: {p['story']['title'] or 'untitled'}",
        ),
    )
}
# Tables the pages link to without a page of their own (the quotes table filtered to one cluster).
LINKED_TABLES = ("quotes", "article_versions")
