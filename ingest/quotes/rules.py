"""Attribution as data: an ordered table of named rules, each a small function; the first that
fires names the speaker of a quoted span, and the quote keeps the rule's name and its confidence.

A rule sees the span's `Context` (the speech cue found next to it and its resolved subject, the
kind of quote, the last speaker) and answers with a speaker as written, the entity it refers to
and the cue, or None. A new rule is a new row and a test of the sentence it attributes.

Confidence is how often the rule's speaker is the right one on the annotated sets (`archive
quality --by-rule`; the figures are in BENCHMARKS.md, "Attribution rules"); a speaker no entity
of the article stands for (`a spokesman`) lowers it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Token

from ingest.quotes.spans import MarkedSpan, is_speech, looks_like_title
from ingest.references.pronouns import SPEAKER_TYPES
from ingest.speech import cue_text, is_according, is_weak

if TYPE_CHECKING:
    from ingest.quotes.direct import QuoteFinder

Speaker = tuple[str, "int | None", "str | None"]  # as written, the entity, the cue as stored


@dataclass
class Context:
    """What the rules look at for one quoted span."""

    span: MarkedSpan
    text: str
    kind: str  # direct | partial
    cue: Token | None  # the speech cue next to the span, if any
    side: str | None  # where the cue is: before | after
    subject: Token | None  # the cue's subject
    speaker: tuple[str, int | None] | None  # that subject resolved: as written, entity
    previous: MarkedSpan | None  # the span before, for split quotes
    last: tuple[str | None, int | None, int] | None  # the last speaker: as written, entity, paragraph
    clause: bool = False  # a partial quote that holds a clause of its own (a verb and its subject)
    following: MarkedSpan | None = None  # the span after, for a quote run into the next


@dataclass(frozen=True)
class Rule:
    """One way a reader tells who is speaking."""

    name: str
    confidence: float
    fires: Callable[[QuoteFinder, Context], Speaker | None]


def _with_cue(c: Context) -> Speaker | None:
    return (c.speaker[0], c.speaker[1], cue_text(c.cue)) if c.speaker is not None and c.cue is not None else None


def according_to(f: QuoteFinder, c: Context) -> Speaker | None:
    """`according to X`."""
    return _with_cue(c) if c.cue is not None and is_according(c.cue) else None


def inverted(f: QuoteFinder, c: Context) -> Speaker | None:
    """`"...," said Starmer`: the subject after its verb."""
    return _with_cue(c) if c.subject is not None and c.cue is not None and c.subject.i > c.cue.i else None


def split_quote(f: QuoteFinder, c: Context) -> Speaker | None:
    """`"A," he said, "B."`: the second half, after the cue that interrupts it."""
    p = c.previous
    if c.side != "before" or p is None or p.paragraph != c.span.paragraph or p.close_mark is None:
        return None
    return _with_cue(c) if c.cue is not None and p.close_mark < c.cue.idx < c.span.open_mark else None


def cue_after(f: QuoteFinder, c: Context) -> Speaker | None:
    """`"...," she said.`"""
    return _with_cue(c) if c.side == "after" else None


def cue_before(f: QuoteFinder, c: Context) -> Speaker | None:
    """`She said: "..."`, also a cue ending the previous paragraph with a colon."""
    return _with_cue(c) if c.side == "before" else None


def saying(f: QuoteFinder, c: Context) -> Speaker | None:
    """`Trump stood by his comment that "Islam hates us"`: the owner of the words."""
    found = f.saying_owner(c.span) or (f.claim_owner(c.span) if c.cue is None and c.kind == "partial" else None)
    return (*found, None) if found is not None else None


def dash_byline(f: QuoteFinder, c: Context) -> Speaker | None:
    """`"..." ― Sonya Herridge`."""
    name = f.dash_byline(c.span)
    return (*f.speakers.resolve(name), None) if name is not None else None


def clause_subject(f: QuoteFinder, c: Context) -> Speaker | None:
    """A cue whose subject the parser lost: the subject of the clause the quote belongs to."""
    if c.cue is None or c.kind != "direct" or (found := f.governing_speaker(c.span)) is None:
        return None
    text, entity, verb = found
    return text, entity, verb.lower_


def next_quote(f: QuoteFinder, c: Context) -> Speaker | None:
    """`"We often take pictures on flight. "I never meant it as harm," Ms Simonetti said.`: a quote
    left open and run straight into the next one (a quoted paragraph whose break was lost), whose
    attribution follows it, is the same voice's."""
    nxt = c.following
    if c.kind != "direct" or c.cue is not None or nxt is None or nxt.paragraph != c.span.paragraph:
        return None
    if c.span.close_mark is not None or f.text[c.span.end : nxt.open_mark].strip():
        return None  # a closed quote ends its paragraph (the next may be another voice), or narrative between
    if f.article.people_named(c.span.start, c.span.end):
        return None  # `... fit enough. Bosvelt joined City in 2003 ...`: a lost closing mark, narrative after it
    found = f.cue_near(nxt, len(f.text))
    if found is None or found[1] != "after":
        return None
    subject = f.speakers.subject_of(found[0])
    speaker = f.speaker_of(subject, found[0]) if subject is not None else None
    return (speaker[0], speaker[1], None) if speaker is not None else None


