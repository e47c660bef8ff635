"""Grammatical gender of the people an article names, so `she` is not resolved to a man.

Three sources, strongest first: an honorific before a mention (`Mrs`, `Sir`, `Queen`); the first
name, from a short hand-written list of very common English first names (deliberately small: it
only has to settle the frequent cases, the article settles the rest); and the article itself,
the pronouns that follow a person in sentences where that person is the only one named.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc

MASCULINE = {"he", "him", "his", "himself"}
FEMININE = {"she", "her", "hers", "herself"}
_HONORIFIC = re.compile(
    r"\b(?:(?P<m>Mr|Sir|Lord|King|Prince|Duke|Father|Brother|Monsieur|Herr|Señor)"
    r"|(?P<f>Mrs|Ms|Miss|Dame|Lady|Queen|Princess|Duchess|Sister|Madam|Madame|Mme|Frau|Señora))\.?\s+$"
)
# Very common first names, by the gender they are usually given; ambiguous ones are left out.
_MALE_NAMES = set(
    """
aaron adam alan albert alex alexander ali andrew anthony arthur ben benjamin bernie bill bob boris
brian bruce carl charles chris christopher chuck dan daniel david dennis donald doug douglas ed
edward emmanuel eric frank fred gary george gerald gordon greg harold harry henry ian jack jacob
james jason jeff jeffrey jeremy jim joe john jonathan joseph josh joshua juan keith ken kevin
larry lawrence mark martin matt matthew michael mike mitch mohammed muhammad nick nicholas paul
peter philip richard rick robert roger ron ronald sam samuel scott sean stephen steve steven ted
thomas tim timothy tom tony vladimir walter william xi
""".split()
)
_FEMALE_NAMES = set(
    """
alice amanda amy angela ann anna anne barbara betsy betty carol caroline catherine charlotte
christine claire deborah diana diane donna dorothy elizabeth ellen emily emma gwen hannah heather
helen hillary jane janet jennifer jessica jill joan julia julie karen kate katherine kathleen kelly
kellyanne laura linda lisa margaret maria marie mary megan melania melanie michelle nancy nicola
nicole patricia priti rachel rebecca ruth sarah sharon stephanie susan teresa theresa ursula
victoria virginia
""".split()
)


def pronoun_gender(word: str) -> str | None:
    """`m` for he/him/his, `f` for she/her, else None."""
    w = word.lower()
    return "m" if w in MASCULINE else "f" if w in FEMININE else None


def name_gender(name: str) -> str | None:
    """The usual gender of a full name's first name, when it is on the short list."""
    first = name.split()[0].lower().rstrip(".") if name.split() else ""
    return "m" if first in _MALE_NAMES else "f" if first in _FEMALE_NAMES else None


def person_genders(doc: Doc, text: str, name_spans: list, is_person) -> dict[int, str]:
    """Entity -> `m`/`f` for the people of an article whose gender the article or name shows."""
    honorific: dict[int, Counter] = {}
    votes: dict[int, Counter] = {}
    names: dict[int, str] = {}
    by_sentence: dict[int, set[int]] = {}
    for m in name_spans:
        if is_person(m.entity):
            by_sentence.setdefault(doc[m.token_start].sent.start, set()).add(m.entity)
    for m in name_spans:
        if not is_person(m.entity):
            continue
        names.setdefault(m.entity, m.text)
        if len(m.text.split()) > len(names[m.entity].split()):
            names[m.entity] = m.text
        found = _HONORIFIC.search(text[max(0, m.start - 12) : m.start])
        if found:
            honorific.setdefault(m.entity, Counter())["m" if found.group("m") else "f"] += 1
        sent = doc[m.token_start].sent
        if by_sentence.get(sent.start) != {m.entity}:
            continue
        window = list(doc[m.token_end : sent.end])
        if sent.end < len(doc):
            following = doc[sent.end].sent
            if following.start not in by_sentence:
                window += list(following)
        for tok in window:
            g = pronoun_gender(tok.text)
            if g:
                votes.setdefault(m.entity, Counter())[g] += 1
    genders: dict[int, str] = {}
    for group, name in names.items():
        if group in honorific:
            genders[group] = honorific[group].most_common(1)[0][0]
        elif (g := name_gender(name)) is not None:
            genders[group] = g
        elif group in votes:
            (top, n), *rest = votes[group].most_common() + [(None, 0)]
            if n > rest[0][1]:
                genders[group] = top
    return genders
