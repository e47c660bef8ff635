"""The text-only bulk path: `--no-nlp --jobs N` prepares files in N processes and stores exactly
what one process stores, in the same order, bad inputs included; a worker that dies costs nothing."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from ingest import preparing
from tests.test_ingest_mixed_folder import make_mixed_folder

ROWS = {
    "articles": "select id, origin, title, language, word_count, content_hash, text from articles order by id",
    "paragraphs": "select id, article_id, position, text, char_start, char_end, duplicate_of"
    " from paragraphs order by id",
    "ingest_errors": "select origin, error, message from ingest_errors order by id",
}


@pytest.fixture
def inbox(tmp_path) -> Path:
    """The mixed folder (good files, a JSONL with a broken line, bad files) and 150 small articles
    around it: several chunks of single-article files with multi-article inputs between them."""
    folder = make_mixed_folder(tmp_path / "inbox")
    for i in range(150):
        lede = f"Council meeting {i} approved the budget for the harbour district on Tuesday."
        text = f"Meeting {i}\n\n{lede}\n\nThe vote was {i} to {150 - i}.\n\n{lede}"
        (folder / f"m{i:03d}.txt").write_text(text, encoding="utf-8")
    return folder


_PARENT, _REAL = os.getpid(), preparing.prepare_files


def _dying(paths, fmt, overrides):
    """prepare_files, except that a worker process given m100.txt dies on the spot."""
    if os.getpid() != _PARENT and any(p.endswith("m100.txt") for p in paths):
        os._exit(9)
    return _REAL(paths, fmt, overrides)


def rows(sql, path) -> dict:
    return {name: sql(path, query) for name, query in ROWS.items()}


def test_jobs_2_stores_what_one_process_stores(cli, sql, inbox, tmp_path):
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    first = cli("ingest", "--db", one, "--no-nlp", inbox)
    second = cli("ingest", "--db", two, "--no-nlp", "--jobs", "2", inbox)
    assert first.exit_code == second.exit_code == 1
    assert "added 157" in first.output and "failed 5" in first.output
    assert first.output.splitlines()[-3:] == second.output.splitlines()[-3:]
    assert rows(sql, one) == rows(sql, two)
    # The repeated lede of every generated article is marked, whichever process prepared it.
    assert sql(two, "select count(*) as n from paragraphs where duplicate_of is not null")[0]["n"] >= 150


def test_a_prepare_worker_that_dies_costs_nothing(cli, sql, inbox, tmp_path, monkeypatch):
    """A worker killed mid-run (here: it exits on its third chunk) breaks the pool; the chunks it
    held, and every later one, are prepared in the ingesting process instead."""
    monkeypatch.setattr(preparing, "prepare_files", _dying)
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    cli("ingest", "--db", one, "--no-nlp", inbox)
    result = cli("ingest", "--db", two, "--no-nlp", "--jobs", "2", inbox)
    assert result.exit_code == 1 and "added 157" in result.output
    assert rows(sql, one) == rows(sql, two)


_HERE: list[int] = []


def _slow_in_workers(paths, fmt, overrides):
    """prepare_files, slow in a worker process; counts the chunks prepared in the ingesting process."""
    if os.getpid() != _PARENT:
        time.sleep(0.5)
    else:
        _HERE.append(len(paths))
    return _REAL(paths, fmt, overrides)


def test_the_storing_process_prepares_chunks_itself_while_the_workers_lag(cli, sql, inbox, tmp_path, monkeypatch):
    monkeypatch.setattr(preparing, "prepare_files", _slow_in_workers)
    monkeypatch.setattr(preparing, "CHUNK", 16)  # ten chunks of the 150 small articles
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    cli("ingest", "--db", one, "--no-nlp", inbox)
    _HERE.clear()
    result = cli("ingest", "--db", two, "--no-nlp", "--jobs", "2", inbox)
    assert result.exit_code == 1 and "added 157" in result.output
    assert _HERE, "no chunk was prepared in the ingesting process"
    assert rows(sql, one) == rows(sql, two)  # same rows, same order, whoever prepared what


@pytest.mark.parametrize("enabled", [True, False])
def test_preparing_a_chunk_leaves_the_garbage_collector_as_it_was(inbox, enabled):
    import gc

    from ingest.readers import read_input

    paths = sorted(str(p) for p in inbox.glob("m00*.txt"))
    overrides = preparing.Overrides()
    (gc.enable if enabled else gc.disable)()
    try:
        chunk = preparing.prepare_files(paths, "auto", overrides)
        assert gc.isenabled() is enabled
    finally:
        gc.enable()
    one_by_one = [preparing.prepare_item(item, overrides) for path in paths for item in read_input(path)]
    assert chunk == one_by_one
