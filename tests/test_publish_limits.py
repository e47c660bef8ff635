"""Readers cannot take the server: SQLite length limits on Datasette's connections, bounded results,
`archive serve --public` without arbitrary SQL, and 4xx (never 500) for requests that write or make
no sense."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import urllib.error
import urllib.request

import pytest

from archive.publish import plugin
from tests.serving import archive_server
from tests.small_archive import STORIES, Site, build


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory):
    return build(tmp_path_factory.mktemp("limits") / "archive.db", STORIES)


@pytest.fixture(scope="module")
def site(archive_path):
    return Site(archive_path)


@pytest.fixture(scope="module")
def public(archive_path):
    return Site(archive_path, public=True)


def test_datasette_connections_cap_the_length_of_strings_and_blobs(site):
    database = site.ds.get_database("archive")
    limit = asyncio.run(database.execute_fn(lambda conn: conn.getlimit(sqlite3.SQLITE_LIMIT_LENGTH)))
    assert limit == plugin.MAX_LENGTH
    response = site.get("/archive.json", sql="select length(randomblob(50000000)) as n")
    assert response.status_code == 400 and "too big" in response.text


def test_stored_rows_fit_under_the_length_limit():
    from ingest.pipeline import MAX_METADATA_BYTES, MAX_TEXT_CHARS

    # Text as UTF-8 (at most 4 bytes a character), metadata, and room for the other columns.
    assert 4 * MAX_TEXT_CHARS + MAX_METADATA_BYTES + 1_000_000 <= plugin.MAX_LENGTH


def test_a_result_over_the_size_budget_is_refused(site, monkeypatch):
    monkeypatch.setattr(plugin, "MAX_RESULT_BYTES", 100_000)
    response = site.get("/archive.json", sql="select zeroblob(20000) as x from paragraphs")
    assert response.status_code == 400 and "100,000" in response.text
    assert site.get("/archive.json", sql="select zeroblob(2000) as x from paragraphs").status_code == 200


def test_public_mode_runs_no_arbitrary_sql(public):
    assert public.get("/archive", sql="select 1").status_code == 403
    assert public.get("/archive.json", sql="select 1").status_code == 403
    assert public.get("/archive/articles", _where="1=1").status_code == 403
    for page in ("/", "/archive", "/archive/articles", "/archive/articles/1", "/archive/quotes_with_speakers"):
        assert public.get(page).status_code == 200, page
    search = public.get("/archive/search", q="flood")
    assert search.status_code == 200 and "Harbour flood defences approved" in search.text
    assert public.get("/archive/what_did_they_say", speaker="Ada Lovelace", about="").status_code == 200


def test_the_full_mode_still_runs_sql(site):
    assert site.get("/archive.json", sql="select 1 as one").status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/archive/search", "/archive/what_did_they_say", "/archive/articles/-/insert", "/archive", "/archive/articles"],
)
def test_writing_requests_are_refused_with_405(site, path):
    response = asyncio.run(site.ds.client.post(path, data={"q": "flood", "sql": "select 1"}))
    assert response.status_code == 405


@pytest.mark.parametrize(
    "path", ["/archive/articles/-/insert", "/archive/articles/1/-/update", "/archive/articles/1/-/delete", "/-/nope"]
)
def test_paths_that_name_nothing_are_404(site, path):
    assert site.get(path).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/archive/articles?_sort=bad",
        "/archive/articles?_sort_desc=bad",
        "/archive/articles.json?_sort=bad",
        "/archive/quotes_with_speakers?_sort=bad",
    ],
)
def test_a_bad_sort_is_400(site, path):
    assert site.get(path).status_code == 400


def test_archive_serve_public(archive_path):
    with archive_server("--db", str(archive_path), "--public") as base:
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(base + "/archive.json?sql=select+1", timeout=10)
        assert refused.value.code == 403
        with urllib.request.urlopen(base + "/archive/search?q=flood", timeout=10) as page:
            assert page.status == 200


def test_a_stopped_server_leaves_no_temporary_files(archive_path, tmp_path):
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    with archive_server("--db", str(archive_path), env=env):
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith("archive-serve-")]
    assert not list(tmp_path.iterdir())
