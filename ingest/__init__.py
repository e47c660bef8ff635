"""Pure ingest: raw input in, ProcessedArticle out. Never touches the database."""

from ingest.models import (  # noqa: F401
    EntityRecord,
    MentionRecord,
    ParagraphRecord,
    ProcessedArticle,
    QuoteRecord,
    RawArticle,
)
