"""Story grouping and quote clustering measured on real text: BBC and Wikinews originals, derived copies.

    ARCHIVE_BENCH_CORPUS=... ARCHIVE_BENCH_WIKINEWS=... .venv/bin/python bench/stories_eval.py \
        [--per-section 60] [--copies 3] [--quotes 60]

Originals: BBC News 2004-05 (ARCHIVE_BENCH_CORPUS, research use, read in place) and Wikinews 2019
(ARCHIVE_BENCH_WIKINEWS: the `wikinews_2019.csv` of the vanatteveldt/wikinews collection, CC BY 2.5,
credit: each article's en.wikinews.org URL). ARCHIVE_BENCH_WIKINEWS_HOLDOUT, optional, names a
folder of gold JSON files (`source_url`) whose articles are left out, so that articles held out for
another evaluation are not used here. Copies are derived as outlets make them (tests/story_copies.py).
Distinct originals of one BBC section are the same-topic negatives. Prints pairwise precision and
recall of stories (text only) and of quote clusters (with the NLP on a subset), the similarity of
the closest negative and loosest positive pairs, and whether a rebuild gives the incremental groups.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import sys
import tempfile
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.regrouping import regroup  # noqa: E402
from archive.store import Archive  # noqa: E402
from archive.stories import compare  # noqa: E402
from bench.common import bbc_corpus, setting  # noqa: E402
from ingest.fingerprint import fingerprint  # noqa: E402
from tests.story_copies import (  # noqa: E402
    Doc,
    build_set,
    partitions,
    quote_scores,
    read_article,
    store_all,
    story_scores,
    unique,
)

WIKINEWS_SETTING = "ARCHIVE_BENCH_WIKINEWS"
WIKINEWS_WHAT = "the Wikinews 2019 CSV file (wikinews_2019.csv of the vanatteveldt/wikinews collection)"
HOLDOUT_SETTING = "ARCHIVE_BENCH_WIKINEWS_HOLDOUT"
HOLDOUT_WHAT = "a folder of gold JSON files, each with the source_url of a Wikinews article to leave out"


def wikinews_csv() -> Path:
    """The CSV of ARCHIVE_BENCH_WIKINEWS, checked."""
    return setting(WIKINEWS_SETTING, WIKINEWS_WHAT, Path.is_file)


def holdout_urls() -> set[str]:
    """URLs of ARCHIVE_BENCH_WIKINEWS_HOLDOUT's gold files (none when it is unset)."""
    if not os.environ.get(HOLDOUT_SETTING, "").strip():
        return set()
    folder = setting(HOLDOUT_SETTING, HOLDOUT_WHAT, lambda path: any(path.glob("*.json")))
    return {_wikinews_url(json.loads(p.read_text())["source_url"]) for p in folder.glob("*.json")}


def _wikinews_url(url: str) -> str:
    """The collection writes `en.wikinews.org//wiki/...`: one form for both sides of the comparison."""
    return url.replace("//wiki/", "/wiki/")


def bbc(per_section: int) -> list[Doc]:
    """The first `per_section` articles of each BBC section, exact and near-exact duplicates left out."""
    docs, seen = [], set()
    for section in sorted(p for p in bbc_corpus().iterdir() if p.is_dir()):
        taken = 0
        for path in sorted(section.glob("*.txt")):
            doc = read_article(path)
            digest = hashlib.sha1(" ".join(doc.paragraphs[1:]).encode()).hexdigest()
            if len(doc.paragraphs) < 4 or digest in seen or doc.title in seen:
                continue
            seen.update((digest, doc.title))
            doc.extra["section"] = section.name
            docs.append(doc)
            taken += 1
            if taken == per_section:
                break
    return _without_near_duplicates(docs)


def _without_near_duplicates(docs: list[Doc]) -> list[Doc]:
    """The BBC set republishes some articles; keep one of each (Jaccard >= 0.5 counts as the same)."""
    kept, prints = [], []
    for doc in docs:
        fp = fingerprint(doc.text)
        if all(fp.jaccard(other) < 0.5 for other in prints):
            kept.append(doc)
            prints.append(fp)
    return kept


def wikinews(left_out: set[str]) -> list[Doc]:
    """Wikinews 2019 articles of four paragraphs or more, dateline dropped, `left_out` URLs left out."""
    csv.field_size_limit(10**9)
    docs = []
    with open(wikinews_csv(), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            url = _wikinews_url(row["url"])
            paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", row["text"]) if p.strip()]
            if paragraphs and re.match(r"^\w+day, \w+ \d+, \d{4}$", paragraphs[0]):
                paragraphs = paragraphs[1:]
            if url in left_out or len(paragraphs) < 4:
                continue
            docs.append(
                Doc(
                    url,
                    url,
                    row["title"],
                    paragraphs,
                    [(url, i) for i in range(len(paragraphs))],
                    extra={"section": "wikinews"},
                )
            )
    return docs


def similarity_margins(docs: list[Doc]) -> dict:
    """Loosest copy (vs its original) and closest pair of distinct stories in one section."""
    prints = {d.key: fingerprint(d.text) for d in docs}
    originals = {d.story: d for d in docs if d.key == d.story}
    positives = [compare(prints[d.key], prints[d.story]) for d in docs if d.key != d.story]
    negatives = []
    sections: dict = {}
    for d in originals.values():
        sections.setdefault(d.extra.get("section"), []).append(d)
    for members in sections.values():
        negatives.extend(compare(prints[a.key], prints[b.key]) for a, b in combinations(members, 2))
    return {
        "copy_pairs": len(positives),
        "copy_min_jaccard": round(min(m.jaccard for m in positives), 3),
        "copy_min_containment": round(min(m.containment for m in positives), 3),
        "distinct_pairs": len(negatives),
        "distinct_max_jaccard": round(max(m.jaccard for m in negatives), 3),
        "distinct_max_containment": round(max(m.containment for m in negatives), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-section", type=int, default=60)
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--quotes", type=int, default=60, help="originals run through the NLP for quote clusters")
    args = parser.parse_args()
    bbc_corpus()  # missing settings fail before any work
    wikinews_csv()
    left_out = holdout_urls()
    originals = bbc(args.per_section) + wikinews(left_out)
    docs = build_set(originals, args.copies, shared_quotes=len(originals) // 4)
    report: dict = {
        "originals": len(originals),
        "wikinews_holdout_urls": len(left_out),
        "articles": len(docs),
        **similarity_margins(docs),
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "stories.db"
        ids = store_all(path, docs)
        docs = unique(docs, ids)
        report["articles"] = len(docs)
        report["story_precision"], report["story_recall"] = story_scores(path, docs, ids)
        from ingest import nlp as nlp_module

        quoted = [d for d in originals if '"' in d.text or "\u201c" in d.text][: args.quotes]
        qdocs = build_set(quoted, args.copies, seed=9, shared_quotes=len(quoted) // 3)
        qpath = Path(tmp) / "quotes.db"
        qids = store_all(qpath, qdocs, nlp=nlp_module.load())
        qdocs = unique(qdocs, qids)
        (precision, recall), n = quote_scores(qpath, qdocs, qids, {d.key: d for d in quoted})
        report.update(quote_articles=len(qdocs), quotes_scored=n, quote_precision=precision, quote_recall=recall)
        before = partitions(qpath)
        with Archive(qpath) as archive:
            regroup(archive)
        report["rebuild_equals_incremental"] = partitions(qpath) == before
    print(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in report.items()}, indent=2))


if __name__ == "__main__":
    main()
