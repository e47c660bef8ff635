"""Finding quoted text: runs between double quote marks, paragraph by paragraph.

Marks are read by shape and context, not by a fixed pairing, because news text mixes them:
straight and curly marks close each other (`"work-related” emails`), an opening curly mark is
sometimes typed as the closing one (`“Mostly False.“`), and a curly pair can sit inside a
straight-quoted paragraph (`"PENCE: ... an episode of “Shark Tank.” But ...`). Straight marks
take their direction from their neighbours, as a reader's eye does: a space before and a word
after opens, a word or punctuation before and a space after closes. A mark that opens while a
quotation of its family is open, after the end of a sentence, starts a new quoted paragraph whose
break the text lost (`... get there. "The manager has ...`): the open quotation ends there.
Single quotes are never quote marks here: they are apostrophes (`horses'`, `'90s`) or nested
quotes that stay inside the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.speech import ATTRIBUTING_FORMS

OPENING = "“„‟«"
CLOSING = "”»"
STRAIGHT = '"'
DOUBLE_MARKS = OPENING + CLOSING + STRAIGHT
_BEFORE_OPENING = " \t\n([{—–-/"


@dataclass
class MarkedSpan:
    """Text inside one pair of quote marks, as character offsets in the article."""

    start: int
    end: int
    open_mark: int  # offset of the opening mark
    close_mark: int | None  # offset of the closing mark; None when the paragraph ends first
    paragraph: int  # 1-based
    depth: int = 0  # 1 for a quote nested inside another quote of the other family of marks


def _family(mark: str) -> str:
    """Curly (and guillemet) marks nest inside straight ones and the other way round."""
    return "straight" if mark == STRAIGHT else "curly"


def _opens(text: str, i: int) -> bool:
    """A mark that reads as opening: after a space or a bracket, before a word."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before in _BEFORE_OPENING and not after.isspace()


