"""Reader benchmarks: a CSV export against the same articles as JSON Lines (text only), and a WARC web
archive against the same pages as HTML files."""

from __future__ import annotations

import csv
import io
import json
import statistics
from pathlib import Path

from bench.common import WORK, bbc_files, log, setting, timer

HTML_SETTING = "ARCHIVE_BENCH_HTML"
HTML_WHAT = "a folder of saved news pages (one folder per page, each holding a source.html)"
ROUNDS = 3
COPIES = 20  # each page this many times in the WARC, each copy its own URL and text


def html_pages() -> list[Path]:
    """The saved pages of ARCHIVE_BENCH_HTML, checked."""
    folder = setting(HTML_SETTING, HTML_WHAT, lambda path: any(path.glob("*/source.html")))
    return sorted(folder.glob("*/source.html"))


def _ingest_rate(inputs: list[str], db: str) -> tuple[float, int]:
    """(articles a second, articles) of one in-process `--no-nlp --jobs 1` ingest into a fresh archive."""
    from archive.ingesting import Ingest, Job
    from archive.store import Archive
    from bench.common import scratch

    with Archive(scratch(db)) as archive:
        with timer() as t:
            counts = Ingest(archive, Job(inputs=inputs, nlp=False, jobs=1)).run()
    if counts.failed:
        raise RuntimeError(f"benchmark ingest failed on {counts.failures[:3]}")
    done = counts.added + counts.updated + counts.unchanged + counts.duplicates
    return done / t[0], done


def _alternating(runs: dict[str, list[str]], rounds: int) -> dict[str, list[float]]:
    """Each input set ingested `rounds` times, the sets taking turns (a shared machine's load drifts)."""
    rates: dict[str, list[float]] = {name: [] for name in runs}
    for round_ in range(rounds):
        for name, inputs in runs.items():
            rate, done = _ingest_rate(inputs, f"formats-{name}.db")
            rates[name].append(rate)
            log(f"{name} (round {round_ + 1} of {rounds}): {done} articles, {rate:.0f}/s")
    return rates


def csv_figures(rounds: int = ROUNDS) -> dict:
    """csv_rows_per_s: the BBC corpus as one CSV export (title, text), ingested text only; and the
    same articles as one JSON Lines file, the ratio of the two."""
    from ingest.readers import Failure, read_all

    articles = [a for a in read_all(bbc_files(), "text") if not isinstance(a, Failure)]
    WORK.mkdir(parents=True, exist_ok=True)
    table, lines = WORK / "bbc.csv", WORK / "bbc.jsonl"
    with open(table, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["title", "text"])
        writer.writerows([a.title or "", a.text] for a in articles)
    lines.write_text("".join(json.dumps({"title": a.title, "text": a.text}) + "\n" for a in articles))
    _ingest_rate([str(lines)], "formats-warm.db")  # imports and first-use costs out of the timing
    rates = _alternating({"csv": [str(table)], "jsonl": [str(lines)]}, rounds)
    csv_rate, jsonl_rate = statistics.median(rates["csv"]), statistics.median(rates["jsonl"])
    return {
        "csv_rows_per_s": round(csv_rate, 1),
        "csv_vs_jsonl": round(csv_rate / jsonl_rate, 3),
        "jsonl_records_per_s": round(jsonl_rate, 1),
    }


def _copy(page: bytes, n: int) -> bytes:
    """A page with its first paragraph marked as copy `n`, so every copy is its own article."""
    return page.replace(b"<p>", f"<p>Copy {n}. ".encode(), 1) if b"<p>" in page else page


def warc_figures(rounds: int = ROUNDS) -> dict:
    """warc_records_per_s: HTML page records read, extracted and stored a second from one gzipped
    WARC file (a request record before each response, as crawlers write); and the same pages as
    HTML files, the ratio of the two."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages = [p.read_bytes() for p in html_pages()]
    folder = WORK / "formats-pages"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    warc = WORK / "pages.warc.gz"
    with open(warc, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for n in range(COPIES):
            for i, page in enumerate(pages):
                body, url = _copy(page, n), f"https://site{i}.example/article/{n}"
                (folder / f"{n:03d}-{i:03d}.html").write_bytes(body)
                request = StatusAndHeaders("GET / HTTP/1.1", [], is_http_request=True)
                writer.write_record(
                    writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=request)
                )
                http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
                writer.write_record(
                    writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
                )
    rates = _alternating({"warc": [str(warc)], "html": [str(folder)]}, rounds)
    warc_rate, html_rate = statistics.median(rates["warc"]), statistics.median(rates["html"])
    return {
        "warc_records_per_s": round(warc_rate, 1),
        "warc_vs_html_files": round(warc_rate / html_rate, 3),
        "warc_pages": len(pages) * COPIES,
    }


if __name__ == "__main__":
    print(json.dumps({**csv_figures(), **warc_figures()}, indent=2))
