"""Ingest benchmarks: the archive's ingest against bare spaCy, --jobs 2 against --jobs 1, the
--no-nlp rate, and peak memory of ingests of different sizes."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import WORK, Recording, bbc_files, log, scratch, timer

RSS_WRAPPER = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""
# `archive ingest` with the language identifier's model (~100 MB) loaded at start, as the NLP runs
# load spaCy's: the ingest loads it when the first article that is not obviously English comes,
# which the first 200 BBC articles may never hold. The ratio is then what the inputs add.
CLI_WITH_LANGUAGE_MODEL = """
from ingest.readers.language import identifier
identifier()
from archive.cli import cli
cli()
"""


def _ingest(files: list[str], db: str, nlp: bool, jobs: int = 1, kept: list | None = None) -> tuple[float, object]:
    """Seconds for one in-process ingest run into a fresh archive (schema made before timing)."""
    from archive.ingesting import Ingest, Job
    from archive.store import Archive
    from ingest.readers.language import identifier

    identifier()  # the language model (~0.8 s) is start-up, loaded before timing like spaCy's
    with Archive(scratch(db)) as archive:
        target = Recording(archive, kept) if kept is not None else archive
        with timer() as t:
            counts = Ingest(target, Job(inputs=files, nlp=nlp, jobs=jobs)).run()
    if counts.failed:
        raise RuntimeError(f"benchmark ingest failed on {counts.failures[:3]}")
    return t[0], counts


def nlp_figures(count: int = 300, rounds: int = 2) -> tuple[dict, list]:
    """ingest_vs_bare_spacy and jobs2_speedup on the same `count` articles; also the processed
    articles (for the growth benchmark). `--jobs 1` and `--jobs 2` run alternately, `rounds` times
    each, and the speedup is total over total: one ~20 s run of either differs by a tenth or more
    from the same run a minute later on a shared machine (one pair alone gave 1.59 to 1.72)."""
    import spacy

    from ingest import nlp as nlp_module
    from ingest.pipeline import prepare
    from ingest.readers import Failure, read_all

    files = bbc_files(count)
    texts = [prepare(item).text for item in read_all(files, "text") if not isinstance(item, Failure)]
    nlp_module.load()  # the archive's pipeline, loaded before timing (start-up excluded)
    bare = spacy.load(nlp_module.model_name())
    list(bare.pipe(texts[:8]))
    log(f"bare spaCy nlp.pipe on {len(texts)} articles")
    with timer() as bare_t:
        for _doc in bare.pipe(texts):
            pass
    del bare
    kept: list = []
    seconds: dict[int, list[float]] = {1: [], 2: []}
    for round_ in range(rounds):
        for jobs in (1, 2):
            log(f"archive ingest --jobs {jobs} (round {round_ + 1} of {rounds})")
            elapsed, _ = _ingest(
                files, f"nlp-jobs{jobs}.db", nlp=True, jobs=jobs, kept=kept if jobs == 1 and round_ == 0 else None
            )
            seconds[jobs].append(elapsed)
    jobs1 = seconds[1][0]  # beside the bare spaCy run it is set against
    log(f"bare {bare_t[0]:.1f} s, jobs1 {seconds[1]} s, jobs2 {seconds[2]} s")
    return {
        "ingest_vs_bare_spacy": round(bare_t[0] / jobs1, 3),
        "jobs2_speedup": round(sum(seconds[1]) / sum(seconds[2]), 3),
        "seconds_bare_spacy_300": round(bare_t[0], 2),
        "seconds_ingest_jobs1_300": [round(t, 2) for t in seconds[1]],
        "seconds_ingest_jobs2_300": [round(t, 2) for t in seconds[2]],
    }, kept


def no_nlp_figures(runs: int = 3) -> dict:
    """Text-only ingest rate over the whole BBC corpus, in-process with imports and schema done:
    `--no-nlp --jobs 2` (files prepared in two processes, the configuration for 2 cores), the median
    of `runs` runs (one run takes ~1.5 s, and the same run differs by a quarter from one minute to
    the next on this shared machine; the SQLite floor beside it is a median too), and `--jobs 1`."""
    files = bbc_files()
    _ingest(files[:20], "no-nlp-warm.db", nlp=False)  # imports and first-use costs out of the timing
    rates: dict[int, list[float]] = {1: [], 2: []}
    for jobs, times in ((1, 1), (2, runs)):
        for _ in range(times):
            seconds, counts = _ingest(files, "no-nlp.db", nlp=False, jobs=jobs)
            done = counts.added + counts.updated + counts.unchanged
            rates[jobs].append(done / seconds)
            log(f"--no-nlp --jobs {jobs}: {done} articles in {seconds:.2f} s")
    return {
        "no_nlp_articles_per_s": round(statistics.median(rates[2]), 1),
        "no_nlp_articles_per_s_runs": [round(rate, 1) for rate in rates[2]],
        "no_nlp_articles_per_s_jobs1": round(rates[1][0], 1),
        "no_nlp_articles": done,
    }


def peak_rss_kb(files: list[str], db: str, nlp: bool) -> int:
    """Peak RSS of an `archive ingest` subprocess, read by a fresh wrapper process."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(files))
    folder = Path(scratch(db).with_suffix(".inputs"))
    if folder.exists():
        for link in folder.iterdir():
            link.unlink()
    folder.mkdir(exist_ok=True)
    for i, f in enumerate(files):
        (folder / f"{i:05d}.txt").symlink_to(f)
    Path(listing.name).unlink()
    cmd = [
        sys.executable,
        "-c",
        RSS_WRAPPER,
        sys.executable,
        "-c",
        CLI_WITH_LANGUAGE_MODEL,
        "ingest",
        "--db",
        str(WORK / db),
        str(folder),
    ] + ([] if nlp else ["--no-nlp"])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return int(out.strip().splitlines()[-1])


def rss_figures(nlp: bool = False) -> dict:
    """ingest_peak_rss_ratio: peak memory ingesting 2,225 articles over ingesting 200."""
    small = peak_rss_kb(bbc_files(200), "rss-200.db", nlp)
    large = peak_rss_kb(bbc_files(), "rss-all.db", nlp)
    log(f"peak RSS: 200 articles {small / 1024:.0f} MB, all {large / 1024:.0f} MB")
    return {
        "ingest_peak_rss_ratio": round(large / small, 3),
        "ingest_peak_rss_mb_200": round(small / 1024, 1),
        "ingest_peak_rss_mb_2225": round(large / 1024, 1),
    }


if __name__ == "__main__":
    print(json.dumps({**no_nlp_figures(), **rss_figures()}, indent=2))
