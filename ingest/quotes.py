"""Quote extraction and attribution as a spaCy component: who said what, and how.

Three passes over an article's Doc:
1. quoted spans per paragraph (curly and straight marks, unclosed marks running to the end of
   the paragraph as the convention for multi-paragraph quotes);
2. attribution: a speech cue next to the quote (before, after, inside a split quote) and its
   subject; else a follow-on of the last speaker; pronouns, surnames and titles resolved to the
   person the article named;
3. reported speech without quote marks (`X said that ...`, `according to X, ...`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ingest.paragraphs import PARAGRAPH_SEPARATOR

OPENING = "“„‟«"
CLOSING = "”»"
STRAIGHT = '"'

# Speech verbs by base form; inflections are generated below (the lemmatizer is not loaded).
SPEECH_VERBS = {
    "say", "tell", "add", "warn", "insist", "write", "ask", "claim", "state", "announce", "explain",
    "note", "argue", "declare", "reply", "respond", "answer", "continue", "confirm", "deny",
    "admit", "acknowledge", "agree", "assert", "comment", "concede", "contend", "describe",
    "maintain", "mention", "observe", "point", "recall", "remark", "report", "reveal", "stress",
    "suggest", "tweet", "urge", "vow", "promise", "predict", "testify", "underline", "emphasise",
    "emphasize", "allege", "complain", "boast", "caution", "conclude", "counter", "estimate",
    "joke", "lament", "shout", "whisper", "scream", "yell", "plead", "pledge", "proclaim",
    "propose", "repeat", "reiterate", "retort", "quip", "sigh", "speculate", "charge", "accuse",
    "call", "blast", "slam", "praise", "brand", "dub", "label", "demand", "believe", "think",
    "fear", "hope", "expect", "feel", "highlight", "indicate", "inform", "order", "put", "told",
    "announce", "disclose", "advise", "recount", "recommend", "claim", "acknowledge", "affirm",
}
# Verbs that report content (for reported speech without quote marks).
REPORTING_VERBS = {
    "say", "tell", "add", "warn", "insist", "write", "claim", "state", "announce", "explain", "note",
    "argue", "declare", "confirm", "deny", "admit", "acknowledge", "assert", "concede", "contend",
    "maintain", "mention", "observe", "point", "recall", "remark", "report", "reveal", "stress",
    "suggest", "tweet", "allege", "complain", "conclude", "estimate", "predict", "promise",
    "reiterate", "repeat", "testify", "underline", "emphasise", "emphasize", "vow", "pledge",
    "disclose", "inform", "affirm", "believe", "hope", "indicate", "argue", "caution", "acknowledge",
}
_IRREGULAR = {
    "say": ["said", "says", "saying"], "tell": ["told", "tells", "telling"],
    "write": ["wrote", "written", "writes", "writing"], "think": ["thought", "thinks", "thinking"],
    "feel": ["felt", "feels", "feeling"], "put": ["puts", "putting"], "told": [],
}
PRONOUNS = {"he", "she", "they", "i", "we", "it", "him", "her", "them"}
PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_WORDS = {"police", "officials", "spokesman", "spokeswoman", "spokesperson", "source", "sources",
               "statement", "ministry", "department", "government", "office", "agency", "company",
               "authorities", "researchers", "scientists", "experts", "analysts", "witnesses"}


def _inflect(base: str) -> set[str]:
    forms = {base}
    if base in _IRREGULAR:
        forms.update(_IRREGULAR[base])
    if base.endswith("e"):
        forms.update({base + "s", base + "d", base[:-1] + "ing"})
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        forms.update({base[:-1] + "ies", base[:-1] + "ied", base + "ing"})
    elif re.search(r"(?:ch|sh|ss|x|z)$", base):
        forms.update({base + "es", base + "ed", base + "ing"})
    else:
        forms.update({base + "s", base + "ed", base + "ing"})
        if re.search(r"[^aeiou][aeiou][bdgmnprt]$", base) and base not in {"answer", "counter", "order", "offer"}:
            forms.update({base + base[-1] + "ed", base + base[-1] + "ing"})
    return forms


SPEECH_FORMS = {form: base for base in SPEECH_VERBS for form in _inflect(base)}
REPORTING_FORMS = {form for base in REPORTING_VERBS for form in _inflect(base)}
# Weak cues: speech only when they frame a quote (`called the plan a "gimmick"`).
WEAK = {"call", "describe", "brand", "dub", "label", "believe", "think", "fear", "hope", "expect",
        "feel", "put", "order", "praise", "blast", "slam", "charge", "accuse", "highlight",
        "indicate", "inform", "demand", "urge", "promise", "continue", "point", "answer", "ask"}


@dataclass
class QuoteSpan:
    """Text inside one pair of quote marks, as character offsets in the Doc."""

    start: int
    end: int
    open_mark: int  # offset of the opening mark, or the paragraph start when it had none
    close_mark: int | None  # offset of the closing mark; None when the paragraph ends first
    paragraph: int  # 1-based


@dataclass
class Quote:
    paragraph: int
    start: int
    end: int
    text: str
    kind: str
    speaker_text: str | None = None
    speaker_entity: int | None = None
    cue: str | None = None


def find_quote_spans(text: str, offset: int = 0, paragraph: int = 1) -> list[QuoteSpan]:
    """Runs of text between double quote marks in one paragraph; apostrophes and nested single
    quotes stay inside. A mark still open at the end of the paragraph runs to its end."""
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    for i, ch in enumerate(text):
        if ch in OPENING or (ch == STRAIGHT and open_at is None):
            if open_at is None:
                open_at = i
        elif ch in CLOSING or ch == STRAIGHT:
            if open_at is not None:
                spans.append(_span(text, open_at, i, offset, paragraph))
                open_at = None
    if open_at is not None:
        spans.append(_span(text, open_at, None, offset, paragraph))
    return [s for s in spans if s.end > s.start]


def _span(text: str, open_at: int, close_at: int | None, offset: int, paragraph: int) -> QuoteSpan:
    inner_start, inner_end = open_at + 1, close_at if close_at is not None else len(text)
    while inner_start < inner_end and text[inner_start].isspace():
        inner_start += 1
    while inner_end > inner_start and text[inner_end - 1].isspace():
        inner_end -= 1
    return QuoteSpan(offset + inner_start, offset + inner_end, offset + open_at,
                     None if close_at is None else offset + close_at, paragraph)


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for block in text.split(PARAGRAPH_SEPARATOR):
        bounds.append((start, start + len(block)))
        start += len(block) + len(PARAGRAPH_SEPARATOR)
    return bounds


class Attributor:
    """Finds quotes and speakers in one article Doc."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc.text
        self.paragraphs = paragraph_bounds(doc.text)
        self.spans: list[QuoteSpan] = []
        for number, (start, end) in enumerate(self.paragraphs, start=1):
            self.spans.extend(find_quote_spans(self.text[start:end], start, number))
        self.inside = [False] * len(doc)
        for tok in doc:
            if any(s.open_mark <= tok.idx < (s.close_mark if s.close_mark is not None else s.end + 1) for s in self.spans):
                self.inside[tok.i] = True
        self.entity_of_token: dict[int, int] = {}
        self.mention_of_token: dict[int, object] = {}
        for m in doc._.mentions or []:
            for i in range(m.token_start, m.token_end):
                self.entity_of_token[i] = m.group
                self.mention_of_token[i] = m
        self.entities = doc._.entities or []
        self.titles = self._titles()

    # ----- speakers -------------------------------------------------------------------------

    def _titles(self) -> dict[str, int]:
        """`prime minister` -> the entity named right after it (`Prime Minister Keir Starmer`)."""
        titles: dict[str, int] = {}
        for m in self.doc._.mentions or []:
            if self.entities[m.group].type != "PERSON":
                continue
            words = []
            i = m.token_start - 1
            while i >= 0 and self.doc[i].text[:1].isupper() and self.doc[i].pos_ in {"PROPN", "NOUN", "ADJ"} \
                    and i not in self.entity_of_token:
                words.insert(0, self.doc[i].lower_)
                i -= 1
            # the title written inside the mention span (`President Erdogan` kept by NER)
            inner = self.doc[m.token_start:m.token_end].text
            if inner != m.text and inner.endswith(m.text):
                words = inner[: -len(m.text)].lower().split()
            for k in range(len(words)):
                titles[" ".join(words[k:])] = m.group
            if words:
                titles[words[-1]] = m.group
        return titles

    def entity_at(self, token: Token) -> int | None:
        return self.entity_of_token.get(token.i)

    def phrase(self, head: Token) -> Span:
        """The speaker as written: the named entity, else the noun phrase without clauses."""
        if head.i in self.mention_of_token:
            m = self.mention_of_token[head.i]
            return self.doc.char_span(m.start, m.end, alignment_mode="expand") or self.doc[head.i:head.i + 1]
        left = head.i
        for child in head.lefts:
            if child.dep_ in {"det", "amod", "compound", "nmod", "poss", "nummod", "quantmod"} and not self.inside[child.i]:
                left = min(left, child.left_edge.i)
        right = head.i
        for child in head.rights:
            if child.dep_ in {"compound", "flat"}:
                right = max(right, child.right_edge.i)
            elif child.dep_ == "prep" and child.lower_ in {"for", "of", "at", "from", "with"} \
                    and head.lower_ in GROUP_WORDS | {"spokesman", "spokeswoman", "spokesperson", "member", "head", "chief", "director"}:
                right = max(right, child.right_edge.i)
        span = self.doc[left:right + 1]
        while len(span) > 1 and span[-1].is_punct:
            span = span[:-1]
        return span

    def resolve(self, head: Token, history: list[tuple[int, int | None, str]]) -> tuple[str, int | None]:
        """Speaker text as written and the entity it refers to (pronouns, titles, surnames)."""
        if head.lower_ == "who" and head.head.dep_ == "relcl":
            head = head.head.head
        span = self.phrase(head)
        text = span.text
        low = head.lower_
        if low in PRONOUNS:
            return head.text, self._antecedent(head, low)
        for tok in span:
            ent = self.entity_at(tok)
            if ent is not None:
                if self.entities[ent].type in {"PERSON", "ORG", "NORP", "GPE"}:
                    return text, ent
        words = [t.lower_ for t in span if t.dep_ != "det"]
        for k in range(len(words)):
            key = " ".join(words[k:])
            if key in self.titles:
                return text, self.titles[key]
        return text, None

    def _antecedent(self, token: Token, pronoun: str) -> int | None:
        """The person (or group, for `they`) a pronoun most likely refers to: the nearest earlier
        subject or speaker, then the nearest earlier mention."""
        want_person = pronoun in PERSON_PRONOUNS or pronoun in {"i"}
        best = None
        for i in range(token.i - 1, -1, -1):
            ent = self.entity_of_token.get(i)
            if ent is None:
                continue
            etype = self.entities[ent].type
            if want_person and etype != "PERSON":
                continue
            if not want_person and etype not in {"ORG", "NORP", "GPE"}:
                continue
            tok = self.doc[i]
            first_in_sentence = all(self.entity_of_token.get(j) is None for j in range(tok.sent.start, i)) \
                and i - tok.sent.start <= 3
            if tok.dep_ in {"nsubj", "nsubjpass", "ROOT"} or tok.head.dep_ in {"nsubj", "nsubjpass"} or first_in_sentence:
                return ent
            if best is None:
                best = ent
            if token.i - i > 400:
                break
        return best

    # ----- cues -----------------------------------------------------------------------------

    def is_cue(self, tok: Token) -> bool:
        return (tok.lower_ in SPEECH_FORMS and tok.pos_ in {"VERB", "AUX"} and not self.inside[tok.i]) \
            or (tok.lower_ == "according" and tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].lower_ == "to")

    def subject_of(self, verb: Token) -> Token | None:
        if verb.lower_ == "according":
            to = self.doc[verb.i + 1]
            objs = [c for c in to.children if c.dep_ == "pobj"]
            return objs[0] if objs else None
        for child in verb.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and not self.inside[child.i]:
                if child.dep_ == "nsubjpass" and verb.lower_ not in {"quoted"}:
                    continue
                return child
        # `... and added` / `..., adding`: the subject of the verb it is joined to
        if verb.dep_ in {"conj", "advcl", "xcomp"} and verb.head.i != verb.i:
            if verb.dep_ == "xcomp" or verb.tag_ == "VBG" or verb.dep_ == "conj":
                return self.subject_of(verb.head) if verb.head.pos_ in {"VERB", "AUX"} else None
        # inversion the parser missed: `said Starmer`
        nxt = verb.i + 1
        while nxt < len(self.doc) and self.doc[nxt].dep_ in {"det", "compound", "amod", "punct"} and not self.doc[nxt].is_sent_start \
                and self.doc[nxt].text not in {",", "."}:
            nxt += 1
        if nxt < len(self.doc) and not self.inside[nxt] and self.doc[nxt].pos_ in {"PROPN", "NOUN", "PRON"}:
            tok = self.doc[nxt]
            while tok.dep_ in {"compound", "flat"} and tok.head.i > tok.i:
                tok = tok.head
            return tok
        return None

    def sentence_bounds(self, char: int) -> tuple[int, int]:
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        sent = span.sent if span is not None else self.doc[:].sents.__next__()
        return sent.start_char, sent.end_char

    def cue_near(self, q: QuoteSpan) -> tuple[Token, str] | None:
        """The cue closest to the quote outside any quote marks, in the sentences around it.
        Returns the cue token and which side it is on ('after', 'before')."""
        pstart, pend = self.paragraphs[q.paragraph - 1]
        left_start = self.sentence_bounds(q.open_mark)[0]
        close = q.close_mark if q.close_mark is not None else q.end
        right_end = self.sentence_bounds(max(close - 1, q.start))[1]
        # the right side runs to the next quote's opening mark or the sentence end
        right_end = min([right_end] + [s.open_mark for s in self.spans if s.open_mark > close])
        right = [t for t in self.doc if close < t.idx < right_end and not self.inside[t.i] and self.is_cue(t)]
        left = [t for t in self.doc if left_start <= t.idx < q.open_mark and not self.inside[t.i] and self.is_cue(t)]
        between_right = self.text[close + 1: right[0].idx] if right else ""
        if right and len(between_right) < 60:
            return right[0], "after"
        if left:
            return left[-1], "before"
        if right:
            return right[0], "after"
        # `"...," Starmer said` split over the sentence boundary by the parser, or a cue in the
        # sentence that opens the paragraph: look in the whole paragraph's unquoted text nearby.
        return None

    # ----- kinds ----------------------------------------------------------------------------

    def kind_of(self, q: QuoteSpan, cue: Token | None, side: str | None) -> str:
        """`direct` for the speaker's own sentence or clause; `partial` for a fragment built
        into the writer's sentence."""
        pstart, _ = self.paragraphs[q.paragraph - 1]
        before = self.text[pstart:q.open_mark].rstrip()
        if not before or before[-1] in ".!?:;" or before[-1] in CLOSING + STRAIGHT:
            return "direct"
        if before[-1] == "," or before.endswith(("—", "–", "-")):
            words = re.findall(r"[\w’']+", before)
            if words and (words[-1].lower() in SPEECH_FORMS or q.close_mark is None):
                return "direct"
            if cue is not None and side == "before" and cue.idx > q.open_mark - 40:
                return "direct"
            # `"A," he said, "B."`: the second half of a split quote
            prior = [s for s in self.spans if s.close_mark is not None and s.close_mark < q.open_mark and s.paragraph == q.paragraph]
            if prior and not re.search(r"[.!?]", self.text[prior[-1].close_mark + 1:q.open_mark]):
                return "direct"
            return "partial"
        words = re.findall(r"[\w’']+", before)
        if words and words[-1].lower() in SPEECH_FORMS and SPEECH_FORMS[words[-1].lower()] not in WEAK:
            return "direct"
        return "partial"

    # ----- the passes -----------------------------------------------------------------------

    def quotes(self) -> list[Quote]:
        out: list[Quote] = []
        history: list[tuple[int, int | None, str]] = []  # (paragraph, entity, speaker text)
        last: tuple[str | None, int | None, int] | None = None  # speaker text, entity, paragraph
        for q in self.spans:
            text = self.text[q.start:q.end]
            found = self.cue_near(q)
            cue, side = found if found else (None, None)
            kind = self.kind_of(q, cue, side)
            speaker_text, entity, cue_text = None, None, None
            if cue is not None:
                subj = self.subject_of(cue)
                if subj is not None:
                    speaker_text, entity = self.resolve(subj, history)
                    cue_text = "according to" if cue.lower_ == "according" else cue.lower_
                elif cue.dep_ == "relcl" or cue.head.dep_ == "relcl":
                    cue = None
            weak = cue is not None and SPEECH_FORMS.get(cue.lower_) in WEAK
            if speaker_text is None:
                # a follow-on: a whole sentence or more in quote marks with no cue of its own
                starts_sentence = kind == "direct"
                if last is not None and starts_sentence and q.paragraph - last[2] <= 1 and _is_speech(text):
                    speaker_text, entity, cue_text = last[0], last[1], None
                elif not (starts_sentence and _is_speech(text) and len(text.split()) >= 6):
                    continue  # scare quotes, titles, names: nobody is quoted
            elif _looks_like_title(text) and (weak or kind == "partial"):
                continue
            elif weak and kind == "partial" and cue.lower_ in {"continue", "continued"}:
                continue
            out.append(Quote(q.paragraph, q.start, q.end, text, kind, speaker_text, entity, cue_text))
            if speaker_text is not None:
                last = (speaker_text, entity, q.paragraph)
        return out

    def reported(self) -> list[Quote]:
        """`X said (that) CLAUSE` and `according to X, CLAUSE` without quote marks."""
        out: list[Quote] = []
        for tok in self.doc:
            if self.inside[tok.i]:
                continue
            if tok.lower_ == "according" and self.is_cue(tok):
                clause = tok.head if tok.head.i != tok.i else None
                subj = self.subject_of(tok)
                if clause is None or subj is None:
                    continue
                skip = set(range(tok.left_edge.i, tok.right_edge.i + 1))
                tokens = [t for t in clause.subtree if t.i not in skip]
                self._add_reported(out, tokens, subj, "according to", tok)
                continue
            if tok.lower_ not in REPORTING_FORMS or tok.pos_ not in {"VERB", "AUX"}:
                continue
            comps = [c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i and not self.inside[c.i]]
            subj = self.subject_of(tok)
            if subj is None or subj.i > tok.i and tok.dep_ != "parataxis":
                if subj is None:
                    continue
            if comps:
                clause = comps[0]
                tokens = [t for t in clause.subtree]
                if tok.dep_ == "relcl":  # `X, who has said CLAUSE, has been ...`: the clause ends at the comma
                    for k, t in enumerate(tokens[:-1]):
                        if t.text == "," and tokens[k + 1].pos_ in {"AUX", "VERB"}:
                            tokens = tokens[:k]
                            break
                while tokens and (tokens[0].dep_ == "mark" and tokens[0].lower_ == "that" or tokens[0].is_punct):
                    tokens = tokens[1:]
                self._add_reported(out, tokens, subj, tok.lower_, tok)
            elif tok.dep_ == "parataxis" and tok.head.pos_ in {"VERB", "AUX"} and tok.i > tok.head.left_edge.i:
                # `Day, they said, desired no memorials`
                skip = set(range(tok.left_edge.i, tok.right_edge.i + 1))
                tokens = [t for t in tok.head.subtree if t.i not in skip]
                self._add_reported(out, tokens, subj, tok.lower_, tok)
        return out

    def _add_reported(self, out: list[Quote], tokens: list[Token], subj: Token, cue: str, verb: Token) -> None:
        while tokens and tokens[-1].is_punct:
            tokens = tokens[:-1]
        while tokens and tokens[0].is_punct:
            tokens = tokens[1:]
        if len(tokens) < 3 or any(self.inside[t.i] for t in tokens) or not any(t.pos_ in {"VERB", "AUX"} for t in tokens):
            return
        if any(_has_mark(t.text) for t in tokens):
            return
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        pieces, prev = [], None
        for t in tokens:
            if prev is not None and t.i != prev + 1:
                pieces.append(" ")
            pieces.append(t.text_with_ws if t is not tokens[-1] else t.text)
            prev = t.i
        text = re.sub(r"\s+", " ", "".join(pieces)).strip(" ,")
        speaker_text, entity = self.resolve(subj, [])
        paragraph = next(n for n, (s, e) in enumerate(self.paragraphs, start=1) if s <= start <= e)
        out.append(Quote(paragraph, start, end, text, "indirect", speaker_text, entity, cue))


def _has_mark(text: str) -> bool:
    return any(c in OPENING + CLOSING + STRAIGHT for c in text)


def _is_speech(text: str) -> bool:
    """A quote that reads as something said: more than a name or a title."""
    words = text.split()
    return len(words) >= 3 and not _looks_like_title(text)


def _looks_like_title(text: str) -> bool:
    """Title Case without final punctuation: a work, programme or nickname, not speech."""
    words = re.findall(r"[A-Za-z][\w’']*", text)
    if not words or len(words) > 8 or text.rstrip()[-1:] in ".!?":
        return False
    small = {"a", "an", "the", "of", "and", "or", "for", "in", "on", "to", "at", "with", "by", "is"}
    return all(w[0].isupper() or w.lower() in small for w in words) and words[0][0].isupper()


if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)


@Language.component("archive_quotes", requires=["doc.ents"])
def quotes_component(doc: Doc) -> Doc:
    """Set `doc._.quotes`: direct, partial and indirect quotes with speakers and cues."""
    attributor = Attributor(doc)
    doc._.quotes = attributor.quotes() + attributor.reported()
    return doc
