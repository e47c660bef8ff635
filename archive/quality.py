"""Scoring an archive against hand-annotated gold articles: who said what, entities, paragraphs.

The gold format is one JSON file per article: `file` (the article, relative to the folder above
the gold folder), `match` (a phrase found in that article only), and any of `paragraphs`,
`near_duplicate_paragraphs`, `quotes` (`text`, `kind`, `speaker`: names, fullest first),
`indirect` (`text`, `speaker`), `entities` (`names`, `types`), `speaker_match` (`mention` when
speakers are annotated as written, e.g. `he`). Everything is read back through the public schema,
so the figures are what a SQL user of the archive gets.

A predicted quote counts when its words overlap a gold quote's by F1 >= 0.8 (one to one, best
pairs first). `speaker_f1` needs the right speaker too (any listed form of the name);
`speaker_full_f1` needs the fullest name (`Blair` for `Tony Blair` is wrong there): the archive
promises the person, not the mention.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

QUOTE_MATCH = 0.8  # token-overlap F1 at which a predicted quote is the gold one
INDIRECT_MATCH = 0.6  # looser for reported speech, whose clause boundaries are a judgment call
CORE_TYPES = {"PERSON", "ORG", "GPE", "LOC", "NORP"}
_STOP = {"the", "a", "an", "of", "and", "he", "she", "it", "they", "his", "her", "its", "their", "who"}
_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "professor", "prof"}
_TITLED = {"mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "the", "a", "an"}


def words(text: str | None) -> list[str]:
    """Lower-cased word tokens, typographic apostrophes folded."""
    return re.findall(r"\w+", (text or "").lower().replace("’", "'"))


def overlap_f1(a: str, b: str) -> float:
    """F1 of the two texts' word multisets."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    common = sum((Counter(wa) & Counter(wb)).values())
    return 2 * common / (len(wa) + len(wb))


def _without_honorifics(key: list[str]) -> list[str]:
    i = 0
    while i < len(key) - 1 and key[i] in _HONORIFICS:
        i += 1
    return key[i:]


def _contains(long: list[str], short: list[str]) -> bool:
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def same_name(name: str | None, aliases: Sequence[str], mention: bool = False) -> bool:
    """Word-for-word the same name as one alias (honorifics aside); with `mention`, a contiguous
    part of it (or the other way round) that shares a content word is enough."""
    key = _without_honorifics(words(name))
    if not key:
        return False
    for alias in aliases:
        gold = _without_honorifics(words(alias))
        if key == gold:
            return True
        if mention and gold:
            short, long = sorted((key, gold), key=len)
            if _contains(long, short) and set(short) - _STOP:
                return True
    return False


def full_names(aliases: Sequence[str]) -> list[str]:
    """The names the strict measure accepts: the first, and any listed name that is neither a part
    of it nor a titled form (`Mr Blair`)."""
    first = words(aliases[0]) if aliases else []
    keep = []
    for alias in aliases:
        key = words(alias)
        part = key != first and _contains(first, key)
        titled = bool(key) and key[0] in _TITLED
        if key == first or (not part and not titled and alias[:1].isupper()):
            keep.append(alias)
    return keep or list(aliases[:1])


