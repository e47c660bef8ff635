"""Bylines as people: split, cleaned, deduplicated, job titles dropped, desks and placeholders left
out; stored in authors and article_authors with the byline kept as written."""

from __future__ import annotations

import json
import sqlite3

import pytest
from alembic import command

from archive.db import alembic_config
from ingest.bylines import authors


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Jeffrey Gettleman; JEFFREY GETTLEMAN", ["Jeffrey Gettleman"]),
        ("Steven Davidoff Solomon; STEVEN DAVIDOFF SOLOMON", ["Steven Davidoff Solomon"]),
        ("Ben Silverman Games Editor", ["Ben Silverman"]),
        ("Political Editor Laura Kuenssberg", ["Laura Kuenssberg"]),
        ("By JANE DOE and John Roe, Staff Writer", ["Jane Doe", "John Roe"]),
        ("Reporting by Jane Doe; additional reporting by Tom Smith in London", ["Jane Doe", "Tom Smith"]),
        ("NATALIYA VASILYEVA", ["Nataliya Vasilyeva"]),
        ("KEVIN MCDONALD", ["Kevin McDonald"]),
        ("Dr. Ursula von der Leyen", ["Ursula von der Leyen"]),
        ("Martin Untersinger (avec Damien Leloup et Morgane Tual)", ["Martin Untersinger"]),
        ("by Lucas Nolan", ["Lucas Nolan"]),
        ("Joshua Sokol May", ["Joshua Sokol"]),  # `May 20, 2019` run into the byline, its digits gone
        ("Theresa May", ["Theresa May"]),
        ("Jane Doe (@janedoe) jane.doe@example.org", ["Jane Doe"]),
        ("Jane Doe & John Roe | Jane Doe", ["Jane Doe", "John Roe"]),
    ],
)
def test_bylines_name_people(byline, expected):
    assert authors(byline) == expected


@pytest.mark.parametrize(
    "byline",
    [
        "Username",
        "Our Foreign Staff",
        "BBC News",
        "Associated Press",
        "Reuters Staff",
        "Wikinews contributors",
        "Daily Mail Reporter",
        "April 28, 2019 at 6:01 am Updated April 29, 2019 at 3:33 pm",
        "admin",
        "",
        None,
        "The mayor said the bridge would close on Monday for repairs",
    ],
)
def test_desks_agencies_placeholders_and_dates_are_no_one(byline):
    assert authors(byline) == []


def _records(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


BRIDGE = "The bridge closes on Monday for repairs, the council said."
FERRY = "The ferry sails again after a winter in dry dock."


def test_authors_are_stored_once_and_everything_by_one_reporter_is_one_join(cli, db_path, sql, tmp_path):
    path = _records(
        tmp_path / "a.jsonl",
        [
            {
                "title": "Bridge",
                "text": BRIDGE,
                "byline": "Jeffrey Gettleman; JEFFREY GETTLEMAN",
                "url": "https://x.org/1",
            },
            {"title": "Ferry", "text": FERRY, "byline": "By Jane Doe and Jeffrey Gettleman", "url": "https://x.org/2"},
            {"title": "Desk", "text": "The council met.", "byline": "Our Foreign Staff", "url": "https://x.org/3"},
        ],
    )
    assert cli("ingest", "--db", db_path, "--no-nlp", path).exit_code == 0
    assert [r["name"] for r in sql(db_path, "select name from authors order by id")] == [
        "Jeffrey Gettleman",
        "Jane Doe",
    ]
    by_him = sql(
        db_path,
        "select a.title from articles a join article_authors aa on aa.article_id = a.id"
        " join authors au on au.id = aa.author_id where au.name = 'Jeffrey Gettleman' order by a.id",
    )
    assert [r["title"] for r in by_him] == ["Bridge", "Ferry"]
    ferry = sql(
        db_path,
        "select au.name, aa.position from article_authors aa join authors au on au.id = aa.author_id"
        " join articles a on a.id = aa.article_id where a.title = 'Ferry' order by aa.position",
    )
    assert [(r["name"], r["position"]) for r in ferry] == [("Jane Doe", 1), ("Jeffrey Gettleman", 2)]
    bylines = sql(db_path, "select byline from articles order by id")
    assert [r["byline"] for r in bylines] == [
        "Jeffrey Gettleman; JEFFREY GETTLEMAN",
        "By Jane Doe and Jeffrey Gettleman",
        "Our Foreign Staff",
    ]  # kept as written


def test_an_update_replaces_its_authors_and_authors_of_no_article_go(cli, db_path, sql, tmp_path):
    path = tmp_path / "a.jsonl"
    _records(path, [{"title": "Bridge", "text": BRIDGE, "byline": "Jane Doe", "url": "https://x.org/1"}])
    cli("ingest", "--db", db_path, "--no-nlp", path)
    _records(
        path,
        [{"title": "Bridge", "text": BRIDGE + " It reopens in May.", "byline": "John Roe", "url": "https://x.org/1"}],
    )
    result = cli("ingest", "--db", db_path, "--no-nlp", path)
    assert result.output.startswith("added 0, updated 1")
    assert [r["name"] for r in sql(db_path, "select name from authors")] == ["John Roe"]
    assert sql(db_path, "select count(*) n from article_authors")[0]["n"] == 1


def test_the_migration_gives_articles_stored_before_it_their_authors(db_path):
    cfg = alembic_config(db_path)
    command.upgrade(cfg, "0006")
    conn = sqlite3.connect(db_path)
    conn.execute(
        "insert into articles(url, title, byline, text, word_count, content_hash, ingested_at)"
        " values ('https://x.org/1', 'Bridge', 'JEFFREY GETTLEMAN; Jeffrey Gettleman', 'Text.', 1, 'h1', '2019-01-01')"
    )
    conn.commit()
    conn.close()
    command.upgrade(cfg, "head")
    conn = sqlite3.connect(db_path)
    rows = conn.execute(
        "select au.name, aa.position from article_authors aa join authors au on au.id = aa.author_id"
    ).fetchall()
    conn.close()
    assert rows == [("Jeffrey Gettleman", 1)]
