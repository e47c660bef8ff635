"""Inputs -> prepared articles (read, normalised, split into paragraphs, language detected), or a
Failure saying why not: everything of an ingest before the NLP, in input order, optionally with
single-article files prepared in worker processes (the text-only bulk path's CPU work)."""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import gc
import multiprocessing
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from ingest.inflight import InOrder
from ingest.models import ProcessedArticle, RawArticle
from ingest.pipeline import PrepareError, prepare
from ingest.readers import Failure, Skipped, iter_paths, read_all, read_input, single_article
from ingest.readers.language import confident_language, identifier
from ingest.readers.url import Fetching, is_url
from ingest.workers import die_with_parent

CHUNK = 64  # single-article files per worker task: enough to amortise the round trip
SHARED = 2  # chunks this process may prepare ahead of the workers' next one while that is not ready


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


def article_language(text: str, declared: str | None) -> str:
    """The detected language when the detector is sure, else the declared one, else English."""
    detected = confident_language(text)
    if detected:
        return detected
    return str(declared or "en").split("-")[0].split("_")[0].lower()


def prepare_item(item: RawArticle | Failure | Skipped, overrides: Overrides) -> ProcessedArticle | Failure | Skipped:
    """One read result -> a prepared article with its language, or the Failure it becomes."""
    if isinstance(item, Failure | Skipped):
        return item
    try:
        article = prepare(overrides.apply(item))
    except PrepareError as exc:
        return Failure(item.origin, exc.error, str(exc))
    except Exception as exc:  # noqa: BLE001 - one input's problem must not stop the run
        return Failure(item.origin, "prepare", f"could not normalise the text: {type(exc).__name__}: {exc}")
    article.language = article_language(article.text, item.language)
    return article


@contextlib.contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a while, then as it was.

    Preparing allocates many short-lived containers (word and bigram sets, records) and makes no
    reference cycles: reference counting frees all of it, and the collector's passes, triggered by
    the allocations alone, find nothing to collect. Anything cyclic is collected afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def prepare_files(paths: list[str], fmt: str, overrides: Overrides) -> list[ProcessedArticle | Failure]:
    """A chunk of single-article files, prepared (what a worker process runs)."""
    with cyclic_gc_paused():
        return [prepare_item(item, overrides) for path in paths for item in read_input(path, fmt)]


def _units(inputs: Iterable[str], fmt: str) -> Iterator[list[str] | str]:
    """The inputs as work: runs of single-article files in chunks of CHUNK, anything else alone."""
    chunk: list[str] = []
    for path in iter_paths(inputs):
        if path != "-" and not is_url(path) and single_article(path, fmt):
            chunk.append(path)
            if len(chunk) >= CHUNK:
                yield chunk
                chunk = []
            continue
        if chunk:
            yield chunk
            chunk = []
        yield path
    if chunk:
        yield chunk


def prepared(
    inputs: Iterable[str],
    fmt: str = "auto",
    overrides: Overrides | None = None,
    jobs: int = 1,
    columns: Mapping[str, str] | None = None,
    fetching: Fetching | None = None,
) -> Iterator[ProcessedArticle | Failure | Skipped]:
    """Every article of every input, prepared, in input order, streaming.

    With `jobs` > 1, runs of single-article files (text, HTML) are prepared in `jobs` - 1 worker
    processes, a bounded number of chunks in flight: `jobs` processes in all with the one that
    stores. Preparing and storing an article cost the same order of time, so which side is slower
    depends on the machine and its load: when the workers' next chunk is not ready, this process
    prepares the following chunk itself instead of waiting (at most SHARED chunks ahead). Feeds,
    JSON, URLs and stdin are read here, streaming (a JSONL file of any size never sits whole in
    memory). `columns`: which column holds which part of an article, for CSV and TSV; `fetching`: how
    URLs are fetched."""
    overrides = overrides or Overrides()
    if jobs <= 1:
        for item in read_all(inputs, fmt, columns, fetching):
            yield prepare_item(item, overrides)
        return
    identifier()  # loaded once here, inherited by the forked workers
    ctx = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with cf.ProcessPoolExecutor(
        max_workers=jobs - 1, mp_context=ctx, initializer=die_with_parent, initargs=(os.getpid(),)
    ) as pool:

        def here(unit: list[str] | str) -> cf.Future:
            """Done in this process: a chunk now; any other input read when its turn comes (streamed)."""
            done: cf.Future = cf.Future()
            done.set_result(prepare_files(unit, fmt, overrides) if isinstance(unit, list) else None)
            return done

        def submit(unit: list[str] | str) -> cf.Future:
            if isinstance(unit, list):
                try:
                    return pool.submit(prepare_files, unit, fmt, overrides)
                except RuntimeError:  # the pool broke (a worker was killed): this process does the chunk
                    pass
            return here(unit)

        # Past jobs * 2 units in flight the oldest is handed back; while its chunk is not ready, up to
        # SHARED more units are prepared here.
        in_order = InOrder(jobs * 2 + 1)
        for unit, future in in_order.submitted(_units(inputs, fmt), submit, local=here, ahead=SHARED):
            if isinstance(unit, str):
                for item in read_input(unit, fmt, columns, fetching):
                    yield prepare_item(item, overrides)
                continue
            try:
                yield from future.result()
            except cf.process.BrokenProcessPool:  # a worker died (killed, out of memory): redone here
                yield from prepare_files(unit, fmt, overrides)
