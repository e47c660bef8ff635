"""The seed article (AP, London border-security summit) end to end: the archive gets it exactly right."""

from __future__ import annotations

import pytest

from tests.conftest import SEED


@pytest.fixture(scope="module")
def seed(tmp_path_factory, nlp):
    """The seed ingested through the real CLI into a fresh archive."""
    from click.testing import CliRunner

    from archive.cli import cli

    path = tmp_path_factory.mktemp("seed-e2e") / "archive.db"
    result = CliRunner().invoke(cli, ["ingest", "--db", str(path), str(SEED)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "added 1, updated 0, unchanged 0, failed 0" in result.output
    return path


def test_seed_has_sixteen_paragraphs_with_offsets_into_the_text(seed, sql):
    [article] = sql(seed, "select id, text from articles")
    paras = sql(seed, "select position, text, char_start, char_end from paragraphs order by position")
    assert [p["position"] for p in paras] == list(range(1, 17))
    for p in paras:
        assert article["text"][p["char_start"] : p["char_end"]] == p["text"]
    assert "\n\n".join(p["text"] for p in paras) == article["text"]


def test_paragraph_seven_is_marked_as_repeating_paragraph_one(seed, sql):
    rows = sql(
        seed,
        """select p.position, d.position as repeats from paragraphs p
                        join paragraphs d on d.id = p.duplicate_of""",
    )
    assert rows == [{"position": 7, "repeats": 1}]


def quotes(seed, sql, kinds):
    marks = ",".join("?" * len(kinds))
    return sql(
        seed,
        f"""select q.text, q.kind, q.speaker_text, e.name as speaker, q.cue, p.position
                        from quotes q join paragraphs p on p.id = q.paragraph_id
                        left join entities e on e.id = q.speaker_id
                        where q.kind in ({marks}) order by q.char_start""",
        kinds,
    )


def test_the_six_quoted_fragments_have_their_speakers(seed, sql):
    found = [(q["position"], q["kind"], q["speaker"], q["text"][:30]) for q in quotes(seed, sql, ("direct", "partial"))]
    assert found == [
        (4, "direct", "Keir Starmer", "We inherited this total fragme"),
        (5, "direct", "Keir Starmer", "A fragmentation that made it c"),
        (9, "partial", "Keir Starmer", "gimmick"),
        (13, "partial", "Giorgia Meloni", "criticised at first,"),
        (13, "partial", "Giorgia Meloni", "gained increasing consensus, s"),
        (16, "direct", "Keir Starmer", "there’s nothing progressive or"),
    ]


def test_pronoun_and_follow_on_quotes_resolve_to_the_person(seed, sql):
    rows = {q["position"]: q for q in quotes(seed, sql, ("direct",))}
    assert rows[16]["speaker_text"] == "he" and rows[16]["speaker"] == "Keir Starmer"
    assert rows[5]["cue"] is None and rows[5]["speaker"] == "Keir Starmer"  # no attribution of its own
    assert rows[4]["speaker_text"] == "Starmer" and rows[4]["cue"] == "said"


def test_quote_offsets_cover_the_text_inside_the_marks(seed, sql):
    [article] = sql(seed, "select text from articles")
    for q in sql(seed, "select text, char_start, char_end from quotes where kind != 'indirect'"):
        assert article["text"][q["char_start"] : q["char_end"]] == q["text"]
        assert article["text"][q["char_start"] - 1] in '“"'


def test_the_three_reported_speech_claims(seed, sql):
    rows = quotes(seed, sql, ("indirect",))
    assert [(r["position"], r["speaker"]) for r in rows] == [
        (2, "Keir Starmer"),
        (8, "Conservatives"),
        (15, "Keir Starmer"),
    ]
    assert rows[0]["text"].startswith("a lack of coordination between the police")
    assert rows[1]["text"].startswith("the figure shows Labour should not have scrapped")
    assert rows[2]["text"] == "organised people-smugglers should be treated in the same way as terror groups"


def test_entities_are_canonical_with_repaired_labels(seed, sql):
    entities = {(e["name"], e["type"]) for e in sql(seed, "select name, type from entities")}
    assert {
        ("Keir Starmer", "PERSON"),
        ("Giorgia Meloni", "PERSON"),
        ("English Channel", "LOC"),
        ("Labour", "ORG"),
        ("Border Force", "ORG"),
        ("United Kingdom", "GPE"),
    } <= entities
    names = {name for name, _ in entities}
    assert "Starmer" not in names and "Meloni" not in names and "Channel" not in names
    assert ("Labour", "PERSON") not in entities


def test_every_surname_mention_points_to_the_full_name(seed, sql):
    rows = sql(
        seed,
        """select m.text, e.name from mentions m join entities e on e.id = m.entity_id
                        where m.text = 'Starmer'""",
    )
    assert len(rows) >= 5 and {r["name"] for r in rows} == {"Keir Starmer"}


def test_ingest_records_a_run(seed, sql):
    [run] = sql(seed, "select command, added, updated, unchanged, failed, finished_at from ingest_runs")
    assert (run["command"], run["added"], run["failed"]) == ("ingest", 1, 0) and run["finished_at"]
