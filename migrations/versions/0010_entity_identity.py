"""Entity identity across the archive: the names articles give each entity, and people's corrections.

`entity_names` holds every (name, type) an article resolved an entity to, and the archive entity it
stands for now; `mentions.name_id` and `quotes.speaker_name_id` keep the name each row was stored
under, so that archive.identity can move a name to another entity (a surname linked to the person
it means, a type decided by the archive's evidence) and back. `entity_corrections` keeps people's
merge, rename and split decisions, which every later ingest and reprocess honours.

Each name's comparison keys (`folded`, `shape`, `surname`, `surname_long`: archive.identity.keys_of)
are stored with it and indexed, so that a run decides again only the names it touched (queued in
`identity_queue` with the rows stored under them, so that a run killed before its end leaves them
to the next) and those linked to them. Existing rows get one name per entity (same id) and no keys: a name without keys makes the
next consolidation decide every name and fill them in, since none was decided before.

The columns of mentions and quotes are added with plain ADD COLUMN: a batch recreate would drop the
FTS triggers of quotes.

Revision ID: 0010
Revises: 0006
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None
KEY_COLUMNS = ("folded", "shape", "surname", "surname_long")


def upgrade() -> None:
    op.create_table(
        "entity_names",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("entity_id", sa.Integer(), sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("folded", sa.Text(), nullable=True),
        sa.Column("shape", sa.Text(), nullable=True),
        sa.Column("surname", sa.Text(), nullable=True),
        sa.Column("surname_long", sa.Text(), nullable=True),
        sa.UniqueConstraint("name", "type"),
    )
    op.create_index("ix_entity_names_entity_id", "entity_names", ["entity_id"])
    for column in KEY_COLUMNS:
        op.create_index(f"ix_entity_names_{column}", "entity_names", [column])
    op.create_table(
        "identity_queue",
        sa.Column("name_id", sa.Integer(), sa.ForeignKey("entity_names.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_table(
        "entity_corrections",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.String(), nullable=True),
        sa.Column("to_name", sa.Text(), nullable=True),
        sa.Column("to_type", sa.String(), nullable=True),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.CheckConstraint("action in ('merge', 'rename', 'split')", name="correction_action"),
    )
    op.create_index("ix_entity_corrections_name", "entity_corrections", ["name"])
    op.execute("ALTER TABLE mentions ADD COLUMN name_id INTEGER REFERENCES entity_names (id)")
    op.create_index("ix_mentions_name_id", "mentions", ["name_id"])
    op.execute("ALTER TABLE quotes ADD COLUMN speaker_name_id INTEGER REFERENCES entity_names (id)")
    op.create_index("ix_quotes_speaker_name_id", "quotes", ["speaker_name_id"])
    op.execute(
        "INSERT INTO entity_names(id, name, type, entity_id, mentions) SELECT e.id, e.name, e.type, e.id,"
        " (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) FROM entities e"
    )
    op.execute("UPDATE mentions SET name_id = entity_id")
    op.execute("UPDATE quotes SET speaker_name_id = speaker_id WHERE speaker_id IS NOT NULL")


def downgrade() -> None:
    op.drop_index("ix_quotes_speaker_name_id", "quotes")
    op.execute("ALTER TABLE quotes DROP COLUMN speaker_name_id")
    op.drop_index("ix_mentions_name_id", "mentions")
    op.execute("ALTER TABLE mentions DROP COLUMN name_id")
    op.drop_index("ix_entity_corrections_name", "entity_corrections")
    op.drop_table("entity_corrections")
    op.drop_table("identity_queue")
    for column in KEY_COLUMNS:
        op.drop_index(f"ix_entity_names_{column}", "entity_names")
    op.drop_index("ix_entity_names_entity_id", "entity_names")
    op.drop_table("entity_names")
