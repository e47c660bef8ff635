"""The ingest and reprocess runs: readers -> prepare -> NLP (in N processes or on Dask) -> store,
streaming, never fatal."""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import gc
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from archive.errors import storage_problem
from archive.grouping import Grouping
from archive.store import DUPLICATE, FAILED, UNCHANGED, Archive, Counts, Refused
from ingest.inflight import InOrder
from ingest.models import ProcessedArticle, RawArticle
from ingest.pipeline import NlpFailure, analyse_batch, prepare, process_batch, with_analyses
from ingest.preparing import Overrides, prepared
from ingest.readers import Failure, Fetching, Skipped
from ingest.readers.url import without_credentials
from ingest.workers import die_with_parent

BATCH = 16  # articles per nlp.pipe batch and per worker task
GROUP = 200  # most articles stored per commit (group commit, see Archive.store_many)
CATCH_UP = 16  # queued articles grouped at a time while no NLP result is waiting (archive.grouping)
# The language pipeline reads English. Articles in other languages are stored with their detected
# language, text and paragraphs (so full-text search finds them) but no NLP (see docs/ingest.md).
LANGUAGES = ("en",)
# Longer articles (no news article is: ~17,000 words) are stored with text and paragraphs, searchable,
# without the NLP, whose time and memory would grow past what one article may cost (docs/ingest.md).
MAX_NLP_CHARS = 100_000


@dataclass
class Job:
    """What one ingest run should do."""

    inputs: list[str]
    fmt: str = "auto"
    nlp: bool = True
    jobs: int = 1  # NLP processes; with nlp off, processes preparing the text (the bulk path)
    overrides: Overrides = field(default_factory=Overrides)
    scheduler: str | None = None  # a Dask scheduler address: the NLP runs on its workers
    batch_size: int = BATCH
    commit_every: int = GROUP
    columns: dict[str, str] | None = None  # which CSV column holds which part of an article (--columns)
    verbose: bool = False  # keep which inputs were unchanged or duplicates, and of what (Ingest.passed_over)
    fetching: Fetching = field(default_factory=Fetching)  # how URLs are fetched


# ----- NLP in this process or in workers ------------------------------------------------------


class Nlp(Protocol):
    """Where the NLP runs: LocalNlp, or archive.distributed.DaskNlp."""

    version: str

    def results(self, batches: Iterable[list[ProcessedArticle]]) -> Iterator[tuple[list, list]]:
        """(batch, results) in input order."""
        ...

    def ready(self) -> bool:
        """Whether the next batch's results are back already."""
        ...


def _start_worker(parent: int) -> None:
    """A worker of `--jobs`: ends with its parent, then has the model loaded (inherited when forked)."""
    from ingest import nlp

    die_with_parent(parent)
    nlp.load()


class LocalNlp:
    """The NLP in this process, or in `jobs` forked worker processes."""

    def __init__(self, jobs: int = 1):
        from ingest import nlp

        self.jobs = jobs
        # Loaded here even with --jobs: forked workers then share the model's memory.
        self.version = nlp.version(nlp.load())
        self.dispatch = InOrder(jobs * 2)

    def results(self, batches: Iterable[list[ProcessedArticle]]) -> Iterator[tuple[list, list]]:
        """(batch, results) in input order; with jobs > 1 a bounded number of batches in flight."""
        if self.jobs <= 1:
            for batch in batches:
                yield batch, process_batch(batch)
            return
        ctx = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
        with cf.ProcessPoolExecutor(
            max_workers=self.jobs, mp_context=ctx, initializer=_start_worker, initargs=(os.getpid(),)
        ) as pool:
            # Only each article's analysis comes back (ingest.pipeline.analysis_of), as from Dask.
            for batch, future in self.dispatch.submitted(
                batches, lambda batch: pool.submit(analyse_batch, process_batch, batch)
            ):
                yield batch, with_analyses(batch, future.result())

    def ready(self) -> bool:
        return self.dispatch.ready()


@contextlib.contextmanager
def nlp_executor(jobs: int = 1, scheduler: str | None = None) -> Iterator[Nlp]:
    """Where the NLP runs: here, in `jobs` processes, or on Dask workers (Dask imported only then)."""
    if scheduler:
        from archive.distributed import DaskNlp

        with DaskNlp(scheduler) as dask:
            yield dask
    else:
        yield LocalNlp(jobs)


# ----- the run --------------------------------------------------------------------------------


@contextlib.contextmanager
def startup_objects_frozen() -> Iterator[None]:
    """What is alive when a run starts (the language model, modules) left out of the cyclic garbage
    collector's passes until it ends: with spaCy loaded, each full pass would walk hundreds of
    thousands of objects that live as long as the run."""
    frozen_before = gc.get_freeze_count()
    gc.freeze()
    try:
        yield
    finally:
        if not frozen_before:  # freezing is all or nothing: someone else's freeze stays
            gc.unfreeze()


def catch_up(archive: Archive, nlp: Nlp) -> None:
    """Group queued articles while no NLP result is waiting: a writer with time to spare keeps the
    queue empty, one fed faster than it can group stores first and groups at the end."""
    while not nlp.ready() and archive.group_queued(CATCH_UP) == CATCH_UP:
        pass


