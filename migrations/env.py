"""Alembic environment: the archive's models are the target; FTS tables are ours, not autogenerate's."""

from alembic import context

from archive.db import engine as archive_engine
from archive.models import Base

config = context.config
target_metadata = Base.metadata


def include_name(name, type_, parent_names):
    """Skip FTS5 virtual tables and their shadow tables, and the views migrations create by hand."""
    if type_ == "table" and name and (name.endswith("_fts") or "_fts_" in name):
        return False
    return True


def _configure(**kw):
    context.configure(
        target_metadata=target_metadata,
        include_name=include_name,
        render_as_batch=True,
        compare_type=True,
        **kw,
    )


def run_migrations_offline() -> None:
    _configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = config.get_main_option("sqlalchemy.url")
    eng = archive_engine(url.removeprefix("sqlite:///"))
    with eng.connect() as conn:
        _configure(connection=conn)
        with context.begin_transaction():
            context.run_migrations()
    eng.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
