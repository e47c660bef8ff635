"""The grouping queue: articles stored whose story and quote clusters are still to be found.

A writer that receives analysed articles faster than it can group them (a Dask cluster's workers)
stores each article's rows at once and queues the grouping, in store order; it groups the queue
whenever no result is waiting and at the end of the run (archive.grouping). The queue row is written
in the article's own transaction, so an ingest killed at any moment leaves the queue that a rerun
finishes first. `signature`/`shingles` keep the fingerprint the worker computed (MinHash bytes and
shingle count), so grouping need not redo it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "grouping_queue",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=True),
        sa.Column("shingles", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("article_id"),
    )


def downgrade() -> None:
    op.drop_table("grouping_queue")
