"""Quote extraction and attribution as a spaCy component: who said what, and how.

Three passes over an article's Doc:
1. quoted spans per paragraph (`spans`: curly, straight and mixed marks, nesting, unclosed marks
   running to the end of the paragraph as the convention for multi-paragraph quotes);
2. attribution (`direct`, `cues`, `speakers`): a speech cue next to the quote (before, after,
   inside a split quote, ending the previous paragraph) and its subject; else a follow-on of the
   last speaker; pronouns, surnames, titles and descriptions resolved to the person named;
3. reported speech without quote marks (`reported`: `X said that ...`, `according to X, ...`).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ingest.quotes.article import Article
from ingest.quotes.direct import QuoteFinder
from ingest.quotes.reported import ReportedSpeech
from ingest.quotes.spans import MarkedSpan, find_marked_spans
from ingest.quotes.speakers import Speakers
from ingest.references import References

__all__ = ["MarkedSpan", "find_marked_spans", "quotes_component"]

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)


@Language.component("archive_quotes", requires=["doc.ents"])
def quotes_component(doc: Doc) -> Doc:
    """Set `doc._.quotes` (QuoteRecord list): direct, partial and indirect quotes with speakers and cues."""
    article = Article(doc)
    references = References(doc, article.entities, article.name_spans, article.inside)
    speakers = Speakers(article, references)
    doc._.quotes = QuoteFinder(article, speakers).quotes() + ReportedSpeech(article, speakers).quotes()
    return doc
