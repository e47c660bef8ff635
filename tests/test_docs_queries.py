"""Every SQL answer in docs/queries.md runs against an archive of the examples, in plain sqlite3 and
in Datasette's SQL editor, and answers its question with at least one row."""

from __future__ import annotations

import re
import sqlite3

import pytest

from tests.conftest import ROOT
from tests.small_archive import Site

DOC = ROOT / "docs" / "queries.md"
QUESTION = re.compile(r"^## \d+\. (.+?)\n(.*?)```sql\n(.*?)```", re.S | re.M)


def questions() -> list[tuple[str, str]]:
    return [(title, sql) for title, _, sql in QUESTION.findall(DOC.read_text(encoding="utf-8"))]


def test_at_least_ten_questions():
    assert len(questions()) >= 10
    assert DOC.read_text(encoding="utf-8").count("```sql") == len(questions())


@pytest.fixture(scope="module")
def seed_site(seed_db):
    return Site(seed_db)


@pytest.mark.parametrize("title, sql", questions(), ids=[t for t, _ in questions()])
def test_query_answers_its_question(seed_db, seed_site, title, sql):
    conn = sqlite3.connect(f"file:{seed_db}?mode=ro", uri=True)
    try:
        rows = conn.execute(sql).fetchall()
    finally:
        conn.close()
    assert rows, title
    response = seed_site.get("/archive.json", sql=sql, _shape="array")
    assert response.status_code == 200, response.text
    assert len(response.json()) == len(rows)
