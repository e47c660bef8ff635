"""Benchmarks of the Dask path: a two-worker LocalCluster against `--jobs 2`, and the writer's
store rate when the workers are not the bottleneck (the NLP stubbed, in this benchmark only).

    python bench/dask_bench.py                  # prints the figures as JSON
    python bench/dask_bench.py --profile-store  # cProfile of Archive.store_many on the cached articles

`run()` returns {"dask_local2_vs_jobs2": ..., "dask_store_rate": ...} for bench/run.py.

The stub is the real NLP's output: every BBC article is run once through the real pipeline (on the
benchmark's own two workers) and the results are cached in bench/work/nlp-cache-<version>.pkl,
keyed by content hash, so the file is reused between runs and rebuilt when `ingest.nlp`'s version
(model or rules) changes; articles whose prepared text changed since are processed again. The
stubbed workers hand each article the cached entities, mentions, quotes and fingerprint, so the
writer stores, clusters and groups exactly what a real run gives it.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from distributed import WorkerPlugin

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script, bench/ importable

from bench.common import WORK, Recording, bbc_files  # noqa: E402

# The stubbed run stores every BBC article (2,225): what the writer meets on real output, quotes
# clustered against a growing archive. Caching them costs ~2 minutes once (two workers).
STUB_ARTICLES = 2225
STUB_BATCH = 64  # articles per task in the stubbed run
# The workers as docs/scaling.md says to run them for the archive: Dask's statistical profiler off
# (it samples the task thread's stack every 10 ms) and glibc's default malloc trimming (the nanny
# sets MALLOC_TRIM_THRESHOLD_=65536, which also fixes the mmap threshold). With Dask's defaults the
# NLP thread used 22% more CPU than in a --jobs worker (48.1 s against 39.4 s for 300 articles).
WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}
PLUGIN = "bench-nlp-cache"
_NLP_FIELDS = ("entities", "mentions", "quotes", "nlp_version", "fingerprint")


# ----- the cache of real NLP results ----------------------------------------------------------


def cache_path(version: str) -> Path:
    return WORK / f"nlp-cache-{re.sub(r'[^A-Za-z0-9.+_-]', '_', version)}.pkl"


def prepared_articles(files: list[str]) -> list:
    """The articles as the writer prepares them (same readers, same `prepare`)."""
    from ingest.pipeline import prepare
    from ingest.readers import Failure, read_all

    return [prepare(item) for item in read_all(files) if not isinstance(item, Failure)]


def nlp_cache(files: list[str], version: str, client=None, known: list | None = None) -> Path:
    """The cache file of the real NLP's results for `files`, built or completed when needed (on the
    Dask `client`'s workers when given, else in this process); `known` are results already at hand."""
    from ingest.pipeline import NlpFailure, process_batch

    path = cache_path(version)
    cache: dict = {}
    if path.exists():
        with path.open("rb") as f:
            cache = pickle.load(f)
    size = len(cache)
    for result in known or []:
        if result.nlp_version == version:
            cache.setdefault(result.content_hash, tuple(getattr(result, name) for name in _NLP_FIELDS))
    missing = [a for a in prepared_articles(files) if a.content_hash not in cache]
    if not missing:
        if len(cache) > size:
            _write(cache, path)
        return path
    started = time.perf_counter()
    batches = [missing[i : i + 16] for i in range(0, len(missing), 16)]
    if client is not None:
        results = [r for batch in client.gather(client.map(process_batch, batches, pure=False)) for r in batch]
    else:
        results = [r for batch in batches for r in process_batch(batch)]
    failures = [result.message for result in results if isinstance(result, NlpFailure)]
    if failures:
        raise RuntimeError(f"NLP cache: the pipeline failed on {len(failures)} articles: {failures[0]}")
    for result in results:
        if result.nlp_version != version:
            raise RuntimeError(f"NLP cache: workers run {result.nlp_version}, this process {version}")
        cache[result.content_hash] = tuple(getattr(result, name) for name in _NLP_FIELDS)
    _write(cache, path)
    print(
        f"[dask_bench] NLP cache: {len(missing)} articles processed in {time.perf_counter() - started:.0f} s"
        f" -> {path.name}",
        file=sys.stderr,
        flush=True,
    )
    return path


