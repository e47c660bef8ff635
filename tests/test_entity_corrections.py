"""`archive entities`: one person as one entity across an archive ingested with the real pipeline,
and people's corrections (merge, rename, split, undo) that survive every later ingest and reprocess."""

from __future__ import annotations

import json

import pytest

from tests.small_archive import Site

# Short political reports of our own: Tony Blair and Gordon Brown named in full in some, a surname
# alone in others, and a second, rarely named Brown.
ARTICLES = {
    "schools.txt": """Blair sets out plans for schools

Prime Minister Tony Blair has promised more money for schools in England.

"Every child deserves a good school," Tony Blair told teachers in London on Monday.

Mr Blair said the plans would be paid for by savings elsewhere.
""",
    "hospitals.txt": """Blair defends record on hospitals

Tony Blair has defended the government's record on hospitals during a visit to Leeds.

"Waiting lists are shorter than ever," said Tony Blair.

Mr Blair added that nurses would get a pay rise next year.
""",
    "budget.txt": """Brown unveils budget

Chancellor Gordon Brown has unveiled his budget in the Commons.

"This is a budget for hard-working families," Gordon Brown told MPs.

Mr Brown said growth would reach three per cent. Gordon Brown also promised help for pensioners.
""",
    "spending.txt": """Brown warns on spending

Gordon Brown has warned ministers against new spending.

"We will not put stability at risk," said Gordon Brown.

Mr Brown was speaking in Edinburgh.
""",
    "farms.txt": """Farm minister visits Devon

Junior minister Nick Brown visited farms in Devon on Friday.

"Farmers need our support," said Nick Brown.
""",
    "election.txt": """Election date speculation grows

Speculation about the date of the general election grew on Tuesday.

"I will not be drawn on the date," Mr Blair told reporters.

Mr Brown said: "The economy is strong."
""",
}
# Another article on the rarely named Brown: now neither Brown dominates the surname.
FISHING = """Fishing quotas agreed

Nick Brown welcomed the new fishing quotas on Wednesday.

"This is fair to our fleets," said Nick Brown. Nick Brown met trawlermen in Grimsby.
"""


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def archive_db(cli, corpus, db_path):
    result = cli("ingest", "--db", db_path, corpus)
    assert result.exit_code == 0, result.output
    return db_path


def speakers(sql, path, origin_part: str) -> list[tuple[str, str]]:
    rows = sql(
        path,
        "select e.name, e.type from quotes q join articles a on a.id = q.article_id"
        " left join entities e on e.id = q.speaker_id where a.origin like ? order by q.char_start",
        (f"%{origin_part}%",),
    )
    return [(r["name"], r["type"]) for r in rows]


def entity_names(sql, path, type_="PERSON") -> set[str]:
    return {r["name"] for r in sql(path, "select name from entities where type = ?", (type_,))}


def test_an_article_that_only_says_mr_blair_quotes_the_archives_tony_blair(archive_db, sql):
    assert speakers(sql, archive_db, "election") == [("Tony Blair", "PERSON"), ("Gordon Brown", "PERSON")]
    people = entity_names(sql, archive_db)
    assert {"Tony Blair", "Gordon Brown", "Nick Brown"} <= people
    assert not people & {"Blair", "Brown"}


def test_a_surname_no_one_dominates_is_left_to_itself_and_listed_as_suspect(cli, archive_db, corpus, sql):
    (corpus / "fishing.txt").write_text(FISHING, encoding="utf-8")
    assert cli("ingest", "--db", archive_db, corpus).exit_code == 0
    assert speakers(sql, archive_db, "election")[1] == ("Brown", "PERSON")
    assert speakers(sql, archive_db, "farms") == [("Nick Brown", "PERSON")]
    listed = json.loads(cli("entities", "list", "--db", archive_db, "--suspect", "--json").output)
    brown = [s for s in listed if s["entity"] == "Brown (PERSON)"]
    assert brown and {o["entity"] for o in brown[0]["others"]} == {"Gordon Brown (PERSON)", "Nick Brown (PERSON)"}