def introducer(f: QuoteFinder, c: Context) -> Speaker | None:
    """`X made the following comment: "..."`, or the sentence just before naming the speaker."""
    if c.kind != "direct" or not is_speech(c.text):
        return None
    return f.introducer(c.span)


def follow_on(f: QuoteFinder, c: Context) -> Speaker | None:
    """A quote with no attribution of its own right after one that has: the same speaker."""
    last = c.last
    if last is None or c.kind != "direct" or c.span.paragraph - last[2] > 1 and not _still_about(f, last, c.span):
        return None
    if not (is_speech(c.text) or c.span.paragraph == last[2] and c.text.rstrip()[-1:] in ".!?"):
        return None
    return last[0], last[1], None


def _still_about(f: QuoteFinder, last, span: MarkedSpan) -> bool:
    """Whether the one paragraph between the last speaker's quote and this one is still about that
    speaker: it names them and no other person (`Trump spoke only in bromides.`)."""
    if last[1] is None or span.paragraph - last[2] != 2:
        return False
    start, end = f.article.paragraphs[span.paragraph - 2]
    return f.article.people_named(start, end) == {last[1]}


def named_after(f: QuoteFinder, c: Context) -> Speaker | None:
    """`"I'd rather have a sister in a whorehouse than a brother in the FBI." That quote from
    Thomas Krebs appeared ...`: a quote with no cue, closed by the end of its sentence, whose next
    sentence opens by calling it the quote (line, remark, words) of a person the article names."""
    if c.kind != "direct" or c.cue is not None or c.span.close_mark is None:
        return None
    after = f.article.token_at(c.span.close_mark + 1)
    if after >= len(f.doc) or not f.doc[after].is_sent_start or f.article.inside[after]:
        return None
    sent = f.doc[after].sent
    head = next((t for t in sent if t.dep_ in {"nsubj", "nsubjpass"} and t.head.i == sent.root.i), None)
    if head is None or head.lower_ not in _QUOTE_NOUNS or head.left_edge.i != after:
        return None
    if not any(ch.dep_ == "det" and ch.lower_ in {"that", "this", "the"} for ch in head.children):
        return None
    for prep in (ch for ch in head.children if ch.dep_ == "prep" and ch.lower_ in {"from", "by", "of"}):
        named = next((ch for ch in prep.children if ch.dep_ == "pobj"), None)
        entity = f.article.entity_of(named) if named is not None else None
        if entity is not None and f.article.entity_type(entity) == "PERSON":
            return (*f.speakers.resolve(named), None)
    return None


_QUOTE_NOUNS = {"quote", "quotation", "line", "remark", "comment", "words", "statement", "tweet"}


def framing_verb(f: QuoteFinder, c: Context) -> Speaker | None:
    """`Obama condemned the test as "provocative"`: the subject of the verb a fragment belongs to."""
    if c.kind != "partial" or looks_like_title(c.text) or (found := f.governing_speaker(c.span)) is None:
        return None
    text, entity, verb = found
    return text, entity, verb.lower_


