"""Reported speech without quote marks: `X said (that) CLAUSE`, `according to X, CLAUSE`."""

from __future__ import annotations

import re

from spacy.tokens import Token

from ingest.models import QuoteRecord
from ingest.paragraphs import paragraph_at
from ingest.quotes.article import Article
from ingest.quotes.rules import ACCORDING_TO, REPORTED_CLAUSE, confidence
from ingest.quotes.spans import has_mark
from ingest.quotes.speakers import Speakers
from ingest.speech import (
    ADDRESSED,
    NEVER_SPEAKERS,
    REPORTING_FORMS,
    SPEAKERS_ONLY_RESOLVED,
    SPEECH_FORMS,
    inflect,
    is_according,
    is_reporting,
)

MIN_TOKENS = 3
# Verbs whose object is the person told, not part of what was said.
HEARER_VERBS = {"tell", "inform", "assure", "advise", "warn", "remind", "notify", "promise", "urge"}


class ReportedSpeech:
    """Finds reported claims: a reporting verb or `according to` with a finite content clause."""

    def __init__(self, article: Article, speakers: Speakers):
        self.article = article
        self.doc = article.doc
        self.speakers = speakers

    def quotes(self) -> list[QuoteRecord]:
        """Every reported claim outside quote marks, as `indirect` quotes."""
        out: list[QuoteRecord] = []
        for tok in self.doc:
            if self.article.inside[tok.i]:
                continue
            if is_according(tok):
                self._according(tok, out)
            elif is_reporting(tok) and tok.pos_ in {"VERB", "AUX"}:
                self._reporting_verb(tok, out)
        return out

    def _according(self, tok: Token, out: list[QuoteRecord]) -> None:
        """`according to X, CLAUSE` and `CLAUSE, according to X`: the clause minus the phrase."""
        clause = tok.head if tok.head.i != tok.i else None
        subj = self.speakers.subject_of(tok)
        if clause is None or subj is None:
            return
        sent = tok.sent
        nxt = self.doc[tok.right_edge.i + 1 : tok.right_edge.i + 3]
        ends = (
            tok.right_edge.i + 1 >= sent.end
            or nxt[0].is_punct
            and (len(nxt) < 2 or nxt[0].text != "," or nxt[1].lower_ in {"who", "which"})
        )
        if tok.left_edge.i == sent.start:  # `According to X, CLAUSE`
            tokens = list(self.doc[tok.right_edge.i + 1 : sent.end])
        elif ends or tok.i > clause.i:  # `CLAUSE, according to X`
            start = clause.left_edge.i if clause.left_edge.i < tok.left_edge.i else sent.start
            tokens = list(
                self.doc[max(sent.start, start) : tok.left_edge.i]
            )  # also `..., according to police, who said`
        else:  # `Local authorities, according to X, have noted ...`
            skip = set(range(tok.left_edge.i, tok.right_edge.i + 1))
            tokens = [t for t in clause.subtree if t.i not in skip]
        self._add(out, tokens, subj, "according to")

    def _reporting_verb(self, tok: Token, out: list[QuoteRecord]) -> None:
        """`X said (that) CLAUSE`, `CLAUSE, X said`, and `Day, they said, desired ...`."""
        if _unsaid(tok):
            return
        subj = self.speakers.subject_of(tok)
        if subj is None or subj.lower_ in NEVER_SPEAKERS:
            return
        comps = [c for c in tok.children if c.dep_ == "ccomp" and not self.article.inside[c.i]]
        comps += self._content_read_as_relative(tok)
        after = [c for c in comps if c.i > tok.i]
        if after:
            for clause in self._clauses(after[0]):
                tokens = self._with_lost_subject(tok, after[0], self._trim_relative(tok, clause))
                tokens += self._joined_claim(tok, tokens)
                while tokens and (
                    tokens[0].dep_ == "mark"
                    and tokens[0].lower_ == "that"
                    or tokens[0].is_punct
                    or tokens[0].dep_ == "cc"
                ):
                    tokens = tokens[1:]
                self._add(out, tokens, subj, tok.lower_)
        elif comps:  # `CLAUSE, police said.`; `A, but B, he noted.`: all of it, as one claim
            start, end = min(c.left_edge.i for c in comps), max(c.right_edge.i for c in comps)
            self._add(out, list(self.doc[start : end + 1]), subj, tok.lower_)
        elif (
            tok.dep_ in {"parataxis", "advcl"}
            and tok.head.pos_ in {"VERB", "AUX"}
            and (start := self._set_off(tok, subj))
        ):
            # `Day, they said, desired ...`, `A gunman shot shoppers, reported officials, ...`,
            # `Then, say analysts, there is ...`
            skip = set(range(start, tok.right_edge.i + 1)) | {t.i for t in tok.subtree}
            self._add(out, [t for t in tok.head.subtree if t.i not in skip], subj, tok.lower_)

    def _content_read_as_relative(self, verb: Token) -> list[Token]:
        """`She informed police she had diplomatic immunity`, parsed as `police (whom) she had`: a
        clause with no relative word whose verb has an object of its own cannot be a relative clause
        on the listener; it is what the listener was told."""
        if SPEECH_FORMS.get(verb.lower_) not in ADDRESSED:
            return []
        return [
            clause
            for listener in verb.children
            if listener.dep_ == "dobj"
            for clause in listener.children
            if clause.dep_ == "relcl"
            and not self.article.inside[clause.i]
            and {"nsubj", "dobj"} <= {c.dep_ for c in clause.children}
            and not any(c.tag_ in {"WDT", "WP", "WP$", "WRB"} or c.lower_ == "that" for c in clause.children)
        ]

    def _joined_claim(self, verb: Token, tokens: list[Token]) -> list[Token]:
        """`X underlined that A, and B` with B parsed as joined to the verb: a clause of its own
        (its own subject, no speech verb) right after the claim goes on with it; after `but`, only
        when the speaker is its subject again (`He says A but he will not B`)."""
        if not tokens:
            return []
        last = tokens[-1].i
        for conj in verb.children:
            if conj.dep_ != "conj" or conj.i <= last or conj.left_edge.i > last + 3:
                continue
            if conj.pos_ not in {"VERB", "AUX"} or is_reporting(conj):
                return []
            subject = next((c for c in conj.children if c.dep_ in {"nsubj", "nsubjpass", "expl"}), None)
            if subject is None:
                return []
            contrast = any(c.dep_ == "cc" and c.lower_ == "but" for c in verb.children if last < c.i < conj.i)
            speaker = self.speakers.subject_of(verb)
            if contrast and (speaker is None or subject.lower_ != speaker.lower_):
                return []  # `X insists A, but Congress has not ...`: the writer's contrast
            return list(self.doc[last + 1 : conj.right_edge.i + 1])
        return []

    def _set_off(self, tok: Token, subj: Token) -> int | None:
        """Where an attribution set off by commas in the clause it reports starts (its comma):
        after the clause (`..., reported officials`) or inside it (`A lot of money, he says, has gone`)."""
        if tok.i > 0 and self.doc[tok.i - 1].text == ",":
            start = tok.i - 1  # `, reported officials`, `, insisting ...`
        elif 0 < subj.i < tok.i and self.doc[subj.i - 1].text == ",":
            start = subj.i - 1  # `, he says,`
        else:
            return None
        after = tok.right_edge.i + 1
        introduces = after + 1 < len(self.doc) and self.doc[after].text in {",", ":"} and self.doc[after + 1].is_quote
        if introduces or any(self.article.inside[c.i] for c in tok.children):
            return None  # `..., saying: "..."`: what it reports is the quotation
        # the comma closing the aside, which the parser may have hung on the verb itself
        closing = self.doc[tok.right_edge.i].text == "," or after < len(self.doc) and self.doc[after].text == ","
        # `Day, they said, desired`, `Also, said Mr Flynn, Vodafone has`; not `Nemeth, recalled in
        # place of Job, was denied`, a description of the subject outside the commas
        inside = closing and after <= tok.head.i and start < subj.i
        return start if tok.i > tok.head.i or inside else None

    def _with_lost_subject(self, verb: Token, clause: Token, tokens: list[Token]) -> list[Token]:
        """`He says his remark was misrepresented`, parsed with `his remark` as the object of
        `says`: a clause with no subject of its own takes back the object just before it."""
        if any(c.dep_ in {"nsubj", "nsubjpass", "expl", "csubj"} for c in clause.children) or not tokens:
            return tokens
        if REPORTING_FORMS.get(verb.lower_) in HEARER_VERBS:
            return tokens  # `told our correspondent (that) ...`: the object is who was told
        obj = next((c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < clause.i), None)
        if obj is None or obj.right_edge.i + 1 != tokens[0].i:
            return tokens
        return list(self.doc[obj.left_edge.i : obj.right_edge.i + 1]) + tokens

    def _clauses(self, clause: Token) -> list[list[Token]]:
        """`said that A, and that B`: A and B as two claims."""
        joined = [
            c
            for c in clause.children
            if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"} and any(m.dep_ == "mark" for m in c.children)
        ]
        cut = {t.i for c in joined for t in c.subtree}
        cut |= {c.i for c in clause.children if c.dep_ == "cc" and joined and c.i < joined[0].i}
        first = [t for t in clause.subtree if t.i not in cut]
        return [first] + [list(c.subtree) for c in joined]

    def _trim_relative(self, verb: Token, tokens: list[Token]) -> list[Token]:
        """`X, who has said CLAUSE, has been ...`: the clause ends at the comma."""
        if verb.dep_ != "relcl":
            return tokens
        for k, t in enumerate(tokens[:-1]):
            if t.text == "," and tokens[k + 1].pos_ in {"AUX", "VERB"}:
                return tokens[:k]
        return tokens

    def _without_quoted_tail(self, tokens: list[Token]) -> list[Token]:
        """`she made the decision alone, insisting she was "never pressured"`, `the break up was
        amicable, although Bourne admitted he was "devastated"`: a clause that goes on into quoted
        words ends before the phrase holding them (the quotation is a quote of its own)."""
        for k, t in enumerate(tokens):
            # `, although X admitted ...` adds a statement of its own; `if`, `because` belong to the claim
            opens = (
                t.left_edge.i == t.i
                or t.dep_ == "advcl"
                and t.left_edge.lower_ in _CONCESSIVE
                or t.dep_ == "conj"
                and t.left_edge.is_quote  # `she had immunity, but "that she had no plans ..."`
            )
            if k and t.dep_ in {"advcl", "conj", "parataxis"} and opens:
                if any(self.article.inside[u.i] for u in t.subtree):
                    begins = next(j for j, u in enumerate(tokens) if u.i >= t.left_edge.i)
                    joined = begins and tokens[begins - 1].text in {",", ";", "and", "but", "or"}
                    return tokens[: begins - 1 if joined else begins]
        return tokens

    def _add(self, out: list[QuoteRecord], tokens: list[Token], subj: Token, cue: str) -> None:
        """Keep a finite clause of a few words with no quote marks in it."""
        while tokens and tokens[-1].is_punct and not (tokens[-1].text == ")" and any(t.text == "(" for t in tokens)):
            tokens = tokens[:-1]
        while tokens and tokens[0].is_punct:
            tokens = tokens[1:]
        tokens = self._without_quoted_tail(tokens)
        at = next((k for k, t in enumerate(tokens[:4]) if t.i == subj.i), None)
        if at is not None and at + 1 < len(tokens) and tokens[at + 1].text == ",":
            tokens = tokens[at + 2 :]  # `Most importantly, say analysts, the failure ...`: not the speaker
        if len(tokens) < MIN_TOKENS or not any(t.pos_ in {"VERB", "AUX"} for t in tokens):
            return
        if any(self.article.inside[t.i] or has_mark(t.text) for t in tokens):
            return
        speaker_text, entity = self.speakers.resolve(subj)
        if speaker_text.lower() in SPEAKERS_ONLY_RESOLVED and entity is None:
            return
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        text = re.sub(r"\s+", " ", _join(tokens)).strip(" ,")
        paragraph = paragraph_at(self.article.paragraphs, start)
        rule = ACCORDING_TO if cue == "according to" else REPORTED_CLAUSE
        out.append(
            QuoteRecord(
                paragraph,
                text,
                "indirect",
                start,
                end,
                speaker_text,
                entity,
                cue,
                rule.name,
                confidence(rule, speaker_text, entity),
            )
        )