def _write(cache: dict, path: Path) -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as f:
        pickle.dump(cache, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def load_cache(path: str | os.PathLike) -> dict:
    with open(path, "rb") as f:
        return pickle.load(f)


def with_cached_nlp(articles: list, cache: dict) -> list:
    """What the real NLP returns for `articles`: each one with its cached analysis attached."""
    for article in articles:
        try:
            fields = cache[article.content_hash]
        except KeyError:
            raise RuntimeError(f"NLP cache has no result for {article.origin}: rebuild it") from None
        for name, value in zip(_NLP_FIELDS, fields):
            setattr(article, name, value)
    return articles


class NlpCachePlugin(WorkerPlugin):
    """Loads the cache into each worker once (and again in a restarted worker)."""

    name = PLUGIN

    def __init__(self, path: str):
        self.path = path
        self.cache: dict | None = None

    def setup(self, worker) -> None:
        self.cache = load_cache(self.path)

    def teardown(self, worker) -> None:
        self.cache = None


def stub_batch(articles):
    """Stands in for the NLP: the real pipeline's cached result for each article, at once."""
    from distributed import get_worker

    return with_cached_nlp(articles, get_worker().plugins[PLUGIN].cache)


# ----- timed runs -----------------------------------------------------------------------------


def _ingest(files: list[str], work: Path, name: str, kept: list | None = None, **job) -> tuple[float, float]:
    """Seconds to ingest `files` into a fresh archive (schema created beforehand, not timed), and
    seconds until the last article was stored (the rest: grouping what the writer queued)."""
    from archive.ingesting import Ingest, Job
    from archive.store import Archive
    from ingest.readers.language import identifier

    identifier()  # the language model (~0.8 s) is start-up, loaded before timing as in bench/ingest_bench.py
    path = work / f"{name}.db"
    stored = [0.0]
    with Archive(path) as archive:
        target = Recording(archive, kept) if kept is not None else archive
        start = time.perf_counter()
        run = Ingest(
            target, Job(inputs=files, **job), on_item=lambda origin, outcome: stored.__setitem__(0, time.perf_counter())
        )
        counts = run.run()
        elapsed = time.perf_counter() - start
        if archive.queued():
            raise RuntimeError(f"{name}: {archive.queued()} articles left ungrouped")
    assert counts.failed == 0, counts.failures
    return elapsed, stored[0] - start


def _warm(address: str) -> None:
    from distributed import Client

    from archive.distributed import worker_version

    with Client(address) as client:
        client.run(worker_version)  # every worker loads the pipeline before the clock starts


def run(articles: int = 300, rounds: int = 2) -> dict:
    """The Dask figures. `dask_local2_vs_jobs2` times `--jobs 2` and the cluster on the same
    articles alternately, `rounds` times each, and compares the totals: a run a minute apart can
    differ by a quarter on this shared machine (18.2 s vs 23.9 s for the same `--jobs 2`)."""
    import cloudpickle
    import dask
    from distributed import Client, LocalCluster

    from ingest import nlp, pipeline

    files = bbc_files(articles)
    work = Path(tempfile.mkdtemp(prefix="bench-dask-"))
    version = nlp.version(nlp.load())
    try:
        with (
            dask.config.set(WORKER_CONFIG),
            LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
            ) as cluster,
        ):
            _warm(cluster.scheduler_address)
            processed: list = []  # the real results of the first timed run seed the cache
            jobs2 = dask2 = 0.0
            for round_ in range(rounds):
                jobs2 += _ingest(files, work, f"jobs2-{round_}", jobs=2)[0]
                dask2 += _ingest(
                    files,
                    work,
                    f"dask2-{round_}",
                    kept=None if round_ else processed,
                    scheduler=cluster.scheduler_address,
                )[0]
            stub_files = bbc_files(STUB_ARTICLES)
            cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers need not import bench/
            with Client(cluster.scheduler_address) as client:
                path = nlp_cache(stub_files, version, client, processed)  # untimed; reused between runs
                client.register_plugin(NlpCachePlugin(str(path)), name=PLUGIN)
            real = pipeline.process_batch
            pipeline.process_batch = stub_batch  # the writer alone: workers answer at once
            try:
                # `--jobs 2`: a second local process prepares the inputs, as on a writer machine.
                stubbed, storing = _ingest(
                    stub_files, work, "stub", scheduler=cluster.scheduler_address, batch_size=STUB_BATCH, jobs=2
                )
            finally:
                pipeline.process_batch = real
        return {
            "dask_local2_vs_jobs2": round(jobs2 / dask2, 3),
            "dask_store_rate": round(len(stub_files) / storing, 1),
            "dask_grouping_rate": round(len(stub_files) / (stubbed - storing), 1),
            "dask_stub_run_rate": round(len(stub_files) / stubbed, 1),
            "dask_seconds": {
                f"jobs2_x{rounds}": round(jobs2, 2),
                f"dask2_x{rounds}": round(dask2, 2),
                f"stub_{len(stub_files)}": round(stubbed, 2),
                f"stub_{len(stub_files)}_storing": round(storing, 2),
            },
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def cached_articles(count: int = STUB_ARTICLES) -> list:
    """The first `count` BBC articles prepared, with the cached real NLP result (cache built here if needed)."""
    from ingest import nlp

    files = bbc_files(count)
    path = nlp_cache(files, nlp.version(nlp.load()))
    return with_cached_nlp(prepared_articles(files), load_cache(path))


def profile_store(count: int = STUB_ARTICLES, group: int = STUB_BATCH, top: int = 40) -> None:
    """cProfile of Archive.store_many alone (no reading, no Dask) on the cached articles."""
    import cProfile
    import pstats

    from archive.grouping import Grouping
    from archive.store import Archive

    articles = cached_articles(count)
    work = Path(tempfile.mkdtemp(prefix="bench-store-"))
    try:
        with Archive(work / "store.db") as archive:
            profiler = cProfile.Profile()
            start = time.perf_counter()
            profiler.enable()
            for i in range(0, len(articles), group):
                archive.store_many(articles[i : i + group], Grouping.LATER)
            stored = time.perf_counter() - start
            archive.group_queued()
            profiler.disable()
            elapsed = time.perf_counter() - start
        print(
            f"{len(articles)} articles stored in {stored:.2f} s and grouped in {elapsed - stored:.2f} s"
            f" with the profiler on ({len(articles) / stored:.0f}/s, {len(articles) / elapsed:.0f}/s in all)",
            file=sys.stderr,
        )
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(top)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if "--profile-store" in sys.argv:
        profile_store()
    else:
        print(json.dumps(run(), indent=2))
