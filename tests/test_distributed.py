"""NLP on a Dask cluster (a LocalCluster of two worker processes on 127.0.0.1): the same archive
as a local ingest, row for row, even when a worker dies mid-run."""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time

import pytest

from archive.ingesting import Ingest, Job
from archive.store import Archive
from tests.conftest import SEED

PEOPLE = [
    ("Maria Lopez", "Lopez", "health"),
    ("John Okafor", "Okafor", "transport"),
    ("Anna Berg", "Berg", "housing"),
    ("Wei Chen", "Chen", "schools"),
    ("Sara Nilsson", "Nilsson", "energy"),
    ("Tom Walsh", "Walsh", "water"),
]


def write_articles(folder, count=12):
    """Small articles with quotes, reported speech and entities, each text different."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        name, surname, topic = PEOPLE[i % len(PEOPLE)]
        text = (
            f"Council leader {name} said on Monday that the {topic} budget would rise by {i + 2} per cent.\n\n"
            f"“We have listened to residents in Leeds and Bristol,” {surname} told reporters. "
            f"“The plan {i} is fair.”\n\n"
            f"The opposition called the plan a “gimmick”, according to a statement from the Green Party.\n"
        )
        (folder / f"article-{i:02d}.txt").write_text(text, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return folder


def dump(path):
    """Every stored fact of the archive, without ids and timestamps, in a comparable form."""
    conn = sqlite3.connect(path)
    try:
        q = conn.execute
        return {
            "articles": sorted(q("select content_hash, origin, title, text, word_count, nlp_version from articles")),
            "paragraphs": sorted(
                q("""select a.content_hash, p.position, p.text, p.char_start, p.char_end,
                                      d.position from paragraphs p join articles a on a.id = p.article_id
                                      left join paragraphs d on d.id = p.duplicate_of""")
            ),
            "quotes": sorted(
                q("""select a.content_hash, q.text, q.kind, e.name, e.type, q.speaker_text, q.cue,
                                  q.char_start, q.char_end from quotes q join articles a on a.id = q.article_id
                                  left join entities e on e.id = q.speaker_id""")
            ),
            "mentions": sorted(
                q("""select a.content_hash, e.name, e.type, m.text, m.char_start, m.char_end
                                    from mentions m join articles a on a.id = m.article_id
                                    join entities e on e.id = m.entity_id""")
            ),
            "entities": sorted(q("select name, type from entities")),
            "errors": sorted(q("select origin, error, message from ingest_errors")),
            # Grouping, found when the writer had time: the same groups whatever the timing.
            "stories": sorted(
                q("""select group_concat(content_hash) from (select story_id, content_hash
                                   from articles order by content_hash) group by story_id""")
            ),
            "clusters": sorted(
                q("""select group_concat(key, '|') from (select q.cluster_id,
                                    a.content_hash || ':' || q.char_start as key from quotes q
                                    join articles a on a.id = q.article_id order by key) group by cluster_id""")
            ),
            "queued": q("select count(*) from grouping_queue").fetchall(),
        }
    finally:
        conn.close()


def wait_until_stored(path, count, timeout=120):
    """Until the archive at `path` holds `count` articles (or `timeout` seconds pass): a run in
    another thread has got that far."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists():
            try:
                with sqlite3.connect(path) as conn:
                    if conn.execute("select count(*) from articles").fetchone()[0] >= count:
                        return
            except sqlite3.OperationalError:
                pass
        time.sleep(0.05)


@pytest.fixture(scope="module")
def dask_cluster():
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as local:
        yield local


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_articles(tmp_path_factory.mktemp("corpus") / "in")


@pytest.fixture(scope="module")
def local_db(tmp_path_factory, corpus, nlp):
    path = tmp_path_factory.mktemp("local") / "archive.db"
    with Archive(path) as archive:
        Ingest(archive, Job(inputs=[str(corpus), str(SEED)], batch_size=2)).run()
    return path


