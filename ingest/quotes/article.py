"""One article's Doc indexed for quote finding: paragraphs, quoted spans, tokens by offset."""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.tokens import Doc, Span, Token

from ingest.entities.mentions import NameSpan
from ingest.paragraphs import paragraph_at, paragraph_bounds
from ingest.quotes.spans import STRAIGHT, MarkedSpan, find_marked_spans

# A turn of a transcript: `((Name)) ...` as Wikinews writes interviews, or `NAME: ...`.
_TURN_LABEL = re.compile(r"\(\(([^()\n]{1,60})\)\)\s|([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}):\s")


class Article:
    """The Doc with its quoted spans, which tokens sit inside quote marks, and the names of entities."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc.text
        self.paragraphs = paragraph_bounds(doc.text)
        self.spans: list[MarkedSpan] = []
        for number, (start, end) in enumerate(self.paragraphs, start=1):
            self.spans.extend(_split_excerpt(find_marked_spans(self.text[start:end], start, number), self.text, end))
        self.starts = [tok.idx for tok in doc]
        self.inside = self._inside_mask()
        self.entities = doc._.entities or []
        self.name_spans: list[NameSpan] = doc._.name_spans or []
        self.name_at_token: dict[int, NameSpan] = {}
        for m in self.name_spans:
            for i in range(m.token_start, m.token_end):
                self.name_at_token[i] = m

    def _inside_mask(self) -> list[bool]:
        """For each token, whether it lies within quote marks (marks included)."""
        inside = [False] * len(self.doc)
        for s in self.spans:
            if s.depth:
                continue
            end = s.close_mark + 1 if s.close_mark is not None else s.end
            for i in range(self.token_at(s.open_mark), self.token_at(end)):
                inside[i] = True
        return inside

    def token_at(self, char: int) -> int:
        """Index of the first token starting at or after a character offset."""
        return bisect_left(self.starts, char)

    def tokens(self, start: int, end: int) -> Span:
        """The tokens that start within [start, end) characters."""
        return self.doc[self.token_at(start) : self.token_at(end)]

    def sentence(self, char: int) -> Span:
        """The sentence holding a character offset."""
        i = min(max(bisect_left(self.starts, char + 1) - 1, 0), len(self.doc) - 1)
        return self.doc[i].sent

    def entity_of(self, tok: Token) -> int | None:
        """The entity a token is part of a name of, if any."""
        m = self.name_at_token.get(tok.i)
        return None if m is None else m.entity

    def people_named(self, start: int, end: int) -> set[int]:
        """The people (PERSON entities) named between two character offsets."""
        return {
            m.entity
            for m in self.name_spans
            if start <= m.start < end and m.entity >= 0 and self.entities[m.entity].type == "PERSON"
        }

    def turn_label(self, char: int) -> tuple[int, int] | None:
        """The speaker label opening an interview turn (`((Dorsa Derakhshani)) I really like ...`,
        `KERR: We will ...`) of the paragraph holding a character offset, as character offsets."""
        return self._label_of(paragraph_at(self.paragraphs, char))

    def other_turn_label(self, char: int) -> tuple[int, int] | None:
        """The label of the nearest turn, before or after, of someone other than the speaker of the
        turn holding a character offset: whom that turn's `you` addresses."""
        here = paragraph_at(self.paragraphs, char)
        label = self._label_of(here)
        if label is None:
            return None
        name = self.text[label[0] : label[1]]
        for distance in range(1, 4):
            for number in (here - distance, here + distance):
                other = self._label_of(number) if 1 <= number <= len(self.paragraphs) else None
                if other is not None and self.text[other[0] : other[1]] != name:
                    return other
        return None

    def _label_of(self, number: int) -> tuple[int, int] | None:
        start, end = self.paragraphs[number - 1]
        m = _TURN_LABEL.match(self.text, start, end)
        if m is None:
            return None
        group = 1 if m.group(1) is not None else 2
        return m.start(group), m.end(group)

    def entity_type(self, entity: int) -> str:
        """The OntoNotes label of an entity."""
        return self.entities[entity].type


def _split_excerpt(spans: list[MarkedSpan], text: str, end: int) -> list[MarkedSpan]:
    """A straight quote that runs to the paragraph end around curly quotes is an excerpt or a
    transcript (`"... read you the question: “As you know, ...”`): it ends where the first inner
    quote opens, and the inner quotes stand as quotes of their own."""
    outer = next(
        (
            s
            for s in spans
            if s.depth == 0
            and text[s.open_mark] == STRAIGHT
            and (s.close_mark is None or not text[s.close_mark + 1 : end].strip())
        ),
        None,
    )
    inner = [s for s in spans if s.depth == 1]
    if outer is None or not inner:
        return spans
    cut = inner[0].open_mark
    while cut > outer.start and text[cut - 1].isspace():
        cut -= 1
    outer.end = cut
    for s in inner:
        s.depth = 0
    return [s for s in spans if s.end > s.start]
