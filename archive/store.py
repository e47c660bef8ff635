"""Storing ProcessedArticles: one transaction per article, idempotent by content hash and URL."""
from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from urllib.parse import urlparse

from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from archive.db import engine as make_engine
from archive.db import migrate
from archive.models import Article, Entity, IngestError, IngestRun, Mention, Paragraph, Quote, Source
from ingest.models import ProcessedArticle

ADDED, UPDATED, UNCHANGED, FAILED = "added", "updated", "unchanged", "failed"


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


@dataclass
class Counts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


class Archive:
    """The archive database: the one Python API behind the CLI, the tests and the benchmarks."""

    def __init__(self, path: str | os.PathLike, create: bool = True):
        self.path = os.fspath(path)
        if create:
            migrate(self.path)
        self.engine = make_engine(self.path)
        self._entity_ids: dict[tuple[str, str], int] = {}
        self._source_ids: dict[str, int] = {}

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ----- articles -------------------------------------------------------------------------

    def store(self, article: ProcessedArticle) -> str:
        """Add, update in place, or skip one article, in one transaction. Returns the outcome."""
        with self.engine.begin() as conn:
            row = conn.execute(
                select(Article.id, Article.nlp_version).where(Article.content_hash == article.content_hash)
            ).first()
            if row is not None:
                if row.nlp_version is None and article.nlp_version is not None:
                    self._replace_derived(conn, row.id, article)
                    conn.execute(update(Article).where(Article.id == row.id)
                                 .values(nlp_version=article.nlp_version, updated_at=now()))
                    return UPDATED
                return UNCHANGED
            same = None
            if article.url:
                same = conn.execute(select(Article.id).where(Article.url == article.url)).scalar()
            if same is None and not article.url and article.origin and article.origin != "<stdin>":
                same = conn.execute(
                    select(Article.id).where(Article.origin == article.origin, Article.url.is_(None))
                ).scalar()
            values = self._article_values(conn, article)
            if same is not None:
                conn.execute(update(Article).where(Article.id == same).values(**values, updated_at=now()))
                self._replace_derived(conn, same, article)
                return UPDATED
            article_id = conn.execute(insert(Article).values(**values, ingested_at=now())).inserted_primary_key[0]
            self._insert_derived(conn, article_id, article)
            return ADDED

    def replace_nlp(self, article_id: int, article: ProcessedArticle) -> None:
        """Replace an article's derived rows with a new NLP result (`archive reprocess`)."""
        with self.engine.begin() as conn:
            self._replace_derived(conn, article_id, article)
            conn.execute(update(Article).where(Article.id == article_id)
                         .values(nlp_version=article.nlp_version, updated_at=now()))

    def _article_values(self, conn: Connection, article: ProcessedArticle) -> dict:
        return dict(
            source_id=self._source_id(conn, article),
            url=article.url,
            title=article.title,
            byline=article.byline,
            published_at=article.published_at,
            language=article.language,
            text=article.text,
            word_count=article.word_count,
            content_hash=article.content_hash,
            origin=article.origin,
            nlp_version=article.nlp_version,
            metadata_json=json.dumps(article.extra, ensure_ascii=False, default=str) if article.extra else None,
        )

    def _source_id(self, conn: Connection, article: ProcessedArticle) -> int | None:
        domain = urlparse(article.url).hostname if article.url else None
        if domain and domain.startswith("www."):
            domain = domain[4:]
        name = article.source or domain
        if not name:
            return None
        if name not in self._source_ids:
            conn.execute(sqlite_insert(Source).values(name=name, domain=domain).on_conflict_do_nothing())
            self._source_ids[name] = conn.execute(select(Source.id).where(Source.name == name)).scalar_one()
        return self._source_ids[name]

    def _replace_derived(self, conn: Connection, article_id: int, article: ProcessedArticle) -> None:
        for table in (Quote, Mention):
            conn.execute(delete(table).where(table.article_id == article_id))
        conn.execute(update(Paragraph).where(Paragraph.article_id == article_id).values(duplicate_of=None))
        conn.execute(delete(Paragraph).where(Paragraph.article_id == article_id))
        self._insert_derived(conn, article_id, article)

    def _insert_derived(self, conn: Connection, article_id: int, article: ProcessedArticle) -> None:
        para_ids: dict[int, int] = {}
        for p in article.paragraphs:
            para_ids[p.position] = conn.execute(insert(Paragraph).values(
                article_id=article_id, position=p.position, text=p.text, char_start=p.char_start,
                char_end=p.char_end, duplicate_of=para_ids.get(p.duplicate_of) if p.duplicate_of else None,
            )).inserted_primary_key[0]
        entity_ids = [self._entity_id(conn, e.name, e.type) for e in article.entities]
        if article.mentions:
            conn.execute(insert(Mention), [
                dict(entity_id=entity_ids[m.entity], article_id=article_id, paragraph_id=para_ids[m.paragraph],
                     text=m.text, char_start=m.char_start, char_end=m.char_end)
                for m in article.mentions
            ])
        if article.quotes:
            conn.execute(insert(Quote), [
                dict(article_id=article_id, paragraph_id=para_ids[q.paragraph], text=q.text, kind=q.kind,
                     speaker_id=entity_ids[q.speaker_entity] if q.speaker_entity is not None else None,
                     speaker_text=q.speaker_text, cue=q.cue, char_start=q.char_start, char_end=q.char_end)
                for q in article.quotes
            ])

    def _entity_id(self, conn: Connection, name: str, type_: str) -> int:
        key = (name, type_)
        if key not in self._entity_ids:
            conn.execute(sqlite_insert(Entity).values(name=name, type=type_).on_conflict_do_nothing())
            self._entity_ids[key] = conn.execute(
                select(Entity.id).where(Entity.name == name, Entity.type == type_)).scalar_one()
        return self._entity_ids[key]

    def prune_entities(self) -> int:
        """Drop entities that no mention or quote refers to any more (after updates)."""
        with self.engine.begin() as conn:
            result = conn.exec_driver_sql(
                "delete from entities where not exists (select 1 from mentions m where m.entity_id = entities.id)"
                " and not exists (select 1 from quotes q where q.speaker_id = entities.id)")
        self._entity_ids.clear()
        return result.rowcount

    # ----- runs and errors ------------------------------------------------------------------

    def start_run(self, command: str, inputs: list[str], nlp_version: str | None) -> int:
        with self.engine.begin() as conn:
            return conn.execute(insert(IngestRun).values(
                command=command, inputs=json.dumps(inputs, ensure_ascii=False), started_at=now(),
                nlp_version=nlp_version, added=0, updated=0, unchanged=0, failed=0,
            )).inserted_primary_key[0]

    def finish_run(self, run_id: int, counts: Counts) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(IngestRun).where(IngestRun.id == run_id).values(
                finished_at=now(), added=counts.added, updated=counts.updated,
                unchanged=counts.unchanged, failed=counts.failed))

    def record_error(self, run_id: int | None, origin: str, error: str, message: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(IngestError).values(run_id=run_id, origin=origin, error=error,
                                                    message=message, created_at=now()))

    # ----- reading --------------------------------------------------------------------------

    def stats(self) -> dict[str, int]:
        tables = {"articles": Article, "paragraphs": Paragraph, "quotes": Quote, "entities": Entity,
                  "mentions": Mention, "sources": Source, "errors": IngestError, "runs": IngestRun}
        with self.engine.connect() as conn:
            return {name: conn.execute(select(func.count()).select_from(model)).scalar_one()
                    for name, model in tables.items()}

    def stale_articles(self, version: str) -> list[int]:
        """Articles whose derived rows come from another pipeline version, or none."""
        with self.engine.connect() as conn:
            return list(conn.execute(select(Article.id).where(
                (Article.nlp_version.is_(None)) | (Article.nlp_version != version)).order_by(Article.id)).scalars())