def test_merge_moves_an_entity_and_survives_reprocess_all(cli, archive_db, corpus, sql):
    (corpus / "fishing.txt").write_text(FISHING, encoding="utf-8")
    cli("ingest", "--db", archive_db, corpus)
    result = cli("entities", "merge", "--db", archive_db, "Brown", "Gordon Brown")
    assert result.exit_code == 0, result.output
    assert "merged Brown (PERSON) into Gordon Brown (PERSON)" in result.output
    assert speakers(sql, archive_db, "election")[1] == ("Gordon Brown", "PERSON")
    assert "Brown" not in entity_names(sql, archive_db)
    assert cli("reprocess", "--db", archive_db, "--all").exit_code == 0
    assert speakers(sql, archive_db, "election")[1] == ("Gordon Brown", "PERSON")
    assert "Brown" not in entity_names(sql, archive_db)
    assert speakers(sql, archive_db, "farms") == [("Nick Brown", "PERSON")]


def test_a_correction_applies_to_articles_ingested_after_it(cli, archive_db, tmp_path, sql):
    assert cli("entities", "rename", "--db", archive_db, "Tony Blair", "Anthony Blair").exit_code == 0
    later = tmp_path / "later.txt"
    later.write_text(
        'Blair on Europe\n\nTony Blair spoke about Europe.\n\n"We are better in," Tony Blair said.\n', encoding="utf-8"
    )
    assert cli("ingest", "--db", archive_db, later).exit_code == 0
    assert speakers(sql, archive_db, "later") == [("Anthony Blair", "PERSON")]
    assert speakers(sql, archive_db, "election")[0] == ("Anthony Blair", "PERSON")
    assert "Tony Blair" not in entity_names(sql, archive_db)


def test_rename_keeps_the_entitys_id(cli, archive_db, sql):
    [before] = sql(archive_db, "select id from entities where name = 'Tony Blair'")
    result = cli("entities", "rename", "--db", archive_db, "Tony Blair (PERSON)", "Anthony Blair")
    assert "renamed to Anthony Blair (PERSON)" in result.output
    assert sql(archive_db, "select id from entities where name = 'Anthony Blair'") == [before]


def test_split_takes_a_linked_surname_out_and_survives_reprocess_all(cli, archive_db, sql):
    result = cli("entities", "split", "--db", archive_db, "Blair")
    assert result.exit_code == 0, result.output
    assert "split off from Tony Blair (PERSON) into Blair (PERSON)" in result.output
    assert speakers(sql, archive_db, "election")[0] == ("Blair", "PERSON")
    # Articles that name Tony Blair in full resolve `Mr Blair` themselves: they stay his.
    assert ("Tony Blair", "PERSON") in speakers(sql, archive_db, "schools")
    assert cli("reprocess", "--db", archive_db, "--all").exit_code == 0
    assert speakers(sql, archive_db, "election")[0] == ("Blair", "PERSON")
    listed = json.loads(cli("entities", "list", "--db", archive_db, "--suspect", "--json").output)
    assert not [s for s in listed if s["entity"] == "Blair (PERSON)"]  # a person decided it


def test_undo_withdraws_a_correction(cli, archive_db, sql):
    cli("entities", "split", "--db", archive_db, "Blair")
    [correction] = json.loads(cli("entities", "corrections", "--db", archive_db, "--json").output)
    assert (correction["action"], correction["name"], correction["type"]) == ("split", "Blair", None)
    result = cli("entities", "undo", "--db", archive_db, str(correction["id"]))
    assert result.exit_code == 0 and "withdrew the split of Blair" in result.output
    assert speakers(sql, archive_db, "election")[0] == ("Tony Blair", "PERSON")
    assert cli("entities", "corrections", "--db", archive_db).output.strip() == "no corrections"


def test_renaming_back_drops_the_first_rename(cli, archive_db, sql):
    cli("entities", "rename", "--db", archive_db, "Tony Blair", "Anthony Blair")
    result = cli("entities", "rename", "--db", archive_db, "Anthony Blair", "Tony Blair")
    assert result.exit_code == 0, result.output
    corrections = json.loads(cli("entities", "corrections", "--db", archive_db, "--json").output)
    assert [(c["name"], c["to_name"]) for c in corrections] == [("Anthony Blair", "Tony Blair")]
    assert speakers(sql, archive_db, "election")[0] == ("Tony Blair", "PERSON")


