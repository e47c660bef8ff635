"""Deriving outlet copies of real articles, and scoring story and quote grouping by pairwise P/R.

Shared by tests/test_stories.py (Wikinews fixtures) and bench/stories_eval.py (BBC corpus).
A copy gets a new headline and three of: paragraphs dropped, two paragraphs swapped, a paragraph
added, an updated first paragraph, quote marks swapped (curly <-> straight). Every paragraph
remembers the original paragraph it came from, so a quote found in a copy maps back to the quoted
span of the original it repeats.
"""

from __future__ import annotations

import hashlib
import random
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from archive.store import Archive
from ingest.models import RawArticle
from ingest.pipeline import prepare, process

Origin = tuple[str, int]  # (original article key, paragraph index)

HEADLINES = ("UPDATE: {}", "{} - reports", "Breaking: {}", "{}, officials say", "What we know: {}")
LEDES = (
    "Updated on {day}: this story has been revised with new information as events develop.",
    "The following report was updated on {day} after further details emerged from officials.",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
ADDED = (
    "This article contains reporting from {agency}. Additional reporting by staff writers.",
    "Readers can follow further coverage of this story on our website and on {agency}'s live pages.",
)
AGENCIES = ("Reuters", "the Associated Press", "AFP", "the Press Association")


@dataclass
class Doc:
    """One article of the evaluation set, with where each paragraph came from."""

    key: str
    story: str  # gold story: the original's key
    title: str
    paragraphs: list[str]
    origins: list[Origin | None]  # per paragraph; None for an outlet's own paragraph
    source: str = "original"
    extra: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def read_article(path: Path) -> Doc:
    """A text file: title on line 1, then blank-line separated paragraphs."""
    title, _, body = path.read_text(encoding="utf-8", errors="replace").strip().partition("\n")
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", body) if p.strip()]
    key = f"{path.parent.name}/{path.stem}"
    return Doc(key, key, title.strip(), paragraphs, [(key, i) for i in range(len(paragraphs))])


def curly(text: str) -> str:
    text = re.sub(r'"([^"]*)"', "\u201c\\1\u201d", text)
    return text.replace("'", "\u2019")


def straight(text: str) -> str:
    return text.translate(str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"}))


def swap_quotes(text: str) -> str:
    """Straight quotes become typographic and typographic ones straight."""
    return straight(text) if re.search("[\u201c\u201d\u2019]", text) else curly(text)


def derive(doc: Doc, rng: random.Random, number: int, source: str) -> Doc:
    """One outlet's copy of `doc`: new headline and three random edits."""
    paragraphs, origins = list(doc.paragraphs), list(doc.origins)
    edits = rng.sample(["drop", "swap", "add", "lede", "quotes"], 3)
    if "drop" in edits and len(paragraphs) >= 5:
        for _ in range(max(1, len(paragraphs) // 5)):
            i = rng.randrange(1, len(paragraphs))
            del paragraphs[i], origins[i]
    if "swap" in edits and len(paragraphs) >= 4:
        i = rng.randrange(1, len(paragraphs) - 1)
        paragraphs[i], paragraphs[i + 1] = paragraphs[i + 1], paragraphs[i]
        origins[i], origins[i + 1] = origins[i + 1], origins[i]
    if "add" in edits:
        i = rng.randrange(1, len(paragraphs) + 1)
        paragraphs.insert(i, rng.choice(ADDED).format(agency=rng.choice(AGENCIES)))
        origins.insert(i, None)
    if "lede" in edits:
        paragraphs[0] = rng.choice(LEDES).format(day=rng.choice(DAYS)) + " " + paragraphs[0]
    if "quotes" in edits:
        paragraphs = [swap_quotes(p) for p in paragraphs]
    title = rng.choice(HEADLINES).format(doc.title)
    return Doc(f"{doc.key}#copy{number}", doc.story, title, paragraphs, origins, source, {"edits": edits})


def with_shared_quote(doc: Doc, donor: Doc) -> Doc | None:
    """`doc` with a quoted paragraph of `donor` added: another story carrying the same quote."""
    for i, paragraph in enumerate(donor.paragraphs):
        if re.search(r'"[^"]{20,}"|\u201c[^\u201d]{20,}\u201d', paragraph):
            at = min(2, len(doc.paragraphs))
            return replace(
                doc,
                paragraphs=doc.paragraphs[:at] + [paragraph] + doc.paragraphs[at:],
                origins=doc.origins[:at] + [donor.origins[i]] + doc.origins[at:],
            )
    return None


def build_set(originals: list[Doc], copies: int, seed: int = 8, shared_quotes: int = 0) -> list[Doc]:
    """Originals (some carrying a quote of another original) and `copies` derived copies of each."""
    rng = random.Random(seed)
    docs = list(originals)
    for n in range(min(shared_quotes, len(docs) - 1)):
        changed = with_shared_quote(docs[n], originals[n + 1])
        if changed is not None:
            docs[n] = changed
    out: list[Doc] = []
    for doc in docs:
        out.append(doc)
        out.extend(derive(doc, rng, i, f"outlet{i}") for i in range(1, copies + 1))
    return out


# ----- quote identity -------------------------------------------------------------------------

_SPANS = re.compile(r'"([^"]+)"')


def _squash(text: str) -> str:
    return re.sub(r"\W+", " ", straight(text)).strip().casefold()


def quote_origin(doc: Doc, originals: dict[str, Doc], paragraph: int, text: str) -> tuple | None:
    """The quoted span of an original that a quote (found in `doc`'s 1-based `paragraph`) repeats."""
    if paragraph - 1 >= len(doc.origins) or doc.origins[paragraph - 1] is None:
        return None
    key, index = doc.origins[paragraph - 1]
    source = originals[key].paragraphs[index]
    wanted = _squash(text)
    for n, match in enumerate(_SPANS.finditer(straight(source))):
        if wanted and wanted in _squash(match.group(1)):
            return key, index, n
    return None


# ----- scoring --------------------------------------------------------------------------------


def _pairs(counts: Iterable[int]) -> int:
    return sum(n * (n - 1) // 2 for n in counts)


def pairwise(gold: list, predicted: list) -> tuple[float, float]:
    """Pairwise precision and recall of a clustering (two labels per item)."""
    both = _pairs(Counter(zip(gold, predicted)).values())
    pred_pairs, gold_pairs = _pairs(Counter(predicted).values()), _pairs(Counter(gold).values())
    return (both / pred_pairs if pred_pairs else 1.0), (both / gold_pairs if gold_pairs else 1.0)


# ----- storing and reading back ---------------------------------------------------------------


def store_all(path: Path, docs: list[Doc], nlp=None) -> dict[str, int]:
    """Store the docs in order (with the NLP when given); returns doc key -> article id.

    A copy whose text is the original's word for word is the same article to the archive (its
    content hash): it is not stored, and `unique` drops it from the scoring.
    """
    ids = {}
    prepared = [
        prepare(
            RawArticle(
                text=d.text,
                origin=d.key,
                title=d.title,
                source=d.source,
                url=f"https://{d.source}.example/{hashlib.sha1(d.key.encode()).hexdigest()}",
            )
        )
        for d in docs
    ]
    articles = process(prepared, nlp=nlp) if nlp is not None else prepared
    with Archive(path) as archive:
        for article in articles:
            archive.store(article)
    conn = sqlite3.connect(path)
    for key, article_id in conn.execute("select origin, id from articles"):
        ids[key] = article_id
    conn.close()
    return ids


def unique(docs: list[Doc], ids: dict[str, int]) -> list[Doc]:
    """The docs that were stored as articles of their own."""
    return [d for d in docs if d.key in ids]


def story_scores(path: Path, docs: list[Doc], ids: dict[str, int]) -> tuple[float, float]:
    """Pairwise precision and recall of `articles.story_id` against the originals the docs came from."""
    conn = sqlite3.connect(path)
    story = dict(conn.execute("select id, story_id from articles"))
    conn.close()
    return pairwise([d.story for d in docs], [story[ids[d.key]] for d in docs])


def quote_scores(path: Path, docs: list[Doc], ids: dict[str, int], originals: dict[str, Doc]):
    """Pairwise P/R of quote clusters over direct and partial quotes that map to an original's quoted span."""
    conn = sqlite3.connect(path)
    by_id = {ids[d.key]: d for d in docs}
    gold, predicted = [], []
    for article_id, position, text, cluster in conn.execute(
        "select q.article_id, p.position, q.text, q.cluster_id from quotes q join paragraphs p"
        " on p.id = q.paragraph_id where q.kind in ('direct', 'partial') order by q.id"
    ):
        origin = quote_origin(by_id[article_id], originals, position, text)
        if origin is not None:
            gold.append(origin)
            predicted.append(cluster)
    conn.close()
    return pairwise(gold, predicted), len(gold)


def partitions(path: Path) -> tuple[set, set]:
    """The archive's stories and quote clusters as sets of member ids (ids of groups left out)."""
    conn = sqlite3.connect(path)
    story_groups: dict = {}
    for article_id, story in conn.execute("select id, story_id from articles"):
        story_groups.setdefault(story, set()).add(article_id)
    quote_groups: dict = {}
    for quote_id, cluster in conn.execute("select id, cluster_id from quotes"):
        quote_groups.setdefault(cluster, set()).add(quote_id)
    conn.close()
    return ({frozenset(g) for g in story_groups.values()}, {frozenset(g) for g in quote_groups.values()})
