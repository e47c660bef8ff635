"""CSV and TSV exports: one article a row, columns found by name or named with --columns, other
columns kept, a bad row failing alone with its line number, a file without a text column refused."""

from __future__ import annotations

import io
import json

from ingest.readers import Failure, read_input, records_in, sniff
from ingest.readers.csv import stream_csv
from tests.exports import fixture_records, write_fixture_table, write_table

TOILET, MARATHON = (r["title"] for r in fixture_records())


def test_rows_become_articles_with_title_url_date_and_the_other_columns_kept(tmp_path):
    path = write_table(
        tmp_path / "export.csv",
        ["Headline", "Body", "Link", "Published At", "Outlet", "Author", "section", "word count"],
        [
            [
                "Bridge closes",
                "The bridge closes on Monday.\n\nBuses take the ring road.",
                "https://example.org/bridge",
                "2019-01-04",
                "City News",
                "Jane Doe",
                "Local",
                "9",
            ],
            [
                "Ferry returns",
                "The ferry sails again.",
                "https://example.org/ferry",
                "Jan 5, 2019",
                "City News",
                "",
                "",
                "",
            ],
        ],
    )
    bridge, ferry = read_input(str(path))
    assert (bridge.title, bridge.url, bridge.published_at, bridge.source, bridge.byline) == (
        "Bridge closes",
        "https://example.org/bridge",
        "2019-01-04",
        "City News",
        "Jane Doe",
    )
    assert bridge.text == "The bridge closes on Monday.\n\nBuses take the ring road."
    assert bridge.extra == {"section": "Local", "word count": "9"}
    assert ferry.published_at == "2019-01-05" and ferry.byline is None and ferry.extra == {}
    # A row's origin is the line it starts on: the first row's text spans three lines.
    assert [bridge.origin, ferry.origin] == [f"{path}:2", f"{path}:5"]


def test_a_language_column_gives_each_row_its_language(tmp_path):
    path = write_table(
        tmp_path / "export.csv",
        ["title", "text", "lang"],
        [["Pont fermé", "Le pont ferme lundi.", "fr"], ["Bridge closes", "The bridge closes on Monday.", ""]],
    )
    french, english = read_input(str(path))
    assert (french.language, english.language) == ("fr", None)
    assert "lang" not in french.extra


def test_the_wikinews_export_shape_is_read_row_by_row(tmp_path):
    path = write_fixture_table(tmp_path / "wikinews.csv")
    articles = list(read_input(str(path)))
    assert [a.title for a in articles] == [TOILET, MARATHON]
    assert articles[0].published_at == "2019-09-18"
    assert articles[1].url.endswith("Eliud_Kipchoge_of_Kenya_runs_marathon_under_two_hours")


def test_columns_option_names_columns_with_other_names(cli, db_path, sql, tmp_path):
    path = write_table(
        tmp_path / "cms.csv",
        ["story_id", "hed", "story_body", "pub"],
        [["17", "Bridge closes", "The bridge closes on Monday for repairs.", "2019-01-04"]],
    )
    refused = cli("ingest", "--db", db_path, "--no-nlp", path)
    assert refused.exit_code == 1 and sql(db_path, "select count(*) n from articles")[0]["n"] == 0
    result = cli("ingest", "--db", db_path, "--no-nlp", "--columns", "text=story_body,title=hed,date=pub", path)
    assert result.exit_code == 0, result.output
    [row] = sql(db_path, "select title, text, published_at, metadata_json from articles")
    assert row["title"] == "Bridge closes" and row["published_at"] == "2019-01-04"
    assert json.loads(row["metadata_json"]) == {"story_id": "17"}


def test_a_columns_option_that_says_nothing_is_a_usage_error(cli, db_path, tmp_path):
    path = write_fixture_table(tmp_path / "a.csv")
    result = cli("ingest", "--db", db_path, "--columns", "words=body", path)
    assert result.exit_code == 2 and "'words' is not a part of an article" in result.output
    result = cli("ingest", "--db", db_path, "--columns", "text", path)
    assert result.exit_code == 2 and "is not PART=COLUMN" in result.output


def test_a_file_without_a_text_column_is_refused_naming_its_columns(cli, db_path, sql, tmp_path):
    path = write_table(tmp_path / "stats.csv", ["country", "year", "count"], [["Poland", "2019", "5"]] * 3)
    result = cli("ingest", "--db", db_path, "--no-nlp", path)
    assert result.exit_code == 1
    assert "no column holds the article text (its columns: 'country', 'year', 'count')" in result.output
    assert "--columns text=COLUMN" in result.output
    assert sql(db_path, "select count(*) n from articles")[0]["n"] == 0
    [error] = sql(db_path, "select origin, error from ingest_errors")
    assert error == {"origin": str(path), "error": "no_text_column"}


