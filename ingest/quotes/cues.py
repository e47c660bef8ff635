"""Speech cues: the verb (or `according to`) that attributes a quoted span, wherever the writer
put it: right after the words, before them, as an aside in the clause they belong to, closing the
quote whatever the verb, or ending the paragraph before."""

from __future__ import annotations

from spacy.tokens import Span, Token

from ingest.quotes.article import Article
from ingest.quotes.spans import MarkedSpan
from ingest.quotes.speakers import Speakers
from ingest.references.pronouns import SPEAKER_TYPES, SPEAKING_PRONOUNS
from ingest.speech import ADDRESSED, SAYINGS, SPEECH_FORMS, is_according, is_speech_verb, is_weak

_CONTENT = {"ccomp", "advcl", "xcomp", "pcomp", "prep"}  # `X said she expects Y "to go"`
NEAR_CUE = 60  # characters: a cue this close after a quote is its attribution
_NAMING = {"nsubj", "nsubjpass", "compound"}  # what the parser made a subject is a name, whatever its tag
_NOMINAL = {"PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM", "PUNCT", "PART", "ADV"}  # a subject (and `then`)
# What a weak verb closing an attribution may take: `went on, as if ...`, `asked reporters last month`.
_ASIDES = {"nsubj", "prt", "prep", "advcl", "advmod", "npadvmod", "punct", "cc"}
_COMPLEMENTS = {"dobj", "ccomp", "xcomp", "attr", "acomp", "oprd", "dative"}  # a verb with something to say
_SUBORDINATE = {"advcl", "relcl", "acl", "csubj", "ccomp", "pcomp"}
# What may follow the verb of an attribution that closes a quote: `said on Tuesday.`, `said flatly.`
_ATTRIBUTION_TAIL = {"punct", "prep", "advmod", "npadvmod"}


