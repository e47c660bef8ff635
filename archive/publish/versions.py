"""The SQL of a story's versions and of what each adds or lacks against the first appearance: one
definition for the `story` canned query (set by config.py) and the story page (pages.py).

Paragraphs are compared as written, with the quote-mark style ignored (curly and straight quotes
and apostrophes are the same), so a copy that only swapped its quote marks adds nothing.
"""

from __future__ import annotations

VERSION_LIMIT = 1000


def _plain_quotes(column: str) -> str:
    """SQL: `column` with curly double quotes and the right single quote made straight."""
    return f"replace(replace(replace({column}, char(8220), '\"'), char(8221), '\"'), char(8217), char(39))"


def paragraphs_not_in(version: str, other: str) -> str:
    """SQL condition on `paragraphs p`: p belongs to article `version` and no paragraph of article
    `other` has the same text. (version, first) gives what a version adds; (first, version) what it lacks."""
    return (
        f"p.article_id = {version} and not exists (select 1 from paragraphs o where o.article_id = {other}"
        f" and {_plain_quotes('o.text')} = {_plain_quotes('p.text')})"
    )


def differing_paragraphs_sql(version: str, other: str) -> str:
    """The paragraphs of `version` missing from `other` (position, text), in order."""
    return f"select p.position, p.text from paragraphs p where {paragraphs_not_in(version, other)} order by p.position"


def story_sql(joined_differences: bool = True) -> str:
    """Every version of story `:story`, the first appearance first, with its similarity to the
    first and, when `joined_differences`, the paragraphs it adds and lacks (one per line, `position. text`)."""
    added = paragraphs_not_in("v.article_id", "v.first_article_id")
    missing = paragraphs_not_in("v.first_article_id", "v.article_id")
    differences = (
        f"""
  (select group_concat(p.position || '. ' || p.text, char(10)) from paragraphs p
   where not v.is_first and {added}) as paragraphs_added,
  (select group_concat(p.position || '. ' || p.text, char(10)) from paragraphs p
   where not v.is_first and {missing}) as paragraphs_missing,"""
        if joined_differences
        else ""
    )
    return f"""select v.article_id, v.title, v.source, v.published_at, v.is_first, v.word_count,
  round(v.jaccard_to_first, 2) as similarity_to_first,
  round(v.containment_to_first, 2) as overlap_with_first,
  (select count(*) from paragraphs p where p.article_id = v.article_id) as paragraphs,{differences}
  v.url
from story_versions v
where v.story_id = :story
order by v.is_first desc, coalesce(v.published_at, ''), v.article_id
limit {VERSION_LIMIT}"""
