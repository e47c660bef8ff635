"""Authors as their own table, and what each ingest run passed over.

`authors` holds each person a byline names once (`Jeffrey Gettleman; JEFFREY GETTLEMAN` is one
author; desks, agencies and placeholders are none: ingest/bylines.py), `article_authors` links
articles to them in byline order, so "everything by this reporter" is one join; `articles.byline`
keeps the byline as written. Articles stored before this revision get their authors from their
bylines here.

`articles.run_id` is the run that stored the article's current text: a copy of it met later in the
same run is a duplicate within the run, not an article already in the archive.
`ingest_runs.duplicates` counts those, `ingest_runs.skipped` the records of an input that are not
articles (a WARC file's requests, metadata and images).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

from ingest.bylines import authors

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "authors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "article_authors",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["author_id"], ["authors.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", "author_id"),
    )
    op.create_index("ix_article_authors_author_id", "article_authors", ["author_id"])
    # Plain ADD COLUMN, not a batch recreate: the articles table keeps its FTS triggers (Alembic's
    # add_column cannot add a foreign key on SQLite; the SQL can).
    op.execute("ALTER TABLE articles ADD COLUMN run_id INTEGER REFERENCES ingest_runs (id)")
    op.create_index("ix_articles_run_id", "articles", ["run_id"])
    op.add_column("ingest_runs", sa.Column("duplicates", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("ingest_runs", sa.Column("skipped", sa.Integer(), nullable=False, server_default="0"))
    _authors_from_bylines()


def _authors_from_bylines() -> None:
    db = op.get_bind()
    rows = db.execute(sa.text("SELECT id, byline FROM articles WHERE byline IS NOT NULL AND byline != ''"))
    for article_id, byline in rows.fetchall():
        for position, name in enumerate(authors(byline), start=1):
            db.execute(sa.text("INSERT INTO authors(name) VALUES (:name) ON CONFLICT DO NOTHING"), {"name": name})
            db.execute(
                sa.text(
                    "INSERT INTO article_authors(article_id, author_id, position)"
                    " SELECT :article, id, :position FROM authors WHERE name = :name"
                ),
                {"article": article_id, "position": position, "name": name},
            )


def downgrade() -> None:
    # SQLite's own DROP COLUMN (3.35+) leaves the table, and so its FTS triggers, in place.
    op.drop_column("ingest_runs", "skipped")
    op.drop_column("ingest_runs", "duplicates")
    op.drop_index("ix_articles_run_id", table_name="articles")
    op.drop_column("articles", "run_id")
    op.drop_index("ix_article_authors_author_id", table_name="article_authors")
    op.drop_table("article_authors")
    op.drop_table("authors")
