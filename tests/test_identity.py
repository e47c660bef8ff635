"""Identity: the same text is skipped, the same URL or file path with new text is updated in place."""

from __future__ import annotations

from tests.conftest import SEED


def counts(sql, path):
    return sql(
        path,
        """select (select count(*) from articles) as articles,
                               (select count(*) from paragraphs) as paragraphs,
                               (select count(*) from quotes) as quotes,
                               (select count(*) from mentions) as mentions""",
    )[0]


def test_reingesting_the_same_file_adds_nothing(cli, db_path, sql):
    first = cli("ingest", "--db", db_path, SEED)
    before = counts(sql, db_path)
    again = cli("ingest", "--db", db_path, SEED)
    assert first.exit_code == again.exit_code == 0
    assert "unchanged 1" in again.output and "added 0" in again.output
    assert counts(sql, db_path) == before


def test_same_text_from_another_path_is_unchanged(cli, db_path, tmp_path, sql):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SEED.read_bytes())
    cli("ingest", "--db", db_path, SEED)
    result = cli("ingest", "--db", db_path, copy)
    assert "unchanged 1" in result.output
    assert counts(sql, db_path)["articles"] == 1


def test_changed_file_at_the_same_path_updates_in_place(cli, db_path, tmp_path, sql):
    path = tmp_path / "story.txt"
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    cli("ingest", "--db", db_path, path)
    [before] = sql(db_path, "select id, content_hash from articles")
    path.write_text(SEED.read_text(encoding="utf-8") + "\nStarmer said the talks would continue.", encoding="utf-8")
    result = cli("ingest", "--db", db_path, path)
    assert "updated 1" in result.output
    [after] = sql(db_path, "select id, content_hash from articles")
    assert after["id"] == before["id"] and after["content_hash"] != before["content_hash"]
    assert counts(sql, db_path)["paragraphs"] == 17
    assert sql(db_path, "select count(*) as n from paragraphs where article_id != ?", (after["id"],))[0]["n"] == 0


def test_changed_text_at_the_same_url_updates_in_place(cli, db_path, tmp_path, sql):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Police said the road was closed.\n\nIt reopened later.", encoding="utf-8")
    b.write_text("Police said the road was closed for hours.\n\nIt reopened on Monday.", encoding="utf-8")
    url = "https://news.example.org/road"
    cli("ingest", "--db", db_path, a, "--url", url)
    result = cli("ingest", "--db", db_path, b, "--url", url)
    assert "updated 1" in result.output
    [row] = sql(db_path, "select url, text from articles")
    assert row["url"] == url and "Monday" in row["text"]
    [source] = sql(db_path, "select name, domain from sources")
    assert source == {"name": "news.example.org", "domain": "news.example.org"}


def test_stdin_is_an_input(cli, db_path, sql):
    result = cli(
        "ingest",
        "--db",
        db_path,
        "-",
        "--title",
        "From a pipe",
        input="The mayor said the bridge would reopen.\n\nWork starts in May.",
    )
    assert result.exit_code == 0 and "added 1" in result.output
    [row] = sql(db_path, "select title, origin from articles")
    assert row == {"title": "From a pipe", "origin": "<stdin>"}


def test_a_failed_input_is_recorded_and_the_others_are_stored(cli, db_path, tmp_path, sql):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    result = cli("ingest", "--db", db_path, SEED, empty)
    assert result.exit_code == 1
    assert "added 1, updated 0, unchanged 0, failed 1" in result.output
    assert f"failed: {empty}" in result.output
    [error] = sql(db_path, "select origin, error, message, run_id from ingest_errors")
    assert error["origin"] == str(empty) and error["error"] == "empty" and error["run_id"] is not None
    assert counts(sql, db_path)["articles"] == 1


def test_reprocess_redoes_articles_stored_without_nlp(cli, db_path, sql):
    assert cli("ingest", "--db", db_path, "--no-nlp", SEED).exit_code == 0
    assert counts(sql, db_path)["quotes"] == 0
    result = cli("reprocess", "--db", db_path)
    assert result.exit_code == 0 and "updated 1" in result.output
    assert counts(sql, db_path)["quotes"] >= 9
    [row] = sql(db_path, "select nlp_version from articles")
    assert row["nlp_version"]
    again = cli("reprocess", "--db", db_path)
    assert "updated 0" in again.output