def _closes(text: str, i: int) -> bool:
    """A mark that reads as closing: after a word or punctuation, before a space or punctuation."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and before not in _BEFORE_OPENING and not after.isalnum()


def _only_opens(text: str, i: int) -> bool:
    return _opens(text, i) and not _closes(text, i)


def _only_closes(text: str, i: int) -> bool:
    return _closes(text, i) and not _opens(text, i)


_SENTENCE_END = re.compile(r"[.!?…][’'”]?\s*$")


def find_marked_spans(text: str, offset: int = 0, paragraph: int = 1) -> list[MarkedSpan]:
    """Runs of text between double quote marks in one paragraph. A mark still open at the end of
    the paragraph runs to its end (the convention for quotes that go on in the next one)."""
    spans: list[MarkedSpan] = []
    stack: list[int] = []  # offsets of open marks, outermost first; at most two deep
    for i, ch in enumerate(text):
        if ch not in DOUBLE_MARKS:
            continue
        if not stack:
            if ch in CLOSING and not _opens(text, i) or ch == STRAIGHT and _only_closes(text, i):
                continue  # a stray closing mark (or an inch mark): nothing is open
            stack.append(i)
        elif len(stack) == 1 and _opens(text, i) and _family(ch) != _family(text[stack[0]]) and ch not in CLOSING:
            stack.append(i)  # `"... an episode of “Shark Tank.” ..."`
        elif (
            len(stack) == 1
            and ch not in CLOSING
            and _family(ch) == _family(text[stack[0]])
            and _only_opens(text, i)
            and _SENTENCE_END.search(text, stack[0] + 1, i)
        ):
            # `... get there. "The manager has ...`: a new quoted paragraph whose break was lost
            spans.append(_span(text[:i], stack.pop(), None, offset, paragraph, 0))
            stack.append(i)
        else:
            start = stack.pop()
            spans.append(_span(text, start, i, offset, paragraph, len(stack)))
    for depth, start in enumerate(stack):
        spans.append(_span(text, start, None, offset, paragraph, depth))
    spans.sort(key=lambda s: s.open_mark)
    repaired = [piece for s in spans for piece in (_without_narrative(s, text, offset) if s.depth == 0 else [s])]
    return [s for s in repaired if s.end > s.start and _is_words(s, text, offset)]


def _is_words(span: MarkedSpan, text: str, offset: int) -> bool:
    """Quoted words, not markup or numbers: `datetime="2016-06-29"` (an attribute, after `=`) and
    spans with no letter (`"672139201337532417"`) are no quotation."""
    if span.open_mark > offset and text[span.open_mark - offset - 1] == "=":
        return False
    return any(c.isalpha() for c in text[span.start - offset : span.end - offset])


# The finite forms of the verbs that attribute words (`said`, `says`, `added`, `told`, ...).
_VERB = "(?:" + "|".join(sorted(ATTRIBUTING_FORMS, key=len, reverse=True)) + ")"
_NAME = r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Lady|Dame|Prof)\.? )?[A-Z][\w’'-]+(?: [A-Z][\w’'-]+){0,2}"
_SUBJECT = rf"(?:he|she|they|the [a-z]+(?: [a-z]+)?|{_NAME})"
# `"A, he said. B` and `"A, said Mr Howard, B`: a quotation holding its own attribution lost a mark
# (not `he said, 'B'`: a speaker quoting someone else inside the quotation).
_ATTRIBUTION = re.compile(rf",\s+(?:{_SUBJECT}\s+{_VERB}|{_VERB}\s+{_SUBJECT})(?P<end>[.,:])(?=\s|$)(?!\s*['‘])")
# `... done. Mr Hague added that he ...`: a named person's attribution sentence is the writer's.
_NARRATIVE = re.compile(
    rf"(?<=[.!?])\s+(?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Lady|Dame)\.? [A-Z][\w’'-]+|[A-Z][a-z]+ [A-Z][\w’'-]+)\s+{_VERB}\s+(?:that\b|[:,])"
)


def _without_narrative(span: MarkedSpan, text: str, offset: int) -> list[MarkedSpan]:
    """A span with the writer's words inside is a pairing error (a mark the text lost): the quote
    ends before an attribution clause (`"A, he said. B` gives `A,` and `B`) or before a sentence
    attributing words to someone by name (`... Mr Hague added that ...`), which is narrative."""
    start, end = span.start - offset, span.end - offset
    inner = text[start:end]
    clause = _ATTRIBUTION.search(inner)
    narrative = _NARRATIVE.search(inner)
    if clause is None and narrative is None:
        return [span]
    if narrative is not None and (clause is None or narrative.start() < clause.start()):
        return [_trimmed(span, offset + start, offset + start + narrative.start())]
    head = _trimmed(span, offset + start, offset + start + clause.start() + 1)
    rest = clause.end()
    while rest < len(inner) and inner[rest].isspace():
        rest += 1
    if clause.group("end") == "," and inner[rest : rest + 1].islower() or rest >= len(inner):
        return [head]  # `, said Kessel, whose group ...`: what follows is the writer's
    tail = MarkedSpan(offset + start + rest, span.end, offset + start + rest - 1, span.close_mark, span.paragraph)
    return [head, *_without_narrative(tail, text, offset)]


def _trimmed(span: MarkedSpan, start: int, end: int) -> MarkedSpan:
    return MarkedSpan(start, end, span.open_mark, None, span.paragraph, span.depth)


def _span(text: str, open_at: int, close_at: int | None, offset: int, paragraph: int, depth: int) -> MarkedSpan:
    """The span between two marks, trimmed of the spaces next to them."""
    inner_start, inner_end = open_at + 1, close_at if close_at is not None else len(text)
    while inner_start < inner_end and text[inner_start].isspace():
        inner_start += 1
    while inner_end > inner_start and text[inner_end - 1].isspace():
        inner_end -= 1
    return MarkedSpan(
        offset + inner_start,
        offset + inner_end,
        offset + open_at,
        None if close_at is None else offset + close_at,
        paragraph,
        depth,
    )


def has_mark(text: str) -> bool:
    """Whether a piece of text holds a double quote mark."""
    return any(c in DOUBLE_MARKS for c in text)


# Words a title keeps in lower case, English and those of names in other languages (`Los Hijos de Trump`).
_SMALL_WORDS = {"a", "an", "the", "of", "and", "or", "for", "in", "on", "to", "at", "with", "by", "is", "from", "vs"}
_SMALL_WORDS |= {"de", "del", "la", "el", "los", "las", "le", "les", "du", "des", "y", "von", "van"}


def looks_like_title(text: str) -> bool:
    """Title Case without final punctuation: a work, programme or nickname, not speech."""
    words = re.findall(r"[A-Za-z0-9][\w’'-]*", text)
    if not words or len(words) > 8:
        return False
    if text.rstrip(",;: ")[-1:] in ".!?" and (len(words) > 5 or len(words) < 2):
        return False  # a short sentence (`Thank you.`) rather than a name
    numbered = words[0].isdigit() and len(words) > 1 and words[1][0].isupper()  # `13 Hours`, `60 Minutes`
    return (words[0][0].isupper() or numbered) and all(
        w[0].isupper() or w[0].isdigit() or w.lower() in _SMALL_WORDS for w in words
    )


def is_speech(text: str) -> bool:
    """A quote that reads as something said: three words or more, and not a title."""
    return len(text.split()) >= 3 and not looks_like_title(text)


_TRANSCRIPT_LABEL = re.compile(r"^[A-Z][A-Z.'’ -]{1,30}:\s")


def is_transcript_line(text: str) -> bool:
    """`"WALLACE: Let's start ...`: a transcript turn with its speaker label, not a quotation."""
    return bool(_TRANSCRIPT_LABEL.match(text))
