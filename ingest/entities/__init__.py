"""Entity resolution as a spaCy component: one canonical name and label per real entity.

spaCy's NER labels each mention on its own; an article talks about one Keir Starmer. This
component cleans and repairs the model's spans and labels them from context (`mentions`), then
groups the mentions of an article (surnames and short forms into the full name, country aliases,
acronyms, plural party names) and votes a label per group (`grouping`). Word lists live in `lexicon`.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ingest.entities.grouping import resolve
from ingest.entities.lexicon import TITLES
from ingest.entities.mentions import Mention, clean_mention, strip_title

__all__ = ["TITLES", "Mention", "clean_mention", "resolve", "strip_title"]

if not Doc.has_extension("entities"):
    Doc.set_extension("entities", default=None)
    Doc.set_extension("mentions", default=None)


@Language.component("archive_entities")
def entities_component(doc: Doc) -> Doc:
    """Set `doc._.entities` (EntityRecord list) and `doc._.mentions` (Mention list)."""
    doc._.entities, doc._.mentions = resolve(doc)
    return doc
