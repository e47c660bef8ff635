"""Stories (copies of one article across outlets) and quote clusters (one quote across articles),
with the indexes that keep grouping incremental: MinHash signatures and LSH band keys per article,
token keys per quote.

`articles.story_id` and `quotes.cluster_id` are added with plain ALTER TABLE ADD COLUMN, not a batch
recreate: a batch recreate copies the table and drops its triggers, the FTS triggers among them.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# The FTS update triggers fire on any UPDATE; grouping sets story_id and cluster_id often, so they are
# narrowed to the indexed columns (so an update of story_id does not re-tokenise the article).
FTS = {"articles": ["title", "text"], "quotes": ["text", "speaker_text"]}

VIEWS = {
    "story_versions": """
        select a.story_id, a.id as article_id, a.title, s.name as source, a.published_at, a.url,
               a.word_count, st.first_article_id, a.id = st.first_article_id as is_first,
               f.jaccard_to_first, f.containment_to_first
        from articles a join stories st on st.id = a.story_id
        left join sources s on s.id = a.source_id
        left join article_fingerprints f on f.article_id = a.id""",
    "distinct_quotes": """
        select c.id as cluster_id, c.text as quote, c.speaker_id, c.speaker, c.kind, c.first_seen,
               c.first_article_id, c.n_quotes, c.n_articles, c.n_sources
        from quote_clusters c""",
}


def _update_trigger(table: str, columns: list[str] | None) -> None:
    """(Re)create the FTS update trigger of `table`, on updates of `columns` (None: any update)."""
    cols = ", ".join(f'"{c}"' for c in FTS[table])
    old = ", ".join(f'old."{c}"' for c in FTS[table])
    new = ", ".join(f'new."{c}"' for c in FTS[table])
    on = f"UPDATE OF {', '.join(columns)}" if columns else "UPDATE"
    op.execute(f'DROP TRIGGER IF EXISTS "{table}_au"')
    op.execute(f"""CREATE TRIGGER "{table}_au" AFTER {on} ON "{table}" BEGIN
                     INSERT INTO "{table}_fts"("{table}_fts", rowid, {cols}) VALUES ('delete', old.id, {old});
                     INSERT INTO "{table}_fts"(rowid, {cols}) VALUES (new.id, {new}); END""")


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("first_article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="SET NULL")),
        sa.Column("first_seen", sa.String()),
        sa.Column("last_seen", sa.String()),
        sa.Column("n_articles", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("n_sources", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_index("ix_stories_first_article_id", "stories", ["first_article_id"])
    op.create_index("ix_stories_first_seen", "stories", ["first_seen"])
    op.create_table(
        "article_fingerprints",
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.Column("shingles", sa.Integer(), nullable=False),
        sa.Column("jaccard_to_first", sa.Float()),
        sa.Column("containment_to_first", sa.Float()),
    )
    op.create_table(
        "story_bands",
        sa.Column("key", sa.BigInteger(), primary_key=True),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_story_bands_article_id", "story_bands", ["article_id"])
    op.create_table(
        "quote_clusters",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kind", sa.String()),
        sa.Column("speaker_id", sa.Integer(), sa.ForeignKey("entities.id", ondelete="SET NULL")),
        sa.Column("speaker", sa.Text()),
        sa.Column("first_article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="SET NULL")),
        sa.Column("first_seen", sa.String()),
        sa.Column("n_quotes", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("n_articles", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("n_sources", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_index("ix_quote_clusters_speaker_id", "quote_clusters", ["speaker_id"])
    op.create_index("ix_quote_clusters_first_article_id", "quote_clusters", ["first_article_id"])
    op.create_table(
        "quote_keys",
        sa.Column("key", sa.BigInteger(), primary_key=True),
        sa.Column("quote_id", sa.Integer(), sa.ForeignKey("quotes.id", ondelete="CASCADE"), primary_key=True),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_quote_keys_quote_id", "quote_keys", ["quote_id"])
    # Plain ADD COLUMN keeps the FTS triggers of articles and quotes (a batch recreate drops them).
    op.execute("ALTER TABLE articles ADD COLUMN story_id INTEGER REFERENCES stories (id)")
    op.create_index("ix_articles_story_id", "articles", ["story_id"])
    op.execute("ALTER TABLE quotes ADD COLUMN cluster_id INTEGER REFERENCES quote_clusters (id)")
    op.create_index("ix_quotes_cluster_id", "quotes", ["cluster_id"])
    for table, columns in FTS.items():
        _update_trigger(table, columns)
    for name, sql in VIEWS.items():
        op.execute(f'CREATE VIEW "{name}" AS {sql}')


def downgrade() -> None:
    for name in VIEWS:
        op.execute(f'DROP VIEW IF EXISTS "{name}"')
    for table in FTS:
        _update_trigger(table, None)
    op.drop_index("ix_quotes_cluster_id", "quotes")
    op.execute("ALTER TABLE quotes DROP COLUMN cluster_id")
    op.drop_index("ix_articles_story_id", "articles")
    op.execute("ALTER TABLE articles DROP COLUMN story_id")
    for table in ("quote_keys", "quote_clusters", "story_bands", "article_fingerprints", "stories"):
        op.drop_table(table)
