"""Benchmarks of the Dask path: a two-worker LocalCluster against `--jobs 2`, and the writer's
store rate when the workers are not the bottleneck (the NLP stubbed, in this benchmark only).

    python bench/dask_bench.py            # prints the figures as JSON
`run()` returns {"dask_local2_vs_jobs2": ..., "dask_store_rate": ...} for bench/run.py.
"""
from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BBC = ROOT.parent / "shared" / "corpora" / "bbc"
sys.path.insert(0, str(ROOT))


# Articles through the stubbed path: the writer's rate is steady well before this (quote clustering,
# its main cost, looks at no more than 50 candidates per quote), and the 2,225 took 3 minutes.
STUB_ARTICLES = 600


def bbc_files(count: int) -> list[str]:
    """The first `count` BBC articles, sections interleaved so every run sees the same mix."""
    sections = [sorted((BBC / s).glob("*.txt")) for s in ("business", "entertainment", "politics", "sport", "tech")]
    files: list[str] = []
    for i in range(max(len(s) for s in sections)):
        for section in sections:
            if i < len(section):
                files.append(str(section[i]))
    return files[:count]


def stub_batch(articles):
    """Stands in for the NLP: one entity mention and one quote per paragraph, instantly."""
    from ingest.models import EntityRecord, MentionRecord, QuoteRecord

    for article in articles:
        article.entities = [EntityRecord(name="Stub Person", type="PERSON")]
        article.mentions = []
        article.quotes = []
        for p in article.paragraphs:
            end = p.char_start + min(len(p.text), 12)
            article.mentions.append(MentionRecord(0, p.position, article.text[p.char_start:end], p.char_start, end))
            article.quotes.append(QuoteRecord(p.position, p.text, "indirect", p.char_start, p.char_end,
                                              speaker_text="Stub Person", speaker_entity=0, cue="said"))
        article.nlp_version = "stub"
    return articles


def _ingest(files: list[str], work: Path, name: str, **job) -> float:
    """Seconds to ingest `files` into a fresh archive (schema created beforehand, not timed)."""
    from archive.ingesting import Ingest, Job
    from archive.store import Archive

    path = work / f"{name}.db"
    with Archive(path) as archive:
        start = time.perf_counter()
        counts = Ingest(archive, Job(inputs=files, **job)).run()
        elapsed = time.perf_counter() - start
    assert counts.failed == 0, counts.failures
    return elapsed


def _warm(address: str) -> None:
    from distributed import Client

    from archive.distributed import worker_version

    with Client(address) as client:
        client.run(worker_version)  # every worker loads the pipeline before the clock starts


def run(articles: int = 300, jobs2_seconds: float | None = None) -> dict:
    """The Dask figures; `jobs2_seconds`, when given, is a `--jobs 2` time on the same articles just
    measured by the caller (bench/run.py reuses the one of jobs2_speedup instead of a second run)."""
    from distributed import LocalCluster

    import ingest.pipeline as pipeline
    from ingest import nlp

    files = bbc_files(articles)
    work = Path(tempfile.mkdtemp(prefix="bench-dask-"))
    nlp.load()
    try:
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None) as cluster:
            _warm(cluster.scheduler_address)
            jobs2 = jobs2_seconds if jobs2_seconds is not None else _ingest(files, work, "jobs2", jobs=2)
            dask2 = _ingest(files, work, "dask2", scheduler=cluster.scheduler_address)
            import cloudpickle

            cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers need not import bench/
            real = pipeline.process_batch
            pipeline.process_batch = stub_batch  # the writer alone: workers answer at once
            try:
                stubbed = _ingest(bbc_files(STUB_ARTICLES), work, "stub", scheduler=cluster.scheduler_address,
                                  batch_size=64)
            finally:
                pipeline.process_batch = real
        return {
            "dask_local2_vs_jobs2": round(jobs2 / dask2, 3),
            "dask_store_rate": round(STUB_ARTICLES / stubbed, 1),
            "dask_seconds": {"jobs2": round(jobs2, 2), "dask2": round(dask2, 2),
                             f"stub_{STUB_ARTICLES}": round(stubbed, 2)},
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