def test_dask_ingest_equals_a_local_ingest_row_for_row(dask_cluster, corpus, local_db, tmp_path):
    path = tmp_path / "archive.db"
    with Archive(path) as archive:
        counts = Ingest(
            archive, Job(inputs=[str(corpus), str(SEED)], batch_size=2, scheduler=dask_cluster.scheduler_address)
        ).run()
    assert (counts.added, counts.failed) == (13, 1)
    assert dump(path) == dump(local_db)
    assert dump(path)["quotes"], "the workers ran the quote component"


def test_local_processes_prepare_the_inputs_for_dask_with_jobs(dask_cluster, corpus, local_db, tmp_path, cli):
    path = tmp_path / "archive.db"
    result = cli("ingest", "--db", path, "--scheduler", dask_cluster.scheduler_address, "--jobs", "2", corpus, SEED)
    assert result.exit_code == 1 and "added 13" in result.output  # the empty file fails, as locally
    assert dump(path) == dump(local_db)


def test_a_worker_killed_mid_run_loses_nothing_and_stores_nothing_twice(dask_cluster, corpus, local_db, tmp_path):
    from distributed import Client

    path = tmp_path / "archive.db"
    with Client(dask_cluster.scheduler_address) as client:
        pids = list(client.run(os.getpid).values())
    outcome = {}

    def run():
        with Archive(path) as archive:
            outcome["counts"] = Ingest(
                archive, Job(inputs=[str(corpus), str(SEED)], batch_size=1, scheduler=dask_cluster.scheduler_address)
            ).run()

    thread = threading.Thread(target=run)
    thread.start()
    wait_until_stored(path, 2)  # kill a worker once the first articles are stored
    os.kill(pids[0], signal.SIGKILL)
    thread.join(timeout=300)
    assert not thread.is_alive()
    assert outcome["counts"].added == 13
    assert dump(path) == dump(local_db)


def test_reprocess_through_dask(dask_cluster, corpus, local_db, tmp_path, cli):
    path = tmp_path / "archive.db"
    assert cli("ingest", "--db", path, "--no-nlp", corpus, SEED).exit_code == 1  # the empty file
    result = cli("reprocess", "--db", path, "--scheduler", dask_cluster.scheduler_address)
    assert result.exit_code == 0 and "updated 13" in result.output
    assert dump(path)["quotes"] == dump(local_db)["quotes"]
    assert dump(path)["mentions"] == dump(local_db)["mentions"]


def test_an_unreachable_scheduler_is_a_clear_error_and_a_rerun_completes(dask_cluster, corpus, tmp_path, cli):
    path = tmp_path / "archive.db"
    result = cli("ingest", "--db", path, corpus, "--scheduler", "tcp://127.0.0.1:9")
    assert result.exit_code == 1
    assert "Dask scheduler at tcp://127.0.0.1:9" in result.output
    result = cli("ingest", "--db", path, corpus, "--scheduler", dask_cluster.scheduler_address)
    assert "added 12" in result.output


def test_a_scheduler_that_goes_away_mid_run_is_a_clear_error_and_a_rerun_completes(
    dask_cluster, corpus, local_db, tmp_path
):
    from distributed import LocalCluster

    from archive.distributed import SchedulerError

    path = tmp_path / "archive.db"
    doomed = LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None)
    outcome = {}

    def run():
        try:
            with Archive(path) as archive:
                Ingest(
                    archive, Job(inputs=[str(corpus), str(SEED)], batch_size=1, scheduler=doomed.scheduler_address)
                ).run()
        except SchedulerError as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    try:
        wait_until_stored(path, 2)  # the scheduler goes once the first articles are stored
    finally:
        doomed.close()
    thread.join(timeout=120)
    assert not thread.is_alive()
    assert f"the Dask cluster at {doomed.scheduler_address} failed" in str(outcome["error"])
    with Archive(path) as archive:
        stored = archive.stats()["articles"]
        assert 2 <= stored < 13
        counts = Ingest(archive, Job(inputs=[str(corpus), str(SEED)], scheduler=dask_cluster.scheduler_address)).run()
    assert counts.added == 13 - stored and counts.unchanged == stored
    assert dump(path) == dump(local_db)
