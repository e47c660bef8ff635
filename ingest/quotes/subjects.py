"""Who a cue says is speaking: the subject of a speech verb, found where a reader finds it when the
parser hides it (a name set off by commas or dashes, after the verb, before a relative clause, or
the clause a participle continues). `Speakers` resolves what this finds to a person.
"""

from __future__ import annotations

from spacy.tokens import Token

from ingest.entities.mentions import NameSpan
from ingest.references import PRONOUNS
from ingest.references.descriptions import ORG_NOUNS, SPOKESPEOPLE, describes_person, is_definite, lost_subject
from ingest.references.pronouns import SPEAKER_TYPES, SPEAKING_PRONOUNS
from ingest.speech import (
    ADDRESSED,
    BE_FORMS,
    DOCUMENTS,
    GROUP_WORDS,
    SPEECH_FORMS,
    inflect,
    is_according,
    is_speech_verb,
    is_weak,
)

# Verbs that report someone else's words: `quoted X as saying`, `heard X saying`.
_QUOTING = {form for base in "quote cite hear overhear record film recall remember".split() for form in inflect(base)}
_NOT_SPEAKERS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
_CALENDAR = {
    *"monday tuesday wednesday thursday friday saturday sunday today yesterday tonight".split(),
    *"january february march april may june july august september october november december".split(),
}
_FINITE = {"VBD", "VBZ", "VBP", "MD"}
_DASHES = {"-", "–", "—", "--"}
# Adverbs a writer sets between a subject and its verb (`X also said`, `X later told`); not `so`.
_ASIDE_ADVERBS = {"also", "later", "again", "often", "still", "even", "now", "then", "once", "further"}


# What evidence does as well as people: `the figures suggested`, `the data indicate`.
_EVIDENCE_VERBS = {"suggest", "indicate", "reveal", "confirm", "highlight", "underscore"}
_AUXILIARIES = {"has", "have", "had", "is", "was", "are", "were", "will", "would", "could", "should", "may", "might"}
# Verbs whose object does what the verb after it says: `prompted Rubio to call Trump "..."`.
_CAUSING = {form for base in "prompt cause force spur inspire provoke".split() for form in inflect(base)} | {"led"}
# Verbs that give something a name: `called the plan a "gimmick"`.
_NAMING = {"call", "label", "brand", "dub", "term", "describe", "characterize", "characterise"}
# Those who speak about the person they work for or know: `Clinton, a top aide said, "..."`.
_STAFF = {
    "aide",
    "assistant",
    "adviser",
    "advisor",
    "staffer",
    "strategist",
    "ally",
    "insider",
    "confidant",
    "official",
    "source",
    "friend",
}