def test_list_shows_each_entity_once_with_the_names_articles_give_it(cli, archive_db):
    rows = json.loads(cli("entities", "list", "--db", archive_db, "--type", "person", "--json").output)
    blair = [r for r in rows if r["name"] == "Tony Blair"]
    assert len(blair) == 1 and "Blair" in blair[0]["names"] and blair[0]["quotes"] == 5
    assert all(r["type"] == "PERSON" for r in rows)


@pytest.mark.parametrize(
    "args, message",
    [
        (("merge", "Nobody", "Tony Blair"), "no entity or name 'Nobody'"),
        (("merge", "Tony Blair", "Nobody"), "no entity named 'Nobody'"),
        (("merge", "Tony Blair", "Tony Blair"), "already that entity"),
        (("rename", "Tony Blair", "  "), "the new name is empty"),
        (("undo", "99"), "no correction 99"),
    ],
)
def test_a_correction_that_cannot_be_made_is_a_usage_error(cli, archive_db, sql, args, message):
    before = sql(archive_db, "select id, name, type from entities order by id")
    result = cli("entities", *args[:1], "--db", archive_db, *args[1:])
    assert result.exit_code == 2 and message in result.output
    assert sql(archive_db, "select id, name, type from entities order by id") == before
    assert sql(archive_db, "select count(*) as n from entity_corrections") == [{"n": 0}]


def test_entities_commands_need_an_archive(cli, tmp_path):
    result = cli("entities", "list", "--db", tmp_path / "none.db")
    assert result.exit_code == 2 and "no archive" in result.output


def test_the_person_page_and_canned_queries_show_one_person_once(archive_db):
    site = Site(archive_db)
    quoted = site.get("/archive/most_quoted.json", type="person", _shape="array").json()
    assert [row["speaker"] for row in quoted].count("Tony Blair") == 1
    assert not {"Blair", "Brown"} & {row["speaker"] for row in quoted}
    said = site.get("/archive/what_did_they_say.json", speaker="Blair", about="", confident="", _shape="array").json()
    assert {row["speaker"] for row in said} == {"Tony Blair"} and len(said) == 5
    [blair] = [row for row in quoted if row["speaker"] == "Tony Blair"]
    html = site.get(f"/archive/entities/{blair['speaker_id']}").text
    assert "Also written as Blair" in html
    assert "I will not be drawn on the date" in html


# ----- titles: who `the prime minister` is, from the archive's other articles ---------------------

TITLED = {
    "brussels.txt": "Blair visits Brussels\n\nPrime Minister Tony Blair arrived in Brussels for talks on Monday.\n\n"
    '"Europe must reform," said Tony Blair.\n',
    "teachers.txt": "Blair backs teachers\n\nPrime Minister Tony Blair praised teachers at a school in Leeds.\n\n"
    "Tony Blair said standards had risen.\n",
    "pensions.txt": "Blair on pensions\n\nThe pensions plan was set out by Prime Minister Tony Blair on Friday.\n\n"
    '"Nobody will be left behind," Tony Blair said.\n',
    # Names him, gives the title to no one: the article alone takes the deputy for him.
    "book.txt": "Book claims deal on leadership\n\nA new book claims Mr Blair promised to stand down.\n\n"
    "Deputy Prime Minister John Prescott hosted the dinner where the talks took place. The book says "
    "the prime minister told guests he would quit before the election.\n",
    # Gives the title to its own prime minister: that stands.
    "sharon.txt": "Sharon meets Blair\n\nIsraeli Prime Minister Ariel Sharon met Tony Blair in London on Tuesday.\n\n"
    "The prime minister said Israel wanted peace with its neighbours.\n",
}


@pytest.fixture
def titled_db(cli, tmp_path, db_path):
    folder = tmp_path / "titled"
    folder.mkdir()
    for name, text in TITLED.items():
        (folder / name).write_text(text, encoding="utf-8")
    assert cli("ingest", "--db", db_path, folder).exit_code == 0
    return db_path


