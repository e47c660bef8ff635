"""One reference layer per article: every person and organisation of an article as one cluster of
the places that refer to it.

Names come from entity resolution (`ingest.entities`: the NER's mentions, short forms and the
names the model missed); titles and descriptions (`the prime minister`) go to the person the
article gave them; pronouns go by gender, number and salience. Quote attribution asks this layer
who a speaker is.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ingest.entities.lexicon import PERSON_ROLES, ROLE_GENDER
from ingest.entities.mentions import NameSpan
from ingest.models import EntityRecord
from ingest.references.descriptions import (
    NOT_LAST_NAMED,
    ORG_NOUNS,
    SPOKESPEOPLE,
    Titles,
    describes_person,
    introduced_again,
    is_definite,
)
from ingest.references.gender import person_genders
from ingest.references.pronouns import PRONOUNS, Pronouns

__all__ = ["PRONOUNS", "References"]


class References:
    """Who each referring token of an article is: names, titles and pronouns."""

    def __init__(self, doc: Doc, entities: list[EntityRecord], name_spans: list[NameSpan], inside: list[bool]):
        self.doc, self.entities, self.inside = doc, entities, inside
        self.name_at_token: dict[int, NameSpan] = {}
        for m in name_spans:
            for i in range(m.token_start, m.token_end):
                self.name_at_token[i] = m
        is_person = self.is_person
        self.genders = person_genders(doc, doc.text, name_spans, is_person)
        self.titles = Titles(doc, name_spans, inside, is_person)
        self.pronouns = Pronouns(doc, name_spans, inside, self.entity_type, self.genders)
        for tok in doc:
            if not self._main_description(tok):
                continue
            entity = self._organisation_surely(tok) if tok.lower_ in ORG_NOUNS else self._titled(tok)
            if entity is not None:
                self.pronouns.add_mention(tok, entity)  # `the company denied ... "...," it said`

    def _titled(self, head: Token) -> int | None:
        """The person a description is a title of (`the prime minister` after Prime Minister Tony
        Blair), by the title alone."""
        if head.lower_ in SPOKESPEOPLE or not (describes_person(head) or head.lower_.split("-")[0] in PERSON_ROLES):
            return None  # not `the hit novel`, whatever the tagger thinks of the book's title
        return self.titles.person([*_modifiers(head), head.lower_], head.idx)

    def _organisation_surely(self, head: Token) -> int | None:
        """The organisation a description stands for when its name, a title or its own sentence
        says so (`In a statement from Lycos Europe ..., the company denied`), not by nearness alone."""
        named = self._organisation_named_with(head.lower_, head.i) or self._organisation_given(
            head.lower_, head.i, set(_modifiers(head))
        )
        if named is not None:
            return named
        in_sentence = [
            m.entity
            for i, m in self.name_at_token.items()
            if head.sent.start <= i < head.i and i == m.token_start and self.entity_type(m.entity) == "ORG"
        ]
        return in_sentence[-1] if len(set(in_sentence)) == 1 else None

    def _main_description(self, tok: Token) -> bool:
        """`the company`, `the prime minister` as a main clause's subject: a mention of whom it
        stands for, as salient to a pronoun after it as the name would be."""
        return (
            tok.pos_ == "NOUN"
            and tok.dep_ in {"nsubj", "nsubjpass"}
            and tok.head.dep_ in {"ROOT", "conj"}
            and not self.inside[tok.i]
            and tok.i not in self.name_at_token
            and is_definite(tok)
        )

    def _named_at(self, i: int) -> int | None:
        m = self.name_at_token.get(i)
        return None if m is None else m.entity

    def entity_of(self, tok: Token) -> int | None:
        """The entity a token is part of a name of, if any."""
        return self._named_at(tok.i)

    def entity_type(self, entity: int) -> str:
        return self.entities[entity].type

    def is_person(self, entity: int) -> bool:
        return self.entities[entity].type == "PERSON"

    def antecedent(self, pronoun: Token) -> int | None:
        """The entity a pronoun refers to."""
        return self.pronouns.antecedent(pronoun)

    def by_title(self, words: list[str], at: int) -> int | None:
        """The person a title refers to at a character offset."""
        return self.titles.person(words, at)

    def described(self, head: Token) -> int | None:
        """The entity a definite description refers back to: an organisation whose name has the
        noun (`the department` after the Department of Health), else the most salient earlier
        organisation for an organisation noun (`the corporation`), or person for a person noun of
        agreeing gender (`the Black Sabbath singer`, `the actress`, `the 29-year-old`)."""
        if not is_definite(head):
            return None
        noun = head.lower_
        if noun in ORG_NOUNS:
            named = self._organisation_named_with(noun, head.i)
            if named is None:
                named = self._organisation_given(noun, head.i, set(_modifiers(head)))
            if named is None and noun not in NOT_LAST_NAMED:
                named = self.pronouns.nearest(head, False, None)
            return named
        if describes_person(head):
            gender = ROLE_GENDER.get(noun)
            if introduced_again(head) and (last := self.pronouns.last_named(head, gender)) is not None:
                return last  # `..., Emma Watson, who plays Hermione. The 14-year-old said`: her
            return self.pronouns.nearest(head, True, gender)
        return None

    def named_next(self, head: Token) -> int | None:
        """`... its co-chairman has said. Dr Liam Fox told ...`: a role given before its person is
        named, as news ledes do: the person first named as the main subject of the next sentence,
        of agreeing gender."""
        role = head
        if head.i + 2 < len(self.doc) and self.doc[head.i + 1].text == "-" and not self.doc[head.i + 1].whitespace_:
            role = self.doc[head.i + 2]  # `its co-chairman`, split by the tokenizer at the hyphen
        if not (describes_person(role) and (is_definite(head) or any(c.dep_ == "poss" for c in head.children))):
            return None
        if head.sent.end >= len(self.doc):
            return None
        following = self.doc[head.sent.end].sent
        for i in range(following.start, following.end):
            m = self.name_at_token.get(i)
            if m is None or m.token_start != i or not self.is_person(m.entity) or self.inside[i]:
                continue
            earlier = any(self._named_at(j) == m.entity for j in range(0, head.i))
            tok = self.doc[m.token_end - 1]
            main = tok.dep_ in {"nsubj", "nsubjpass"} and tok.head.dep_ == "ROOT"
            gender = ROLE_GENDER.get(role.lower_)
            if main and not earlier and (gender is None or self.genders.get(m.entity, gender) == gender):
                return m.entity
            return None  # only the first person named there
        return None

    def _organisation_named_with(self, noun: str, before: int) -> int | None:
        """The organisation named last before a token whose name has this noun as a word, else the
        one such organisation the article names later (`the party` ... `the Conservative Party`)."""
        found, later = None, set()
        for i, m in sorted(self.name_at_token.items()):
            if self.entity_type(m.entity) != "ORG" or noun not in m.text.lower().split():
                continue
            if i < before:
                found = m.entity
            else:
                later.add(m.entity)
        return found if found is not None or len(later) != 1 else next(iter(later))

    def _organisation_given(self, noun: str, before: int, qualifiers: set[str] | None = None) -> int | None:
        """The organisation last given this noun before a token: as a title (`US magazine Wired`,
        `the security firm Cisco Talos`) or in apposition (`Wired, the magazine,`); of two, the one
        whose title shares more words with the description (`Japanese car maker Mitsubishi Motors
        ... French car maker Peugeot ... the Japanese car maker`)."""
        found, agreeing, shared = None, None, 0
        for i, m in sorted(self.name_at_token.items()):
            if i >= before:
                break
            if i != m.token_start or self.entity_type(m.entity) != "ORG":
                continue
            root = self.doc[m.token_end - 1]
            titled = any(
                t.lower_ == noun and m.token_start <= t.head.i < m.token_end
                for t in self.doc[max(m.token_start - 3, 0) : m.token_start]
            )
            apposed = any(c.dep_ == "appos" and c.lower_ == noun for c in root.children) or (
                root.dep_ == "appos" and root.head.lower_ == noun
            )
            if titled or apposed:
                found = m.entity
                title = {t.lower_ for t in self.doc[max(m.token_start - 3, 0) : m.token_start]}
                title |= {t.lower_ for c in root.children if c.dep_ == "appos" for t in c.lefts}
                if qualifiers and len(qualifiers & title) >= max(shared, 1):
                    agreeing, shared = m.entity, len(qualifiers & title)
        return agreeing if agreeing is not None else found

    def issuer(self, document: Token) -> Token | None:
        """Who issued `the statement` a sentence now quotes: the subject of the clause that last
        mentioned one (`In a statement, the party said ...`, `The club issued a statement`)."""
        if not is_definite(document):
            return None
        for tok in reversed(self.doc[: document.i]):
            if tok.lower_ != document.lower_ or self.inside[tok.i]:
                continue
            verb = tok.head.head if tok.dep_ == "pobj" else tok.head if tok.dep_ == "dobj" else None
            if verb is None or verb.pos_ not in {"VERB", "AUX"}:
                return None
            return next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i != tok.i), None)
        return None


def _modifiers(head: Token) -> list[str]:
    """The words a description puts before its noun (`Japanese`, `car` of `the Japanese car maker`)."""
    return [c.lower_ for c in head.lefts if c.dep_ in {"amod", "compound"}]