class Subjects:
    """The subject search of `Speakers`: needs its `article`, `doc`, `references`, `resolve` and
    `phrase`."""

    def by_title(self, words: list[str], at: int) -> int | None:
        return self.references.by_title(words, at)

    def _named_after_role(self, subj: Token, verb: Token) -> Token | None:
        """`Vice President for news and talk Dave Gorab called`, parsed with the role as the subject:
        the person named right before the verb, when the role names no one itself."""
        before = self.doc[verb.i - 1]
        if not describes_person(subj) or self.article.entity_of(subj) is not None or self.article.inside[before.i]:
            return None
        entity = self.article.entity_of(before)
        if entity is None or self.article.entity_type(entity) != "PERSON" or subj not in before.ancestors:
            return None
        path = [before, *(a for a in before.ancestors if subj in a.ancestors)]
        # the name the parser joined to the role, not whom the role is for or acts for (`a spokesman
        # for Mr Prescott`, `a lawyer representing Mr Wass`)
        return None if any(t.dep_ in {"prep", "pobj", "poss", "acl", "relcl"} for t in path) else before

    def _name_ending_role(self, subj: Token, subjects: list[Token]) -> Token | None:
        """Of two subjects the parser found in one noun phrase (a role it split at a hyphen, then a
        name), the name at its end."""
        doc = self.doc
        for other in subjects:
            if other.i <= subj.i or any(
                doc[k].dep_ not in {"compound", "amod", "punct"} for k in range(subj.i + 1, other.i)
            ):
                continue
            if self._a_person(other):
                return other
        return None

    def _person_after_title(self, subj: Token) -> Token | None:
        """`said Treasury Under Secretary John Taylor` parsed with `Treasury` as the subject: the
        person a run of capitalised title words ends in."""
        if subj.ent_type_ == "PERSON" or not subj.is_title:
            return None
        doc = self.doc
        for i in range(subj.i + 1, min(subj.i + 6, len(doc))):
            tok = doc[i]
            if tok.ent_type_ == "PERSON" and tok.ent_iob_ == "B":
                end = i + 1
                while end < len(doc) and doc[end].ent_iob_ == "I":
                    end += 1
                return doc[end - 1]
            if not tok.is_title or tok.ent_type_ not in {"", "ORG", "NORP", "GPE"}:
                return None
        return None

    def subject_of(self, verb: Token) -> Token | None:
        """Who the cue says is speaking: its subject (or `by X` of a passive framing verb), the
        subject it shares with the verb it is joined to (`and added`, `, adding`), or the name
        after it (`said Starmer`)."""
        if is_according(verb):
            objs = [c for c in self.doc[verb.i + 1].children if c.dep_ == "pobj"]
            return objs[0] if objs else None
        if verb.tag_ == "VBG" and (described := self._participle_subject(verb)) is not None:
            return described
        if (quoted := self._quoted_as_saying(verb)) is not None:
            return quoted
        subjects = [
            c
            for c in verb.children
            if c.dep_ == "nsubj"
            and not self.article.inside[c.i]
            and any(ch.isalnum() for ch in c.text)
            and c.pos_ != "ADP"  # `Of Carson, Levine ... said`: a preposition the parser made the subject
        ]
        if subjects:  # the nearest, when a stray dash was parsed as a second subject
            subj = min(subjects, key=lambda c: abs(c.i - verb.i))
            if (named := self._name_ending_role(subj, subjects)) is not None:
                subj = named  # `said study co-author Karen Alley`, split at the hyphen into two subjects
            described = next((c for c in subj.children if c.dep_ == "appos" and c.i == verb.i - 1), None)
            if described is not None and self._description_as_subject(described):
                return described  # `Speaking to hosts Sam Reid and Julia Fenn, the candidate insisted`: not them
            aside = verb.i + 1 < len(self.doc) and self.doc[verb.i + 1].text == "," and verb.dep_ == "parataxis"
            if described is not None and aside and (describes_person(described) or described.lower_ in _STAFF):
                return described  # `Clinton, a top aide said, "is very confident"`: the aide speaks of her
            dash = subj.i - 1
            if dash - 1 >= verb.sent.start and self.doc[dash].text in _DASHES and subj.i < verb.i:
                named = self._speaker_name_at(dash - 1)
                if named is not None and self.article.entity_type(named.entity) == "PERSON":
                    return self.doc[dash - 1]  # `Mr Petrenko - keen to reassure investors - had said`
            if subj.lower_ not in PRONOUNS and (named := self._name_set_off_before(verb)) is not None:
                entity = self.resolve(subj)[1]
                if entity is None or self.article.entity_type(entity) != "PERSON":
                    # `The institute's director, Dr. Anthony Fauci, said` parsed with the institute
                    # as the subject: the person named between commas right before the verb speaks.
                    return named
            if subj.i > verb.i and (person := self._person_after_title(subj) or self._role_named_in(subj)) is not None:
                return person
            if subj.i < verb.i - 1 and (named := self._named_after_role(subj, verb)) is not None:
                return named  # `Sirius XM Vice President for news and talk Dave Gorab called`
            said = verb.head
            evidence = SPEECH_FORMS.get(verb.lower_) in _EVIDENCE_VERBS and (
                self.a_thing(subj) or subj.lower_ in {"it", "this", "that"} or subj.lower_ in DOCUMENTS
            )
            if verb.dep_ == "ccomp" and evidence and is_speech_verb(said) and not self.article.inside[said.i]:
                # `a source said the areas hacked suggested the intruders sought "..."`: what a
                # thing suggests, someone said; the words are theirs
                return self.subject_of(said) or subj
            return subj
        named = next((c for c in verb.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < verb.i), None)
        if named is not None and not self.article.inside[named.i]:
            return named  # `"Cruz," Beck joked` with the name made a compound of the verb
        if (caused := self._caused_to(verb)) is not None:
            return caused
        head = verb.head
        before = self.doc[verb.i - 1] if verb.i > verb.sent.start else None
        bare = verb.tag_ in {"VB", "VBP"} and verb.dep_ in {"dep", "ccomp", "xcomp"} and not is_weak(verb)
        if bare and before is not None and before.dep_ == "dobj" and before.head.i == head.i != verb.i:
            if not self.article.inside[before.i]:
                return before  # `the meeting saw loyal MPs warn that ...`: whom the verb above saw speaks
        if (
            verb.dep_ == "acl"
            and verb.tag_ in {"VBD", "VBZ", "VBN"}
            and (
                head.pos_ == "PROPN"
                or verb.i == head.i + 1
                and describes_person(head)
                and (is_definite(head) or verb.tag_ != "VBN")  # `one lawmaker called Trump "..."`
                or verb.i == head.i + 1
                and head.pos_ == "NOUN"
                and head.dep_ not in {"pobj", "dobj"}  # not `speaking to the think tank called ...`
                and self._calls_something(verb)
            )
            and head.i < verb.i
            and not any(c.dep_ in {"agent", "auxpass"} for c in verb.children)
        ):
            # `Nate Silver, the polling guru who founded the site tweeted`: a finite verb the parser
            # hung on the name as a modifier has that name as its subject
            misread = next(
                (
                    t
                    for t in self.doc[head.i + 1 : verb.i]
                    if (t.pos_ in {"VERB", "AUX"} or t.dep_ == "relcl") and self._a_person(t)
                ),
                None,
            )
            if misread is not None:
                return misread  # `Bannon, who Beck on Wednesday called`, with the name `Beck` read as a verb
            return head if not self.article.inside[head.i] else None
        clausal = next((c for c in verb.children if c.dep_ == "csubj" and c.tag_ == "VBG"), None)
        if clausal is not None:  # `Farmers driving tractors shouted` parsed with `driving` as the subject
            subj = next((c for c in clausal.children if c.dep_ == "nsubj" and c.i < clausal.i), None)
            if subj is not None and not self.article.inside[subj.i]:
                return subj
        agent = next((c for c in verb.children if c.dep_ == "agent"), None) if is_weak(verb) else None
        passive = any(c.dep_ == "auxpass" for c in verb.children) or verb.tag_ == "VBN" and verb.dep_ == "acl"
        if agent is None and is_weak(verb) and passive:
            # `has been called "strategic ambiguity" by Joshua Hendrick`, `the plan, dismissed as "a
            # gimmick" by Labour,`: `by` hung on the words
            agent = next(
                (t for t in verb.subtree if t.lower_ == "by" and t.dep_ == "prep" and _on_words(t, verb)), None
            )
        by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if by is not None and not self.article.inside[by.i]:
            return by  # `described by Marine Bulletin as "hectic"`
        if verb.tag_ == "VBG" and verb.dep_ == "advcl" and head.dep_ == "ROOT" and head.pos_ in {"NOUN", "PROPN"}:
            if self._speaker_name_at(head.i) is not None and not self.article.inside[head.i]:
                return head  # `Trump defended the plan, calling it "..."` parsed with the name as the root
        if verb.tag_ == "VBG" and verb.dep_ == "advcl":
            # `X said the 36 must face charges, adding ...` with `adding` hung on `face`: the
            # speaker of the speech verb it continues.
            said = next(
                (a for a in verb.ancestors if is_speech_verb(a) and not is_weak(a) and not self.article.inside[a.i]),
                None,
            )  # not the quote's own verb the parser hung the sentence on
            if said is not None:
                return self.subject_of(said)
        if verb.dep_ == "conj" and (named := self._name_joined_before(verb)) is not None:
            return named
        if verb.dep_ == "xcomp" and any(c.dep_ == "acomp" for c in head.children) and head.lower_ in BE_FORMS:
            judged = self.subject_of(head)  # `it's safe to say`, parsed with `say` on `'s`: nobody says
            return judged if judged is None or judged.lower_ != "it" else None
        if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.head.pos_ in {"VERB", "AUX"} and head.head.i != head.i:
            # `Mr Howard was wrong to say`: the one who was wrong; not `it` in `it was too early to say`
            judged = self.subject_of(head.head)
            return judged if judged is None or judged.lower_ != "it" else None
        reported = head
        while reported.dep_ == "conj" and reported.head.i != reported.i:
            reported = reported.head  # `said it may be offensive but was not racist, and said ...`
        if verb.dep_ == "conj" and reported.dep_ == "ccomp" and is_speech_verb(reported.head):
            # `Pence said it takes time but added, "..."`: `added` joins `said`, not the clause it reports
            if not is_weak(verb) and is_speech_verb(verb) and not self.article.inside[reported.head.i]:
                return self.subject_of(reported.head)
            # `Paul said Rubio's tax plan would give ..., and called him "..."`: a plan calls nobody
            clause_subject = next((c for c in reported.children if c.dep_ == "nsubj"), None)
            if clause_subject is not None and self.a_thing(clause_subject) and not self.article.inside[reported.head.i]:
                return self.subject_of(reported.head)
        if verb.dep_ == "xcomp" and (raised := self._raised_subject(verb)) is not None:
            return raised
        if (
            verb.dep_ in {"conj", "advcl", "xcomp"}
            and verb.head.i != verb.i
            and verb.head.pos_ in {"VERB", "AUX"}
            and not self.article.inside[verb.head.i]  # `"...," Ramos, 58, told AFP` hung on a quoted verb
        ):
            if (
                verb.dep_ in {"xcomp", "conj"}
                or verb.tag_ == "VBG"
                or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
            ):  # `come to believe`
                # `- where the club trains - while chanting`: past the aside; not `when protesters
                # interrupted her speech, shouting`, which tells what they did
                trailing = verb.tag_ == "VBG" and verb.dep_ == "advcl" and self._set_apart(verb)
                return self.subject_of(self._past_where_clauses(verb.head) if trailing else verb.head)
            if (
                verb.dep_ == "advcl"
                and verb.tag_ in {"VBD", "VBZ", "VBP"}
                and verb.head.tag_ == "VBG"
                and verb.head.i < verb.i
                and not any(c.dep_ in {"aux", "auxpass"} for c in verb.head.children)
            ):
                # `Students marching past chanted`: a bare participle made the main verb (not `are marching`)
                return self.subject_of(verb.head)
        return (
            self._inverted_subject(verb)
            or self._subject_before(verb)
            or self._name_after_quote(verb)
            or self._clause_before(verb)
        )

    def _someone_above(self, clause: Token) -> Token | None:
        """`Bennett denied the notion that a shakeup is coming, explaining ...` with the participle
        hung on the clause about a thing: the named person or pronoun subject of the clause that
        clause is part of, who can explain."""
        for above in clause.ancestors:
            if above.pos_ not in {"VERB", "AUX"} or self.article.inside[above.i]:
                continue
            subj = next((c for c in above.children if c.dep_ == "nsubj"), None)
            if subj is None or self.article.inside[subj.i]:
                continue
            return subj if self._a_person(subj) or subj.lower_ in SPEAKING_PRONOUNS else None
        return None

    def _a_person(self, tok: Token) -> bool:
        """A token of a person's name the article names, outside quote marks."""
        entity = self.article.entity_of(tok)
        return entity is not None and self.article.entity_type(entity) == "PERSON" and not self.article.inside[tok.i]

    def _raised_subject(self, verb: Token) -> Token | None:
        """`Obama is reported to have called`, `a reporter can be heard asking`: the subject of the
        passive verb above an active infinitive or participle is that verb's; not whom someone told,
        asked or advised to do it (`residents were advised to expect`), nor `is said to have been called`."""
        head = verb.head
        if SPEECH_FORMS.get(head.lower_) in ADDRESSED or any(c.dep_ == "auxpass" for c in verb.children):
            return None
        if not any(c.dep_ == "auxpass" for c in head.children):
            return None
        subj = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
        return subj if subj is not None and not self.article.inside[subj.i] else None

    def _caused_to(self, verb: Token) -> Token | None:
        """`That prompted Rubio to make a joke and call Trump "very flexible"`: whom something
        prompted, led or forced to speak is the one speaking, not the cause."""
        controlled = verb
        while controlled.dep_ == "conj" and controlled.head.i != controlled.i:
            controlled = controlled.head
        if controlled.dep_ != "xcomp" or controlled.head.lower_ not in _CAUSING:
            return None
        return next(
            (
                c
                for c in controlled.head.children
                if c.dep_ == "dobj" and c.i < controlled.i and not self.article.inside[c.i]
            ),
            None,
        )

    def _calls_something(self, verb: Token) -> bool:
        """`Sanders' campaign called AP's report a "rush to judgment"`: a naming verb with both what
        it names, outside quote marks, and the quoted words it calls it: not `a man called John`."""
        inside = self.article.inside
        if SPEECH_FORMS.get(verb.lower_) not in _NAMING:
            return False  # not `the Atlantic Council think tank` read as a tank that thinks
        named = any(c.dep_ in {"dobj", "oprd"} and not inside[c.i] for c in verb.children)
        return named and any(inside[t.i] for t in self.doc[verb.i + 1 : verb.i + 12])

    def calls_someone(self, verb: Token) -> bool:
        """`Cummings called him a master at bolting deals together`: a naming verb that names a
        person something, all outside quote marks, is a judgement spoken, whose words may follow."""
        if SPEECH_FORMS.get(verb.lower_) not in _NAMING or self.article.inside[verb.i]:
            return False
        deps = {c.dep_: c for c in verb.children if not self.article.inside[c.i]}
        person = deps.get("dobj")
        return (
            "oprd" in deps
            and person is not None
            and (person.lower_ in {"him", "her", "them"} or person.pos_ == "PROPN")
        )

    @staticmethod
    def _description_as_subject(noun: Token) -> bool:
        """`the candidate` the parser hung on names before it, standing right against its verb."""
        return lost_subject(noun) and is_definite(noun) and describes_person(noun)

    def _clause_before(self, verb: Token) -> Token | None:
        """`X trashed Comey on "Morning Joe," calling it "..."` with the show's name parsed as the
        subject of `calling`: a participle after a comma continues the clause before it, whose
        subject speaks (the nearest verb with its own subject, within 25 words and one sentence)."""
        if verb.tag_ != "VBG":
            return None
        doc, inside = self.doc, self.article.inside
        i = verb.i - 1
        while i > 0 and doc[i].is_quote:
            i -= 1
        if doc[i].text != ",":
            return None
        for tok in reversed(doc[max(i - 25, 0) : i]):
            if not inside[tok.i] and tok.text in {".", "!", "?", ";"}:
                return None
            if tok.pos_ in {"VERB", "AUX"} and not inside[tok.i] and tok.dep_ != "relcl":
                subj = next((c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"} and not inside[c.i]), None)
                if subj is not None:
                    return subj
        return None

    @staticmethod
    def _set_apart(participle: Token) -> bool:
        """A participle joined by `while` or `as`, or after a dash: it goes on with the main clause."""
        doc = participle.doc
        marked = any(c.dep_ == "mark" and c.lower_ in {"while", "as"} for c in participle.children)
        return marked or participle.i > 0 and doc[participle.left_edge.i - 1].text in _DASHES

    @staticmethod
    def _past_where_clauses(head: Token) -> Token:
        """`circling the car park - where the club trains - while chanting`: a participle hung on a
        where/when clause continues the clause that one describes."""
        while (
            head.dep_ != "ROOT"
            and head.head.pos_ in {"VERB", "AUX"}
            and any(c.tag_ == "WRB" and c.i < head.i for c in head.children)
        ):
            head = head.head
        return head

    def _quoted_as_saying(self, verb: Token) -> Token | None:
        """`Arab News quoted Prince Saud as saying`: the one quoted speaks, not the one quoting."""
        if verb.lower_ not in _QUOTING:
            return None
        quoted = next((c for c in verb.children if c.dep_ == "dobj" and not self.article.inside[c.i]), None)
        saying = any(
            c.dep_ == "prep" and c.lower_ == "as" and any(g.dep_ == "pcomp" and is_speech_verb(g) for g in c.children)
            for c in verb.children
        )
        return quoted if saying else None

    def _participle_subject(self, verb: Token) -> Token | None:
        """`footage of Clinton asking`, `a statement calling`, `X said, adding`, `by saying`,
        `After saying ..., she`: who a participle with no subject of its own describes."""
        prev = self.doc[verb.i - 1] if verb.i > verb.sent.start else None
        document = verb.head if verb.dep_ == "acl" else None
        if document is not None and document.dep_ == "pobj" and document.lower_ not in DOCUMENTS:
            # `sent a text message to supporters saying`: the message says it, not its readers
            above = document.head.head
            document = next((c for c in above.children if c.dep_ == "dobj" and c.lower_ in DOCUMENTS), above)
        if document is not None and document.lower_ not in DOCUMENTS:
            document = None
        if document is not None and document.dep_ == "dobj" and document.i < verb.i:
            # `posted a message on Twitter reading "..."`: whoever posted it, not the place
            return next((c for c in document.head.children if c.dep_ == "nsubj"), None)
        if prev is not None and prev.dep_ in {"pobj", "dobj"} and not self.article.inside[prev.i]:
            entity = self.article.entity_of(prev)
            if entity is not None and self.article.entity_type(entity) in SPEAKER_TYPES:
                return prev
            if prev.lower_ in DOCUMENTS and prev.dep_ == "dobj":
                return next((c for c in prev.head.children if c.dep_ == "nsubj"), None)
        if prev is not None and prev.text == "," and verb.i - 2 >= verb.sent.start:
            said = self.doc[verb.i - 2]  # `Sanders said, going on to say`, `X said, adding`
            subj = next((c for c in said.children if c.dep_ == "nsubj"), None) if said.pos_ == "VERB" else None
            if subj is not None and not self.article.inside[subj.i]:
                return (self._someone_above(said) or subj) if self.a_thing(subj) else subj
        held = verb.head.head  # `made a point of saying`: the verb that takes the noun
        if held.pos_ == "NOUN" and held.dep_ == "dobj" and held.head.pos_ in {"VERB", "AUX"} and verb.dep_ == "pcomp":
            held = held.head
        if verb.dep_ == "pcomp" and held.pos_ in {"VERB", "AUX"} and not any(c.dep_ == "nsubj" for c in verb.children):
            clause = held  # `Dean appeared and began by saying`: the subject of `began`
            quoted = self._quoted_as_saying(clause) if verb.head.lower_ == "as" else None
            if quoted is not None and quoted.i < verb.i:
                return quoted  # `Reuters quoted Prince Saud as saying`: the one quoted speaks
            subj = next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i != verb.i), None)
            if subj is None and clause.dep_ == "conj":
                subj = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
            if subj is not None and self.a_thing(subj) and clause.dep_ == "ccomp" and is_speech_verb(clause.head):
                return self.subject_of(clause.head)  # `X said the deadlock has ... before claiming`: X claims
            if subj is None and clause.tag_ == "VBG":
                return self.subject_of(
                    clause
                )  # `X has toned down ..., shifting his focus to defeating Y and admitting`
            return subj
        if verb.i == verb.sent.start and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children):
            # `Remarking upon Clinton's "empathy," Starr said`: an opening participle describes the
            # speaker of the sentence's own attribution
            own = range(verb.left_edge.i, verb.right_edge.i + 1)  # not `Acknowledging that Trump "says ..."`
            main = verb.head if verb.dep_ == "advcl" else None  # `Declaring that ..., the mogul offered`
            subj = next((c for c in main.children if c.dep_ == "nsubj" and c.i > verb.i), None) if main else None
            if subj is not None and not self.article.inside[subj.i]:
                return subj
            return next(
                (
                    t
                    for t in self.doc[verb.i + 1 : verb.sent.end]
                    if t.dep_ == "nsubj" and is_speech_verb(t.head) and not self.article.inside[t.i] and t.i not in own
                ),
                None,
            )
        return None

    def a_thing(self, noun: Token) -> bool:
        """A common noun that names no one who could speak: `the tax plan`, `prices`; not a role,
        a body, a document or a name."""
        word = noun.lower_
        if noun.pos_ != "NOUN" or self.article.entity_of(noun) is not None or describes_person(noun):
            return False
        people = word in GROUP_WORDS or word in SPOKESPEOPLE or word in _STAFF
        return word not in ORG_NOUNS and word not in DOCUMENTS and not people

    def _role_named_in(self, subj: Token) -> Token | None:
        """`said University of California, San Diego's chancellor, Pradeep Khosla`: the person an
        inverted subject that is no person goes on to name, in apposition to a role."""
        entity = self.article.entity_of(subj)
        if entity is not None and self.article.entity_type(entity) == "PERSON":
            return None
        for tok in subj.subtree:
            if (
                tok.dep_ != "appos"
                or tok.pos_ != "PROPN"
                or self.article.inside[tok.i]
                or not describes_person(tok.head)
            ):
                continue
            named = self.article.entity_of(tok)
            if named is None or self.article.entity_type(named) == "PERSON":
                return tok
        return None

    def _name_set_off_before(self, verb: Token) -> Token | None:
        """`..., Ali Alghasi Mehr, said`: a person's name between commas just before the verb."""
        i = verb.i - 1
        if i - 1 <= verb.sent.start or self.doc[i].text != ",":
            return None
        m = self.article.name_at_token.get(i - 1)
        if m is None or m.token_end != i or self.article.entity_type(m.entity) != "PERSON":
            return None
        if (
            m.token_start - 1 < verb.sent.start
            or self.doc[m.token_start - 1].text != ","
            or self.article.inside[m.token_start]
        ):
            return None
        return self.doc[i - 1]

    def _inverted_subject(self, verb: Token) -> Token | None:
        """`said Starmer`, `said the prime minister`, `tweeted Mayor Sadiq Khan`; not the object
        of a framing verb (`calls people "losers"`), nor whom someone tells (`told AFP`)."""
        doc, nxt = self.doc, verb.i + 1
        if verb.i == verb.sent.start:
            return None  # `Ignores the facts`: a sentence with its subject left out
        if verb.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            return None  # `saying the nightclub was "..."`, `to say the law was ...`: what it reports
        if any(c.dep_ == "auxpass" for c in verb.children):
            return None  # `those voting "yes" were declared the majority`: what they were declared
        if SPEECH_FORMS.get(verb.lower_) == "tell":
            return None
        while nxt < len(doc) and doc[nxt].dep_ in {"det", "compound", "amod", "nummod"} and not doc[nxt].is_sent_start:
            nxt += 1
        if nxt >= len(doc) or self.article.inside[nxt] or doc[nxt].ent_type_ in _NOT_SPEAKERS:
            return None
        if doc[nxt].pos_ not in {"PROPN", "NOUN", "PRON"} or doc[nxt].dep_ == "npadvmod":
            return self._person_named_after(verb)
        while (
            nxt + 1 < len(doc)
            and doc[nxt].pos_ == "PROPN"
            and doc[nxt + 1].pos_ == "PROPN"
            and not self.article.inside[nxt + 1]
        ):
            nxt += 1
        tok = doc[nxt]
        while tok.dep_ in {"compound", "flat"} and tok.head.i > tok.i:
            tok = tok.head
        if tok.dep_ == "poss" and tok.pos_ == "PRON":
            return None  # `said his wife was ...`: the owner of what is said's subject; not `opined Cleveland's Plain Dealer`
        # `"...?" asked the boy`: right after a question, whom `asked` takes is the one asking
        question = doc[verb.i - 1].is_quote and doc[verb.i - 2].text == "?" and SPEECH_FORMS.get(verb.lower_) == "ask"
        if is_weak(verb) and tok.dep_ not in {"nsubj", "nsubjpass"} and not question:
            return None
        if tok.dep_ in {"nsubj", "nsubjpass"} and tok.head.i > tok.i and tok.head.pos_ in {"VERB", "AUX"}:
            # `... in California Mr Torvalds said software patents were a problem`: the reported
            # clause's subject, when a name right before the verb can be its lost subject
            before = self._subject_before(verb)
            if before is not None and self.article.entity_of(before) is not None:
                return before
        if self.article.entity_of(tok) is None:
            return self._name_after_title(tok) or tok
        return tok

    def _parenthesis_before(self, verb: Token) -> Token | None:
        """`Sen. Elizabeth Warren (D-MA) said`: the person named right before a parenthesis that
        ends right before the verb."""
        close = verb.i - 1
        if close <= verb.sent.start or self.doc[close].text != ")":
            return None
        opening = next((t.i for t in reversed(self.doc[verb.sent.start : close]) if t.text == "("), None)
        if opening is None or opening - 1 < verb.sent.start:
            return None
        name = self.doc[opening - 1]
        return name if self._a_person(name) else None

    def _person_named_after(self, verb: Token) -> Token | None:
        """`said Skelly` or `said Oversight ranking Democrat Elijah Cummings` with the words after
        the verb misread (an adverb, a verb): a person the article names, a few words on, before any
        punctuation, clause or preposition other than `of`."""
        doc, article = self.doc, self.article
        for tok in doc[verb.i + 1 : min(verb.i + 8, verb.sent.end)]:
            if article.inside[tok.i]:
                return None
            entity = article.entity_of(tok)
            if entity is not None and article.entity_type(entity) == "PERSON":
                while tok.i + 1 < len(doc) and article.entity_of(doc[tok.i + 1]) == entity:
                    tok = doc[tok.i + 1]
                if tok.dep_ == "nsubj" and tok.head.i > tok.i and verb in tok.head.ancestors:
                    return None  # `said presumptive nominee Donald Trump was a "failure"`: whom it is about
                return tok
            alone = tok.i + 1 >= verb.sent.end or doc[tok.i + 1].is_punct  # `said Skelly,`
            if tok.pos_ == "PROPN" or alone and tok.i == verb.i + 1 and tok.is_title and tok.lower_ not in _CALENDAR:
                while tok.i + 1 < verb.sent.end and doc[tok.i + 1].pos_ == "PROPN" and not article.inside[tok.i + 1]:
                    tok = doc[tok.i + 1]
                return tok  # a name the model did not tag
            if tok.is_punct or tok.pos_ == "SCONJ" or tok.tag_ in _FINITE or tok.pos_ == "ADP" and tok.lower_ != "of":
                return None
        return None

    def _name_after_title(self, tok: Token) -> Token | None:
        """`said Mayor of London Sadiq Khan`: the person named a few words after a title."""
        for nxt in self.doc[tok.i + 1 : min(tok.i + 6, tok.sent.end)]:
            if nxt.is_punct or self.article.inside[nxt.i] or nxt.pos_ in {"VERB", "AUX"}:
                return None  # `the businessman says of Clinton`: past the verb is someone else
            ent = self.article.entity_of(nxt)
            if ent is not None and self.article.entity_type(ent) == "PERSON":
                return nxt
        return None

    def _name_joined_before(self, verb: Token) -> Token | None:
        """`He has been training in Holland and Ferguson said:` parsed as `Holland and Ferguson`:
        a name right after `and` or `but` and right before a joined verb is that verb's subject."""
        m = self._speaker_name_at(verb.i - 1)
        if m is None or m.token_end != verb.i or m.token_start - 1 <= verb.sent.start:
            return None
        cc = self.doc[m.token_start - 1]
        name = self.doc[verb.i - 1]
        if cc.dep_ != "cc" or cc.lower_ not in {"and", "but"} or name.dep_ != "conj" or self.article.inside[name.i]:
            return None
        return name

    def _speaker_name_at(self, i: int) -> NameSpan | None:
        """The name of a person or body that can speak (PERSON, ORG, NORP, GPE) a token is part of."""
        m = self.article.name_at_token.get(i)
        return m if m is not None and self.article.entity_type(m.entity) in SPEAKER_TYPES else None

    def _subject_before(self, verb: Token) -> Token | None:
        """`... Tulsa police Chief Chuck Jordan said Monday` when the parser lost the subject:
        the name or pronoun right before the verb, or the name a description before it describes."""
        if (aside := self._subject_past_phrase(verb) or self._parenthesis_before(verb)) is not None:
            return aside
        i = verb.i - 1
        while i > verb.sent.start and (
            self.doc[i].dep_ in {"aux", "neg"}
            and self.doc[i].head.i == verb.i
            and self.doc[i].tag_ != "TO"  # `something to say` has no subject
            and self.doc[i].is_lower  # not `Will wrote`, a name read as a modal
            or self.doc[i].dep_ == "advmod"
            and self.doc[i].head.i == verb.i
            and (self.doc[i].lower_.endswith("ly") or self.doc[i].lower_ in _ASIDE_ADVERBS)
            and self.doc[i].is_lower  # not `And Skelly called`, a name read as an adverb
        ):
            i -= 1  # `someone, seemingly Honcharuk, audibly says`, `X had said`
        if i > verb.sent.start and self.doc[i].text in _DASHES:
            # `Mr Yushchenko - keen to reassure investors - had said`: the subject before the aside
            opening = next((t.i for t in reversed(self.doc[verb.sent.start : i]) if t.text in _DASHES), None)
            if opening is None or opening - 1 < verb.sent.start:
                return None
            i = opening - 1
        set_off = i > verb.sent.start and self.doc[i].text == ","
        if set_off:
            i -= 1  # `the prosecutor, Ali Alghasi Mehr, said`
            if (before := self._before_who_aside(i, verb)) is not None:
                i = before
            elif self.doc[i].dep_ == "pobj":  # `De Blasio, speaking on WOR710, called`: before the aside
                opening = next((t.i for t in reversed(self.doc[verb.sent.start : i]) if t.text == ","), None)
                if opening is None:
                    return None
                i = opening - 1
        clause = next((a for a in self.doc[i].ancestors if a.dep_ == "relcl"), None) if set_off else None
        if (
            clause is not None
            and clause.right_edge.i == i
            and verb.sent.start < clause.left_edge.i
            and self.doc[clause.left_edge.i - 1].text == ","
            and clause.head.i < clause.left_edge.i
        ):
            i = clause.head.i  # `Ms Dunwoody, who chairs the committee, says`: the one it describes
        if not set_off and (restricted := self._relative_ending_at(i)) is not None:
            return restricted
        described = self.doc[i].head
        if self.doc[i].dep_ == "appos" and verb.sent.start <= described.i < i and described.pos_ == "PROPN":
            if not set_off and self._description_as_subject(self.doc[i]):
                # `In an interview with hosts X and Y, the candidate stated`: a description right
                # against the verb, with no comma to close an aside, is its subject
                return None if self.article.inside[i] else self.doc[i]
            named = self._speaker_name_at(i)
            if named is None or self.article.entity_type(named.entity) != "PERSON":
                i = described.i  # `Flynn, a top surrogate, said`; not `Of Carson, Levine, ... said`
        if i < verb.sent.start or self.article.inside[i]:
            return None
        m = self._speaker_name_at(i)
        named = m is not None and m.token_end == i + 1
        if self.doc[i].pos_ not in {"PROPN", "PRON"} and not named:
            return None  # a name the tagger read as an adverb or a noun (`And Skelly called`) still speaks
        if self.doc[i].dep_ == "dobj" and self.doc[i].head.dep_ == "relcl":
            return None  # `who founded pollroom.com tweeted`: another verb's object, not the subject
        tok = self.doc[i]
        while tok.dep_ in {"compound", "flat"} and tok.head.i > tok.i and tok.head.i < verb.i:
            tok = tok.head
        return tok

    def _before_who_aside(self, i: int, verb: Token) -> int | None:
        """`Sanders, meanwhile, who sits at zero endorsements, said` with the relative clause parsed
        as the verb's object: the word before the `, who ...,` aside ending at `i` (past an adverb
        set off before it)."""
        doc, k = self.doc, i
        while k > verb.sent.start and doc[k].text != ",":
            if doc[k].is_quote or doc[k].text in {".", ";", ":", "!", "?"} or self.article.inside[k]:
                return None
            k -= 1
        if k <= verb.sent.start + 1 or doc[k + 1].lower_ != "who":
            return None
        k -= 1
        if doc[k].pos_ == "ADV" and k - 2 >= verb.sent.start and doc[k - 1].text == ",":
            k -= 2  # `Sanders, meanwhile, who ...`
        return k

    def _relative_ending_at(self, i: int) -> Token | None:
        """`a White House official who spoke anonymously said`: the person a relative clause ending
        right before the verb describes, when the parser hung the clause on another noun."""
        clause = next((a for a in self.doc[i].ancestors if a.dep_ == "relcl"), None)
        if clause is None or clause.right_edge.i != i:
            return None
        head, first = clause.head, self.doc[clause.left_edge.i]
        if head.i != first.i - 1 or first.lower_ not in {"who", "that"} or self.article.inside[head.i]:
            return None
        if head.dep_ == "appos" and head.head.pos_ == "PROPN":
            return None  # `Dana Whitlock, the pollster who founded the site tweeted`: the name speaks
        person = first.lower_ == "who" or describes_person(head) or head.lower_ in _STAFF  # `who` is for people
        return head if person and head.pos_ in {"NOUN", "PROPN"} else None

    def _subject_past_phrase(self, verb: Token) -> Token | None:
        """`Beck, who has in the past described Trump as "..."` parsed with `has` as the verb: the
        subject of the auxiliary before a phrase set between it and the verb."""
        doc, i = self.doc, verb.i - 1
        while i > verb.sent.start and doc[i].is_punct:
            i -= 1
        if doc[i].dep_ != "pobj" or doc[i].head.dep_ != "prep" or doc[i].head.i < verb.sent.start + 1:
            return None
        k = doc[i].head.i - 1
        while k > verb.sent.start and doc[k].is_punct:
            k -= 1
        if doc[k].lower_ not in _AUXILIARIES or self.article.inside[k]:
            return None
        return next((c for c in doc[k].children if c.dep_ == "nsubj" and not self.article.inside[c.i]), None)

    def _name_after_quote(self, verb: Token) -> Token | None:
        """`"...," Nate Silver, the polling guru who founded the site tweeted` parsed past repair:
        the name set off by commas right after a quote that ends in a comma, however long the
        description after it (up to 30 words, a quoted name in it too: `wearing "Kasich" pins`),
        with no sentence break before the verb."""
        doc, inside = self.doc, self.article.inside
        i = verb.i - 1
        while i > verb.sent.start and verb.i - i <= 30:
            if inside[i]:
                if not doc[i].is_quote or doc[i - 1].text == ",":
                    break
                k = i
                while k > verb.sent.start and inside[k - 1]:
                    k -= 1
                words = [t for t in doc[k : i + 1] if not t.is_quote]
                if not 0 < len(words) <= 3 or not all(w.is_title for w in words):
                    break
                i = k - 1  # a name in quote marks within the description
                continue
            if doc[i].text in {".", "!", "?", ";"}:
                return None
            i -= 1
        if not (inside[i] and doc[i].is_quote and doc[i - 1].text == ","):
            return None
        j = i + 1
        if j >= verb.i or doc[j].pos_ != "PROPN":
            return None
        while j + 1 < verb.i and (doc[j + 1].pos_ == "PROPN" or doc[j + 1].dep_ == "compound"):
            j += 1  # `Ohio delegate Tom Barker`
        return doc[j] if doc[j + 1].text == "," and doc[j].pos_ == "PROPN" else None


def _on_words(by: Token, verb: Token) -> bool:
    """`by` hung on what a passive verb calls something: `called "X" by`, `dismissed as "X" by`."""
    words = by.head
    if words.dep_ == "oprd":
        return words.head.i == verb.i
    return words.dep_ == "pobj" and words.head.lower_ == "as" and words.head.head.i == verb.i