def titled_speakers(sql, path, origin_part: str) -> list[str | None]:
    rows = sql(
        path,
        "select e.name from quotes q join articles a on a.id = q.article_id left join entities e on e.id = q.speaker_id"
        " where a.origin like ? and lower(q.speaker_text) = 'the prime minister'",
        (f"%{origin_part}%",),
    )
    return [r["name"] for r in rows]


def test_a_title_the_article_gives_no_one_is_the_person_the_archive_gives_it(titled_db, sql):
    assert titled_speakers(sql, titled_db, "book") == ["Tony Blair"]


def test_a_title_the_article_gives_its_own_holder_stays_with_them(titled_db, sql):
    assert titled_speakers(sql, titled_db, "sharon") == ["Ariel Sharon"]


def test_too_few_articles_giving_the_title_leave_the_articles_reading(cli, tmp_path, db_path, sql):
    folder = tmp_path / "few"
    folder.mkdir()
    for name in ("brussels.txt", "book.txt"):
        (folder / name).write_text(TITLED[name], encoding="utf-8")
    cli("ingest", "--db", db_path, folder)
    assert titled_speakers(sql, db_path, "book") == ["John Prescott"]


@pytest.mark.parametrize(
    "written, title",
    [
        ("the prime minister", "prime minister"),
        ("The Tory leader", "tory leader"),
        ("the man's lawyer", None),  # a possessive describes, it is no title
        ("the report", None),
        ("the", None),
    ],
)
def test_titles_a_speaker_is_written_as(written, title):
    from archive.titles import title_of

    assert title_of(written) == title


@pytest.mark.parametrize(
    "paragraph, title, person, gives",
    [
        ("Prime Minister Tony Blair arrived on Monday.", "prime minister", "tony blair", True),
        ("Tony Blair, the prime minister, arrived.", "prime minister", "tony blair", True),
        ("Deputy Prime Minister John Prescott hosted the dinner.", "prime minister", "john prescott", False),
        ("The former Tory chancellor Ken Clarke spoke.", "chancellor", "ken clarke", False),
        ("Tony Blair's chancellor spoke first.", "chancellor", "tony blair", False),
    ],
)
def test_a_paragraph_gives_a_title_in_so_many_words(paragraph, title, person, gives):
    from archive.titles import _gives

    assert _gives(paragraph, title.split(), person.split()) is gives


def test_an_archive_from_before_entity_names_is_migrated_by_a_correction(cli, tmp_path, sql):
    from archive.db import migrate

    old = tmp_path / "old.db"
    migrate(old, "0006")
    listed = cli("entities", "list", "--db", old)
    assert listed.exit_code == 1 and "archive init" in listed.output
    result = cli("entities", "split", "--db", old, "Nobody")
    assert result.exit_code == 2 and "no entity or name 'Nobody'" in result.output
    assert sql(old, "select count(*) as n from entity_names") == [{"n": 0}]


def test_migrating_gives_each_stored_entity_its_name(cli, tmp_path, sql):
    import sqlite3

    from archive.db import migrate

    old = tmp_path / "old.db"
    migrate(old, "0006")
    conn = sqlite3.connect(old)
    conn.executescript(
        """insert into articles(id, text, word_count, content_hash, ingested_at) values (1, 'Tony Blair.', 2, 'h', 'now');
           insert into paragraphs(id, article_id, position, text, char_start, char_end) values (1, 1, 1, 'Tony Blair.', 0, 11);
           insert into entities(id, name, type) values (7, 'Tony Blair', 'PERSON');
           insert into mentions(entity_id, article_id, paragraph_id, text, char_start, char_end)
             values (7, 1, 1, 'Tony Blair', 0, 10);
           insert into quotes(article_id, paragraph_id, text, kind, speaker_id, char_start, char_end)
             values (1, 1, 'Tony', 'direct', 7, 0, 4);"""
    )
    conn.commit()
    conn.close()
    migrate(old)
    assert sql(old, "select id, name, type, entity_id, mentions from entity_names") == [
        {"id": 7, "name": "Tony Blair", "type": "PERSON", "entity_id": 7, "mentions": 1}
    ]
    assert sql(old, "select name_id from mentions") == [{"name_id": 7}]
    assert sql(old, "select speaker_name_id from quotes") == [{"speaker_name_id": 7}]