class Run:
    """One `ingest` or `reprocess`: its row in ingest_runs, its counts and error rows, and its
    articles stored a group per commit, each failure recorded alone and never fatal to the run."""

    command = ""  # ingest_runs.command
    whole = False  # decide every name of the archive at the end, not only those the run touched
    unstored = "could not store the article"  # an article `write` failed on, in ingest_errors

    def __init__(self, archive: Archive, on_item: Callable[[str, str], None] | None = None):
        self.archive = archive
        self.counts = Counts()
        self.on_item = on_item or (lambda origin, outcome: None)
        self.run_id: int | None = None
        self.version: str | None = None

    def fail(self, origin: str, error: str, message: str) -> None:
        self.archive.record_error(self.run_id, origin, error, message)
        self.counts.count(FAILED)
        self.counts.failures.append((origin, message))
        self.on_item(origin, FAILED)

    def done(self, origin: str, outcome: str, article: ProcessedArticle | None = None) -> None:
        self.counts.count(outcome)
        self.on_item(origin, outcome)

    def write(self, articles: list[ProcessedArticle]) -> list[str | Exception]:
        """Store a group with one commit: per article its outcome or its exception."""
        raise NotImplementedError

    def store(self, articles: list[ProcessedArticle]) -> None:
        """Store a group with one commit; an article that fails is recorded alone. A problem of the
        archive's file or disk (archive.errors) is no article's: it is raised and ends the run."""
        if not articles:
            return
        try:
            outcomes = self.write(articles)
        except Exception as exc:  # noqa: BLE001 - the group's transaction failed: each article is recorded
            problem = storage_problem(exc, self.archive.path)
            if problem is not None:
                raise problem from exc
            outcomes = [exc] * len(articles)
        for outcome in outcomes:
            if isinstance(outcome, Exception) and (problem := storage_problem(outcome, self.archive.path)):
                raise problem from outcome
        for article, outcome in zip(articles, outcomes):
            if isinstance(outcome, Refused):
                self.fail(article.origin, outcome.error, str(outcome))
            elif isinstance(outcome, Exception):
                self.fail(article.origin, "store", f"{self.unstored}: {outcome}")
            else:
                self.done(article.origin, outcome, article)

    def store_analysed(self, nlp: Nlp, batches: Iterable[list[ProcessedArticle]], commit_every: int) -> None:
        """The NLP's results stored in input order, up to `commit_every` a commit, the queued grouping
        caught up between commits and finished at the end."""
        waiting: list[ProcessedArticle] = []
        for batch, results in nlp.results(batches):
            for article, result in zip(batch, results):
                if isinstance(result, NlpFailure):
                    self.fail(article.origin, "nlp", f"the language pipeline failed: {result.message}")
                else:
                    waiting.append(result)
            # Results that are already there go into the same commit.
            if len(waiting) >= commit_every or not nlp.ready():
                self.store(waiting)
                waiting = []
                catch_up(self.archive, nlp)
        self.store(waiting)
        self.archive.group_queued()

    @contextlib.contextmanager
    def recorded(self, inputs: list[str], version: str | None) -> Iterator[None]:
        """The run's row from start to finish, whatever happens between."""
        self.version = version
        self.run_id = self.archive.start_run(self.command, inputs, version)
        try:
            self.archive.group_queued()  # what an interrupted run stored and did not group
            yield
        except BaseException as exc:
            try:
                self._finish()
            except Exception as also:  # noqa: BLE001 - e.g. the same full disk: told with the first error
                exc.add_note(f"the run's row could not be finished either: {also}")
            raise
        self._finish()

    def _finish(self) -> None:
        self.archive.finish_run(self.run_id, self.counts)
        # Always, with this run's evidence (archive.identity): the names it touched, and those of a
        # run killed before its end, are decided again, and what they leave unused is dropped.
        self.archive.consolidate_entities(whole=self.whole)
        self.archive.prune_authors()


