"""The ingest run: readers -> prepare -> NLP (in N processes) -> store, streaming, never fatal."""
from __future__ import annotations

import collections
import concurrent.futures as cf
import multiprocessing
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import select

from archive.models import Article
from archive.store import FAILED, UNCHANGED, Archive, Counts
from ingest.models import ProcessedArticle, RawArticle
from ingest.pipeline import EmptyArticleError, NlpFailure, prepare, process_batch
from ingest.readers import Failure, read_all

BATCH = 16  # articles per nlp.pipe batch and per worker task


@dataclass
class Overrides:
    """Metadata given on the command line, applied to every article read."""

    title: str | None = None
    url: str | None = None
    published_at: str | None = None
    source: str | None = None

    def apply(self, raw: RawArticle) -> RawArticle:
        for name in ("title", "url", "published_at", "source"):
            value = getattr(self, name)
            if value is not None:
                setattr(raw, name, value)
        return raw


@dataclass
class Job:
    """What one ingest run should do."""

    inputs: list[str]
    fmt: str = "auto"
    nlp: bool = True
    jobs: int = 1
    overrides: Overrides = field(default_factory=Overrides)


# ----- NLP in this process or in workers ------------------------------------------------------

def _warm() -> None:
    from ingest import nlp

    nlp.load()


def nlp_results(batches: Iterable[list[ProcessedArticle]], jobs: int) -> Iterator[tuple[list, list]]:
    """(batch, results) in input order; with jobs > 1 a bounded number of batches in flight."""
    if jobs <= 1:
        for batch in batches:
            yield batch, process_batch(batch)
        return
    ctx = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with cf.ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_warm) as pool:
        pending: collections.deque = collections.deque()
        for batch in batches:
            pending.append((batch, pool.submit(process_batch, batch)))
            while len(pending) >= jobs * 2:
                done_batch, future = pending.popleft()
                yield done_batch, future.result()
        while pending:
            done_batch, future = pending.popleft()
            yield done_batch, future.result()


# ----- the run --------------------------------------------------------------------------------

class Ingest:
    """One ingest run against an archive; counts, error rows and the run row kept as it goes."""

    def __init__(self, archive: Archive, job: Job, on_item: Callable[[str, str], None] | None = None):
        self.archive = archive
        self.job = job
        self.counts = Counts()
        self.on_item = on_item or (lambda origin, outcome: None)
        self.run_id: int | None = None
        self.version: str | None = None

    def fail(self, origin: str, error: str, message: str) -> None:
        self.archive.record_error(self.run_id, origin, error, message)
        self.counts.count(FAILED)
        self.counts.failures.append((origin, message))
        self.on_item(origin, FAILED)

    def done(self, origin: str, outcome: str) -> None:
        self.counts.count(outcome)
        self.on_item(origin, outcome)

    def _known(self, article: ProcessedArticle) -> bool:
        """Stored already with this text and an NLP result (or without NLP asked): skip the NLP."""
        with self.archive.engine.connect() as conn:
            row = conn.execute(select(Article.nlp_version).where(Article.content_hash == article.content_hash)).first()
        return row is not None and (row.nlp_version is not None or not self.job.nlp)

    def prepared(self) -> Iterator[ProcessedArticle]:
        """Articles read and prepared; read failures recorded; unchanged ones counted and dropped."""
        for item in read_all(self.job.inputs, self.job.fmt):
            if isinstance(item, Failure):
                self.fail(item.origin, item.error, item.message)
                continue
            try:
                article = prepare(self.job.overrides.apply(item))
            except EmptyArticleError as exc:
                self.fail(item.origin, "empty", str(exc))
                continue
            if self._known(article):
                self.done(article.origin, UNCHANGED)
                continue
            yield article

    def store(self, article: ProcessedArticle) -> None:
        try:
            outcome = self.archive.store(article)
        except Exception as exc:  # noqa: BLE001 - one article's failure must not stop the batch
            self.fail(article.origin, "store", f"could not store the article: {exc}")
            return
        self.done(article.origin, outcome)

    def run(self) -> Counts:
        if self.job.nlp:
            from ingest import nlp

            # Loaded here even with --jobs: forked workers then share the model's memory.
            self.version = nlp.version(nlp.load())
        self.run_id = self.archive.start_run("ingest", self.job.inputs, self.version if self.job.nlp else None)
        try:
            if not self.job.nlp:
                for article in self.prepared():
                    self.store(article)
            else:
                for batch, results in nlp_results(_batched(self.prepared(), BATCH), self.job.jobs):
                    for article, result in zip(batch, results):
                        if isinstance(result, NlpFailure):
                            self.fail(article.origin, "nlp", f"the language pipeline failed: {result.message}")
                        else:
                            self.store(result)
        finally:
            self.archive.finish_run(self.run_id, self.counts)
            if self.counts.added or self.counts.updated:
                self.archive.prune_entities()
        return self.counts


def _batched(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def reprocess(archive: Archive, jobs: int = 1, on_item: Callable[[str, str], None] | None = None,
              force: bool = False) -> Counts:
    """Run the NLP again on articles processed by another pipeline version (or none)."""
    from ingest import nlp

    version = nlp.version(nlp.load())
    counts = Counts()
    run_id = archive.start_run("reprocess", [], version)
    ids = archive.stale_articles(version if not force else "")
    on_item = on_item or (lambda origin, outcome: None)

    def articles() -> Iterator[ProcessedArticle]:
        for article_id in ids:
            with archive.engine.connect() as conn:
                row = conn.execute(select(Article.__table__).where(Article.id == article_id)).first()
                if row is None:
                    continue
                raw = RawArticle(text=row.text, origin=row.origin or f"article {row.id}", title=row.title,
                                 url=row.url, byline=row.byline, published_at=row.published_at)
            article = prepare(raw)
            article.extra["id"] = article_id
            yield article

    try:
        for batch, results in nlp_results(_batched(articles(), BATCH), jobs):
            for article, result in zip(batch, results):
                if isinstance(result, NlpFailure):
                    archive.record_error(run_id, article.origin, "nlp", f"the language pipeline failed: {result.message}")
                    counts.count(FAILED)
                    counts.failures.append((article.origin, result.message))
                    on_item(article.origin, FAILED)
                    continue
                archive.replace_nlp(result.extra.pop("id"), result)
                counts.count("updated")
                on_item(article.origin, "updated")
    finally:
        archive.finish_run(run_id, counts)
        archive.prune_entities()
    return counts