def paragraph_before(f: QuoteFinder, c: Context) -> Speaker | None:
    """A quoted paragraph with no attribution anywhere, after a paragraph that quotes nobody:
    whoever that paragraph's last sentence has speaking or is about (`Trump spoke only in
    bromides during the interview.` then `"We have to be a lot tougher."`). A guess a reader
    makes, so a low confidence."""
    if c.kind != "direct" or c.cue is not None or not is_speech(c.text):
        return None
    found = f.introducer(c.span, across=True)
    if found is None or found[1] is None or f.article.entity_type(found[1]) != "PERSON":
        return _reporter_of_paragraph_before(f, c)  # only a person the article names
    return found


def _reporter_of_paragraph_before(f: QuoteFinder, c: Context) -> Speaker | None:
    """`Steve Ash, from Activcard, told the BBC there are two parts ... The most difficult is ...`
    then a quoted paragraph: the one person the paragraph before names, when it quotes nobody and
    reports that person's words through a speech verb."""
    if c.span.paragraph < 2 or f.text[f.article.paragraphs[c.span.paragraph - 1][0] : c.span.open_mark].strip():
        return None  # only a quote that opens its paragraph
    start, end = f.article.paragraphs[c.span.paragraph - 2]
    people = f.article.people_named(start, end)
    if len(people) != 1 or any(start <= s.start < end for s in f.article.spans):
        return None
    (person,) = people
    for tok in f.article.tokens(start, end):
        if f.is_cue(tok) and not is_weak(tok) and (subj := f.speakers.subject_of(tok)) is not None:
            said = f.speaker_of(subj, tok)
            if said is not None and said[1] == person:
                return said[0], said[1], None
    return None


def quoted_clause(f: QuoteFinder, c: Context) -> Speaker | None:
    """A quoted clause set in the narrative with no cue (`Instead, "he just acts like a defeated
    man."`): the speaker quoted last in the same paragraph."""
    last = c.last
    if not c.clause or c.cue is not None or last is None or last[2] != c.span.paragraph:
        return None
    sent = f.article.sentence(c.span.open_mark)
    named = {
        e
        for t in sent
        if not f.article.inside[t.i]
        and (e := f.article.entity_of(t)) is not None
        and f.article.entity_type(e) in SPEAKER_TYPES
    }
    unnamed = any(
        t.dep_ in {"nsubj", "nsubjpass"}
        and t.pos_ == "PROPN"
        and f.article.entity_of(t) is None
        and not f.article.inside[t.i]
        for t in sent
    )
    if named - {last[1]} or unnamed:
        return None  # the sentence names someone else the words may be theirs (`Pew found that "..."`)
    return last[0], last[1], None


RULES: list[Rule] = [
    Rule("their words", 0.9, saying),
    Rule("according to", 0.90, according_to),
    Rule("inverted cue", 0.93, inverted),
    Rule("split quote", 0.89, split_quote),
    Rule("cue after", 0.97, cue_after),
    Rule("cue before", 0.91, cue_before),
    Rule("dash byline", 0.95, dash_byline),
    Rule("clause subject", 0.90, clause_subject),
    Rule("introduced", 0.93, introducer),
    Rule("named after", 0.9, named_after),
    Rule("follow-on", 0.94, follow_on),
    Rule("next quote", 0.9, next_quote),
    Rule("framing verb", 0.81, framing_verb),
    Rule("paragraph before", 0.6, paragraph_before),
    Rule("quoted clause", 0.6, quoted_clause),
]


# Reported speech without quote marks (ingest.quotes.reported): a verb's content clause.
REPORTED_CLAUSE = Rule("reported clause", 0.88, lambda f, c: None)
ACCORDING_TO = Rule("according to", 0.88, lambda f, c: None)

UNNAMED_FACTOR = 0.8  # a speaker no entity stands for (`a spokesman`) is right less often (0.75 vs 0.95)


def confidence(rule: Rule, speaker_text: str | None, entity: int | None) -> float:
    """The rule's confidence, lowered for a speaker no entity of the article stands for."""
    value = rule.confidence * (UNNAMED_FACTOR if speaker_text is not None and entity is None else 1.0)
    return round(value, 2)
