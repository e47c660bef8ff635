"""Speakers: the subject of a cue, as written, and the entity it refers to.

`he` and `she` go to the person most recently named as a subject, `the prime minister` to the
person the article gave that title, a surname to the full name (entity resolution already
merged those), `who` to the noun it describes, and a description with an apposition
(`the deputy chief executive, Saffron Cordery,`) to the named person. Finding the subject is
`Subjects`' job (ingest.quotes.subjects).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ingest.entities import TITLES
from ingest.entities.lexicon import NAME_PARTICLES, looks_like_person
from ingest.paragraphs import paragraph_at
from ingest.quotes.article import Article
from ingest.quotes.subjects import Subjects
from ingest.references import PRONOUNS, References
from ingest.references.descriptions import ORG_NOUNS, SPOKESPEOPLE, describes_person
from ingest.references.gender import pronoun_gender
from ingest.references.pronouns import SPEAKER_TYPES
from ingest.speech import DOCUMENT_PARTS, DOCUMENTS, GROUP_WORDS, SAYINGS, is_speech_verb

RELATIVE = {"who", "which", "that"}
_QUANTIFIERS = {"some", "many", "most", "several", "others", "both", "all"}  # `Some worry that they ...`
# Bodies of people a writer takes up with `they`: `the campaign ... what they call`.
_COLLECTIVES = ORG_NOUNS | {"campaign", "administration", "staff", "family", "crowd", "audience", "police"}
INDEFINITE = {"a", "an", "another", "one", "some", "several", "many"}
_PHRASE_LEFT = {"det", "amod", "compound", "nmod", "poss", "nummod", "quantmod"}


# Prepositions of a phrase that sets a thing between a person and `who`: `on camera, who`.
_PLACE_OR_MEANS = {"on", "in", "at", "with", "into", "onto", "under", "over", "during", "via", "through"}


class Speakers(Subjects):
    """Finds (`Subjects`) and resolves the speaker of a cue in one article."""

    def __init__(self, article: Article, references: References):
        self.article = article
        self.doc = article.doc
        self.references = references
        self.name_starts = [m.token_start for m in article.name_spans]
        self.genders = references.genders

    def phrase(self, head: Token) -> Span:
        """The speaker as written: the named entity, else the noun phrase without clauses."""
        m = self.article.name_at_token.get(head.i)
        if m is not None:
            start = m.start
            before = self.doc[m.token_start - 1] if m.token_start > 0 else None
            if before is not None and before.lower_ in NAME_PARTICLES and not self.article.inside[before.i]:
                start = before.idx  # `de Miranda said`: the surname as written, particle and all
            return self.doc.char_span(start, m.end, alignment_mode="expand") or self.doc[head.i : head.i + 1]
        left = head.i
        for child in head.lefts:
            if child.dep_ in _PHRASE_LEFT and not self.article.inside[child.i] and child.pos_ != "VERB":
                left = min(left, child.left_edge.i)
        right = head.i
        for child in head.rights:
            if child.dep_ in {"compound", "flat"} or child.dep_ == "nummod" and child.i == head.i + 1:
                right = max(right, child.right_edge.i)  # also `Number 10`
            elif (
                child.dep_ == "prep"
                and child.lower_ in {"for", "of", "at", "from", "with", "by", "within", "in", "inside"}
                and head.lower_ in GROUP_WORDS
            ):
                end = child.right_edge.i
                comma = next((t.i for t in self.doc[child.i : end + 1] if t.text == ","), None)
                right = max(right, comma - 1 if comma is not None else end)
        doc = self.doc
        # `co-chairman`, `its vice-chairman`: the tokenizer splits a hyphen off, the parser may
        # hang either half on the other.
        while right + 2 < len(doc) and self._hyphen_at(right + 1):
            right += 2
        while left >= 2 and self._hyphen_at(left - 1):
            left -= 2
            for child in doc[left].lefts:
                if child.dep_ in _PHRASE_LEFT and not self.article.inside[child.i]:
                    left = min(left, child.left_edge.i)
        span = doc[left : right + 1]
        while len(span) > 1 and span[-1].is_punct:
            span = span[:-1]
        return span

    def _hyphen_at(self, i: int) -> bool:
        """Whether token i is a hyphen inside a word (`vice-chairman`)."""
        doc = self.doc
        return (
            0 < i < len(doc) - 1
            and doc[i].text == "-"
            and not doc[i - 1].whitespace_
            and not doc[i].whitespace_
            and doc[i - 1].is_alpha
            and doc[i + 1].is_alpha
        )

    def resolve(self, head: Token) -> tuple[str, int | None]:
        """Speaker text as written and the entity it refers to (pronouns, titles, appositions, the
        issuer of a statement)."""
        antecedent = (
            self.relative_antecedent(head)
            if head.lower_ in RELATIVE and head.tag_ in {"WP", "WDT"} and head.dep_ == "nsubj"
            else head
        )
        if antecedent.i != head.i:  # a relative pronoun with nothing before it is taken as written
            text, entity = self.resolve(self._name_beside(antecedent) or antecedent)
            if entity is None or antecedent.lower_ in DOCUMENTS:
                return text, entity
            return head.text, entity  # `McConnell, who said`: `who` as written, McConnell meant
        owner = next((c for c in head.children if c.dep_ == "poss"), None) if head.lower_ in SAYINGS else None
        if owner is not None and not self.article.inside[owner.i] and (said_by := self.owner(owner)) is not None:
            return self.phrase(head).text, said_by  # `his remarks which likened ...`: his
        issuer = (
            next((c for c in head.head.children if c.dep_ == "nsubj"), None)
            if head.lower_ in DOCUMENTS and head.dep_ == "dobj"
            else None
        )
        if issuer is None and head.lower_ in SAYINGS - DOCUMENTS and head.dep_ == "dobj" and head.head.pos_ == "VERB":
            issuer = self.subject_of(head.head)  # `prompted Clinton to make a comment that described`: hers
        if issuer is not None and issuer.i < head.i and not self.article.inside[issuer.i]:
            return self.resolve(issuer)  # `They released a statement which said`: they speak
        if head.lower_ in DOCUMENTS | DOCUMENT_PARTS and (sender := self._sent_by(head)) is not None:
            return self.phrase(head).text, sender  # `a statement issued by the ministry said`: the ministry's
        if head.lower_ in DOCUMENTS and (earlier := self.references.issuer(head)) is not None:
            return self.phrase(head).text, self.resolve(earlier)[1]  # `said the statement`: the party's
        if head.lower_ == "they" and (
            reporter := self._plural_reporter(head)
            or self._plural_subject_above(head)
            or self._plural_subject_before(head)
        ):
            return head.text, self.resolve(reporter)[1]  # `Police said they believe ...`: the police
        if head.lower_ == "i" and (label := self.article.turn_label(head.idx)) is not None:
            return head.text, self._turn_speaker(*label)
        if head.lower_ == "you" and (label := self._addressee_label(head)) is not None:
            return head.text, self._turn_speaker(*label)  # `((WN)) You mentioned the study took ...`
        if head.lower_ in PRONOUNS:
            return head.text, self.references.antecedent(head)
        span = self.phrase(head)
        entity = self.article.entity_of(head)
        if entity is not None and self.article.entity_type(entity) == "PERSON":
            return span.text, entity
        # `the mayor, Dee Margo,` and `expert and former official, Avinoam Idan,`: a description
        # (or two joined by `and`) naming its person or organisation in apposition.
        for noun in [head, *(c for c in head.rights if c.dep_ == "conj" and c.pos_ == "NOUN")]:
            for child in noun.rights:
                if child.dep_ == "appos":
                    ent = self.article.entity_of(child)
                    # past a relative clause the parser reached too far (`the actor, whose films
                    # include ... Star Wars: The Phantom Menace, said`): a film, not the actor's name
                    clause = any(c.dep_ == "relcl" and noun.i < c.i < child.i for c in noun.children)
                    if ent is not None and not clause and self.article.entity_type(ent) in {"PERSON", "ORG"}:
                        return span.text, ent
        if head.tag_ == "NN" and describes_person(head) and not any(c.dep_ == "det" for c in head.children):
            # `Former prosecutor and New York City Mayor Rudy Giuliani`: two roles of one person
            named = next((c for c in head.children if c.dep_ == "conj" and c.pos_ == "PROPN"), None)
            ent = self.article.entity_of(named) if named is not None else None
            if ent is not None and self.article.entity_type(ent) == "PERSON":
                return self.phrase(named).text, ent
        if entity is not None and self.article.entity_type(entity) == "NORP" and head.tag_ == "NNP":
            described = self.references.described(head)  # `The Russian added`: a person, not Russians
            if described is not None:
                return span.text, described
        if entity is not None:
            return span.text, entity
        if head.lower_ in SPOKESPEOPLE and self._name_in_apposition(span) is None:
            return span.text, None  # `a spokesman for Mr Blair`: speaks for him, is not him
        named = (
            (self._name_after_title(head) if head.lower_ in TITLES else None)
            or self._name_in_apposition(span)
            or self._name_given(head)
        )
        if named is not None:
            return self.phrase(named).text, self.article.entity_of(named)
        # `the Lib Dem chief executive`, `the Cruz campaign manager`: a name before the role it
        # qualifies is whom the person works for, not the person
        role = head.pos_ == "NOUN" and describes_person(head)
        group = head.pos_ == "NOUN" and head.tag_ == "NNS"  # `Sanders protesters`, not `Obama's questioners`
        persons = [
            e
            for t in span
            if (e := self.article.entity_of(t)) is not None
            and self.article.entity_type(e) == "PERSON"
            and not self._prefixed(t, e)
            and not (role and t.i < head.i)
            and not (group and t.i < head.i and _name_end(t).dep_ == "compound")
        ]
        if persons:
            return span.text, persons[-1]
        words = [t.lower_ for t in span if t.dep_ not in {"det", "case", "punct"}]
        # `a protester`: someone new, not the protester named before
        indefinite = any(c.dep_ == "det" and c.lower_ in INDEFINITE for c in head.children)
        # `neon, which translates as ...`: a bare lowercase noun is no title given to someone
        bare = head.is_lower and not any(c.dep_ in {"det", "poss"} for c in head.children)
        titled = None if indefinite or bare else self.by_title(words, head.idx)
        if titled is not None:
            return span.text, titled
        described = self.references.described(head)
        if described is None:
            described = self.references.named_next(head)
        if described is not None:
            return span.text, described
        if head.lower_ in GROUP_WORDS:
            for t in span:
                ent = self.article.entity_of(t)
                where = any(a.dep_ == "prep" and a.lower_ in {"in", "inside"} and a.i > head.i for a in t.ancestors)
                kind = self.article.entity_type(ent) if ent is not None else None
                if kind in {"ORG", "NORP"} or kind == "GPE" and not where:
                    return span.text, ent  # not `police in Baytown`: a place they are in, not whom they speak for
        return span.text, None

    def _prefixed(self, tok: Token, entity: int) -> bool:
        """`anti-Trump delegates`: a name joined by a hyphen to a word before it that is no part of
        the name only qualifies the phrase; the delegates are not Trump."""
        doc = self.doc
        if tok.i < 2 or doc[tok.i - 1].text != "-" or doc[tok.i - 1].whitespace_ or doc[tok.i - 2].whitespace_:
            return False
        return self.article.entity_of(doc[tok.i - 2]) != entity

    def _sent_by(self, document: Token) -> int | None:
        """Who a document is sent, issued or written by, named in the phrase itself (`an email sent
        out by Sanders`, `a statement issued by the ministry`)."""
        for clause in document.rights:
            if clause.dep_ != "acl" or clause.tag_ != "VBN":
                continue
            agent = next((c for c in clause.children if c.dep_ == "agent"), None)
            by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            if by is not None and not self.article.inside[by.i]:
                entity = self.resolve(by)[1]
                if entity is not None and self.article.entity_type(entity) in SPEAKER_TYPES:
                    return entity
        return self._source_set_before(document)

    def _source_set_before(self, document: Token) -> int | None:
        """`In revised proposals from the Sentencing Guidelines Council, the section on murder
        said`: whose document a phrase opening the sentence names, before the part that speaks."""
        for tok in document.sent:
            if tok.i >= document.i:
                break
            if tok.lower_ not in {"from", "by", "of"} or tok.head.lower_ not in DOCUMENTS | DOCUMENT_PARTS:
                continue
            source = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if source is None or self.article.inside[source.i]:
                continue
            entity = self.resolve(source)[1]
            if entity is not None and self.article.entity_type(entity) in SPEAKER_TYPES:
                return entity
        return None

    def _addressee_label(self, you: Token) -> tuple[int, int] | None:
        """In an interviewer's turn (a label naming no person: `((WN))`, `Q:`), `you` is the one
        interviewed, named by the other turns' label; in an answer `you` is anyone."""
        own = self.article.turn_label(you.idx)
        if own is None or looks_like_person(self.article.text[own[0] : own[1]]):
            return None
        start, end = self.article.paragraphs[paragraph_at(self.article.paragraphs, you.idx) - 1]
        if "?" not in self.article.text[start:end]:
            return None  # a turn that asks nothing: `you` is anyone
        speaker = self._turn_speaker(*own)
        if speaker is not None and self.article.entity_type(speaker) == "PERSON":
            return None
        return self.article.other_turn_label(you.idx)

    def _turn_speaker(self, start: int, end: int) -> int | None:
        """`((Dorsa Derakhshani)) I think ...`: in an interview turn `I` is whoever's turn it is,
        the entity named in its label, else the one person whose name ends with the label's last word."""
        named = next((m.entity for m in self.article.name_spans if start <= m.start < end), None)
        if named is not None:
            return named
        last = self.article.text[start:end].split()[-1].lower()
        people = {
            i for i, e in enumerate(self.article.entities) if e.type == "PERSON" and e.name.split()[-1].lower() == last
        }
        return people.pop() if len(people) == 1 else None

    def owner(self, poss: Token) -> int | None:
        """Whose a possessive is: `his` and `her` the person they refer to, a name its entity."""
        if poss.lower_ in {"his", "her"}:
            return self.references.pronouns.nearest(poss, True, pronoun_gender(poss.text))
        return self.resolve(poss)[1]

    def _plural_reporter(self, they: Token) -> Token | None:
        """The plural subject of the speech verb that reports the clause `they` opens (`Officials
        said they had found ...`): whom a reader takes `they` for, named or not."""
        clause = they.head
        if they.dep_ != "nsubj" or clause.dep_ != "ccomp" or not is_speech_verb(clause.head):
            return None
        subj = next((c for c in clause.head.children if c.dep_ == "nsubj" and c.i < they.i), None)
        if subj is None or subj.lower_ in PRONOUNS or self.article.inside[subj.i]:
            return None
        entity = self.article.entity_of(subj)
        plural = subj.tag_ in {"NNS", "NNPS"} or entity is not None and self.article.entity_type(entity) == "ORG"
        return subj if plural else None

    def _plural_subject_above(self, they: Token) -> Token | None:
        """`The aides were being evasive because they knew ...`, `Some worry that ... what they see
        as`: the plural subject of the nearest clause above `they`'s that has a subject other than a
        thing, named or not."""
        if they.dep_ != "nsubj" or they.head.dep_ == "parataxis":
            return None  # `US officials were talking up the dollar, they said`: an aside's `they` is not inside
        for above in list(they.head.ancestors)[:4]:  # `Some worry that it may turn what they see as ...`
            if above.pos_ not in {"VERB", "AUX"}:
                continue
            subj = next((c for c in above.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i < they.i), None)
            if subj is None:
                continue
            # `Clinton's campaign is seeking to contrast her approach with what they call ...`
            plural = subj.tag_ in {"NNS", "NNPS"} or subj.lower_ in _QUANTIFIERS or subj.lower_ in _COLLECTIVES
            if not plural and subj.tag_ == "NN" and self.a_thing(subj):
                continue  # `... that too much attention may turn what they see as ...`: past the thing
            return subj if plural and not self.article.inside[subj.i] else None
        return None

    def _plural_subject_before(self, they: Token) -> Token | None:
        """`Opponents say the cost is too high. They said ...`: the unnamed plural main subject of
        the sentence before, when no organisation or group is named between it and `they`."""
        sent = they.sent
        if sent.start == 0 or they.i - sent.start > 3:
            return None  # only a `they` opening its sentence takes up the last one's subject
        before = self.doc[sent.start - 1].sent
        subj = next((t for t in before if t.dep_ == "nsubj" and t.head.dep_ == "ROOT"), None)
        if (
            subj is None
            or subj.tag_ != "NNS"
            or self.article.inside[subj.i]
            or self.article.entity_of(subj) is not None
        ):
            return None
        for i in range(subj.i + 1, they.i):
            entity = self.article.entity_of(self.doc[i])
            if entity is not None and self.article.entity_type(entity) in {"ORG", "NORP"}:
                return None
        return subj

    def _name_given(self, head: Token) -> Token | None:
        """`a protester using the pseudonym Katya`, `a woman who gave her name as Li`, `a driver
        identified only as Jones`: the person a description names through a naming phrase."""
        for child in head.rights:
            if child.dep_ not in {"acl", "relcl"} or not self._names_someone(child):
                continue
            for tok in child.subtree:
                entity = self.article.entity_of(tok)
                if (
                    entity is not None
                    and self.article.entity_type(entity) == "PERSON"
                    and not self.article.inside[tok.i]
                ):
                    return tok
        return None

    def _names_someone(self, clause: Token) -> bool:
        """`named X`, `using the pseudonym X`, `identified only as X`, `gave her name as X`."""
        if clause.lower_ in {"named", "nicknamed"} and clause.tag_ == "VBN":
            return True
        doc = self.doc
        return any(
            t.lower_ in {"pseudonym", "alias", "nickname"}
            or t.lower_ in {"identified", "known", "name"}
            and t.i + 1 < len(doc)
            and doc[t.i + 1].lower_ in {"as", "only"}
            for t in clause.subtree
        )

    def _name_in_apposition(self, span: Span) -> Token | None:
        """`the El Paso mayor, Dee Margo, ...` when the parser did not join the two: a person's
        name set off by commas right after a description."""
        doc, i = self.doc, span.end
        if i + 1 >= len(doc) or doc[i].text != "," or doc[i].sent.start != span[0].sent.start:
            return None
        m = self.article.name_at_token.get(i + 1)
        if m is None or m.token_start != i + 1 or self.article.entity_type(m.entity) != "PERSON":
            return None
        end = m.token_end
        return doc[end - 1] if end < len(doc) and doc[end].text in {",", ")"} else None

    def _name_beside(self, description: Token) -> Token | None:
        """`Braynard, a South Carolina native who writes`: the person's name a description is set
        beside, for the relative pronoun after the description."""
        before = description.left_edge.i - 1
        if description.dep_ != "appos" or before < 0 or self.doc[before].text not in {",", "-", "–", "—"}:
            return None
        name = description.head
        entity = self.article.entity_of(name) if name.i < description.i else None
        if entity is None or self.article.entity_type(entity) != "PERSON" or self.article.inside[name.i]:
            return None
        return name if description.pos_ == "NOUN" and description.lower_ not in SPOKESPEOPLE else None

    def relative_antecedent(self, who: Token) -> Token:
        """`police, who said ...`: the noun a relative pronoun stands for."""
        if who.head.dep_ == "relcl" and who.head.head.i < who.i and not self._thing_for_who(who, who.head.head):
            return who.head.head
        i, passed = who.i - 1, False
        while i >= who.sent.start:
            if not self.doc[i].is_punct and self.doc[i].pos_ in {"NOUN", "PROPN"}:
                tok = self.doc[i]
                while tok.dep_ in {"compound", "flat"} and tok.head.i > tok.i:
                    tok = tok.head
                if not passed and not self._thing_for_who(who, tok):
                    return tok
                if passed and not self.a_thing(tok):
                    return tok  # past a thing, only someone: not `the support` of `the support of ...`
                passed = True
            i -= 1
        return who

    def _thing_for_who(self, who: Token, noun: Token) -> bool:
        """`Bundy says to Santilli on camera, who responds`: `who` stands for a person, never for
        a thing in a phrase of place or means set between them."""
        return (
            who.lower_ == "who" and noun.dep_ == "pobj" and noun.head.lower_ in _PLACE_OR_MEANS and self.a_thing(noun)
        )


def _name_end(tok: Token) -> Token:
    """The last word of the name a token is part of, not the noun the name qualifies (`Sanders` of
    `Bernie Sanders protesters`)."""
    while tok.dep_ in {"compound", "flat"} and tok.head.pos_ == "PROPN" and tok.head.i > tok.i:
        tok = tok.head
    return tok
