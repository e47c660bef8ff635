"""The public schema as SQLAlchemy 2.x typed models. Alembic migrations create it; never create_all."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Source(Base):
    """Where articles come from: a publication or feed."""

    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    domain: Mapped[str | None] = mapped_column(Text)


class Article(Base):
    """One news article: normalised text and metadata."""

    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    url: Mapped[str | None] = mapped_column(Text, unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    byline: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[str | None] = mapped_column(String, index=True)
    language: Mapped[str | None] = mapped_column(String)
    text: Mapped[str] = mapped_column(Text)
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    content_hash: Mapped[str] = mapped_column(String, unique=True)
    origin: Mapped[str | None] = mapped_column(Text, index=True)
    nlp_version: Mapped[str | None] = mapped_column(String, index=True)
    ingested_at: Mapped[str] = mapped_column(String)
    updated_at: Mapped[str | None] = mapped_column(String)
    metadata_json: Mapped[str | None] = mapped_column(Text)
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id"), index=True)
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("ingest_runs.id"), index=True
    )  # the run that stored this text


class ArticleVersion(Base):
    """An earlier version of an article, kept when an update replaced its text."""

    __tablename__ = "article_versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    byline: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[str | None] = mapped_column(String)
    url: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String)
    stored_at: Mapped[str | None] = mapped_column(String)
    replaced_at: Mapped[str] = mapped_column(String)


class Paragraph(Base):
    """A paragraph of an article, with its offsets in `articles.text`."""

    __tablename__ = "paragraphs"
    __table_args__ = (UniqueConstraint("article_id", "position"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    char_start: Mapped[int] = mapped_column(Integer)
    char_end: Mapped[int] = mapped_column(Integer)
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("paragraphs.id", ondelete="SET NULL"), index=True)


class Entity(Base):
    """A person, organisation, place or group, one row per (name, type) across the archive."""

    __tablename__ = "entities"
    __table_args__ = (UniqueConstraint("name", "type"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String, index=True)


class Author(Base):
    """A person a byline names, once across the archive (ingest.bylines)."""

    __tablename__ = "authors"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)


class ArticleAuthor(Base):
    """Who wrote an article, in byline order."""

    __tablename__ = "article_authors"
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id", ondelete="CASCADE"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer)  # 1-based


class EntityName(Base):
    """A name and type as articles resolve an entity, and the archive entity it stands for
    (archive.identity decides: one type per name, a surname alone linked to the person it means,
    people's corrections). Mentions and quotes keep the name they were stored under."""

    __tablename__ = "entity_names"
    __table_args__ = (UniqueConstraint("name", "type"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    mentions: Mapped[int] = mapped_column(Integer, server_default="0")  # stored mentions under this name
    # Its comparison keys (archive.identity.keys_of); NULL until a consolidation fills them in.
    folded: Mapped[str | None] = mapped_column(Text, index=True)
    shape: Mapped[str | None] = mapped_column(Text, index=True)
    surname: Mapped[str | None] = mapped_column(Text, index=True)
    surname_long: Mapped[str | None] = mapped_column(Text, index=True)


class IdentityQueue(Base):
    """A name mentions or quotes were stored or deleted under since the last consolidation: the next
    decides it again, with the names linked to it (archive.entities.consolidate_queued)."""

    __tablename__ = "identity_queue"
    name_id: Mapped[int] = mapped_column(ForeignKey("entity_names.id", ondelete="CASCADE"), primary_key=True)


class EntityCorrection(Base):
    """A person's decision about entity identity, kept by name so that every later ingest and
    reprocess honours it: merge or rename an entity into another, split a name off into its own."""

    __tablename__ = "entity_corrections"
    __table_args__ = (CheckConstraint("action in ('merge', 'rename', 'split')", name="correction_action"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action: Mapped[str] = mapped_column(String)
    name: Mapped[str] = mapped_column(Text, index=True)
    type: Mapped[str | None] = mapped_column(String)  # NULL: the name with any type
    to_name: Mapped[str | None] = mapped_column(Text)
    to_type: Mapped[str | None] = mapped_column(String)
    created_at: Mapped[str] = mapped_column(String)


class Mention(Base):
    """Where an article names an entity, as written."""

    __tablename__ = "mentions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    paragraph_id: Mapped[int] = mapped_column(ForeignKey("paragraphs.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    char_start: Mapped[int] = mapped_column(Integer)
    char_end: Mapped[int] = mapped_column(Integer)
    name_id: Mapped[int | None] = mapped_column(ForeignKey("entity_names.id"), index=True)  # as the article named it


class Quote(Base):
    """Who said what: a quoted fragment or a reported claim, with its speaker."""

    __tablename__ = "quotes"
    __table_args__ = (CheckConstraint("kind in ('direct', 'partial', 'indirect')", name="quote_kind"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    paragraph_id: Mapped[int] = mapped_column(ForeignKey("paragraphs.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String, index=True)
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"), index=True)
    speaker_text: Mapped[str | None] = mapped_column(Text)
    cue: Mapped[str | None] = mapped_column(String)
    char_start: Mapped[int] = mapped_column(Integer)
    char_end: Mapped[int] = mapped_column(Integer)
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("quote_clusters.id"), index=True)
    attribution: Mapped[str | None] = mapped_column(String)  # the rule that named the speaker
    confidence: Mapped[float | None] = mapped_column(Float)  # how often that rule is right, 0-1
    speaker_name_id: Mapped[int | None] = mapped_column(ForeignKey("entity_names.id"), index=True)


class Story(Base):
    """Articles that are copies or light edits of one another (one wire story across outlets)."""

    __tablename__ = "stories"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # use_alter: articles.story_id points back here; the cycle is fine in SQLite, this tells SQLAlchemy so.
    first_article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL", use_alter=True), index=True
    )
    first_seen: Mapped[str | None] = mapped_column(String, index=True)
    last_seen: Mapped[str | None] = mapped_column(String)
    n_articles: Mapped[int] = mapped_column(Integer, server_default="0")
    n_sources: Mapped[int] = mapped_column(Integer, server_default="0")


class ArticleFingerprint(Base):
    """An article's MinHash signature over word shingles, and its similarity to its story's first version."""

    __tablename__ = "article_fingerprints"
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    shingles: Mapped[int] = mapped_column(Integer)
    jaccard_to_first: Mapped[float | None] = mapped_column(Float)
    containment_to_first: Mapped[float | None] = mapped_column(Float)


class StoryBand(Base):
    """One LSH band key of an article's signature: articles sharing a key are candidate copies."""

    __tablename__ = "story_bands"
    __table_args__ = {"sqlite_with_rowid": False}
    key: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, index=True)


class QuoteCluster(Base):
    """One quote as carried by several articles: canonical text, speaker, first appearance, reach."""

    __tablename__ = "quote_clusters"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(String)
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id", ondelete="SET NULL"), index=True)
    speaker: Mapped[str | None] = mapped_column(Text)
    first_article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"), index=True)
    first_seen: Mapped[str | None] = mapped_column(String)
    n_quotes: Mapped[int] = mapped_column(Integer, server_default="0")
    n_articles: Mapped[int] = mapped_column(Integer, server_default="0")
    n_sources: Mapped[int] = mapped_column(Integer, server_default="0")


class QuoteKey(Base):
    """A token key of a quote (normalised text, word trigram, or speaker + word) for finding its cluster."""

    __tablename__ = "quote_keys"
    __table_args__ = {"sqlite_with_rowid": False}
    key: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id", ondelete="CASCADE"), primary_key=True, index=True)


class GroupingQueue(Base):
    """An article stored whose story and quote clusters are still to be found, in store order
    (archive.grouping): the fingerprint its worker computed waits here with it."""

    __tablename__ = "grouping_queue"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), unique=True)
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)
    shingles: Mapped[int | None] = mapped_column(Integer)


class IngestRun(Base):
    """One `archive ingest` or `archive reprocess`: what it read and what became of it."""

    __tablename__ = "ingest_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    command: Mapped[str] = mapped_column(String)
    inputs: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[str] = mapped_column(String)
    finished_at: Mapped[str | None] = mapped_column(String)
    nlp_version: Mapped[str | None] = mapped_column(String)
    added: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, server_default="0")  # copies of an article read earlier in the run
    skipped: Mapped[int] = mapped_column(Integer, server_default="0")  # records that are not articles (WARC requests)


class IngestError(Base):
    """An input that could not be stored, and why."""

    __tablename__ = "ingest_errors"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_runs.id"), index=True)
    origin: Mapped[str] = mapped_column(Text)
    error: Mapped[str] = mapped_column(String)
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String)


Index("ix_paragraphs_article_id", Paragraph.article_id)
# What a search match reads from its article, without the article's text (migration 0009).
Index("ix_articles_search", Article.id, Article.source_id, Article.published_at, Article.language, Article.story_id)