class Ingest(Run):
    """One ingest run: inputs read, prepared, analysed (unless `job.nlp` is off) and stored."""

    command = "ingest"

    def __init__(self, archive: Archive, job: Job, on_item: Callable[[str, str], None] | None = None):
        super().__init__(archive, on_item)
        self.job = job
        self.not_english: list[tuple[str, str]] = []  # (origin, language) stored without NLP
        # With job.verbose: (origin, UNCHANGED or DUPLICATE, origin of the stored copy) per input passed over.
        self.passed_over: list[tuple[str, str, str]] = []
        self.too_long: list[tuple[str, int]] = []  # (origin, characters) stored without NLP

    def _known(self, article: ProcessedArticle) -> str | None:
        """UNCHANGED or DUPLICATE when this text is stored already with an NLP result (or without NLP
        asked), so the NLP is skipped: DUPLICATE when this run stored it."""
        row = self.archive.stored_copy(article.content_hash)
        if row is None or (row[1] is None and self.job.nlp and article.language in LANGUAGES):
            return None
        return DUPLICATE if row[2] is not None and row[2] == self.run_id else UNCHANGED

    def done(self, origin: str, outcome: str, article: ProcessedArticle | None = None) -> None:
        super().done(origin, outcome, article)
        if self.job.verbose and article is not None and outcome in (UNCHANGED, DUPLICATE):
            row = self.archive.stored_copy(article.content_hash)
            self.passed_over.append((origin, outcome, row[3] if row is not None else ""))

    def prepared(self) -> Iterator[ProcessedArticle]:
        """Articles read and prepared; read failures recorded; unchanged ones and duplicates counted and dropped."""
        # Text-only or NLP on Dask: the local processes prepare; else the NLP runs in them.
        jobs = self.job.jobs if not self.job.nlp or self.job.scheduler else 1
        given_url = 0  # articles that took the URL of --url: it names one article
        for article in prepared(
            self.job.inputs, self.job.fmt, self.job.overrides, jobs, self.job.columns, self.job.fetching
        ):
            if isinstance(article, Failure):
                self.fail(article.origin, article.error, article.message)
                continue
            if isinstance(article, Skipped):
                self.counts.skip(article.reason)
                continue
            if self.job.overrides.url is not None:
                given_url += 1
                if given_url > 1:
                    self.fail(article.origin, "usage", "--url names one article; the input's first article has it")
                    continue
            known = self._known(article)
            if known:
                self.done(article.origin, known, article)
                continue
            if self.job.nlp and len(article.text) > MAX_NLP_CHARS:
                self.too_long.append((article.origin, len(article.text)))
                self.store([article])
                continue
            if self.job.nlp and article.language not in LANGUAGES:
                # Stored with its language, text and paragraphs (searchable), without the entities
                # and quotes an English model would invent; `archive reprocess` leaves it alone too.
                self.not_english.append((article.origin, article.language))
                self.store([article])
                continue
            yield article

    def write(self, articles: list[ProcessedArticle]) -> list[str | Exception]:
        """Finding stories and quote clusters is queued (archive.grouping) and done by `catch_up` when
        the writer has time; text-only runs (--no-nlp, the bulk path) leave it to `archive reprocess`."""
        return self.archive.store_many(articles, Grouping.LATER if self.job.nlp else Grouping.NONE)

    def run(self) -> Counts:
        executor = nlp_executor(self.job.jobs, self.job.scheduler) if self.job.nlp else contextlib.nullcontext()
        inputs = [without_credentials(item) for item in self.job.inputs]  # recorded, so never with a password
        with executor as nlp, startup_objects_frozen(), self.recorded(inputs, nlp.version if nlp else None):
            if nlp is None:
                for group in _batched(self.prepared(), self.job.commit_every):
                    self.store(group)
            else:
                self.store_analysed(nlp, _batched(self.prepared(), self.job.batch_size), self.job.commit_every)
        return self.counts


class Reprocess(Run):
    """The NLP run again on articles processed by another pipeline version (or none, or all with `force`)."""

    command = "reprocess"
    unstored = "could not store the new analysis"

    def __init__(
        self,
        archive: Archive,
        jobs: int = 1,
        on_item: Callable[[str, str], None] | None = None,
        force: bool = False,
        scheduler: str | None = None,
        batch_size: int = BATCH,
        commit_every: int = GROUP,
    ):
        super().__init__(archive, on_item)
        self.jobs, self.force, self.scheduler = jobs, force, scheduler
        self.whole = force  # `--all`: every article analysed again, every name decided again
        self.batch_size, self.commit_every = batch_size, commit_every

    def articles(self) -> Iterator[ProcessedArticle]:
        """The stale articles prepared again from their stored text, each carrying its id in `extra`."""
        for article_id in self.archive.stale_articles(self.version if not self.force else ""):
            row = self.archive.article(article_id)
            if row is None or (row["language"] or "en") not in LANGUAGES or len(row["text"]) > MAX_NLP_CHARS:
                continue  # gone, not in a language the pipeline reads, or too long for it
            raw = RawArticle(
                text=row["text"],
                origin=row["origin"] or f"article {article_id}",
                title=row["title"],
                url=row["url"],
                byline=row["byline"],
                published_at=row["published_at"],
            )
            article = prepare(raw)
            article.extra["id"] = article_id
            yield article

    def write(self, articles: list[ProcessedArticle]) -> list[str | Exception]:
        """New derived rows for each article, its grouping queued as in an ingest."""
        return self.archive.replace_nlp_many(
            [(article.extra.pop("id"), article) for article in articles], Grouping.LATER
        )

    def run(self) -> Counts:
        with nlp_executor(self.jobs, self.scheduler) as nlp, startup_objects_frozen(), self.recorded([], nlp.version):
            self.store_analysed(nlp, _batched(self.articles(), self.batch_size), self.commit_every)
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


def reprocess(
    archive: Archive,
    jobs: int = 1,
    on_item: Callable[[str, str], None] | None = None,
    force: bool = False,
    scheduler: str | None = None,
    batch_size: int = BATCH,
) -> Counts:
    """Run the NLP again on articles processed by another pipeline version (or none)."""
    return Reprocess(archive, jobs, on_item, force, scheduler, batch_size).run()