class Cues:
    """Finds the speech cue of each quoted span of an article (`QuoteFinder` builds on it)."""

    def __init__(self, article: Article, speakers: Speakers):
        self.article = article
        self.doc = article.doc
        self.text = article.text
        self.speakers = speakers

    def own_subject(self, verb: Token) -> Token | None:
        """A verb's own subject outside quote marks, as the parser found it."""
        return next(
            (c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} and not self.article.inside[c.i]), None
        )

    def is_cue(self, tok: Token) -> bool:
        """A speech verb or `according to` outside quote marks."""
        return not self.article.inside[tok.i] and (is_speech_verb(tok) or is_according(tok))

    def cue_near(self, q: MarkedSpan, following: int) -> tuple[Token, str] | None:
        """The cue of a quote: right after it (up to the next quote or the sentence end), else
        before it in its sentence, else ending the previous paragraph (`X said:`)."""
        close = q.close_mark if q.close_mark is not None else q.end
        right_end = min(self._attribution_end(q, close), following)
        right = [t for t in self.article.tokens(close + 1, right_end) if self.is_cue(t) and not self._intends(t)]
        if right and self._introduces_next(right[-1], following):
            right.pop()  # `"..." Crowther added: "..."`; but `X said, adding: "..."` keeps `said`
        left_start = self.article.sentence(q.open_mark).start_char
        left = [t for t in self.article.tokens(left_start, q.open_mark) if self.is_cue(t)]
        if self.text[left_start : q.open_mark].rstrip().endswith(":"):
            left = introducing(left, self.article.tokens(left_start, q.open_mark))
        inverted = self._inverted_right_after(close, right) or self._closing_attribution(q, close, right)
        if inverted is not None:
            return inverted, "after"
        governing = self._governing_cue(q, left + right)
        adjacent = self._adjacent_cue(q, left)
        if adjacent is not None and (governing is None or governing.i < adjacent.i):
            return adjacent, "before"
        opening = self._verb_opening(q) if adjacent is None else None
        if opening is not None and (governing is None or is_weak(governing) or governing.i < opening.i):
            return opening, "before"
        if governing is not None and self._said_in_subject(governing, q, right):
            return right[0], "after"  # `Nothing the president said "will assuage fears," the senator said`
        if governing is not None:
            return governing, "before" if governing.idx < q.open_mark else "after"
        if right and right[0].idx - close < NEAR_CUE:
            return right[0], "after"
        if left:
            return left[-1], "before"
        if right:
            return right[0], "after"
        return self._verb_closing(q, close, right_end) or self._cue_ending_previous_paragraph(q)

    def _said_in_subject(self, cue: Token, q: MarkedSpan, right: list[Token]) -> bool:
        """`Nothing the president said "will assuage fears," the senator said`: a cue in a relative
        clause before a quote that opens with a verb (the rest of the sentence the clause is the
        subject of), when a cue with a subject of its own closes the quote, only tells what the
        words are about; the closing one attributes them."""
        if cue.dep_ != "relcl" or cue.idx > q.open_mark or not right or is_weak(right[0]):
            return False
        first = next((t for t in self.article.tokens(q.start, q.end) if not t.is_punct), None)
        if first is None or first.pos_ not in {"VERB", "AUX"}:
            return False  # `Humphrey, who calls Trump a "sociopath," said`: what the clause calls him
        close = q.close_mark if q.close_mark is not None else q.end
        return right[0].idx - close < NEAR_CUE and self.own_subject(right[0]) is not None

    def _verb_closing(self, q: MarkedSpan, close: int, end: int) -> tuple[Token, str] | None:
        """`"Would it be negotiable?" Hannity pressed.`: a quote left open by its last mark (a comma,
        question or exclamation mark) and closed by a subject and a verb with nothing of its own to
        say (no object or clause) attributes the quote whatever the verb (`fumed`, `mused`)."""
        open_end = self.text[q.start : q.end].rstrip()[-1:] in {",", "?", "!"}
        if q.close_mark is None or not (open_end or self.text[close + 1 : close + 2] == ","):
            return None  # `"...," Martin opines` or `"...", Martin opines`
        toks = self.article.tokens(close + 1, end)
        # `Trump shot back`, with `Trump` tagged a verb: the parser's subject is no verb
        verb = next((t for t in toks if t.pos_ in {"VERB", "AUX"} and t.dep_ not in _NAMING), None)
        if verb is None or not _finite(verb) or verb.i - toks.start > 8:
            return None
        if any(t.pos_ not in _NOMINAL and t.dep_ not in _NAMING for t in self.doc[toks.start : verb.i]):
            return None
        # `"...," smiles one broker.`: someone named by a noun right after the verb, ending the sentence
        inverted = verb.i == toks.start and any(
            c.dep_ in {"nsubj", "dobj"}
            and c.pos_ == "NOUN"
            and c.left_edge.i == verb.i + 1
            and all(t.is_punct for t in self.doc[c.right_edge.i + 1 : verb.sent.end])
            for c in verb.children
        )
        if not inverted and any(c.dep_ in _COMPLEMENTS and not self.article.inside[c.i] for c in verb.children):
            return None
        subj = self.speakers.subject_of(verb)
        if subj is None or self.article.inside[subj.i]:
            return None
        return (verb, "after") if inverted or self._someone(subj) else None

    def _someone(self, subj: Token) -> bool:
        """A subject that can speak whatever its verb: a name or a person's pronoun (not `the
        balloons cascaded`, not `which`)."""
        entity = self.speakers.resolve(subj)[1]
        named = entity is not None and self.article.entity_type(entity) in SPEAKER_TYPES
        bare_name = subj.pos_ in {"PROPN", "NOUN"} and subj.is_title and not any(c.dep_ == "det" for c in subj.children)
        return named or bare_name or subj.lower_ in SPEAKING_PRONOUNS

    def _verb_opening(self, q: MarkedSpan) -> Token | None:
        """`..., Hillary shot back, "I suppose ..."`: a sentence opened by the quote's words, after
        a main clause of a subject and a verb with nothing of its own to say (no object or clause)
        ending in a comma or colon, is that subject's, whatever the verb (`fired back`, `laughed`)."""
        before = self.text[: q.open_mark].rstrip()
        words = self.text[q.start : q.end].lstrip(" '‘\"“")
        if not before or before[-1] not in ",:" or not words[:1].isupper():
            return None
        i = self.article.token_at(len(before) - 1) - 1
        while i > 0 and self.doc[i].dep_ in {"prt", "advmod"} and self.doc[i].head.i < i:
            i -= 1  # `shot back`, `wrote simply`
        verb = self.doc[i] if i >= 0 else None
        if verb is None or verb.pos_ != "VERB" or verb.tag_ not in {"VBD", "VBZ", "VBP"} or self.article.inside[i]:
            return None
        if any(c.dep_ == "mark" for c in verb.children):
            return None  # `As Trump arrived, "..."`: a subordinate clause sets the scene
        if any(c.dep_ in _COMPLEMENTS and c.i < q.open_mark and not self.article.inside[c.i] for c in verb.children):
            return None  # `Trump thanked the crowd, "..."`
        subj = self.own_subject(verb)
        if (
            subj is None
            or subj.i > verb.i
            or any(t.dep_ not in {"advmod", "neg"} for t in self.doc[subj.i + 1 : verb.i])
        ):
            return None
        return verb if self._someone(subj) else None

    def misparsed_attribution(self, q: MarkedSpan, following: int) -> tuple[Token, Token] | None:
        """`"...," the editorial read.`, `"...," the Saudis state in a paper`, `"...," read the
        statement`: the speech verb and the speaker's head noun of an attribution closing words left
        open by a comma (or a question or exclamation mark), when the tagger read the verb as a
        noun or lost its subject: a noun phrase and a finite speech verb, or the verb and a noun
        phrase, then nothing but a phrase on a preposition before the sentence ends."""
        close = q.close_mark
        if close is None or self.text[q.start : q.end].rstrip()[-1:] not in {",", "?", "!"}:
            return None
        toks = list(self.article.tokens(close + 1, min(self._attribution_end(q, close), following)))
        while toks and toks[0].is_punct:
            toks.pop(0)
        for k in (n for n, t in enumerate(toks[:8]) if _attributing(t)):
            if k:
                phrase, rest = _noun_phrase_from(toks[:k])
                if rest:
                    continue  # `"...," he wrote in a piece that says`: not a phrase and its verb
                rest = toks[k + 1 :]
            else:
                phrase, rest = _noun_phrase_from(toks[1:])
            head = _before_preposition(phrase)
            heads = [t for t in head if t.pos_ in {"NOUN", "PROPN"} or t.i == head[-1].i and t.pos_ == "ADJ"]
            if not heads or any(self.article.inside[t.i] for t in phrase):
                continue
            if rest and not (rest[0].is_punct or rest[0].pos_ == "ADP"):
                continue  # `"...," the paper states the case`: the verb has more to say
            owner = next((t for t in phrase if t.tag_ == "POS" and t.i - 1 >= phrase[0].i), None)
            parsed = any(c.dep_ == "poss" for c in heads[-1].children)  # then resolving the saying finds its owner
            if owner is not None and heads[-1].lower_ in SAYINGS and not parsed:
                return toks[k], self.doc[owner.i - 1]  # `Morquendi's message read`: Morquendi's words
            return toks[k], heads[-1]
        return None

    def _intends(self, verb: Token) -> bool:
        """`Connors has also agreed to commentate`: a speech verb with an infinitive of its own
        (outside quote marks) says what someone will do, not who said the quote before it."""
        inside = self.article.inside
        return any(
            c.dep_ == "xcomp" and not inside[c.i] and any(a.tag_ == "TO" for a in c.children) for c in verb.children
        )

    def _introduces_next(self, cue: Token, following: int) -> bool:
        """`"..." Crowther added: "..."`: the last cue before a colon and the next quote introduces
        that one, not the quote before it."""
        if following >= len(self.text):
            return False
        between = self.text[cue.idx + len(cue.text) : following].rstrip()
        return between.endswith(":") and not any(ch in between for ch in ".!?")

    def _inverted_right_after(self, close: int, right: list[Token]) -> Token | None:
        """`"... ?" asked Dunn`: a finite speech verb right after the closing mark, with its subject
        after it, attributes the quote whatever the parser hung the quote on before it."""
        if not right:
            return None
        verb = right[0]
        gap = self.article.tokens(close + 1, verb.idx)
        question = self.text[close - 1 : close] == "?" and SPEECH_FORMS.get(verb.lower_) == "ask"
        if any(not t.is_punct for t in gap) or is_weak(verb) and not question or verb.tag_ not in {"VBD", "VBZ", "VBP"}:
            return None
        nxt = self.doc[verb.i + 1] if verb.i + 1 < len(self.doc) else None
        if nxt is None or self.article.inside[nxt.i] or nxt.pos_ not in {"PROPN", "DET", "NOUN", "ADJ"}:
            return None
        return verb

    def _closing_attribution(self, q: MarkedSpan, close: int, right: list[Token]) -> Token | None:
        """`Nothing the mayor said "will calm fears," the senator said.`: words left open by a comma
        and closed by a subject and its speech verb, with nothing else to say, are that speaker's,
        whatever verb before the quote the parser hung them on."""
        if not right or self.text[q.start : q.end].rstrip()[-1:] != ",":
            return None
        verb = right[0]
        if is_weak(verb) or verb.tag_ not in {"VBD", "VBZ", "VBP"}:
            return None
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        gap = self.article.tokens(close + 1, verb.idx)
        if subj is None or not len(gap) or gap.start != subj.left_edge.i or subj.right_edge.i != verb.i - 1:
            return None  # only `, the senator said`: the subject right between the words and the verb
        if any(c.i > verb.i and c.dep_ not in _ATTRIBUTION_TAIL for c in verb.children):
            return None  # `, Jones said the plan ...`, `72 percent said yes while ...`: words of its own
        return verb

    def _adjacent_cue(self, q: MarkedSpan, left: list[Token]) -> Token | None:
        """`footage of Trump saying during the debate, "..."`: a speech verb that introduces the
        quote with nothing but a comma or colon and a verbless phrase between them."""
        if not left or is_weak(left[-1]):
            return None
        cue = left[-1]
        between = self.article.tokens(cue.idx + len(cue.text), q.open_mark)
        if not len(between) or between[-1].text not in {",", ":"}:
            return None
        if any(t.pos_ in {"VERB", "AUX"} or t.dep_ in {"dobj", "ccomp"} for t in between):
            return None
        return cue

    def _attribution_end(self, q: MarkedSpan, close: int) -> int:
        """Where an attribution after a quote can end: its sentence, or the next one when the
        parser split `"Who knows?" | Graham asked.` there (a short sentence or one whose main verb
        is a speech verb, with no clause or object of its own)."""
        end = self.article.sentence(max(close - 1, q.start)).end_char
        _, para_end = self.article.paragraphs[q.paragraph - 1]
        if q.close_mark is None or end > close + 1 or end >= para_end:
            return end
        i = self.article.token_at(close + 1)
        if i >= len(self.doc):
            return end
        nxt = self.doc[i].sent
        if nxt.start == i and self.doc[i].text[:1].islower():
            return nxt.end_char  # `"You winning?" | she said, but ...`: the sentence goes on
        left_open = self.text[q.start : q.end].rstrip()[-1:] != "."  # `"...gave him." The crowd went nuts.`
        if nxt.start == i and left_open and len(nxt) <= 10 and not any(t.dep_ in {"ccomp", "dobj"} for t in nxt):
            return nxt.end_char
        if nxt.start == i and self._opens_with_attribution(nxt):
            return nxt.end_char  # `"... who knows?" Trump told Britain's ITV in an interview ...`
        return end

    @staticmethod
    def _opens_with_attribution(sent: Span) -> bool:
        """A sentence whose main verb is a speech verb, active, with nothing of its own to report:
        no clause or object, nor does a verb joined to it have one (`said the plan was dead`,
        `denied ever taking drugs`, `agreed and said the figures ...`), though whom it was said to
        is fine (`told ITV`, `asked the crowd`). A weak verb (`go`, `begin`) takes nothing but a
        particle, a preposition or an aside (`went on, as if ...`), and no auxiliary: `began 50
        years ago` and `must go to` are no speech."""
        verb = sent.root
        if not is_speech_verb(verb) or any(c.dep_ in {"auxpass", "agent"} for c in verb.children):
            return False  # `had been put forward by`
        joined = [verb, *(c for c in verb.children if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"})]
        for v in joined:
            for c in v.children:
                if c.dep_ in {"ccomp", "xcomp"} or c.dep_ == "dobj" and SPEECH_FORMS.get(v.lower_) not in ADDRESSED:
                    return False
        if is_weak(verb):
            addressed = SPEECH_FORMS.get(verb.lower_) in ADDRESSED
            return all(
                (c.dep_ in _ASIDES or c.dep_ == "dobj" and addressed)
                and not (c.dep_ == "advcl" and any(g.tag_ == "TO" for g in c.children))
                for c in verb.children
            )
        return True

    def _governing_cue(self, q: MarkedSpan, cues: list[Token]) -> Token | None:
        """Of the cues around a quote, the nearest one the quoted words depend on (`She says the
        tweets accusing X are "lies"`: `says`, not `accusing`), passing a weak cue for a speech
        verb above it (`X said she expects it "to continue"`: `said`) or set in as an aside."""
        if not cues:
            return None
        toks = self.article.tokens(q.start, q.end)
        if not len(toks):
            return None
        candidates = {t.i for t in cues}
        tok, found, path = toks.root, None, []
        for _ in range(12):
            path.append(tok)
            if tok.i in candidates:
                if found is not None and _raising(tok, path[-2]):
                    return found  # `Obama is reported to have called the Saudis "free riders"`: he called them so
                if not is_weak(tok):
                    return tok
                found = found or tok
            if tok.head.i == tok.i or (
                found is not None and (tok.dep_ not in _CONTENT or tok.head.i > found.i and not _agentless(found))
            ):
                break  # above a weak cue, only an earlier verb whose content it is part of
            if (
                found is not None
                and tok.i != found.i
                and tok.dep_ in {"pcomp", "advcl"}
                and self.own_subject(tok) is not None
            ):
                break  # `..., with Lewandowski taking to Twitter to call Fields "..."`: his words
            tok = tok.head
        if found is not None:  # `X said, a majority have come to believe "..."`
            aside = next(
                (
                    c
                    for c in tok.children
                    if c.dep_ == "parataxis" and c.i in candidates and not is_weak(c) and c.i < found.i
                ),
                None,
            )
            return aside or found
        # `The paradox of Nancy, says Carl Anthony, is that she was "..."`: an attribution set in as
        # an aside of a clause the words belong to
        return next(
            (c for t in path for c in t.children if c.dep_ == "parataxis" and c.i in candidates and not is_weak(c)),
            None,
        )

    def _cue_ending_previous_paragraph(self, q: MarkedSpan) -> tuple[Token, str] | None:
        """`Caddell continued:` closing one paragraph, the quote opening the next."""
        pstart, _ = self.article.paragraphs[q.paragraph - 1]
        if q.paragraph == 1 or q.open_mark != pstart:
            return None
        prev_start, prev_end = self.article.paragraphs[q.paragraph - 2]
        if not self.text[prev_start:prev_end].rstrip().endswith(":"):
            return None
        sent_start = self.article.sentence(prev_end - 1).start_char
        cues = [t for t in self.article.tokens(sent_start, prev_end) if self.is_cue(t)]
        return (cues[-1], "before") if cues else None


def _finite(verb: Token) -> bool:
    """A finite verb, or a past form the tagger read as a participle though nothing makes it one
    (`Trump barked.`: no auxiliary, not a modifier)."""
    if verb.tag_ in {"VBD", "VBZ", "VBP"}:
        return True
    return (
        verb.tag_ == "VBN"
        and verb.dep_ in {"ROOT", "appos", "conj"}
        and not any(c.dep_ in {"aux", "auxpass"} for c in verb.children)
    )


def _agentless(verb: Token) -> bool:
    """A passive verb with no `by` agent (`Guccifer was branded "..."`): it names no one who said it."""
    children = {c.dep_ for c in verb.children}
    return "auxpass" in children and "agent" not in children


def _raising(verb: Token, below: Token) -> bool:
    """`X is reported to have called`, `X can be heard asking`: a passive verb whose subject is the
    subject of the active verb below it, reached through that verb's infinitive or participle;
    not whom someone told, asked or advised (`residents were advised to expect`)."""
    passive = SPEECH_FORMS.get(verb.lower_) not in ADDRESSED and any(c.dep_ == "auxpass" for c in verb.children)
    return below.dep_ == "xcomp" and passive and not any(c.dep_ == "auxpass" for c in below.children)


def introducing(cues: list[Token], before_colon: Span) -> list[Token]:
    """The cues that can introduce a quote after a colon: those of the main clause, and one in a
    clause of its own only when that clause runs to the colon (`where he suggested Curiel was
    from Mexico:`, `as the heckler yelled:`), not one further back (`When Trump suggested ...,
    Rubio fired back:`)."""
    words = [t for t in before_colon if not t.is_punct]
    end = words[-1].i if words else -1
    return [t for t in cues if not subordinate(t) or t.right_edge.i >= end]


def subordinate(tok: Token) -> bool:
    """A verb inside a clause that depends on another (`When Trump suggested ...`, `who said ...`)."""
    while tok.head.i != tok.i:
        if tok.dep_ in _SUBORDINATE:
            return True
        tok = tok.head
    return False


_PHRASE = {"DET", "ADJ", "NOUN", "PROPN", "NUM"}
_OF_PLACE = {"in", "of", "for", "from", "at", "on"}  # `a voice-over in the ad`, `the head of the agency`


def _attributing(tok: Token) -> bool:
    """A finite form of a speech verb, whatever the tagger made of it (`state`, `states`, `read`)."""
    return tok.lower_ in SPEECH_FORMS and not tok.lower_.endswith("ing") and tok.pos_ in {"VERB", "AUX", "NOUN", "ADJ"}


def _noun_phrase_from(toks: list[Token]) -> tuple[list[Token], list[Token]]:
    """The noun phrase the tokens open with (a prepositional phrase in it too: `a voice-over in
    the ad`), and the tokens after it."""
    n, prepositions = 0, 0
    while n < len(toks):
        tok, prev = toks[n], toks[n - 1] if n else None
        joined = prev is not None and prev.text == "-" and not prev.whitespace_  # `voice-over`
        if tok.pos_ in _PHRASE or tok.tag_ == "POS" or tok.text == "-" and not tok.whitespace_ or joined:
            n += 1
        elif tok.lower_ in _OF_PLACE and n and prepositions == 0 and n + 1 < len(toks) and toks[n + 1].pos_ in _PHRASE:
            n, prepositions = n + 1, 1
        else:
            break
    return toks[:n], toks[n:]


def _before_preposition(phrase: list[Token]) -> list[Token]:
    """The part of a noun phrase before its prepositional phrase: `a voice-over` of `a voice-over in the ad`."""
    for n, tok in enumerate(phrase):
        if n and tok.lower_ in _OF_PLACE and phrase[n - 1].text != "-":
            return phrase[:n]
    return phrase