def test_a_named_column_that_is_not_there_is_refused(tmp_path):
    path = write_fixture_table(tmp_path / "a.csv")
    [failure] = read_input(str(path), columns={"text": "story_body"})
    assert isinstance(failure, Failure) and "no column 'story_body' in the header" in failure.message


def test_bad_rows_fail_alone_with_their_line_numbers(cli, db_path, sql, tmp_path):
    path = write_table(
        tmp_path / "mixed.csv",
        ["title", "text", "date"],
        [
            ["Good one", "The first article's text.", "2019-01-04"],
            ["No text", "", "2019-01-04"],
            ["Bad date", "The third article's text.", "yesterday"],
            ["No day", "The fourth article's text.", "Friday"],
            ["Good two", "The fifth article's text.", "4 January 2019 10:30"],
        ],
    )
    result = cli("ingest", "--db", db_path, "--no-nlp", path)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == "added 2, updated 0, unchanged 0, failed 3"
    assert [r["title"] for r in sql(db_path, "select title from articles order by id")] == ["Good one", "Good two"]
    assert sql(db_path, "select published_at from articles where title = 'Good two'")[0]["published_at"] == (
        "2019-01-04T10:30:00"
    )
    errors = sql(db_path, "select origin, error, message from ingest_errors order by id")
    assert [(e["origin"], e["error"]) for e in errors] == [
        (f"{path}:3", "no_text"),
        (f"{path}:4", "bad_date"),
        (f"{path}:5", "bad_date"),
    ]
    assert errors[0]["message"] == "line 3: the 'text' column is empty"
    assert errors[1]["message"] == "line 4: 'yesterday' in the 'date' column is not a date"


def test_a_stray_quote_costs_its_row_and_an_unclosed_one_keeps_the_rows_before(tmp_path):
    path = tmp_path / "quotes.csv"
    path.write_text('title,text\nOne,"First text."\nTwo,"x"y\nThree,Third text.\nFour,"Never closed\nFive,Fifth.\n')
    items = list(read_input(str(path)))
    assert [type(i).__name__ for i in items] == ["RawArticle", "Failure", "RawArticle", "Failure"]
    assert [i.origin for i in items] == [f"{path}:{n}" for n in (2, 3, 4, 5)]
    assert "never closes (it runs to the end of the file, line 6)" in items[3].message


def test_tsv_semicolons_and_cp1252_are_read(tmp_path):
    tsv = write_fixture_table(tmp_path / "articles.tsv", delimiter="\t")
    assert [a.title for a in read_input(str(tsv))] == [TOILET, MARATHON]
    semicolons = tmp_path / "excel.csv"
    semicolons.write_bytes("titre;text;date\nCaf\xe9 closes;The caf\xe9 closes.;2019-01-04\n".encode("cp1252"))
    [article] = read_input(str(semicolons))
    assert article.text == "The café closes." and article.extra == {"titre": "Café closes"}


def test_a_csv_is_known_by_its_header_without_an_extension(tmp_path):
    path = write_fixture_table(tmp_path / "export")
    assert sniff(path.read_bytes()) == "csv"
    assert [a.title for a in read_input(str(path))] == [TOILET, MARATHON]
    assert sniff(b"Text, title and date, said the mayor, are what matter.\n\nMore text.") == "text"


def test_rows_stream_without_reading_the_whole_file():
    """The first article comes after a few kilobytes of a large file: memory does not grow with the rows."""
    rows = "".join(
        f'"Title {i}","Paragraph {i} of a long export, with words enough.",2019-01-04\n' for i in range(100_000)
    )
    data = io.BytesIO(f"title,text,date\n{rows}".encode())
    articles = iter(stream_csv(data, "big.csv"))
    assert next(articles).title == "Title 0"
    assert data.tell() < 200_000 < len(data.getvalue()) / 20


def test_a_progress_total_counts_the_rows(tmp_path):
    path = write_table(
        tmp_path / "three.csv",
        ["title", "text"],
        [["A", "One.\n\nTwo lines."], ["B", "Two."], ["", ""], ["C", "Three."]],
    )
    assert records_in(str(path)) == 3  # the blank row aside, a multi-line cell counted once