def test_identity_lookups_search_their_own_index(db_path):
    """Each identity lookup must use the index of the column it matches: with a plain `url IS NULL`
    the planner can choose the url index and scan every url-less article for each lookup."""
    import sqlite3

    from archive.store import SQL_BY_HASH, SQL_BY_ORIGIN, SQL_BY_URL, Archive

    Archive(db_path).close()
    conn = sqlite3.connect(db_path)
    plans = {
        sql: " ".join(row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", ("x",)))
        for sql in (SQL_BY_HASH, SQL_BY_URL, SQL_BY_ORIGIN)
    }
    conn.close()
    assert "(content_hash=?)" in plans[SQL_BY_HASH]
    assert "(url=?)" in plans[SQL_BY_URL]
    assert "ix_articles_origin (origin=?)" in plans[SQL_BY_ORIGIN]


def test_reprocess_records_an_article_it_cannot_store_and_updates_the_rest(cli, db_path, sql, tmp_path, monkeypatch):
    from archive.store import Archive

    other = tmp_path / "harbour.txt"
    other.write_text("Harbour news\n\nThe harbour reopened on Friday, the port authority said.\n")
    assert cli("ingest", "--db", db_path, "--no-nlp", SEED, other).exit_code == 0
    real = Archive._replace_derived

    def failing(self, conn, article_id, article):
        if article.origin == str(other):
            raise RuntimeError("disk on fire")
        return real(self, conn, article_id, article)

    monkeypatch.setattr(Archive, "_replace_derived", failing)
    result = cli("reprocess", "--db", db_path)
    assert result.exit_code == 1 and "updated 1" in result.output and "failed 1" in result.output
    [error] = sql(db_path, "select origin, error, message from ingest_errors")
    assert error["origin"] == str(other) and error["error"] == "store" and "disk on fire" in error["message"]
    rows = sql(db_path, "select origin, nlp_version, story_id from articles order by id")
    assert rows[0]["nlp_version"] and rows[0]["story_id"] is not None  # updated and grouped
    assert rows[1]["nlp_version"] is None  # rolled back alone: a later reprocess picks it up
    assert sql(db_path, "select count(*) as n from grouping_queue")[0]["n"] == 0


def test_a_reprocess_whose_commit_fails_records_each_article_and_finishes_its_run(cli, db_path, sql, monkeypatch):
    """As in an ingest: a group that cannot be stored at all is an error row per article, not a crash."""
    from archive.store import Archive

    assert cli("ingest", "--db", db_path, "--no-nlp", SEED).exit_code == 0

    def full_disk(self, results, grouping):
        raise OSError("database or disk is full")

    monkeypatch.setattr(Archive, "replace_nlp_many", full_disk)
    result = cli("reprocess", "--db", db_path)
    assert result.exit_code == 1 and "updated 0" in result.output and "failed 1" in result.output
    [error] = sql(db_path, "select origin, error, message from ingest_errors")
    assert error == {
        "origin": str(SEED),
        "error": "store",
        "message": "could not store the new analysis: database or disk is full",
    }
    [run] = sql(db_path, "select command, failed, finished_at from ingest_runs where command = 'reprocess'")
    assert run["failed"] == 1 and run["finished_at"]
    assert sql(db_path, "select nlp_version from articles")[0]["nlp_version"] is None


def test_copies_within_one_run_are_duplicates_counted_apart_and_listed(cli, db_path, tmp_path, sql):
    folder = tmp_path / "news"
    folder.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "d.txt").write_text("A different story.\n\nThe ferry sails again on Monday.", encoding="utf-8")
    first = cli("ingest", "--db", db_path, "--no-nlp", "--verbose", folder)
    assert first.exit_code == 0
    lines = first.output.splitlines()
    assert lines[0] == "added 2, updated 0, unchanged 0, duplicates 2, failed 0"
    assert lines[1:] == [
        f"duplicate: {folder / 'b.txt'}: the same text as {folder / 'a.txt'}, read earlier in this run",
        f"duplicate: {folder / 'c.txt'}: the same text as {folder / 'a.txt'}, read earlier in this run",
    ]
    # Run again, the copies are articles the archive held before the run: unchanged, not duplicates.
    again = cli("ingest", "--db", db_path, "--no-nlp", "--verbose", folder)
    assert again.output.splitlines()[0] == "added 0, updated 0, unchanged 4, failed 0"
    assert f"unchanged: {folder / 'c.txt'}: already in the archive (from {folder / 'a.txt'})" in again.output
    runs = sql(db_path, "select added, unchanged, duplicates from ingest_runs order by id")
    assert [tuple(r.values()) for r in runs] == [(2, 0, 2), (0, 4, 0)]
    assert {r["run_id"] for r in sql(db_path, "select run_id from articles")} == {1}


