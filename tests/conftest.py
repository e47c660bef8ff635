"""Shared fixtures: the real spaCy pipeline loaded once per session, archives in temp folders."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED = EXAMPLES / "london-border-summit-ap.txt"


@pytest.fixture(scope="session")
def nlp():
    """The archive's pipeline (spaCy + entity and quote components), loaded once."""
    from ingest import nlp as nlp_module

    return nlp_module.load()


@pytest.fixture(scope="session")
def process_text(nlp):
    """Text -> ProcessedArticle through the real pipeline (paragraphs by blank lines or lines)."""
    from ingest.models import RawArticle
    from ingest.pipeline import prepare, process

    def run(text: str, title: str | None = None):
        [article] = list(process([prepare(RawArticle(text=text, origin="test", title=title))], nlp=nlp))
        return article

    return run


@pytest.fixture
def cli(nlp):
    """Invoke the `archive` CLI in-process (the model stays loaded between calls)."""
    from archive.cli import cli as archive_cli

    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(archive_cli, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "archive.db"


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory, nlp) -> Path:
    """An archive holding the bundled example articles. Read-only for tests: copy it to change it."""
    from archive.ingesting import Ingest, Job
    from archive.store import Archive

    path = tmp_path_factory.mktemp("seed") / "archive.db"
    with Archive(path) as archive:
        counts = Ingest(archive, Job(inputs=[str(EXAMPLES)])).run()
    assert counts.failed == 0, counts.failures
    return path


@pytest.fixture
def seed_copy(seed_db, tmp_path) -> Path:
    """A private, writable copy of the seed archive."""
    target = tmp_path / "archive.db"
    src = sqlite3.connect(seed_db)
    dst = sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.close()
    return target


def query(path, sql, params=()):
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params).fetchall()]
    finally:
        conn.close()


@pytest.fixture
def sql():
    return query


__all__ = ["ROOT", "EXAMPLES", "SEED", "shutil"]
