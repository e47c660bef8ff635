"""Quoted material: which quoted spans someone is quoted as saying, who, and how (direct/partial)."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from ingest.models import QuoteRecord
from ingest.paragraphs import paragraph_at
from ingest.quotes.cues import Cues, introducing, subordinate
from ingest.quotes.rules import RULES, Context, confidence
from ingest.quotes.spans import CLOSING, STRAIGHT, MarkedSpan, is_speech, is_transcript_line, looks_like_title
from ingest.references.descriptions import SPOKESPEOPLE
from ingest.references.pronouns import SPEAKER_TYPES
from ingest.speech import (
    BE_FORMS,
    DOCUMENTS,
    NEVER_SPEAKERS,
    SAYINGS,
    SPEECH_FORMS,
    WEAK,
    cue_text,
    is_speech_verb,
    is_weak,
)

_DASH_BEFORE = re.compile(r"(?:\s--|\s?—|\s–)$")  # a dash setting out what follows
_DASH_BYLINE = re.compile(r"\s*[―—–]\s*(?=[A-Z])|\s+-\s*(?=[A-Z])")  # `" ― Name`, `"\n\n- Name.`
# Verbs with too little meaning of their own to make the words of a fragment their subject's.
LIGHT_VERBS = {
    "be",
    "is",
    "are",
    "was",
    "were",
    "been",
    "being",
    "am",
    "have",
    "has",
    "had",
    "having",
    "do",
    "does",
    "did",
    "done",
    "doing",
    "make",
    "makes",
    "made",
    "making",
    "get",
    "gets",
    "got",
    "gotten",
    "getting",
    "take",
    "takes",
    "took",
    "taken",
    "taking",
    "give",
    "gives",
    "gave",
    "given",
    "giving",
    "send",
    "sends",
    "sent",
    "sending",
    "put",
    "puts",
    "putting",
    "keep",
    "keeps",
    "kept",
    "keeping",
}


class QuoteFinder(Cues):
    """Attributes each quoted span of an article, or leaves it out when nobody says it."""

    def dash_byline(self, q: MarkedSpan) -> Token | None:
        """`"..." ― Sonya Herridge`: a name after a dash that follows the closing mark."""
        if q.close_mark is None:
            return None
        match = _DASH_BYLINE.match(self.text, q.close_mark + 1)
        if not match:
            return None
        i = self.article.token_at(match.end())
        if i >= len(self.doc) or self.doc[i].pos_ != "PROPN":
            return None
        if "\n" in match.group() or "-" in match.group():
            # A signature ends its paragraph (`"..."\n\n- Maria Delgado.`); a list item or the next
            # speaker's line says something (`- Burnley boss Steve Cotterill: "..."`).
            _, pend = self.article.paragraphs[paragraph_at(self.article.paragraphs, match.end()) - 1]
            rest = self.article.tokens(match.end(), pend)
            if len(rest) > 8 or any(t.pos_ in {"VERB", "AUX"} or t.is_quote for t in rest):
                return None
            if "\n" in match.group() and not self.whole_paragraph(q):
                return None
        while i + 1 < len(self.doc) and self.doc[i + 1].pos_ == "PROPN" and not self.article.inside[i + 1]:
            i += 1
        return self.doc[i]

    def governing_speaker(self, q: MarkedSpan) -> tuple[str, int | None, Token] | None:
        """`Obama condemned the test as "provocative"`: the named subject of the verb that the
        quoted fragment belongs to, for fragments with no speech cue of their own; not when the
        fragment is part of that subject, and past light verbs (be, have, do, make, ...)."""
        toks = self.article.tokens(q.start, q.end)
        if not len(toks):
            return None
        tok, steps = toks.root, 0
        while steps < 12 and tok.head.i != tok.i:
            came_from, tok, steps = tok, tok.head, steps + 1
            if self.article.inside[tok.i] or tok.pos_ not in {"VERB", "AUX"}:
                continue
            subj = next((c for c in tok.children if c.dep_ == "nsubj" and not self.article.inside[c.i]), None)
            if subj is None:
                continue
            if came_from.i == subj.i:
                return None  # `Tea Party "super PACs" seized`: the subject's name, not its words
            if tok.lower_ in LIGHT_VERBS or subj.lower_ == "it" and tok.lower_ in {"'s", "’s"}:
                continue  # `sent its "reporter"`, `it's safe to say`: look further up for a verb that frames the words
            if subj.lower_ in SAYINGS - DOCUMENTS and not is_speech_verb(tok):
                return None  # `His remarks buttress the contention of X that ... "..."`: remarks frame nothing
            if (reported := self._reported_by(tok)) is not None:
                return reported
            text, entity = self.speakers.resolve(subj)
            if entity is not None and self.article.entity_type(entity) in SPEAKER_TYPES:
                return text, entity, tok
            if tok.dep_ != "ccomp":
                return None
            # `Ryan worried that the safety net was becoming "a hammock"`: the clause is what its
            # head verb's subject said or thought
        return None

    def saying_owner(self, q: MarkedSpan) -> tuple[str, int | None] | None:
        """`Trump stood by his comment that "Islam hates us"`: words given as the content of
        someone's comment, claim or remark are theirs, whatever verb the sentence hangs them on."""
        toks = self.article.tokens(q.start, q.end)
        if not len(toks):
            return None
        noun = self._saying_before_that(toks.root) or self._saying_above(toks.root)
        owner = next((c for c in noun.children if c.dep_ == "poss"), None) if noun is not None else None
        if owner is None or self.article.inside[owner.i]:
            return None
        entity = self.speakers.owner(owner)
        return (owner.text, entity) if entity is not None else None

    def claim_owner(self, q: MarkedSpan) -> tuple[str, int | None] | None:
        """`Trump's assertion that "thousands" of Muslims cheered`, `his promise to be "neutral"`,
        `Podliska's claim is that the committee is a "witch hunt"`: a fragment no cue frames, inside
        what someone's claim, promise or call holds, is that someone's (a few words up, below any
        speech verb)."""
        toks = self.article.tokens(q.start, q.end)
        if not len(toks):
            return None
        came_from, tok = toks.root, toks.root.head
        for _ in range(4):
            if tok.i == came_from.i or is_speech_verb(tok) and not self.article.inside[tok.i]:
                return None
            if not self.article.inside[tok.i]:
                noun = None
                if tok.pos_ == "NOUN":
                    held = came_from.dep_ in {"acl", "ccomp"} or came_from.dep_ == "prep" and came_from.lower_ == "for"
                    noun = tok if held else None
                elif tok.lower_ in BE_FORMS and came_from.dep_ in {"attr", "ccomp"}:
                    noun = next((c for c in tok.children if c.dep_ == "nsubj"), None)  # `his claim is that ...`
                if noun is not None and noun.lower_ in SAYINGS - DOCUMENTS:
                    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
                    if owner is None or self.article.inside[owner.i]:
                        return None
                    entity = self.speakers.owner(owner)
                    return (owner.text, entity) if entity is not None else None
                if tok.pos_ == "NOUN":
                    return None  # words about some other thing
            came_from, tok = tok, tok.head
        return None

    def _saying_above(self, root: Token) -> Token | None:
        """The saying whose content the quoted words are (`his comment that "..."`): the first word
        outside the quote marks above them, when it is one."""
        came_from, tok, steps = root, root.head, 1
        while tok.i != came_from.i and self.article.inside[tok.i] and steps < 3:
            came_from, tok, steps = tok, tok.head, steps + 1
        if tok.i == came_from.i or self.article.inside[tok.i]:
            return None
        content = tok.pos_ == "NOUN" and came_from.dep_ in {"acl", "ccomp"}
        return tok if content and tok.lower_ in SAYINGS - DOCUMENTS else None

    def _saying_before_that(self, clause: Token) -> Token | None:
        """`his comment Monday that "..."` parsed with the clause on the verb: the saying right
        before the `that` the clause opens with (past a date)."""
        mark = next((c for c in clause.children if c.dep_ == "mark" and c.lower_ == "that"), None)
        if mark is None or self.article.inside[mark.i]:
            return None
        i = mark.i - 1
        while i > 0 and self.doc[i].ent_type_ in {"DATE", "TIME"}:
            i -= 1
        before = self.doc[i]
        return before if before.pos_ == "NOUN" and before.lower_ in SAYINGS - DOCUMENTS else None

    def _reported_by(self, verb: Token) -> tuple[str, int | None, Token] | None:
        """`His campaign protested that the aides knew Sanders "had a permit"`: words framed by a
        verb that is no speech verb, inside what a speech verb above it reports, are that speaker's."""
        if is_speech_verb(verb):
            return None
        for above in verb.ancestors:
            if self.article.inside[above.i] or not is_speech_verb(above) or is_weak(above):
                continue
            subj = next((c for c in above.children if c.dep_ == "nsubj" and not self.article.inside[c.i]), None)
            if subj is None:
                return None
            text, entity = self.speakers.resolve(subj)
            return (text, entity, above) if entity is not None else None
        return None

    def speaker_of(self, subj: Token, cue: Token) -> tuple[str, int | None] | None:
        """The resolved subject of a cue, unless it names no speaker: `there`, `this`, and `that`
        other than as a relative (`a letter that says`); `it` speaks (`what it calls "X"`)."""
        word = subj.lower_
        if word in NEVER_SPEAKERS or word == "that" and cue.dep_ != "relcl":
            return None
        if word in {"which", "that", "who"} and self.article.inside[self.speakers.relative_antecedent(subj).i]:
            return None  # `the Turkish "offensive," which went through`: the quoted thing says nothing
        return self.speakers.resolve(subj)

    def _ends_sentence(self, q: MarkedSpan) -> bool:
        """Nothing but punctuation between the quote's closing mark and the end of its sentence."""
        end = self.article.sentence(q.close_mark).end_char
        return all(t.is_punct for t in self.article.tokens(q.close_mark + 1, end))

    def whole_paragraph(self, q: MarkedSpan) -> bool:
        """A quote mark opening the paragraph that stays open, or closes, at its end."""
        pstart, pend = self.article.paragraphs[q.paragraph - 1]
        if q.open_mark != pstart + len(self.text[pstart:pend]) - len(self.text[pstart:pend].lstrip()):
            return False
        return q.close_mark is None or not self.text[q.close_mark + 1 : pend].strip()

    def is_name(self, q: MarkedSpan) -> bool:
        """`Marcia "Cia" Price`: a nickname inside a name, which does not end an attribution."""
        text = self.text[q.start : q.end]
        return len(text.split()) <= 2 and looks_like_title(text) and text[-1:].isalnum()

    def introducer(self, q: MarkedSpan, across: bool = False) -> tuple[str, int | None, str | None] | None:
        """Who introduces a quote that has no cue of its own: the subject of the clause before a
        colon (`X made the following comment: "..."`, also across a paragraph; else the person a
        verb nearer the colon has as subject, `Another was X, who cited ...:`), or, when the
        sentence just before in the paragraph quotes nobody, the speaker of its speech verb
        (`..., Schiff said. "..."`) or else the person it is about (`Sanders pointed to ... "..."`).
        With `across`, a quote opening its paragraph reads the last sentence of the paragraph before."""
        sent = self.article.sentence(q.open_mark)
        pstart, _ = self.article.paragraphs[q.paragraph - 1]
        before = self.text[sent.start_char : q.open_mark].rstrip()
        # `Trump also embraced the techniques -- "I think ..."`: a dash before a quote that ends the
        # sentence sets it out as a colon does
        dash = _DASH_BEFORE.search(before) if q.close_mark is not None and self._ends_sentence(q) else None
        if dash:
            before = before[: dash.start()].rstrip() + ":"
        if before.endswith(":"):
            clause = self.article.tokens(sent.start_char, sent.start_char + len(before) - 1)
        elif before or sent.start == 0:
            return None
        else:
            clause = self.doc[sent.start - 1].sent
            if clause.start_char < pstart and not self.text[:pstart].rstrip().endswith(":"):
                if not across or q.paragraph < 2 or clause.start_char < self.article.paragraphs[q.paragraph - 2][0]:
                    return None
            if any(
                clause.start_char <= s.start < clause.end_char and not looks_like_title(self.text[s.start : s.end])
                for s in self.article.spans
            ):
                return None  # it quotes someone (a programme's or a paper's name is no quote)
        # `X called him a master at ...`: a naming verb that names someone introduces words too
        cues = [
            t
            for t in reversed(clause)
            if self.is_cue(t) and (not is_weak(t) or before == "" and self.speakers.calls_someone(t))
        ]
        if clause.text.rstrip().endswith(":") or before.endswith(":"):
            cues = introducing(cues, clause)
        # A cue with a subject of its own first (`Ms Milanesi said it was difficult to say`: said).
        for tok in sorted(cues, key=lambda t: (subordinate(t), self.own_subject(t) is None)):
            if (subj := self.speakers.subject_of(tok)) is not None:
                if subj.lower_ == "which":
                    continue  # `..., which suggests the show may move`: a thing introduces nobody's words
                resolved = self.speaker_of(subj, tok)
                if resolved is not None:
                    return resolved[0], resolved[1], cue_text(tok)
        # Without a speech verb: the subject of a clause ending in a colon, or the person the
        # sentence just before is about (`Sanders pointed to X as one reason. "..."`).
        colon = clause.text.rstrip().endswith(":") or before.endswith(":")
        if colon and not any(t.pos_ in {"VERB", "AUX"} for t in clause):
            # `BBC Two controller Roly Keating: "..."`: a name set before a colon, as a label
            named = [
                t
                for t in clause
                if (e := self.article.entity_of(t)) is not None
                and self.article.entity_type(e) in SPEAKER_TYPES
                and _name_head(t).dep_ != "pobj"  # `later that month on CNN:` is a place, not a label
            ]
            if named:
                return self.speakers.resolve(named[-1]) + (None,)
        subj = self.own_subject(clause.root)
        if subj is not None:
            speaker_text, entity = self.speakers.resolve(subj)
            if entity is not None and (colon or self.article.entity_type(entity) == "PERSON"):
                return speaker_text, entity, None
        words = [t for t in clause if not t.is_punct]
        last = words[-1] if words else None
        if colon and last is not None and (e := self.article.entity_of(last)) is not None:
            if self.article.entity_type(e) == "PERSON":  # `... doesn't surprise pollster Daron Shaw: "..."`
                return self.speakers.resolve(last) + (None,)
        if colon:  # `Another was Thomas Gray, 24, who cited rugby: "..."`: a person nearer the colon
            for tok in reversed(clause):
                if (
                    tok.pos_ in {"VERB", "AUX"}
                    and tok.i != clause.root.i
                    and (subj := self.own_subject(tok)) is not None
                ):
                    speaker_text, entity = self.speakers.resolve(subj)
                    if entity is not None and self.article.entity_type(entity) == "PERSON":
                        return speaker_text, entity, None
        if colon or before or len(self.text[q.start : q.end].split()) < 6:
            return None  # a catchphrase (`"Law and order" was a theme`) is nobody's words by position
        return self._reporter_earlier_in_paragraph(clause, pstart)

    def _reporter_earlier_in_paragraph(self, clause: Span, pstart: int) -> tuple[str, int | None, str | None] | None:
        """`A BBC spokeswoman said ... She said that ... The show will ..., which suggests ... "..."`:
        a quote after a sentence that reports no one's words is the voice of the one or two sentences
        before it in its paragraph that report someone's, when that someone is a person."""
        sent = clause
        for _ in range(2):
            if sent.start == 0 or sent.start_char <= pstart:
                return None
            sent = self.doc[sent.start - 1].sent
            if sent.start_char < pstart or any(sent.start_char <= s.start < sent.end_char for s in self.article.spans):
                return None
            for tok in sent:
                if not self.is_cue(tok) or is_weak(tok) or subordinate(tok):
                    continue
                subj = self.speakers.subject_of(tok)
                if subj is None or subj.lower_ in {"which", "that", "it", "they"}:
                    continue
                resolved = self.speaker_of(subj, tok)
                person = resolved is not None and (
                    resolved[1] is not None
                    and self.article.entity_type(resolved[1]) == "PERSON"
                    or resolved[1] is None
                    and subj.lower_ in {"he", "she"} | SPOKESPEOPLE
                )
                if person:
                    return resolved[0], resolved[1], cue_text(tok)
        return None

    # ----- kinds ----------------------------------------------------------------------------

    def kind_of(self, q: MarkedSpan, cue: Token | None, side: str | None, previous: MarkedSpan | None) -> str:
        """`direct` for the speaker's own sentence or clause; `partial` for a fragment built
        into the writer's sentence."""
        pstart, _ = self.article.paragraphs[q.paragraph - 1]
        before = self.text[pstart : q.open_mark].rstrip()
        if not before or before[-1] in ".!?:;" or before[-1] in CLOSING + STRAIGHT:
            return "direct"
        words = re.findall(r"[\w’']+", before)
        last_word = words[-1].lower() if words else ""
        if before[-1] == "," or before.endswith(("—", "–", "-", "―")):
            if last_word in SPEECH_FORMS or q.close_mark is None:
                return "direct"
            if _DASH_BEFORE.search(before) and self.text[q.start : q.start + 1].isupper() and self._ends_sentence(q):
                return "direct"  # `... the techniques -- "I think ..."`: a sentence of its own, set out
            if cue is not None and side == "before" and cue.idx > q.open_mark - 40:
                return "direct"
            # `"A," he said, "B."`: the second half of a split quote
            if (
                previous is not None
                and previous.paragraph == q.paragraph
                and previous.close_mark is not None
                and not re.search(r"[.!?]", self.text[previous.close_mark + 1 : q.open_mark])
            ):
                return "direct"
            return "partial"
        if last_word in SPEECH_FORMS and SPEECH_FORMS[last_word] not in WEAK:
            return "direct"
        return "partial"

    # ----- the pass -------------------------------------------------------------------------

    def quotes(self) -> list[QuoteRecord]:
        """Every quoted span someone is quoted as saying, with speaker, cue, kind and the rule that
        attributed it."""
        out: list[QuoteRecord] = []
        last: tuple[str | None, int | None, int] | None = None  # speaker text, entity, paragraph
        spans = self.article.spans
        transcript = 0  # the last paragraph that is a transcript turn or its continuation
        for n, q in enumerate(spans):
            text = self.text[q.start : q.end]
            if (
                q.depth == 0
                and self.whole_paragraph(q)
                and (is_transcript_line(text) or transcript == q.paragraph - 1 > 0)
            ):
                transcript = q.paragraph
                continue
            context = self._context(q, text, spans[n - 1] if n else None, spans[n + 1 : n + 3], last)
            rule, said = next(
                ((r, found) for r in RULES if (found := r.fires(self, context)) is not None), (None, None)
            )
            if not self._keep(context, said):
                continue
            speaker_text, entity, cue_word = said if said is not None else (None, None, None)
            out.append(
                QuoteRecord(
                    q.paragraph,
                    text,
                    context.kind,
                    q.start,
                    q.end,
                    speaker_text,
                    entity,
                    cue_word,
                    rule.name if rule else None,
                    confidence(rule, speaker_text, entity) if rule else None,
                )
            )
            if speaker_text is not None:
                last = (speaker_text, entity, q.paragraph)
        return out

    def _context(self, q: MarkedSpan, text: str, previous: MarkedSpan | None, nxt: list[MarkedSpan], last) -> Context:
        """The cue next to a span, its subject resolved, and the kind of quote."""
        following = next((s.open_mark for s in nxt if s.open_mark > q.start and not self.is_name(s)), len(self.text))
        found = self.cue_near(q, following)
        cue, side = found if found else (None, None)
        kind = self.kind_of(q, cue, side, previous)
        subject = speaker = None
        if cue is not None:
            subject = self.speakers.subject_of(cue)
            speaker = self.speaker_of(subject, cue) if subject is not None else None
            if speaker is None and (cue.dep_ == "relcl" or cue.head.dep_ == "relcl"):
                cue = side = None  # `a tweet that said`: nobody the cue names speaks
        if (
            speaker is None
            and (cue is None or is_weak(cue))
            and (misparsed := self.misparsed_attribution(q, following)) is not None
        ):
            cue, subject = misparsed
            side, speaker = "after", self.speaker_of(subject, cue)
        clause = kind == "partial" and self._is_clause(q)
        return Context(q, text, kind, cue, side, subject, speaker, previous, last, clause, nxt[0] if nxt else None)

    def _is_clause(self, q: MarkedSpan) -> bool:
        """Whether the quoted words hold a clause of their own: a verb and its subject."""
        toks = self.article.tokens(q.start, q.end)
        return any(
            t.dep_ in {"nsubj", "nsubjpass", "expl"}
            and toks.start <= t.head.i < toks.end
            and t.head.pos_ in {"VERB", "AUX"}
            for t in toks
        )

    @staticmethod
    def _keep(c: Context, said) -> bool:
        """Whether a span is a quote: not scare quotes, titles or names nobody is said to use."""
        weak = c.cue is not None and is_weak(c.cue)
        if said is None:
            long_speech = c.kind == "direct" and is_speech(c.text) and len(c.text.split()) >= 6
            return c.cue is None and long_speech or c.cue is not None and not looks_like_title(c.text)
        if looks_like_title(c.text) and (weak or c.kind == "partial"):
            return False
        return not (weak and c.kind == "partial" and SPEECH_FORMS.get(c.cue.lower_) == "continue")


def _name_head(tok: Token) -> Token:
    """The last word of the name a token is part of (`Roly` in `Roly Keating` -> `Keating`)."""
    while tok.dep_ in {"compound", "flat"} and tok.head.i > tok.i:
        tok = tok.head
    return tok
