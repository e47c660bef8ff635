"""The quality scorer: name matching as the measures define it, and a scored archive end to end."""

from __future__ import annotations

import json

from archive.quality import full_names, overlap_f1, pair, same_name

ARTICLE = """Harbour plan approved

Maria Lopez, the mayor of Port Allen, said the council would rebuild the harbour wall.

"We have waited ten years for this," Ms Lopez said. "The wall will be finished by spring."

The council's engineer, Tom Reyes, warned that storms could delay the work.
"""


def test_honorifics_do_not_change_a_name():
    assert same_name("Mr Tony Blair", ["Tony Blair"])
    assert not same_name("Blair", ["Tony Blair"])


def test_a_mention_may_be_part_of_the_gold_mention():
    assert same_name("the mayor", ["the mayor of Port Allen"], mention=True)
    assert not same_name("the", ["the mayor"], mention=True)


def test_the_strict_measure_takes_only_the_fullest_forms():
    names = full_names(["Tony Blair", "Blair", "Mr Blair", "the prime minister", "Anthony Blair"])
    assert names == ["Tony Blair", "Anthony Blair"]


def test_pairs_are_one_to_one_best_first():
    gold, pred = ["a b c d", "a b"], ["a b", "a b c d"]
    assert sorted(pair(gold, pred, overlap_f1)) == [(0, 1, 1.0), (1, 0, 1.0)]


def _gold(tmp_path, speaker: list[str]):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "harbour.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "gold").mkdir()
    gold = {
        "file": "articles/harbour.txt",
        "match": "rebuild the harbour wall",
        "paragraphs": 3,
        "quotes": [
            {"kind": "direct", "speaker": speaker, "text": "We have waited ten years for this,"},
            {"kind": "direct", "speaker": speaker, "text": "The wall will be finished by spring."},
        ],
        "indirect": [{"speaker": ["Tom Reyes"], "text": "storms could delay the work"}],
    }
    (tmp_path / "gold" / "harbour.json").write_text(json.dumps(gold), encoding="utf-8")
    return tmp_path / "gold"


def _summary(output: str) -> dict[str, str]:
    line = output.strip().splitlines()[-1]
    assert line.startswith("SUMMARY ")
    return dict(part.split("=") for part in line.split()[1:])


def test_quality_scores_the_full_name_of_a_surname_speaker(cli, tmp_path):
    result = cli("quality", _gold(tmp_path, ["Maria Lopez", "Lopez"]))
    summary = _summary(result.output)
    assert summary["quote_f1"] == "1.000"
    assert summary["speaker_full_f1"] == "1.000"
    assert summary["indirect_recall"] == "1.000"
    assert summary["articles"] == "1/1"


def test_quality_takes_a_set_by_its_own_folder(cli, tmp_path):
    gold = _gold(tmp_path, ["Maria Lopez", "Lopez"])
    assert _summary(cli("quality", gold.parent).output)["articles"] == "1/1"


def test_quality_counts_a_wrong_speaker_against_the_archive(cli, tmp_path):
    result = cli("quality", _gold(tmp_path, ["Tom Reyes", "Reyes"]), "-v")
    summary = _summary(result.output)
    assert summary["quote_f1"] == "1.000" and summary["speaker_f1"] == "0.000"
    assert "expected 'Tom Reyes'" in result.output


def test_quality_keeps_the_archive_it_scored_when_asked(cli, tmp_path):
    kept = tmp_path / "kept.db"
    cli("quality", _gold(tmp_path, ["Maria Lopez"]), "--keep", kept)
    assert kept.exists()
    assert cli("quality", tmp_path / "gold", "--keep", kept).exit_code == 2  # never scores over an old archive


def test_quality_by_rule_shows_how_often_each_rule_is_right(cli, tmp_path):
    result = cli("quality", _gold(tmp_path, ["Maria Lopez"]), "--by-rule")
    lines = result.output.splitlines()
    header = lines.index(next(line for line in lines if line.startswith("rule ")))
    rows = [line.rsplit(None, 3) for line in lines[header + 1 : header + 3]]
    assert sorted((name.strip(), quotes, right) for name, quotes, right, _ in rows) == [
        ("cue after", "1", "1"),
        ("follow-on", "1", "1"),
    ]
