"""Pronouns by gender, number and salience: who `he`, `she`, `they` and `it` most likely are.

A reader takes a pronoun for the most salient agreeing entity, and in news that is the subject of
the recent sentences: the nearest earlier mention of the right gender and number that is the
subject of a main clause (or the X of `according to X`, the last speaker). The subject of an
embedded clause (`He said Zelensky is ...; he added`) counts only when its sentence has no main
subject, which may itself be a pronoun to follow back. `she` never goes to a man, nor `he` or
`she` to an organisation; names inside quote marks are the speaker's words and never count.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from spacy.tokens import Doc, Token

from ingest.entities.lexicon import PERSON_ROLES, ROLE_GENDER
from ingest.entities.mentions import NameSpan
from ingest.references.descriptions import SPOKESPEOPLE
from ingest.references.gender import pronoun_gender
from ingest.speech import inflect, is_according, is_speech_verb

PERSONAL = {"he", "she", "him", "her", "i"}
PRONOUNS = PERSONAL | {"they", "we", "it", "them"}
# Pronouns that can be the subject of a speaking person: `he said`, `they fumed`.
SPEAKING_PRONOUNS = {"he", "she", "they", "i", "we"}
SPEAKER_TYPES = {"PERSON", "ORG", "NORP", "GPE"}
REACH = 400  # tokens: a mention further back than this has left the reader's mind


class Pronouns:
    """Resolves pronouns of one article against its names."""

    def __init__(
        self,
        doc: Doc,
        name_spans: list[NameSpan],
        inside: list[bool],
        entity_type: Callable[[int], str],
        genders: dict[int, str],
    ):
        self.doc, self.name_spans, self.inside = doc, list(name_spans), inside
        self.entity_type, self.genders = entity_type, genders
        self.starts = [m.token_start for m in name_spans]
        self.name_at = {i: m.entity for m in name_spans for i in range(m.token_start, m.token_end)}
        self.unnamed = [tok for tok in doc if self._unnamed_voice(tok)]
        self.unnamed_at = [tok.i for tok in self.unnamed]

    def add_mention(self, tok: Token, entity: int) -> None:
        """A description the reference layer resolved (`the company`), in reading order."""
        k = bisect_left(self.starts, tok.i)
        self.starts.insert(k, tok.i)
        self.name_spans.insert(k, NameSpan(tok.idx, tok.idx + len(tok.text), tok.text, "", tok.i, tok.i + 1, entity))
        self.name_at[tok.i] = entity

    def antecedent(self, token: Token) -> int | None:
        """The entity (a person, or a group for `they`/`it`) a pronoun most likely refers to."""
        gender = pronoun_gender(token.text)
        if token.lower_ in PERSONAL and (again := self._reporter_in_sentence(token, gender)) is not None:
            return again
        return self.nearest(token, token.lower_ in PERSONAL, gender)

    def _reporter_in_sentence(self, token: Token, gender: str | None) -> int | None:
        """`Spokesman Rick Tyler said that ... Cruz has "...," he said`: a pronoun speaking again
        in a sentence whose first speech verb has a named person of its gender as subject is that
        person, however many names the reported words hold."""
        if token.dep_ != "nsubj" or not is_speech_verb(token.head) or gender is None:
            return None
        for tok in token.sent:
            if tok.i >= token.i:
                return None
            if tok.dep_ != "nsubj" or not is_speech_verb(tok.head) or self.inside[tok.i] or tok.head.i > token.i:
                continue
            entity = self.name_at.get(tok.i)
            if entity is None or self.entity_type(entity) != "PERSON":
                return None
            return entity if self.genders.get(entity, gender) == gender else None
        return None

    def _unnamed_voice(self, tok: Token) -> bool:
        """The main subject of a sentence that is a person the article does not name (`The band's
        spokesman said ...`, `A police officer told ...`): the `he` of the next sentence is them."""
        if tok.dep_ not in {"nsubj", "nsubjpass"} or tok.head.dep_ not in {"ROOT", "conj"} or self.inside[tok.i]:
            return False
        word = tok.lower_
        introduced = any(
            c.dep_ == "poss" or c.dep_ == "det" and c.lower_ in {"a", "an", "one", "another"} for c in tok.children
        )
        if not (word in SPOKESPEOPLE or word in PERSON_ROLES and introduced):
            return False
        return not any(t.i in self.name_at for t in tok.subtree)  # `a spokesman, John Smith,`

    def _voice_since(self, token: Token, gender: str | None, after: int) -> bool:
        """Whether an unnamed person of the pronoun's gender is a main subject between a mention
        (token offset `after`) and the pronoun's sentence, or before it in that sentence."""
        k = bisect_left(self.unnamed_at, token.i) - 1
        while k >= 0 and self.unnamed_at[k] > after:
            voice = self.unnamed[k]
            k -= 1
            if gender is None or ROLE_GENDER.get(voice.lower_, gender) == gender:
                return True
        return False

    def nearest(self, token: Token, want_person: bool, gender: str | None) -> int | None:
        """The most salient earlier entity of the kind wanted: a person (of a gender, if known) or
        a group (an organisation, or a name in the plural)."""
        best = embedded = None
        k = bisect_left(self.starts, token.i) - 1
        while k >= 0:
            m = self.name_spans[k]
            k -= 1
            if token.i - m.token_start > REACH:
                break
            if want_person and best is None and embedded is None and self._voice_since(token, gender, m.token_start):
                return None  # someone the article does not name spoke last
            if embedded is not None and m.token_start < embedded.sent.start:
                break
            etype = self.entity_type(m.entity)
            if (etype == "PERSON") != want_person or etype not in SPEAKER_TYPES:
                continue
            if not want_person and not (etype == "ORG" or m.text.endswith("s")):
                continue  # `they`: an organisation or a group (`Democrats`), not `Democratic` or a place
            if gender and self.genders.get(m.entity, gender) != gender:
                continue
            tok = _head_of(self.doc, m)
            if self.inside[tok.i]:
                continue
            if not want_person and m.token_start >= token.sent.start:
                return m.entity  # `..., it has confirmed`: the organisation its own sentence names
            # `Cruz spokesman Rick Tyler said`: a name qualifying a role is not the person speaking
            # (while `A National Audit Office report says ... It` is the office's)
            role = None if want_person and _a_part_or_a_modifier(tok) else self._role(m, tok)
            if role == "main":
                return m.entity
            if role == "embedded" and embedded is None:
                embedded = tok
            if best is None:
                best = m.entity
        if embedded is not None:
            chained = self._main_pronoun(embedded, token, gender)
            if chained is not None:
                return self.antecedent(chained)
            if want_person and self._voice_since(token, gender, embedded.sent.start - 1):
                return None  # `A spokeswoman said Ann Pike would stay. She said ...`: the spokeswoman
            return self.name_at.get(embedded.i)
        return best

    def last_named(self, token: Token, gender: str | None) -> int | None:
        """The person a description right after them tells more of: in the sentence before it (and
        its own, up to it), the one that is a main clause's subject, else the one named last, of
        agreeing gender; never a part someone plays (`who plays Hermione`, `her role as Katherine
        Hepburn`) nor a name that only qualifies a thing (`an Armani dress`)."""
        k = bisect_left(self.starts, token.i) - 1
        start = token.sent.start
        if start > 0:
            start = self.doc[start - 1].sent.start
        last = None
        while k >= 0:
            m = self.name_spans[k]
            k -= 1
            if m.token_start < start:
                break
            if self.entity_type(m.entity) != "PERSON" or gender and self.genders.get(m.entity, gender) != gender:
                continue
            tok = _head_of(self.doc, m)
            if self.inside[tok.i] or _a_part_or_a_modifier(tok):
                continue
            if tok.dep_ in {"nsubj", "nsubjpass"} and tok.head.dep_ == "ROOT":
                return m.entity  # `White was introduced to Conte through her coach X. The 27-year-old`: White
            last = last if last is not None else m.entity
        return last

    @staticmethod
    def _role(m: NameSpan, tok: Token) -> str | None:
        """`main` for the subject of a main clause, one opening its sentence or the X of
        `according to X`; `embedded` for the subject of a subordinate clause; else None (joint
        subjects too)."""
        if tok.dep_ == "pobj" and tok.head.lower_ == "to" and is_according(tok.head.head):
            return "main"
        if tok.dep_ == "conj" or any(c.dep_ == "conj" for c in tok.children):
            return None  # `Miller and Smith`: a joint subject is no antecedent for `he`
        if tok.dep_ == "poss":
            return None  # `Fowler's double strike helped ...`: the strike is the subject, not Fowler
        subjects = {"nsubj", "nsubjpass"}
        subj = tok if tok.dep_ in subjects else tok.head if tok.head.dep_ in subjects else None
        if subj is None:
            return "main" if m.token_start == tok.sent.start and tok.dep_ not in {"pobj", "dobj"} else None
        return "main" if subj.head.dep_ in {"ROOT", "conj", "parataxis"} else "embedded"

    def _main_pronoun(self, embedded: Token, token: Token, gender: str | None) -> Token | None:
        """A pronoun of the same gender as `token` that is the main subject of the sentence
        holding an embedded-clause subject, or the subject of its speech verb, before it (`He`
        in `He said Zelensky is ...`)."""
        for tok in self.doc[embedded.sent.start : embedded.i]:
            if (
                tok.i != token.i
                and pronoun_gender(tok.text) == gender
                and gender is not None
                and tok.dep_ in {"nsubj", "nsubjpass"}
                and (tok.head.dep_ in {"ROOT", "conj", "parataxis"} or is_speech_verb(tok.head))
            ):
                return tok
        return None


def _head_of(doc, m: NameSpan) -> Token:
    """The word a name hangs on in its sentence: `Commission` of `the United States Commission on
    International Religious Freedom`, whose last word is the object of `on`."""
    span = range(m.token_start, m.token_end)
    heads = [doc[i] for i in span if doc[i].head.i not in span or doc[i].head.i == i]
    return heads[0] if len(heads) == 1 else doc[m.token_end - 1]


_PLAY = inflect("play")


def _a_part_or_a_modifier(tok: Token) -> bool:
    """A name that is a part played (`plays Hermione`, `role as Katherine Hepburn`) or qualifies a
    thing (`an Armani dress`): no person the sentence is about."""
    if tok.dep_ == "compound" and tok.head.pos_ == "NOUN":
        return True
    played = tok.dep_ in {"dobj", "attr"} and tok.head.lower_ in _PLAY
    role = tok.dep_ == "pobj" and tok.head.lower_ == "as" and tok.head.head.lower_ in {"role", "part", "roles"}
    return played or role
