"""Each article of a group commit is stored in its own SAVEPOINT (archive.store); the writer keeps
those savepoints' journals in memory instead of spilling them to temporary files."""
from __future__ import annotations

import os

from archive.grouping import LATER
from archive.store import ADDED, Archive
from ingest.models import EntityRecord, MentionRecord, QuoteRecord, RawArticle
from ingest.pipeline import prepare


def big_analysed_article(n: int):
    """An article whose rows fill well over SQLite's 64 KiB in-memory statement journal."""
    text = "\n\n".join(f"Paragraph {n}-{k}: the minister Alice Example{k} met delegates in Town{k}." * 4
                       for k in range(60))
    article = prepare(RawArticle(text=text, origin=f"big-{n}.txt"))
    article.entities = [EntityRecord(f"Alice Example{k}", "PERSON") for k in range(60)]
    article.mentions = [MentionRecord(entity=k, paragraph=p.position, text=f"Example{k}",
                                      char_start=p.char_start, char_end=p.char_start + 5)
                        for p in article.paragraphs for k in range(5)]
    article.quotes = [QuoteRecord(paragraph=p.position, text=p.text[:60], kind="direct",
                                  char_start=p.char_start, char_end=p.char_start + 60, speaker_entity=0)
                      for p in article.paragraphs]
    article.nlp_version = "test"
    return article


def sqlite_temp_files() -> set[str]:
    """SQLite temporary files this process has open (named etilqs_*, unlinked at once)."""
    found = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue  # closed since listed
        if "etilqs_" in target:
            found.add(target)
    return found


def test_an_articles_savepoint_journal_stays_in_memory(db_path, monkeypatch):
    open_during: set[str] = set()
    store_one = Archive._store_one

    def storing(self, *args):
        outcome = store_one(self, *args)
        open_during.update(sqlite_temp_files())  # still inside the article's savepoint
        return outcome

    monkeypatch.setattr(Archive, "_store_one", storing)
    with Archive(db_path) as archive:
        assert archive.store_many([big_analysed_article(i) for i in range(4)], LATER) == [ADDED] * 4
        with archive.engine.connect() as conn:
            mentions = conn.exec_driver_sql("select count(*) from mentions").scalar()
    assert mentions == 4 * 60 * 5
    assert open_during == set()
