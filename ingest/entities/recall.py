"""Names the model missed: a person's surname or full name written again where NER saw nothing,
or saw something else (`Day` read as a DATE, `Lam` as a place, `Toshack` missed).

A careful reader who met `Carrie Lam` knows that a later `Lam` is her. Once an article's people
are resolved, every other occurrence of one of them's name (the surname when no other person of
the article shares it, or the full name) is a mention of that person, unless it is part of a
longer capitalised name (`Lam Tin`, `Hague Convention`).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from ingest.entities.lexicon import (
    HONORIFICS,
    NAME_PARTICLES,
    PERSON_ROLES,
    PLACE_PREPOSITIONS,
    SUFFIXES,
    TITLES,
    looks_like_person,
    name_key,
)
from ingest.entities.mentions import NameSpan
from ingest.models import EntityRecord
from ingest.speech import is_speech_verb, is_weak

_ACRONYM = re.compile(r"[A-Z]{2,6}")
_ROMAN = re.compile(r"[IVXLC]+")  # `Elizabeth II`
# Acronyms of a person's role, not of an organisation: `the VP said`, `its CEO says`.
_ROLE_ACRONYMS = {"VP", "CEO", "CFO", "COO", "CTO", "MP", "MEP", "MSP", "PM", "GM", "DJ", "MC"}

# Labels NER gives a surname it misreads: a lone one is taken back for the person.
_MISREAD = {"ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"}


def _surnames(entities: list[EntityRecord], spans: list[NameSpan]) -> dict[str, list[tuple[int, int]]]:
    """Surname key -> the people of the article with that surname, each with the offset where
    the article first names them in full."""
    first: dict[int, int] = {}
    for s in sorted(spans, key=lambda s: s.start):
        if " " in s.text:
            first.setdefault(s.entity, s.start)
    found: dict[str, list[tuple[int, int]]] = {}
    for i, e in enumerate(entities):
        if e.type != "PERSON":
            continue
        words = name_key(e.name).split()
        while len(words) > 2 and words[-1] in SUFFIXES:
            words = words[:-1]
        if len(words) >= 2 and len(words[-1]) > 1:
            found.setdefault(words[-1], []).append((first.get(i, 0), i))
    return found


def _surname_person(people: list[tuple[int, int]], at: int) -> int | None:
    """The person a lone surname at offset `at` is: the only one of that surname, or the only one
    the article has named in full before it (`Tony Mendez ... Mendez once told ...` before his
    wife `Jonna Mendez` is named)."""
    if len(people) == 1:
        return people[0][1]
    before = [entity for start, entity in people if start < at]
    return before[0] if len(before) == 1 else None


def _stands_alone(doc: Doc, tok: Token) -> bool:
    """A capitalised word that is a name of its own here: not joined to another capitalised word
    (`Lam Tin`, `Hague Convention`) except a title before it (`Mr Lam`, `Chief Executive Lam`)."""
    if not tok.text[:1].isupper() or tok.is_upper and len(tok) > 2:
        return False
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if nxt is not None and nxt.text[:1].isupper() and not nxt.is_sent_start and nxt.pos_ in {"PROPN", "NOUN"}:
        return False
    prev = doc[tok.i - 1] if tok.i > tok.sent.start else None
    capitalised = prev is not None and prev.text[:1].isupper() and not (prev.is_sent_start and prev.is_stop)
    if capitalised and prev.lower_.rstrip(".") not in TITLES and prev.lower_ not in NAME_PARTICLES:
        return False  # (`And Lam said`: a sentence's first word is capitalised for its place; `De Miranda` is a name)
    if tok.is_sent_start and tok.pos_ != "PROPN":
        # `Green energy is ...`: a surname that is also a word needs the parse to read it as a name
        verb_next = nxt is not None and (nxt.pos_ in {"VERB", "AUX"} or nxt.tag_ == "POS")
        return verb_next or tok.dep_ in {"nsubj", "nsubjpass"} and tok.head.i > tok.i  # `Trump further summed up`
    return True


def _reads_as_place(doc: Doc, tok: Token) -> bool:
    """`from Allen, Texas`: a preposition of place before, or a region after, keeps the place."""
    before = doc[tok.i - 1].lower_ if tok.i else ""
    region = tok.i + 2 < len(doc) and doc[tok.i + 1].text == "," and doc[tok.i + 2].ent_type_ == "GPE"
    return before in PLACE_PREPOSITIONS or region


def recover_missed_names(doc: Doc, entities: list[EntityRecord], spans: list[NameSpan]) -> None:
    """Add (and take back from other entities) the mentions of people NER missed or misread,
    in place; entities left with no mention keep their index and are dropped by the caller."""
    surnames = _surnames(entities, spans)
    if not surnames:
        return
    at_token: dict[int, NameSpan] = {}
    for s in spans:
        for i in range(s.token_start, s.token_end):
            at_token[i] = s
    added: list[NameSpan] = []
    for tok in doc:
        people = surnames.get(name_key(tok.text))
        person = _surname_person(people, tok.idx) if people else None
        if person is None or not _stands_alone(doc, tok):
            continue
        covering = at_token.get(tok.i)
        if covering is None:
            added.append(NameSpan(tok.idx, tok.idx + len(tok.text), tok.text, "PERSON", tok.i, tok.i + 1, person))
        elif (
            covering.entity != person
            and entities[covering.entity].type in _MISREAD
            and name_key(covering.text) == name_key(tok.text)
            and not _reads_as_place(doc, tok)
        ):
            covering.entity, covering.label = person, "PERSON"
    if added:
        spans.extend(added)
        spans.sort(key=lambda s: s.start)


def recover_speaking_acronyms(doc: Doc, entities: list[EntityRecord], spans: list[NameSpan]) -> None:
    """`the IAAF described their explanations as "unacceptable"`: an acronym the model tagged
    nowhere that speaks (the subject of a speech verb) is an organisation, with every place the
    article writes it alone."""
    covered = {i for s in spans for i in range(s.token_start, s.token_end)}
    speaking = {
        tok.text
        for tok in doc
        if tok.i not in covered
        and _ACRONYM.fullmatch(tok.text)
        and tok.pos_ in {"PROPN", "NOUN"}
        and tok.dep_ == "nsubj"
        and is_speech_verb(tok.head)
        and (not is_weak(tok.head) or any(t.is_quote for t in tok.head.subtree))  # not `the ACC goes inside`
        and not _ROMAN.fullmatch(tok.text)
        and tok.text not in _ROLE_ACRONYMS
        and tok.lower_ not in PERSON_ROLES
        and tok.lower_ not in TITLES
    }
    for acronym in sorted(speaking):
        entity = len(entities)
        entities.append(EntityRecord(name=acronym, type="ORG"))
        spans.extend(
            NameSpan(tok.idx, tok.idx + len(tok.text), tok.text, "ORG", tok.i, tok.i + 1, entity)
            for tok in doc
            if tok.text == acronym and tok.i not in covered
        )
    if speaking:
        spans.sort(key=lambda s: s.start)


def recover_speaking_people(doc: Doc, entities: list[EntityRecord], spans: list[NameSpan]) -> None:
    """`Theresa May, shadow secretary for the family, told BBC Radio 4 ...` with `May` read as no
    name at all: a given name and surname the model tagged nowhere, the subject of a speech verb,
    is a person (their later surname alone follows through `recover_missed_names`)."""
    covered = {i for s in spans for i in range(s.token_start, s.token_end)}
    found: dict[str, int] = {}
    for tok in doc:
        if tok.dep_ != "nsubj" or tok.pos_ != "PROPN" or tok.i in covered or not is_speech_verb(tok.head):
            continue
        start = tok.i
        while start > tok.sent.start and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN":
            start -= 1
        if doc[start].lower_.rstrip(".") in HONORIFICS and start < tok.i:
            start += 1  # `Lord Rennard told reporters`: the honorific shows a person's name follows
            honoured = True
        else:
            honoured = start > 0 and doc[start - 1].lower_.rstrip(".") in HONORIFICS and doc[start - 1].is_title
        words = doc[start : tok.i + 1]
        shaped = looks_like_person(words.text) or honoured and looks_like_person(f"{doc[start - 1].text} {words.text}")
        if any(t.i in covered or t.lower_.rstrip(".") in TITLES for t in words) or not shaped:
            continue
        if not (honoured or _given_a_role(doc, start, tok)):
            continue  # `the Sunday Telegraph said`, `Red Hat said`: a name, but not shown to be a person's
        key = name_key(words.text)
        if honoured and any(name_key(e.name).split()[-1:] == key.split() for e in entities):
            continue  # `Mr Ebbers` after `Bernard Ebbers`: the surname's person, as the speaker rules find
        if key not in found:
            found[key] = len(entities)
            entities.append(EntityRecord(name=words.text, type="PERSON"))
        spans.append(NameSpan(words.start_char, words.end_char, words.text, "PERSON", start, tok.i + 1, found[key]))
    if found:
        spans.sort(key=lambda s: s.start)


def _given_a_role(doc: Doc, start: int, head: Token) -> bool:
    """A name the sentence shows to be a person's: a role in apposition (`Theresa May, shadow
    secretary for the family,`) or right before it (`economist Parul Jain`)."""
    if start > 0 and doc[start - 1].lower_ in PERSON_ROLES and doc[start - 1].is_lower:
        return True
    return any(c.dep_ == "appos" and c.lower_ in PERSON_ROLES for c in head.children)