# Verbs after which `to say` is not said: `refused to say`, `would like to say`, `fail to say`.
_UNREALISED = {
    form
    for base in "fail refuse decline want hope plan intend expect need try forget hesitate like wish dare".split()
    for form in inflect(base)
}


# Words opening a clause whose verb tells what may be said, not what was: `if`, `unless`, `whichever way`.
_OPEN_CONDITIONS = {"if", "unless", "whichever", "whatever"}

# Adjectives after which `to say` is not (yet) said: `difficult to say`, `too early to say`, `due to
# announce`; not `wrong to say` or `quick to say`, which were said.
_NOT_YET = set("difficult hard impossible early soon premature unable reluctant loath unwilling due likely".split())


_CONCESSIVE = {"although", "though", "while", "whereas", "whilst"}


def _unsaid(verb: Token) -> bool:
    """A reporting verb whose claim was not made: negated (`police did not say the man was armed`),
    wanted, refused or failed (`declined to say`, `wants to say`) or only judged (`hard to say`)."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    opening = [c for c in verb.children if c.i < verb.i and c.dep_ in {"mark", "npadvmod", "advmod"}]
    if verb.dep_ == "advcl" and any(t.lower_ in _OPEN_CONDITIONS for c in opening for t in (c, *c.children)):
        return True  # `Whichever way the court rules, ...`, `if the judge rules that ...`: not (yet) said
    return verb.dep_ == "xcomp" and (verb.head.lower_ in _UNREALISED or verb.head.lower_ in _NOT_YET)


def _join(tokens: list[Token]) -> str:
    """Tokens as written, with a space where a piece was taken out."""
    pieces, prev = [], None
    for t in tokens:
        if prev is not None and t.i != prev + 1:
            pieces.append(" ")
        pieces.append(t.text_with_ws if t is not tokens[-1] else t.text)
        prev = t.i
    return "".join(pieces)
