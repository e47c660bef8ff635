"""Stories and quote clusters found later (queued by the writer) are the ones found at once: the queue
is grouped in store order, grouping now empties it first, and a run that stops leaves a queue the
next one finishes."""

from __future__ import annotations

import json
import sqlite3
from types import SimpleNamespace

from archive.grouping import Grouping
from archive.ingesting import catch_up
from archive.regrouping import regroup
from archive.store import ADDED, UPDATED, Archive
from ingest.fingerprint import fingerprint
from tests.test_clusters import article

STARMER, SUNAK = "Keir Starmer", "Rishi Sunak"
LONG = "This plan is a gimmick that will not stop a single boat crossing the Channel"
BODY = (
    "The summit in London brought together leaders from across Europe to discuss the crossings.",
    "Officials said the talks would continue into the evening with a focus on smuggling gangs.",
    "Critics of the government said the measures announced on Monday would not work in practice.",
)


def sequence() -> list:
    """Originals, outlet copies (stories), quotes and later fragments (clusters), an update in place."""
    lede = " ".join(BODY)
    items = [
        article("a", [(LONG, "direct", STARMER)], lede=lede),
        article("b", [("Their scheme is a gimmick and voters know it", "direct", SUNAK)]),
        article("c", [(LONG, "direct", STARMER), ("gimmick", "partial", STARMER)], lede=lede + " Updated."),
        article("d", [("gimmick", "partial", STARMER)], lede="A different lede entirely about something else."),
        article("b", [("Their scheme is a gimmick and the voters know it well", "direct", SUNAK)]),  # same url
        article("e", [("We will stop the boats", "direct", SUNAK)], lede=lede),
    ]
    for i, item in enumerate(items):
        item.published_at = f"2026-01-{i + 1:02d}"  # first_seen must not depend on when the test ran
        if i % 2 == 0:  # some arrive with the NLP's fingerprint, some without (computed from the text)
            item.fingerprint = fingerprint(item.text)
    return items


def grouping_rows(path) -> dict[str, list]:
    """Everything grouping writes. Ids included, but for stories: a story emptied by an update in
    place frees its id for the next new story, whose id then depends on when the update came."""
    conn = sqlite3.connect(path)
    try:
        queries = {
            "stories": "select group_concat(a.id), s.first_article_id, s.first_seen, s.last_seen, s.n_articles,"
            " s.n_sources from stories s join articles a on a.story_id = s.id group by s.id order by 1",
            "articles": "select a.id, (select min(b.id) from articles b where b.story_id = a.story_id)"
            " from articles a order by a.id",
            "fingerprints": "select * from article_fingerprints order by article_id",
            "bands": "select * from story_bands order by key, article_id",
            "clusters": "select * from quote_clusters order by id",
            "quotes": "select id, cluster_id from quotes order by id",
            "keys": "select * from quote_keys order by key, quote_id",
            "queue": "select * from grouping_queue",
        }
        return {name: conn.execute(sql).fetchall() for name, sql in queries.items()}
    finally:
        conn.close()


def test_grouping_later_gives_the_groups_grouping_now_gives(tmp_path):
    now, later = tmp_path / "now.db", tmp_path / "later.db"
    with Archive(now) as archive:
        outcomes = [archive.store(item, Grouping.NOW) for item in sequence()]
    assert outcomes == [ADDED, ADDED, ADDED, ADDED, UPDATED, ADDED]
    with Archive(later) as archive:
        items = sequence()
        assert archive.store_many(items[:2], Grouping.LATER) == [ADDED, ADDED]
        assert archive.queued() == 2
        assert archive.group_queued(1) == 1  # part of the queue, as a writer with a moment to spare
        assert archive.store_many(items[2:5], Grouping.LATER) == [ADDED, ADDED, UPDATED]
        assert archive.store_many(items[5:], Grouping.LATER) == [ADDED]
        assert archive.queued() == 4  # b was queued again at the end when its update came
        assert archive.group_queued() == 4
        assert archive.queued() == 0
    expected, found = grouping_rows(now), grouping_rows(later)
    assert found == expected
    assert len({story for _, story in found["articles"]}) < len(found["articles"])  # copies were found
    assert len({cluster for _, cluster in found["quotes"]}) < len(found["quotes"])  # and repeated quotes


def test_grouping_now_first_groups_the_articles_queued_before(db_path):
    first, copy = sequence()[0], sequence()[2]
    with Archive(db_path) as archive:
        archive.store(first, Grouping.LATER)
        assert archive.queued() == 1
        archive.store(copy, Grouping.NOW)
        assert archive.queued() == 0
    conn = sqlite3.connect(db_path)
    (story_a,), (story_c,) = conn.execute("select story_id from articles order by id").fetchall()
    assert story_a == story_c is not None
    # a's quote was clustered first: the cluster is a's, and c's repeat of it joined.
    rows = conn.execute("select article_id, cluster_id from quotes where text = ? order by id", (LONG,)).fetchall()
    assert [a for a, _ in rows] == [1, 2] and rows[0][1] == rows[1][1]
    assert conn.execute("select first_article_id from quote_clusters where id = ?", (rows[0][1],)).fetchone() == (1,)


def test_rebuilding_every_group_empties_the_queue(db_path):
    with Archive(db_path) as archive:
        archive.store_many(sequence(), Grouping.LATER)
        assert archive.queued() == 5
        assert regroup(archive) == 5
        assert archive.queued() == 0
        assert grouping_rows(db_path)["fingerprints"]  # grouped by the rebuild


def test_the_writer_groups_the_queue_only_while_no_result_is_waiting(db_path):
    with Archive(db_path) as archive:
        archive.store_many(sequence(), Grouping.LATER)
        catch_up(archive, SimpleNamespace(ready=lambda: True))
        assert archive.queued() == 5
        catch_up(archive, SimpleNamespace(ready=lambda: False))
        assert archive.queued() == 0


def test_a_run_groups_what_an_interrupted_run_left_queued_and_leaves_nothing_queued(db_path, cli, tmp_path):
    with Archive(db_path) as archive:  # as a run killed between storing and grouping leaves it
        archive.store_many(sequence()[:2], Grouping.LATER)
    assert json.loads(cli("stats", "--db", db_path, "--json").output)["to_group"] == 2
    new = tmp_path / "new.txt"
    new.write_text("Harbour news\n\nThe harbour reopened on Friday after repairs, the port authority said.\n")
    result = cli("ingest", "--db", db_path, new)
    assert result.exit_code == 0, result.output
    rows = grouping_rows(db_path)
    assert rows["queue"] == []
    assert [article_id for article_id, *_ in rows["fingerprints"]] == [1, 2, 3]
    assert all(story is not None for _, story in rows["articles"])
    assert all(cluster is not None for _, cluster in rows["quotes"])
    assert json.loads(cli("stats", "--db", db_path, "--json").output)["to_group"] == 0
