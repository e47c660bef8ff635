"""RawArticle -> ProcessedArticle: normalise, split paragraphs, run the NLP in batches."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ingest.fingerprint import fingerprint
from ingest.models import MentionRecord, ProcessedArticle, QuoteRecord, RawArticle
from ingest.normalize import content_hash, normalize_text
from ingest.paragraphs import build_paragraphs, split_blocks


class EmptyArticleError(ValueError):
    """The input holds no text to archive."""


def prepare(raw: RawArticle) -> ProcessedArticle:
    """Normalised text, paragraphs and identity: everything but the NLP."""
    blocks = split_blocks(normalize_text(raw.text))
    if not blocks:
        raise EmptyArticleError("no text found in the input")
    text, paragraphs, words = build_paragraphs(blocks)
    title = normalize_text(raw.title).replace("\n", " ") if raw.title else None
    return ProcessedArticle(
        text=text,
        content_hash=content_hash(text),
        origin=raw.origin,
        title=title or None,
        url=raw.url,
        byline=raw.byline,
        published_at=raw.published_at,
        source=raw.source,
        language=raw.language or "en",
        word_count=words,
        paragraphs=paragraphs,
        extra=raw.extra,
    )


def _paragraph_at(article: ProcessedArticle, char: int) -> int:
    for p in article.paragraphs:
        if p.char_start <= char <= p.char_end:
            return p.position
    return article.paragraphs[-1].position


def attach(article: ProcessedArticle, doc, version: str) -> ProcessedArticle:
    """Copy what the pipeline's components found in `doc` onto the article."""
    article.entities = list(doc._.entities or [])
    article.mentions = [
        MentionRecord(entity=m.group, paragraph=_paragraph_at(article, m.start), text=m.text,
                      char_start=m.start, char_end=m.end)
        for m in doc._.mentions or []
    ]
    article.quotes = [
        QuoteRecord(paragraph=q.paragraph, text=q.text, kind=q.kind, char_start=q.start, char_end=q.end,
                    speaker_text=q.speaker_text, speaker_entity=q.speaker_entity, cue=q.cue)
        for q in doc._.quotes or []
    ]
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
