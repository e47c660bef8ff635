"""Views behind the Datasette pages and canned queries: speakers quoted together, quotes per month,
and articles with their source and counts.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# A speaker is the resolved entity's name, else the words written (`police`), as in speaker_counts.
_SPEAKERS = """select distinct q.article_id, q.speaker_id, coalesce(e.name, q.speaker_text) as speaker
               from quotes q left join entities e on e.id = q.speaker_id
               where coalesce(e.name, q.speaker_text) is not null"""

VIEWS = {
    "speaker_cooccurrence": f"""
        select s1.speaker, max(s1.speaker_id) as speaker_id, s2.speaker as other, max(s2.speaker_id) as other_id,
               count(distinct s1.article_id) as articles
        from ({_SPEAKERS}) s1
        join ({_SPEAKERS}) s2 on s2.article_id = s1.article_id and s2.speaker != s1.speaker
        group by s1.speaker, s2.speaker""",
    "quotes_by_month": """
        select q.speaker_id, e.name as speaker, substr(a.published_at, 1, 7) as month,
               count(*) as quotes, count(distinct q.article_id) as articles
        from quotes q join entities e on e.id = q.speaker_id join articles a on a.id = q.article_id
        group by q.speaker_id, substr(a.published_at, 1, 7)""",
    "articles_overview": """
        select a.id as article_id, a.title, a.published_at, s.name as source, a.url, a.word_count,
               (select count(*) from paragraphs p where p.article_id = a.id) as paragraphs,
               (select count(*) from quotes q where q.article_id = a.id) as quotes,
               (select count(distinct m.entity_id) from mentions m where m.article_id = a.id) as entities
        from articles a left join sources s on s.id = a.source_id""",
}


def upgrade() -> None:
    for name, sql in VIEWS.items():
        op.execute(f'CREATE VIEW "{name}" AS {sql}')


def downgrade() -> None:
    for name in VIEWS:
        op.execute(f'DROP VIEW IF EXISTS "{name}"')