def test_duplicates_are_told_apart_with_the_language_pipeline_too(cli, db_path, tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SEED.read_bytes())
    result = cli("ingest", "--db", db_path, SEED, copy)
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "added 1, updated 0, unchanged 0, duplicates 1, failed 0"


def test_a_copy_of_an_article_committed_earlier_in_the_run_is_a_duplicate(cli, db_path, tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SEED.read_bytes())
    # One article a commit: the copy is found stored before it is prepared, not in the same transaction.
    result = cli("ingest", "--db", db_path, "--no-nlp", "--commit-every", "1", "-v", SEED, copy)
    assert result.output.splitlines() == [
        "added 1, updated 0, unchanged 0, duplicates 1, failed 0",
        f"duplicate: {copy}: the same text as {SEED}, read earlier in this run",
    ]


# ----- never lose an article to another ------------------------------------------------------------

HIJACK = """<html><head><title>Free prizes</title><link rel="canonical" href="https://news.example.org/road"></head>
<body><article><p>Click here for free prizes, says the page that claims to be the road story.</p>
<p>It is not the road story, and it must never replace it in the archive.</p></article></body></html>"""


def test_a_canonical_link_counts_only_on_the_fetched_pages_own_host():
    from ingest.readers.html import read_html

    [elsewhere] = read_html(HIJACK.encode(), "https://prizes.example/win", url="https://prizes.example/win")
    assert elsewhere.url == "https://prizes.example/win"
    own = HIJACK.replace("https://news.example.org/road", "https://www.prizes.example/win-canonical")
    [same_host] = read_html(own.encode(), "https://prizes.example/win?ref=x", url="https://prizes.example/win?ref=x")
    assert same_host.url == "https://www.prizes.example/win-canonical"


def test_an_update_never_crosses_sources(cli, db_path, tmp_path, sql):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Police said the road was closed.\n\nIt reopened later.", encoding="utf-8")
    b.write_text("Click here for free prizes.\n\nThis is not the road story at all.", encoding="utf-8")
    url = "https://news.example.org/road"
    assert cli("ingest", "--db", db_path, "--no-nlp", a, "--url", url, "--source", "Road News").exit_code == 0
    result = cli("ingest", "--db", db_path, "--no-nlp", b, "--url", url, "--source", "Prize Site")
    assert result.exit_code == 1 and "updated 0" in result.output and "failed 1" in result.output
    [row] = sql(db_path, "select a.text, s.name from articles a join sources s on s.id = a.source_id")
    assert row == {"text": "Police said the road was closed.\n\nIt reopened later.", "name": "Road News"}
    [error] = sql(db_path, "select origin, error, message from ingest_errors")
    assert error["origin"] == str(b) and error["error"] == "identity"
    assert "Road News" in error["message"] and "Prize Site" in error["message"]


