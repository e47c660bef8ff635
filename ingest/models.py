"""The dataclasses at the seams of the ingest flow: RawArticle in, ProcessedArticle out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ingest.fingerprint import Fingerprint


@dataclass
class RawArticle:
    """Text and metadata as a reader found them, before normalisation."""

    text: str
    origin: str
    title: str | None = None
    url: str | None = None
    byline: str | None = None
    published_at: str | None = None
    source: str | None = None
    language: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # The input's only article (a text or HTML file): without a URL its origin, a path, names it, so
    # an edited file updates it. A record of a multi-record input (`file.jsonl:3`) is named by its
    # text alone: a line number says nothing about which article it is.
    whole_input: bool = False


@dataclass
class ParagraphRecord:
    position: int  # 1-based
    text: str
    char_start: int  # offsets in the article's normalised text
    char_end: int
    duplicate_of: int | None = None  # position of the earlier paragraph this one repeats


@dataclass
class EntityRecord:
    """One real-world entity of the article: canonical name and OntoNotes label."""

    name: str
    type: str


@dataclass
class MentionRecord:
    """One place the article names an entity, as written, with character offsets into its text."""

    entity: int  # index into ProcessedArticle.entities
    paragraph: int  # 1-based position
    text: str
    char_start: int
    char_end: int


@dataclass
class QuoteRecord:
    """One quoted fragment or reported claim, with character offsets into the article's text."""

    paragraph: int  # 1-based position
    text: str
    kind: str  # direct | partial | indirect
    char_start: int
    char_end: int
    speaker_text: str | None = None
    speaker_entity: int | None = None  # index into ProcessedArticle.entities
    cue: str | None = None
    attribution: str | None = None  # the rule that named the speaker (ingest.quotes.rules)
    confidence: float | None = None  # how often that rule is right, 0-1


@dataclass
class ProcessedArticle:
    """Normalised text with everything derived from it, ready to store."""

    text: str
    content_hash: str
    origin: str
    title: str | None = None
    url: str | None = None
    byline: str | None = None  # as the reader found it
    authors: list[str] = field(default_factory=list)  # the people it names (ingest.bylines)
    published_at: str | None = None
    source: str | None = None
    language: str | None = None
    word_count: int = 0
    paragraphs: list[ParagraphRecord] = field(default_factory=list)
    entities: list[EntityRecord] = field(default_factory=list)
    mentions: list[MentionRecord] = field(default_factory=list)
    quotes: list[QuoteRecord] = field(default_factory=list)
    nlp_version: str | None = None  # None when stored without NLP
    extra: dict[str, Any] = field(default_factory=dict)
    fingerprint: Fingerprint | None = None  # MinHash of the text, for grouping copies into stories
    whole_input: bool = False  # as RawArticle.whole_input: the origin identifies a URL-less article
