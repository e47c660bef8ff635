"""Entity resolution as a spaCy component: one canonical name and label per real entity.

spaCy's NER labels each mention on its own; an article talks about one Keir Starmer. This
component cleans and repairs the model's spans and labels them from context (`mentions`), then
resolves the mentions of an article into entities (surnames and short forms into the full name,
country aliases, acronyms, plural party names), one label voted per entity (`resolution`). Word
lists live in `lexicon`.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ingest.entities.lexicon import TITLES
from ingest.entities.mentions import NameSpan, clean_mention, strip_title
from ingest.entities.resolution import resolve
from ingest.models import MentionRecord
from ingest.paragraphs import paragraph_at, paragraph_bounds

__all__ = ["TITLES", "NameSpan", "clean_mention", "mention_records", "resolve", "strip_title"]

for _extension in ("entities", "mentions", "name_spans"):
    if not Doc.has_extension(_extension):
        Doc.set_extension(_extension, default=None)


def mention_records(name_spans: list[NameSpan], text: str) -> list[MentionRecord]:
    """The mentions as the article keeps them: entity, paragraph, text and character offsets."""
    bounds = paragraph_bounds(text)
    return [MentionRecord(n.entity, paragraph_at(bounds, n.start), n.text, n.start, n.end) for n in name_spans]


@Language.component("archive_entities")
def entities_component(doc: Doc) -> Doc:
    """Set `doc._.entities` (EntityRecord list), `doc._.mentions` (MentionRecord list) and, for the
    quote component, `doc._.name_spans` (NameSpan list: the mentions with their tokens)."""
    doc._.entities, doc._.name_spans = resolve(doc)
    doc._.mentions = mention_records(doc._.name_spans, doc.text)
    return doc