def test_url_with_several_inputs_is_a_usage_error(cli, db_path, tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Police said the road was closed.", encoding="utf-8")
    b.write_text("The bridge reopened on Monday.", encoding="utf-8")
    result = cli("ingest", "--db", db_path, a, b, "--url", "https://news.example.org/road")
    assert result.exit_code == 2 and "--url" in result.output and "one input" in result.output
    assert not db_path.exists()
    result = cli("ingest", "--db", db_path, tmp_path, "--url", "https://news.example.org/road")
    assert result.exit_code == 2 and "one input" in result.output


def test_url_with_an_input_of_several_articles_gives_it_to_the_first_only(cli, db_path, tmp_path, sql):
    records = tmp_path / "records.jsonl"
    records.write_text(
        '{"text": "Police said the road was closed."}\n{"text": "The bridge reopened on Monday."}\n', encoding="utf-8"
    )
    result = cli("ingest", "--db", db_path, "--no-nlp", records, "--url", "https://news.example.org/road")
    assert result.exit_code == 1 and "added 1, updated 0" in result.output and "failed 1" in result.output
    assert sql(db_path, "select url, text from articles") == [
        {"url": "https://news.example.org/road", "text": "Police said the road was closed."}
    ]
    [error] = sql(db_path, "select origin, error from ingest_errors")
    assert error == {"origin": f"{records}:2", "error": "usage"}


def test_records_without_a_url_are_identified_by_their_text(cli, db_path, tmp_path, sql):
    records = tmp_path / "records.jsonl"
    first, second, new = (
        '{"text": "Police said the road was closed."}',
        '{"text": "The bridge reopened on Monday."}',
        '{"text": "The council met on Tuesday."}',
    )
    records.write_text(f"{first}\n{second}\n", encoding="utf-8")
    assert "added 2" in cli("ingest", "--db", db_path, "--no-nlp", records).output
    records.write_text(f"{new}\n{first}\n{second}\n", encoding="utf-8")
    result = cli("ingest", "--db", db_path, "--no-nlp", records)
    assert "added 1, updated 0, unchanged 2" in result.output
    assert len(sql(db_path, "select id from articles")) == 3


def test_an_update_keeps_the_earlier_version(cli, db_path, tmp_path, sql):
    path = tmp_path / "story.txt"
    path.write_text("Road closed\n\nPolice said the road was closed.\n\nIt reopened later.", encoding="utf-8")
    cli("ingest", "--db", db_path, "--no-nlp", path)
    [before] = sql(db_path, "select id, title, text, content_hash, ingested_at from articles")
    path.write_text("Road reopened\n\nPolice said the road was closed for hours.\n\nIt reopened on Monday.")
    assert "updated 1" in cli("ingest", "--db", db_path, "--no-nlp", path).output
    [version] = sql(
        db_path, "select article_id, title, text, content_hash, stored_at, replaced_at from article_versions"
    )
    assert version["article_id"] == before["id"] and version["title"] == "Road closed"
    assert version["text"] == before["text"] and version["content_hash"] == before["content_hash"]
    assert version["stored_at"] == before["ingested_at"] and version["replaced_at"] >= version["stored_at"]
    path.write_text("Road reopened\n\nThe road reopened on Monday morning.", encoding="utf-8")
    cli("ingest", "--db", db_path, "--no-nlp", path)
    versions = sql(db_path, "select title, text from article_versions order by id")
    assert [v["title"] for v in versions] == ["Road closed", "Road reopened"]
    assert "for hours" in versions[1]["text"]


def test_the_article_page_links_to_its_earlier_versions(cli, db_path, tmp_path):
    from tests.small_archive import Site

    path = tmp_path / "story.txt"
    path.write_text("Road closed\n\nPolice said the road was closed.\n\nIt reopened later.", encoding="utf-8")
    cli("ingest", "--db", db_path, "--no-nlp", path)
    path.write_text("Road reopened\n\nPolice said the road was closed for hours.\n\nIt reopened on Monday.")
    cli("ingest", "--db", db_path, "--no-nlp", path)
    site = Site(db_path)
    html = site.get("/archive/articles/1").text
    assert 'href="/archive/article_versions/1"' in html and "earlier version" in html
    old = site.get("/archive/article_versions/1")
    assert old.status_code == 200 and "Police said the road was closed." in old.text
