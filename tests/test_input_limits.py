"""Small inputs stay cheap: no input expands past a bounded size, the work per article is near-linear in
its length, and a bad line of a multi-record file fails alone."""

from __future__ import annotations

import json
import random

import pytest

from ingest import paragraphs as paragraphs_module
from ingest.paragraphs import build_paragraphs
from ingest.readers import Failure, read_input
from tests.conftest import SEED
from tests.test_paragraphs import reference_marks

ALIAS_BOMB = """---
title: Laughing
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
---
The council met on Tuesday to approve the harbour plan.
"""


def test_yaml_aliases_in_front_matter_are_refused(tmp_path):
    path = tmp_path / "bomb.md"
    path.write_text(ALIAS_BOMB, encoding="utf-8")
    [failure] = list(read_input(str(path)))
    assert isinstance(failure, Failure) and failure.error == "front_matter"
    assert "alias" in failure.message


def test_metadata_over_the_limit_is_an_error_row(cli, db_path, tmp_path, sql):
    path = tmp_path / "big.md"
    notes = "x" * 70_000
    path.write_text(f"---\ntitle: Big\nnotes: {notes}\n---\nThe council met on Tuesday.\n", encoding="utf-8")
    result = cli("ingest", "--db", db_path, "--no-nlp", path)
    assert result.exit_code == 1
    [error] = sql(db_path, "select error, message from ingest_errors")
    assert error["error"] == "metadata" and "65,536" in error["message"]
    assert sql(db_path, "select count(*) as n from articles") == [{"n": 0}]


def test_a_deeply_nested_jsonl_line_fails_alone(tmp_path):
    path = tmp_path / "records.jsonl"
    nested = '{"text": "Deep.", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    path.write_text(
        '{"text": "The council met on Tuesday."}\n' + nested + '\n{"text": "The bridge reopened on Monday."}\n',
        encoding="utf-8",
    )
    items = list(read_input(str(path)))
    assert [type(i).__name__ for i in items] == ["RawArticle", "Failure", "RawArticle"]
    assert items[1].origin == f"{path}:2" and items[1].error == "parse" and "nested" in items[1].message


def test_metadata_nested_too_deeply_is_refused(cli, db_path, tmp_path, sql):
    path = tmp_path / "records.jsonl"
    path.write_text('{"text": "The council met.", "x": ' + "[" * 200 + "]" * 200 + "}\n", encoding="utf-8")
    result = cli("ingest", "--db", db_path, "--no-nlp", path)
    assert result.exit_code == 1
    [error] = sql(db_path, "select error, message from ingest_errors")
    assert error["error"] == "metadata" and "nested" in error["message"]


@pytest.mark.parametrize("number", ["1e400", "-1e400", "NaN", "Infinity"])
def test_non_finite_json_numbers_are_refused(tmp_path, number):
    path = tmp_path / "records.jsonl"
    path.write_text(
        f'{{"text": "The council met on Tuesday.", "title": {number}}}\n{{"text": "The bridge reopened."}}\n'
    )
    failure, article = list(read_input(str(path)))
    assert isinstance(failure, Failure) and failure.error == "parse" and "finite" in failure.message
    assert article.text == "The bridge reopened."
    whole = tmp_path / "one.json"
    whole.write_text(f'{{"text": "The council met.", "score": {number}}}')
    [failure] = list(read_input(str(whole)))
    assert isinstance(failure, Failure) and "finite" in failure.message


def test_infinite_front_matter_values_never_reach_metadata_json(cli, db_path, tmp_path, sql):
    path = tmp_path / "inf.md"
    path.write_text("---\ntitle: Infinite\nscore: .inf\n---\nThe council met on Tuesday.\n", encoding="utf-8")
    result = cli("ingest", "--db", db_path, "--no-nlp", path)
    assert result.exit_code == 1
    [error] = sql(db_path, "select error, message from ingest_errors")
    assert error["error"] == "metadata" and "finite" in error["message"]


# ----- repeated paragraphs: bounded work ---------------------------------------------------------------


def _random_paragraphs(n: int, seed: int = 1) -> list[str]:
    """Short paragraphs over a small vocabulary: every bigram is common and no paragraph repeats
    another, the worst case for comparing each paragraph with every earlier one."""
    rng = random.Random(seed)
    words = "the a of to in harbour council flood said mayor road bridge reopened closed police monday".split()
    return [" ".join(rng.choice(words) for _ in range(10)) + "." for _ in range(n)]


def test_twenty_thousand_short_paragraphs_cost_a_bounded_number_of_comparisons(monkeypatch):
    blocks = _random_paragraphs(20_000)
    budget = 50 * len(blocks)  # linear; comparing every pair would be 200 million
    calls = 0
    real = paragraphs_module._repeats

    def counted(mine, theirs):
        nonlocal calls
        calls += 1
        if calls > budget:
            raise AssertionError(f"more than {budget:,} paragraph comparisons")
        return real(mine, theirs)

    monkeypatch.setattr(paragraphs_module, "_repeats", counted)
    built = build_paragraphs(blocks)
    assert len(built.paragraphs) == 20_000
    assert calls <= budget


def test_a_lede_repeated_far_down_a_long_article_is_still_found():
    lede = "The prime minister said on Monday that talks on the border would continue in London next week."
    blocks = [lede, *(p.capitalize() for p in _random_paragraphs(5_000, seed=2)), lede]
    assert build_paragraphs(blocks).paragraphs[-1].duplicate_of == 1


def test_marks_on_long_real_articles_equal_the_definition():
    """Seed paragraphs, shuffled and repeated into articles of hundreds of paragraphs."""
    seed = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(3)
    for size in (100, 300):
        blocks = [rng.choice(seed) for _ in range(size)]
        assert [p.duplicate_of for p in build_paragraphs(blocks).paragraphs] == reference_marks(blocks)


def test_an_article_too_long_for_the_language_pipeline_is_stored_with_a_note(cli, db_path, tmp_path, sql, monkeypatch):
    from archive import ingesting

    monkeypatch.setattr(ingesting, "MAX_NLP_CHARS", 5_000)
    path = tmp_path / "long.txt"
    paragraphs = [*_random_paragraphs(200, seed=4), "The lighthouse keeper retired at last."]
    path.write_text("A long one\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
    result = cli("ingest", "--db", db_path, path)
    assert result.exit_code == 0 and "added 1" in result.output
    assert f"note: {path}: stored without quotes and entities" in result.output and "5,000" in result.output
    [row] = sql(db_path, "select nlp_version, length(text) > 5000 as long from articles")
    assert row == {"nlp_version": None, "long": 1}
    assert sql(db_path, "select count(*) as n from paragraphs") == [{"n": 201}]
    found = json.loads(cli("search", "--db", db_path, "--json", "--in", "paragraphs", "lighthouse").output)
    assert [(r["article_id"], r["paragraph"]) for r in found] == [(1, 201)]  # its last paragraph is searchable
    assert "updated 0" in cli("reprocess", "--db", db_path).output


def test_metadata_json_is_valid_json(cli, db_path, tmp_path, sql):
    path = tmp_path / "fine.md"
    path.write_text("---\ntitle: Fine\nscore: 1.5\n---\nThe council met on Tuesday.\n", encoding="utf-8")
    assert cli("ingest", "--db", db_path, "--no-nlp", path).exit_code == 0
    [row] = sql(db_path, "select metadata_json from articles")
    assert json.loads(row["metadata_json"]) == {"score": 1.5}