def pair(gold: Sequence, pred: Sequence, score: Callable[[Any, Any], float], floor: float = 0.0):
    """Greedy one-to-one matching, best pairs first: [(gold index, predicted index, score)]."""
    candidates = sorted(
        ((score(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred)),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_gold, used_pred, out = set(), set(), []
    for s, i, j in candidates:
        if s <= 0 or s < floor or i in used_gold or j in used_pred:
            continue
        used_gold.add(i)
        used_pred.add(j)
        out.append((i, j, s))
    return out


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class GoldArticle:
    """One annotated article, as read from its JSON file."""

    path: Path
    match: str
    quotes: list[dict] = field(default_factory=list)
    indirect: list[dict] = field(default_factory=list)
    entities: list[dict] | None = None
    paragraphs: int | None = None
    near_duplicates: list[tuple[int, int]] = field(default_factory=list)
    mention_speakers: bool = False

    @property
    def name(self) -> str:
        return self.path.name


def load_gold(folder: str | Path) -> list[GoldArticle]:
    """Every `*.json` gold file of a folder (or of its `gold/` folder: a set given by its own
    folder), articles resolved against the gold folder's parent."""
    folder = Path(folder)
    if not any(folder.glob("*.json")) and (folder / "gold").is_dir():
        folder = folder / "gold"
    out = []
    for file in sorted(folder.glob("*.json")):
        g = json.loads(file.read_text(encoding="utf-8"))
        out.append(
            GoldArticle(
                path=(folder.parent / g["file"]).resolve(),
                match=g["match"],
                quotes=g.get("quotes", []),
                indirect=g.get("indirect", []),
                entities=g.get("entities"),
                paragraphs=g.get("paragraphs"),
                near_duplicates=[tuple(p) for p in g.get("near_duplicate_paragraphs", [])],
                mention_speakers=g.get("speaker_match") == "mention",
            )
        )
    return out


@dataclass
class Report:
    """Counts over a gold set, the figures derived from them, and the lines `-v` prints."""

    articles: int = 0
    counts: Counter = field(default_factory=Counter)
    details: list[str] = field(default_factory=list)
    rules: defaultdict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # per attribution rule

    @property
    def quote_f1(self) -> float:
        return prf(self.counts["q_tp"], self.counts["q_pred"], self.counts["q_gold"])[2]

    @property
    def speaker_f1(self) -> float:
        return prf(self.counts["speaker_ok"], self.counts["q_pred"], self.counts["q_gold"])[2]

    @property
    def speaker_full_f1(self) -> float:
        return prf(self.counts["speaker_full"], self.counts["q_pred"], self.counts["q_gold"])[2]

    @property
    def indirect_recall(self) -> float:
        return self.counts["i_tp"] / self.counts["i_gold"] if self.counts["i_gold"] else math.nan

    @property
    def entity_f1(self) -> float:
        c = self.counts
        return prf(c["e_tp"], c["e_pred"], c["e_gold"])[2] if c["e_gold"] else math.nan

    def summary(self) -> str:
        """The one line that sums a run up, in the format the quality scripts print."""
        found = self.articles - self.counts["missing"]
        return (
            f"SUMMARY quote_f1={self.quote_f1:.3f} speaker_f1={self.speaker_f1:.3f} "
            f"indirect_recall={self.indirect_recall:.3f} entity_f1={self.entity_f1:.3f} "
            f"articles={found}/{self.articles} speaker_full_f1={self.speaker_full_f1:.3f}"
        )

    def rule_lines(self) -> list[str]:
        """Per attribution rule: the matched quotes it attributed and how often the speaker is right
        (the full name on resolved sets): the figures behind each rule's confidence."""
        out = [f"{'rule':<16} {'quotes':>7} {'right':>7} {'share':>6}"]
        for name, c in sorted(self.rules.items(), key=lambda item: -item[1]["quotes"]):
            out.append(f"{name:<16} {c['quotes']:>7} {c['right']:>7} {c['right'] / c['quotes']:>6.3f}")
        return out

    def lines(self) -> list[str]:
        c = self.counts
        qp, qr, _ = prf(c["q_tp"], c["q_pred"], c["q_gold"])
        ep, er, _ = prf(c["e_tp"], c["e_pred"], c["e_gold"]) if c["e_gold"] else (math.nan, math.nan, 0)
        accuracy = c["speaker_ok"] / c["q_tp"] if c["q_tp"] else 0.0
        return [
            f"articles {self.articles - c['missing']}/{self.articles} | paragraph counts {c['para_ok']}/"
            f"{c['para_articles']} | near-duplicates {c['dup_found']}/{c['dup_gold']}",
            f"quotes P={qp:.2f} R={qr:.2f} F1={self.quote_f1:.2f} | speaker accuracy on found quotes {accuracy:.2f}"
            f" | indirect recall {self.indirect_recall:.2f} | entities P={ep:.2f} R={er:.2f} F1={self.entity_f1:.2f}",
            self.summary(),
        ]


def _speaker_right(row: sqlite3.Row, gold: dict, mention: bool) -> tuple[bool, bool]:
    """(right under speaker_f1, right under speaker_full_f1) for a matched quote."""
    said = (row["speaker"], row["speaker_text"])
    if not gold["speaker"]:  # the annotators found nobody: right only when nobody is claimed
        right = not any(said)
        return right, right
    right = any(same_name(s, gold["speaker"], mention) for s in said)
    if mention:
        return right, right
    return right, any(same_name(s, full_names(gold["speaker"])) for s in said)


def score_article(conn: sqlite3.Connection, gold: GoldArticle, report: Report, verbose: bool = False) -> None:
    """Add one gold article's counts (and, verbose, its misses) to the report."""
    c, say = report.counts, report.details.append
    rows = conn.execute("select id from articles where instr(text, ?) > 0", (gold.match,)).fetchall()
    if len(rows) != 1:
        say(f"{gold.name}: {len(rows)} articles hold the match phrase; expected 1")
        c["missing"] += 1
        return
    article_id = rows[0]["id"]

    paragraphs = conn.execute(
        "select id, position, duplicate_of from paragraphs where article_id = ? order by position", (article_id,)
    ).fetchall()
    position_of = {p["id"]: p["position"] for p in paragraphs}
    if gold.paragraphs is not None:
        c["para_articles"] += 1
        c["para_ok"] += len(paragraphs) == gold.paragraphs
    for first, repeat in gold.near_duplicates:
        c["dup_gold"] += 1
        c["dup_found"] += any(
            p["position"] == repeat and position_of.get(p["duplicate_of"]) == first for p in paragraphs
        )

    quotes_sql = """select q.text, q.kind, q.speaker_text, e.name as speaker, q.attribution from quotes q
                    left join entities e on e.id = q.speaker_id where q.article_id = ? and q.kind {} order by q.id"""
    pred = conn.execute(quotes_sql.format("in ('direct', 'partial')"), (article_id,)).fetchall()
    pairs = pair(gold.quotes, pred, lambda g, p: overlap_f1(g["text"], p["text"]), QUOTE_MATCH)
    c["q_gold"] += len(gold.quotes)
    c["q_pred"] += len(pred)
    c["q_tp"] += len(pairs)
    for i, j, _ in pairs:
        right, full = _speaker_right(pred[j], gold.quotes[i], gold.mention_speakers)
        c["speaker_ok"] += right
        c["speaker_full"] += full
        rule = report.rules[pred[j]["attribution"] or "(none)"]
        rule["quotes"] += 1
        rule["right"] += full
        if verbose and not full:
            expected = (gold.quotes[i]["speaker"] or ["no speaker"])[0]
            what = "expected the full name" if right else "expected"
            say(
                f"  {gold.name}: speaker {pred[j]['speaker']!r} ({pred[j]['speaker_text']!r}) for "
                f"{gold.quotes[i]['text'][:50]!r}, {what} {expected!r}"
            )
    if verbose:
        matched_gold, matched_pred = {i for i, _, _ in pairs}, {j for _, j, _ in pairs}
        say_all = [
            f"  {gold.name}: missed quote {q['text'][:70]!r}"
            for i, q in enumerate(gold.quotes)
            if i not in matched_gold
        ]
        say_all += [
            f"  {gold.name}: extra quote {q['text'][:70]!r}" for j, q in enumerate(pred) if j not in matched_pred
        ]
        report.details.extend(say_all)

    reported = conn.execute(quotes_sql.format("= 'indirect'"), (article_id,)).fetchall()
    c["i_gold"] += len(gold.indirect)
    for i, j, _ in pair(gold.indirect, reported, lambda g, p: overlap_f1(g["text"], p["text"]), INDIRECT_MATCH):
        said = (reported[j]["speaker"], reported[j]["speaker_text"])
        c["i_tp"] += any(same_name(s, gold.indirect[i]["speaker"], gold.mention_speakers) for s in said)

    if gold.entities is None:
        return
    entities = [
        e
        for e in conn.execute(
            """select distinct e.id, e.name, e.type from entities e join mentions m on m.entity_id = e.id
               where m.article_id = ? order by e.id""",
            (article_id,),
        )
        if e["type"] in CORE_TYPES
    ]
    found = pair(
        gold.entities,
        entities,
        lambda g, e: 1.0 if same_name(e["name"], g["names"]) and e["type"] in g["types"] else 0.0,
    )
    c["e_gold"] += len(gold.entities)
    c["e_pred"] += len(entities)
    c["e_tp"] += len(found)
    if verbose:
        hit_gold, hit_pred = {i for i, _, _ in found}, {j for _, j, _ in found}
        missed = [e["names"][0] for i, e in enumerate(gold.entities) if i not in hit_gold]
        extra = [f"{e['name']}/{e['type']}" for j, e in enumerate(entities) if j not in hit_pred]
        say(f"  {gold.name}: entities missed {missed} extra {extra}")


def score(conn: sqlite3.Connection, golds: Sequence[GoldArticle], verbose: bool = False) -> Report:
    """Score an archive database that holds the gold articles."""
    conn.row_factory = sqlite3.Row
    report = Report(articles=len(golds))
    for gold in golds:
        score_article(conn, gold, report, verbose)
    return report
