"""RawArticle -> ProcessedArticle: normalise, split paragraphs, run the NLP in batches."""

from __future__ import annotations

import json
import operator
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from typing import Any

from ingest.bylines import authors
from ingest.fingerprint import fingerprint
from ingest.models import EntityRecord, MentionRecord, ProcessedArticle, QuoteRecord, RawArticle
from ingest.normalize import content_hash, normalize_text
from ingest.paragraphs import build_paragraphs, split_blocks
from ingest.readers.fields import field_text
from ingest.readers.url import without_credentials

# Metadata kept from an input (front matter, JSON keys a reader does not use) is stored as JSON in
# articles.metadata_json: bounded, so a small input cannot become a huge row.
MAX_METADATA_BYTES = 65_536
MAX_METADATA_DEPTH = 32
# Metadata fields are one line without control characters, at most this long (a longer "title" is
# not a title; the whole of it stays in the input).
MAX_TITLE_CHARS = 500
MAX_BYLINE_CHARS = 500
MAX_SOURCE_CHARS = 200
MAX_DATE_CHARS = 100
# The longest article text stored (a 950 KB text fits; no news article comes near): every row stays
# under the length limit of the connections serving the archive (archive.publish.plugin).
MAX_TEXT_CHARS = 2_000_000


class PrepareError(ValueError):
    """The input cannot become an article; `error` is its ingest_errors class."""

    error = "prepare"


class EmptyArticleError(PrepareError):
    """The input holds no text to archive."""

    error = "empty"


class TooLargeError(PrepareError):
    """The article's text is longer than any article the archive stores."""

    error = "too_large"


class MetadataError(PrepareError):
    """The input's metadata is too large, too deeply nested or not valid JSON."""

    error = "metadata"


def _nested_deeper(value: Any, limit: int) -> bool:
    """Whether lists and objects nest more than `limit` levels deep (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list | tuple) else None
        if children is None:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def metadata_json(extra: dict[str, Any]) -> str | None:
    """An article's metadata as stored in articles.metadata_json (None when there is none). Raises
    MetadataError for what must not be stored: NaN or infinite numbers (not JSON), nesting past
    MAX_METADATA_DEPTH, more than MAX_METADATA_BYTES."""
    if not extra:
        return None
    if _nested_deeper(extra, MAX_METADATA_DEPTH):
        raise MetadataError(f"the metadata is nested more than {MAX_METADATA_DEPTH} levels deep")
    try:
        data = json.dumps(extra, ensure_ascii=False, default=str, allow_nan=False)
    except ValueError as exc:
        raise MetadataError("the metadata holds a number that is not finite (NaN or infinite)") from exc
    size = len(data.encode("utf-8"))
    if size > MAX_METADATA_BYTES:
        raise MetadataError(f"the metadata is {size:,} bytes as JSON; the limit is {MAX_METADATA_BYTES:,}")
    return data


def clean_field(value: str | None, limit: int) -> str | None:
    """A metadata field as stored: normalised (control and invisible characters dropped), on one
    line, cut to `limit` characters (ending in an ellipsis when cut); None when nothing is left."""
    if value is None:
        return None
    text = normalize_text(str(value)).replace("\n", " ")
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text or None


def prepare(raw: RawArticle) -> ProcessedArticle:
    """Normalised text, paragraphs and identity: everything but the NLP. Raises PrepareError."""
    metadata_json(raw.extra)
    blocks = split_blocks(normalize_text(raw.text))
    if not blocks:
        raise EmptyArticleError("no text found in the input")
    if sum(map(len, blocks)) > MAX_TEXT_CHARS:
        raise TooLargeError(f"the article's text is over {MAX_TEXT_CHARS:,} characters, the limit for one article")
    text, paragraphs, words = build_paragraphs(blocks)
    return ProcessedArticle(
        text=text,
        content_hash=content_hash(text),
        origin=without_credentials(raw.origin),
        title=clean_field(raw.title, MAX_TITLE_CHARS),
        url=without_credentials(url) if (url := field_text(raw.url)) else None,
        byline=(byline := clean_field(raw.byline, MAX_BYLINE_CHARS)),
        authors=authors(byline),
        published_at=clean_field(raw.published_at, MAX_DATE_CHARS),
        source=clean_field(raw.source, MAX_SOURCE_CHARS),
        language=raw.language or "en",
        word_count=words,
        paragraphs=paragraphs,
        extra=raw.extra,
        whole_input=raw.whole_input,
    )


def attach(article: ProcessedArticle, doc, version: str) -> ProcessedArticle:
    """Copy what the pipeline's components found in `doc` onto the article."""
    article.entities = list(doc._.entities or [])
    article.mentions = list(doc._.mentions or [])
    article.quotes = list(doc._.quotes or [])
    article.nlp_version = version
    # The story fingerprint is made with the rest of the analysis, in the NLP workers; text-only
    # articles get theirs when `archive reprocess` processes them.
    article.fingerprint = fingerprint(article.text)
    return article


