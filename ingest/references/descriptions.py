"""Titles and descriptions: `the prime minister`, `the foreign minister` -> the person the article
gave that title, before the name (`Prime Minister Keir Starmer`) or in apposition (`Marcelo Ebrard,
the foreign minister,`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from spacy.tokens import Doc

from ingest.entities.lexicon import PERSON_ROLES
from ingest.entities.mentions import NameSpan

_POSSESSIVES = {"my", "your", "his", "her", "its", "our", "their"}
# Offices named by what they are over: a home secretary is not the foreign secretary, a defence
# correspondent not the political one (while a rock star and a heavy metal star may be one man).
_OFFICES = {"secretary", "minister", "correspondent", "editor", "director", "commissioner", "spokesman", "spokeswoman"}
# Words that make a title another office: `Shadow home secretary`, `Deputy Prime Minister`.
_QUALIFIERS = {"shadow", "deputy", "vice", "former", "ex", "assistant", "acting", "junior", "under", "interim"}


class Titles:
    """Title words -> the people given them, in reading order."""

    def __init__(self, doc: Doc, name_spans: list[NameSpan], inside: list[bool], is_person: Callable[[int], bool]):
        self.doc, self.inside = doc, inside
        # title (or its last words) -> [(offset, person, the words before it in the title given)]
        self.given: dict[str, list[tuple[int, int, tuple[str, ...]]]] = defaultdict(list)
        for m in name_spans:
            if not is_person(m.entity):
                continue
            for words in (self._before(m), self._in_apposition(m)):
                for k in range(len(words)):
                    if k and words[k - 1] in _QUALIFIERS:
                        break  # a shadow home secretary is no `home secretary`
                    self.given[" ".join(words[k:])].append((m.start, m.entity, tuple(words[:k])))

    def _before(self, m: NameSpan) -> list[str]:
        """Words of a title written before a name, inside or outside the NER span."""
        doc, words = self.doc, []
        i = m.token_start - 1
        while (
            i >= 0
            and doc[i].pos_ in {"PROPN", "NOUN", "ADJ"}
            and not doc[i].is_punct
            and i < doc[i].head.i < m.token_end  # `Home` of `Home Secretary Charles Clarke` too
            and not self.inside[i]
        ):
            words.insert(0, doc[i].lower_)
            i -= 1
        inner = doc[m.token_start : m.token_end].text
        if inner != m.text and inner.endswith(m.text):
            words += inner[: -len(m.text)].lower().split()
        return [w for w in words if w not in {"'s", "’s"}]

    def _in_apposition(self, m: NameSpan) -> list[str]:
        """`Marcelo Ebrard, the foreign minister,` or `the foreign minister, Marcelo Ebrard,`."""
        root = self.doc[m.token_end - 1]
        nouns = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN" and not lost_subject(c)]
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
            nouns.append(root.head)
        if not nouns:
            return []
        noun = nouns[0]
        return [c.lower_ for c in noun.lefts if c.dep_ in {"amod", "compound"}] + [noun.lower_]

    def person(self, words: list[str], at: int) -> int | None:
        """The person last given this title (or its last words) before offset `at`, else the one
        person given the whole title later (`The prime minister said ... Keir Starmer`), if only one is."""
        office = bool(words) and words[-1] in _OFFICES
        for k in range(len(words)):
            # not the `new home secretary` for `the foreign secretary`: an office whose other words
            # all differ from the description's (`our correspondent` has none)
            own = {w.rstrip("s") for w in words[:k] if office and w not in _POSSESSIVES}
            found = [
                (c, e)
                for c, e, rest in self.given.get(" ".join(words[k:]), [])
                if not own or not rest or own & {w.rstrip("s") for w in rest}
            ]
            if found:
                before = [e for char, e in found if char < at]
                if before:
                    return before[-1]
                if k:  # `the Scottish Conservative leader` is not the `SNP leader` named later
                    return None
                return found[0][1] if len({e for _, e in found}) == 1 else None
        return None


# People who speak for someone else: their own speaker, never the person or body they speak for.
SPOKESPEOPLE = {"spokesman", "spokeswoman", "spokesperson", "spokespeople", "spokespersons", "spokesmen", "spokeswomen"}
# Nouns for an organisation already named (`the corporation`, `the firm`, `the club`).
ORG_NOUNS = set(
    """
    company firm corporation group broadcaster station network channel club party union bank airline
    carrier retailer agency organisation organization charity council government ministry department
    court committee board team side league body regulator watchdog authority institute university
    newspaper paper magazine website publisher studio label manufacturer maker operator provider
    """.split()
)
# Of those, the bodies a reader does not take for the organisation last named unless its name
# carries the word: `the government` after the Electoral Commission is the country's government.
NOT_LAST_NAMED = {"government", "committee"}


def lost_subject(noun) -> bool:
    """`with hosts X and Y, the candidate stated`: a noun parsed as an appositive that stands right
    against a finite verb with no subject of its own, or whose subject is the two people the noun
    was hung on, is that verb's subject, not a second name."""
    doc = noun.doc
    if noun.i + 1 >= len(doc) or noun.dep_ != "appos":
        return False
    verb = doc[noun.i + 1]
    if verb.tag_ not in {"VBD", "VBZ", "VBP"} or verb.head.i == noun.i:  # `an actor famed for ...`
        return False
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    joint = noun.head.i in {c.i for c in subjects} and any(c.dep_ == "conj" for c in noun.head.children)
    return not subjects or joint


def describes_person(head) -> bool:
    """`the singer`, `the 29-year-old`, `the Russian`: a description a named person can take."""
    return head.lower_ in PERSON_ROLES or _an_age(head) or head.ent_type_ == "NORP"


def _an_age(head) -> bool:
    """`29-year-old` as one token, or as `29 - year - old` when the tokenizer splits it."""
    if head.lower_.endswith("-year-old"):
        return True
    doc = head.doc
    return (
        head.lower_ == "old"
        and head.i >= 2
        and doc[head.i - 1].text == "-"
        and doc[head.i - 2].lower_ in {"year", "years"}
    )


def introduced_again(head) -> bool:
    """`the 29-year-old`, `the Australian-born actress`: a description that tells something new of
    the person just named, as news writing does, rather than an office (`the president`)."""
    born = any(c.dep_ == "amod" and c.lower_.endswith("-born") for c in head.children) or any(
        t.lower_ == "born" and t.i < head.i for t in head.doc[max(head.i - 3, 0) : head.i]
    )
    return _an_age(head) or born


def is_definite(head) -> bool:
    """A noun phrase with `the` (not `a`, not a possessive): it refers back to someone known."""
    return any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)
