"""Each quote keeps the rule that attributed it and how confident that rule is.

`attribution` names a row of the attribution table (ingest/quotes/rules.py: `cue after`,
`follow-on`, ...); `confidence` (0-1) is how often that rule's speaker is the right one on the
annotated sets, lower for a speaker no entity stands for. Both are NULL for a quote nobody is said
to say, and for rows stored before this revision until `archive reprocess` redoes them. The
quotes_with_speakers view shows both, so canned queries can leave uncertain attributions out.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

import importlib

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


_INITIAL = importlib.import_module("migrations.versions.0001_initial")
QUOTES_WITH_SPEAKERS = """
        select q.id as quote_id, q.kind, q.text as quote,
               coalesce(e.name, q.speaker_text) as speaker, q.speaker_text, e.type as speaker_type,
               q.speaker_id, q.cue, a.id as article_id, a.title, a.published_at, s.name as source,
               a.url, p.position as paragraph, q.attribution, q.confidence
        from quotes q
        join articles a on a.id = q.article_id
        join paragraphs p on p.id = q.paragraph_id
        left join entities e on e.id = q.speaker_id
        left join sources s on s.id = a.source_id"""


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch recreate: the quotes table keeps its FTS triggers.
    op.add_column("quotes", sa.Column("attribution", sa.String(), nullable=True))
    op.add_column("quotes", sa.Column("confidence", sa.Float(), nullable=True))
    op.execute('DROP VIEW "quotes_with_speakers"')
    op.execute(f'CREATE VIEW "quotes_with_speakers" AS {QUOTES_WITH_SPEAKERS}')


def downgrade() -> None:
    op.execute('DROP VIEW "quotes_with_speakers"')
    op.execute(f'CREATE VIEW "quotes_with_speakers" AS {_INITIAL.VIEWS["quotes_with_speakers"]}')
    # SQLite's own DROP COLUMN (3.35+) leaves the table, and so its FTS triggers, in place.
    op.drop_column("quotes", "confidence")
    op.drop_column("quotes", "attribution")
