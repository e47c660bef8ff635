"""The public schema: sources, articles, paragraphs, entities, mentions, quotes, ingest runs and
errors; FTS5 indexes kept in sync by triggers; views for the common questions.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TOKENIZE = "porter unicode61 remove_diacritics 2"
# table -> the columns its FTS5 index covers (external content: the table keeps the text).
FTS = {
    "articles": ["title", "text"],
    "paragraphs": ["text"],
    "quotes": ["text", "speaker_text"],
}

VIEWS = {
    "quotes_with_speakers": """
        select q.id as quote_id, q.kind, q.text as quote,
               coalesce(e.name, q.speaker_text) as speaker, q.speaker_text, e.type as speaker_type,
               q.speaker_id, q.cue, a.id as article_id, a.title, a.published_at, s.name as source,
               a.url, p.position as paragraph
        from quotes q
        join articles a on a.id = q.article_id
        join paragraphs p on p.id = q.paragraph_id
        left join entities e on e.id = q.speaker_id
        left join sources s on s.id = a.source_id""",
    "article_entities": """
        select m.article_id, a.title, a.published_at, e.id as entity_id, e.name as entity, e.type,
               count(*) as mentions
        from mentions m join entities e on e.id = m.entity_id join articles a on a.id = m.article_id
        group by m.article_id, e.id""",
    "entity_cooccurrence": """
        select e1.id as entity_id, e1.name as entity, e1.type as entity_type,
               e2.id as other_id, e2.name as other, e2.type as other_type,
               count(distinct m1.article_id) as articles
        from (select distinct article_id, entity_id from mentions) m1
        join (select distinct article_id, entity_id from mentions) m2
             on m1.article_id = m2.article_id and m1.entity_id != m2.entity_id
        join entities e1 on e1.id = m1.entity_id
        join entities e2 on e2.id = m2.entity_id
        group by m1.entity_id, m2.entity_id""",
    "speaker_counts": """
        select coalesce(e.name, q.speaker_text) as speaker, q.speaker_id, e.type,
               count(*) as quotes, count(distinct q.article_id) as articles,
               min(a.published_at) as first_quoted, max(a.published_at) as last_quoted
        from quotes q join articles a on a.id = q.article_id
        left join entities e on e.id = q.speaker_id
        where coalesce(e.name, q.speaker_text) is not null
        group by coalesce(e.name, q.speaker_text), q.speaker_id""",
}


def create_fts(table: str, columns: list[str]) -> None:
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    op.execute(f"""CREATE VIRTUAL TABLE "{table}_fts" USING fts5({cols}, content="{table}", content_rowid="id",
                   tokenize='{TOKENIZE}')""")
    op.execute(f"""CREATE TRIGGER "{table}_ai" AFTER INSERT ON "{table}" BEGIN
                     INSERT INTO "{table}_fts"(rowid, {cols}) VALUES (new.id, {new}); END""")
    op.execute(f"""CREATE TRIGGER "{table}_ad" AFTER DELETE ON "{table}" BEGIN
                     INSERT INTO "{table}_fts"("{table}_fts", rowid, {cols}) VALUES ('delete', old.id, {old}); END""")
    op.execute(f"""CREATE TRIGGER "{table}_au" AFTER UPDATE ON "{table}" BEGIN
                     INSERT INTO "{table}_fts"("{table}_fts", rowid, {cols}) VALUES ('delete', old.id, {old});
                     INSERT INTO "{table}_fts"(rowid, {cols}) VALUES (new.id, {new}); END""")
    op.execute(f"""INSERT INTO "{table}_fts"("{table}_fts") VALUES ('rebuild')""")


def drop_fts(table: str) -> None:
    for suffix in ("ai", "ad", "au"):
        op.execute(f'DROP TRIGGER IF EXISTS "{table}_{suffix}"')
    op.execute(f'DROP TABLE IF EXISTS "{table}_fts"')


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("domain", sa.Text(), nullable=True),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("sources.id"), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("byline", sa.Text(), nullable=True),
        sa.Column("published_at", sa.String(), nullable=True),
        sa.Column("language", sa.String(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("word_count", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(), nullable=False),
        sa.Column("origin", sa.Text(), nullable=True),
        sa.Column("nlp_version", sa.String(), nullable=True),
        sa.Column("ingested_at", sa.String(), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=True),
        sa.Column("metadata_json", sa.Text(), nullable=True),
        sa.UniqueConstraint("url"),
        sa.UniqueConstraint("content_hash"),
    )
    op.create_index("ix_articles_source_id", "articles", ["source_id"])
    op.create_index("ix_articles_published_at", "articles", ["published_at"])
    op.create_index("ix_articles_origin", "articles", ["origin"])
    op.create_index("ix_articles_nlp_version", "articles", ["nlp_version"])
    op.create_table(
        "paragraphs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("char_start", sa.Integer(), nullable=False),
        sa.Column("char_end", sa.Integer(), nullable=False),
        sa.Column("duplicate_of", sa.Integer(), sa.ForeignKey("paragraphs.id", ondelete="SET NULL"), nullable=True),
        sa.UniqueConstraint("article_id", "position"),
    )
    op.create_index("ix_paragraphs_article_id", "paragraphs", ["article_id"])
    op.create_index("ix_paragraphs_duplicate_of", "paragraphs", ["duplicate_of"])
    op.create_table(
        "entities",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.UniqueConstraint("name", "type"),
    )
    op.create_index("ix_entities_type", "entities", ["type"])
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("entity_id", sa.Integer(), sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("paragraph_id", sa.Integer(), sa.ForeignKey("paragraphs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("char_start", sa.Integer(), nullable=False),
        sa.Column("char_end", sa.Integer(), nullable=False),
    )
    for col in ("entity_id", "article_id", "paragraph_id"):
        op.create_index(f"ix_mentions_{col}", "mentions", [col])
    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("paragraph_id", sa.Integer(), sa.ForeignKey("paragraphs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), sa.ForeignKey("entities.id"), nullable=True),
        sa.Column("speaker_text", sa.Text(), nullable=True),
        sa.Column("cue", sa.String(), nullable=True),
        sa.Column("char_start", sa.Integer(), nullable=False),
        sa.Column("char_end", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind in ('direct', 'partial', 'indirect')", name="quote_kind"),
    )
    for col in ("article_id", "paragraph_id", "kind", "speaker_id"):
        op.create_index(f"ix_quotes_{col}", "quotes", [col])
    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("command", sa.String(), nullable=False),
        sa.Column("inputs", sa.Text(), nullable=True),
        sa.Column("started_at", sa.String(), nullable=False),
        sa.Column("finished_at", sa.String(), nullable=True),
        sa.Column("nlp_version", sa.String(), nullable=True),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
    )
    op.create_table(
        "ingest_errors",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("ingest_runs.id"), nullable=True),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("error", sa.String(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
    )
    op.create_index("ix_ingest_errors_run_id", "ingest_errors", ["run_id"])
    for table, columns in FTS.items():
        create_fts(table, columns)
    for name, sql in VIEWS.items():
        op.execute(f'CREATE VIEW "{name}" AS {sql}')


def downgrade() -> None:
    for name in VIEWS:
        op.execute(f'DROP VIEW IF EXISTS "{name}"')
    for table in FTS:
        drop_fts(table)
    for table in (
        "ingest_errors",
        "ingest_runs",
        "quotes",
        "mentions",
        "entities",
        "paragraphs",
        "articles",
        "sources",
    ):
        op.drop_table(table)
