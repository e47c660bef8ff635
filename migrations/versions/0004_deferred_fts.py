"""Deferred FTS inserts: the archive's writer indexes a whole group of articles with one
`INSERT INTO x_fts SELECT ...` per FTS table instead of one trigger call per row (half the cost of
storing an article without NLP, bench/ and BENCHMARKS.md).

While `deferred_fts_inserts` holds a row, the FTS insert triggers stand aside. Only the writer's
own transaction ever holds that row: it inserts it, stores its group, indexes the group's rows
and deletes it before committing, so every other connection sees the triggers as before and every
committed row is indexed. Any other writer (sqlite3, sqlite-utils, a migration) is unaffected.

The paragraph update trigger is narrowed to `text`, like those of articles and quotes (0003):
clearing `duplicate_of` no longer re-tokenises the paragraph.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

FTS = {"articles": ["title", "text"], "paragraphs": ["text"], "quotes": ["text", "speaker_text"]}
FLAG = "deferred_fts_inserts"


def _insert_trigger(table: str, deferrable: bool) -> None:
    cols = ", ".join(f'"{c}"' for c in FTS[table])
    new = ", ".join(f'new."{c}"' for c in FTS[table])
    when = f'WHEN NOT EXISTS (SELECT 1 FROM "{FLAG}")' if deferrable else ""
    op.execute(f'DROP TRIGGER IF EXISTS "{table}_ai"')
    op.execute(f"""CREATE TRIGGER "{table}_ai" AFTER INSERT ON "{table}" {when} BEGIN
                     INSERT INTO "{table}_fts"(rowid, {cols}) VALUES (new.id, {new}); END""")


def _paragraph_update_trigger(columns: str) -> None:
    op.execute('DROP TRIGGER IF EXISTS "paragraphs_au"')
    op.execute(f"""CREATE TRIGGER "paragraphs_au" AFTER {columns} ON "paragraphs" BEGIN
                     INSERT INTO "paragraphs_fts"("paragraphs_fts", rowid, "text") VALUES ('delete', old.id, old."text");
                     INSERT INTO "paragraphs_fts"(rowid, "text") VALUES (new.id, new."text"); END""")


def upgrade() -> None:
    op.execute(f'CREATE TABLE "{FLAG}" (id INTEGER PRIMARY KEY CHECK (id = 1))')
    for table in FTS:
        _insert_trigger(table, deferrable=True)
    _paragraph_update_trigger('UPDATE OF "text"')


def downgrade() -> None:
    _paragraph_update_trigger("UPDATE")
    for table in FTS:
        _insert_trigger(table, deferrable=False)
    op.execute(f'DROP TABLE "{FLAG}"')
