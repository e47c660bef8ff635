"""The JSON and JSONL readers: records with known keys, other keys kept, a bad record failing alone."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.readers import Failure, read_input, sniff

FIXTURES = Path(__file__).parent / "fixtures"


def test_jsonl_records_become_articles():
    articles = list(read_input(str(FIXTURES / "articles.jsonl")))
    assert [a.origin for a in articles] == [f"{FIXTURES / 'articles.jsonl'}:1", f"{FIXTURES / 'articles.jsonl'}:2"]
    toilet, marathon = articles
    assert toilet.title == "Arrests made in theft of gold toilet in England"
    assert toilet.published_at == "2019-09-18" and toilet.source == "Wikinews"
    assert toilet.extra == {"section": "UK"}
    assert "Kipchoge" in marathon.text  # from `body`


def test_json_array_with_other_key_names():
    [article] = list(read_input(str(FIXTURES / "kipchoge.json")))
    assert article.title.startswith("Eliud Kipchoge")  # headline
    assert article.url.endswith("Eliud_Kipchoge_of_Kenya_runs_marathon_under_two_hours")  # link
    assert article.byline == "Wikinews contributors"  # a list of authors
    assert "\n\n" in article.text  # a list of paragraphs


def test_one_broken_line_fails_alone(tmp_path):
    lines = (FIXTURES / "articles.jsonl").read_text().splitlines()
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join([lines[0], '{"title": "cut off", "text": "The mayor sa', lines[1]]) + "\n")
    items = list(read_input(str(path)))
    assert [type(i).__name__ for i in items] == ["RawArticle", "Failure", "RawArticle"]
    assert items[1].origin == f"{path}:2" and items[1].error == "parse"
    assert "line 2 is not valid JSON" in items[1].message


def test_records_without_text_fail_alone(tmp_path):
    path = tmp_path / "batch.json"
    path.write_text(json.dumps([{"title": "no text here"}, {"title": "fine", "text": "Some text."}, 42]))
    items = list(read_input(str(path)))
    assert [type(i).__name__ for i in items] == ["Failure", "RawArticle", "Failure"]
    assert "no `text` or `body`" in items[0].message and items[0].origin.endswith("batch.json:1")


def test_truncated_json_is_one_failure(tmp_path):
    path = tmp_path / "cut.json"
    path.write_text((FIXTURES / "kipchoge.json").read_text()[:200])
    [failure] = list(read_input(str(path)))
    assert isinstance(failure, Failure) and "not valid JSON" in failure.message


def test_sniffing_json_and_jsonl():
    assert sniff(b'{"a": 1}\n{"a": 2}\n') == "jsonl"
    assert sniff(b'{\n "a": 1\n}\n') == "json"
    assert sniff(b'[{"a": 1}]') == "json"