def process(articles: Iterable[ProcessedArticle], nlp=None, batch_size: int = 16) -> Iterator[ProcessedArticle]:
    """Run the NLP over prepared articles with `nlp.pipe`, in order."""
    from ingest import nlp as nlp_module

    nlp = nlp or nlp_module.load()
    version = nlp_module.version(nlp)
    pairs = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield attach(article, doc, version)


@dataclass
class NlpFailure:
    """The pipeline failed on one article: the message, picklable across processes and machines."""

    message: str


def process_batch(articles: list[ProcessedArticle]) -> list[ProcessedArticle | NlpFailure]:
    """Run the pipeline over a batch, loading it once per process; the article that breaks it
    fails alone (the rest of the batch is redone one by one). Workers of `--jobs` and of a Dask
    cluster run this."""
    try:
        return list(process(articles))
    except Exception:  # noqa: BLE001 - isolate the culprit below; each failure is reported
        out: list[ProcessedArticle | NlpFailure] = []
        for article in articles:
            try:
                out.extend(process([article]))
            except Exception as exc:  # noqa: BLE001 - becomes an ingest_errors row
                out.append(NlpFailure(f"{type(exc).__name__}: {exc}"))
        return out


# ----- what a worker sends back -----------------------------------------------------------------


def _row_of(record_type) -> operator.attrgetter:
    return operator.attrgetter(*(f.name for f in fields(record_type)))


_ENTITY_ROW, _MENTION_ROW, _QUOTE_ROW = _row_of(EntityRecord), _row_of(MentionRecord), _row_of(QuoteRecord)


def analysis_of(article: ProcessedArticle) -> tuple:
    """An analysed article's NLP output as plain tuples: what a worker sends back to the writer,
    which holds the article it sent (text, paragraphs, metadata) and needs only this. Tuples of
    strings and numbers unpickle much faster than the records (the garbage collector stops tracking
    them) and weigh a fraction of the whole article."""
    return (
        article.nlp_version,
        article.fingerprint,
        tuple(map(_ENTITY_ROW, article.entities)),
        tuple(map(_MENTION_ROW, article.mentions)),
        tuple(map(_QUOTE_ROW, article.quotes)),
    )


def with_analysis(article: ProcessedArticle, analysis: tuple) -> ProcessedArticle:
    """The article with the analysis `analysis_of` made of it (on a worker) attached again."""
    article.nlp_version, article.fingerprint, entities, mentions, quotes = analysis
    article.entities = [EntityRecord(*row) for row in entities]
    article.mentions = [MentionRecord(*row) for row in mentions]
    article.quotes = [QuoteRecord(*row) for row in quotes]
    return article


def analyse_batch(
    process: Callable[[list[ProcessedArticle]], list],
    articles: list[ProcessedArticle],
) -> list[tuple | NlpFailure]:
    """`process(articles)` (process_batch, on a worker) reduced to what travels back: each article's
    `analysis_of`, or its NlpFailure."""
    return [r if isinstance(r, NlpFailure) else analysis_of(r) for r in process(articles)]


def with_analyses(articles: list[ProcessedArticle], analyses: list) -> list[ProcessedArticle | NlpFailure]:
    """`analyse_batch`'s answer for `articles`, back on the articles: what `process_batch` returns."""
    return [a if isinstance(a, NlpFailure) else with_analysis(article, a) for article, a in zip(articles, analyses)]
