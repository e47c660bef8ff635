"""Resolving an article's mentions into entities: aliases, short forms, acronyms, one label by vote."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ingest.entities.lexicon import (
    ALIAS_OF,
    NAME_PARTICLES,
    ORG_HEADS,
    PERSON_ROLES,
    SHIP_PREFIXES,
    SUFFIXES,
    looks_like_person,
    name_key,
)
from ingest.entities.mentions import NameSpan, find_mentions
from ingest.entities.recall import recover_missed_names, recover_speaking_acronyms, recover_speaking_people
from ingest.models import EntityRecord


@dataclass
class EntityDraft:
    """An entity being resolved: the names, labels and mentions taken for it so far."""

    names: Counter = field(default_factory=Counter)
    labels: Counter = field(default_factory=Counter)
    mentions: list[NameSpan] = field(default_factory=list)
    birth: set[str] = field(default_factory=set)  # birth names: other names, never the canonical one


def _acronym(name: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in {"of", "the", "and", "for", "de", "la"}]
    return "".join(w[0] for w in words).lower()


def resolve(doc: Doc) -> tuple[list[EntityRecord], list[NameSpan]]:
    """Resolve the article's mentions into entities, each with a canonical name and one label."""
    mentions = find_mentions(doc)
    drafts = _drafts_by_name(mentions)
    target = _short_form_targets(drafts, _places_in_regions(doc, mentions), _surnames_by_honorific(doc, drafts))
    _link_birth_names(doc, mentions, drafts, target)
    _link_bracketed_acronyms(doc, mentions, target)
    for di, d in enumerate(drafts):
        root = _root(target, di)
        if root != di:
            _absorb(drafts[root], d)
            for m in d.mentions:
                m.entity = root
            d.mentions, d.names, d.labels = [], Counter(), Counter()

    records: list[EntityRecord] = []
    index_of: dict[int, int] = {}
    for di, d in enumerate(drafts):
        if not d.mentions:
            continue
        label = _vote(d)
        name = _canonical(d, label)
        index_of[di] = len(records)
        records.append(EntityRecord(name=name, type=label))
    for m in mentions:
        m.entity = index_of[m.entity]
    _people_by_pronouns(doc, records, mentions)
    _people_by_roles(doc, records, mentions)
    recover_speaking_people(doc, records, mentions)
    recover_missed_names(doc, records, mentions)
    recover_speaking_acronyms(doc, records, mentions)
    records, mentions = _without_unnamed(records, mentions)
    _keep_peerages(doc, records, mentions)
    return records, mentions


PEERAGES = {"lord", "lady", "baroness", "baron"}
_HE_SHE = {"he", "she", "him", "his", "her", "himself", "herself"}
_IT = {"it", "its", "itself"}


def _people_by_pronouns(doc: Doc, records: list[EntityRecord], mentions: list[NameSpan]) -> None:
    """`Federer admitted he was under pressure`: a name the model read as an organisation (one word,
    or shaped like a person's), that a sentence takes up with `he` or `she` (never `it`), is a person."""
    votes: dict[int, Counter] = {}
    for m in mentions:
        record = records[m.entity]
        if record.type != "ORG" or record.name.lower() in ORG_HEADS or record.name.endswith("s"):
            continue  # places keep their label; `Congress` and `the Osbournes` are not one person
        if " " in record.name and not looks_like_person(record.name):
            continue  # `Hori Parata ... when he attended`, not `Golden State ... when he`
        head = doc[m.token_end - 1]
        if (
            head.dep_ not in {"nsubj", "nsubjpass"}
            or not record.name.istitle()
            or m.token_start
            and doc[m.token_start - 1].lower_ == "the"
        ):
            continue
        several = " " in record.name
        for tok in doc[m.token_end : head.sent.end]:
            if tok.ent_type_ == "PERSON":
                break
            if several and tok.dep_ in {"nsubj", "nsubjpass"} and tok.lower_ not in _HE_SHE:
                break  # a longer name needs `he` as the next subject: `Hori Parata was seven when he`
            if several and tok.lower_ in _HE_SHE and tok.dep_ not in {"nsubj", "nsubjpass"}:
                continue
            if tok.lower_ in _HE_SHE or tok.lower_ in _IT:
                votes.setdefault(m.entity, Counter())["person" if tok.lower_ in _HE_SHE else "thing"] += 1
                break
    for entity, vote in votes.items():
        if vote["person"] > vote["thing"] and vote["thing"] == 0:
            records[entity].type = "PERSON"


# Roles a firm or a team can hold as well as a person: `Morgan Stanley, its former banker`.
_ORG_ROLES = {"banker", "investor", "host", "broadcaster", "champion", "seed", "leader", "star", "wing", "forward"}


def _people_by_roles(doc: Doc, records: list[EntityRecord], mentions: list[NameSpan]) -> None:
    """`Dominic Hare, chief executive of the palace,`: a name shaped like a person's that the model
    read as an organisation or a building, given a person's role in apposition, is a person."""
    for m in mentions:
        record = records[m.entity]
        if record.type not in {"ORG", "FAC"} or not looks_like_person(record.name):
            continue
        head = doc[m.token_end - 1]
        if any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in head.children):
            continue  # `Speaking to AFP, the president of the league, Jamel Msallem,`: his role
        roles = [
            c
            for c in head.children
            if c.dep_ == "appos" and c.pos_ == "NOUN" and c.i > head.i and doc[c.left_edge.i - 1].text == ","
        ]  # set off by a comma: `Hare, chief executive of the palace,`; not `European Athletics (EAA) woman athlete`
        if any(r.lower_ in PERSON_ROLES - _ORG_ROLES and r.tag_ == "NN" for r in roles):
            record.type = "PERSON"


def _keep_peerages(doc: Doc, records: list[EntityRecord], mentions: list[NameSpan]) -> None:
    """`Lord Woolf`, named by his title and surname alone: the title is part of the name a reader
    knows him by (unlike Mr or Dr), so it stays in the canonical name."""
    for m in mentions:
        record = records[m.entity]
        if record.type != "PERSON" or " " in record.name or m.token_start == 0:
            continue
        first = doc[m.token_start]  # the title inside the model's span, or just before it
        title = first if first.lower_ in PEERAGES else doc[m.token_start - 1]
        if title.lower_ in PEERAGES and title.text[:1].isupper() and m.text.split()[-1] == record.name:
            record.name = f"{title.text} {record.name}"


def _without_unnamed(
    records: list[EntityRecord], mentions: list[NameSpan]
) -> tuple[list[EntityRecord], list[NameSpan]]:
    """The entities that still have a mention, renumbered in order."""
    used = sorted({m.entity for m in mentions})
    if len(used) == len(records):
        return records, mentions
    index_of = {old: new for new, old in enumerate(used)}
    for m in mentions:
        m.entity = index_of[m.entity]
    return [records[i] for i in used], mentions


def _drafts_by_name(mentions: list[NameSpan]) -> list[EntityDraft]:
    """One draft per name form, with aliases, plurals (`Conservatives`) and a person's name with and
    without middle names (`Robert Gabriel Mugabe` / `Robert Mugabe`) together."""
    drafts: list[EntityDraft] = []
    by_key: dict[str, int] = {}
    keys = [name_key(ALIAS_OF.get(name_key(m.text), name_key(_ship_name(m.text)))) for m in mentions]
    for key in keys:
        if key not in by_key:
            by_key[key] = len(drafts)
            drafts.append(EntityDraft())
    for key in list(by_key):
        if key.endswith("s") and key[:-1] in by_key and by_key[key] != by_key[key[:-1]]:
            _merge(by_key, key[:-1], key)
    person_keys = {k for k, m in zip(keys, mentions) if m.label == "PERSON"}
    for key in person_keys:
        words = key.split()
        short = f"{words[0]} {words[-1]}"
        if len(words) >= 3 and short in person_keys and by_key[short] != by_key[key]:
            _merge(by_key, key, short)
    _merge_organisation_variants(keys, mentions, by_key)
    for key, m in zip(keys, mentions):
        m.entity = by_key[key]
        drafts[m.entity].names[m.text] += 1
        drafts[m.entity].labels[m.label] += 1
        drafts[m.entity].mentions.append(m)
    return drafts


def _places_in_regions(doc: Doc, mentions: list[NameSpan]) -> set[int]:
    """Drafts written as `Allen, Texas`: places, never a short form of a person."""
    return {
        a.entity
        for a, b in zip(mentions, mentions[1:])
        if a.label == b.label == "GPE" and b.token_start == a.token_end + 1 and doc[a.token_end].text == ","
    }


def _merge_organisation_variants(keys: list[str], mentions: list[NameSpan], by_key: dict[str, int]) -> None:
    """`United States Department of State` / `State Department`, `BBC Radio 1` / `Radio 1`: one
    organisation, written with and without a country or owner, `Department of X` or `X Department`."""
    places = {k for k, m in zip(keys, mentions) if m.label in {"GPE", "NORP"}}
    # `BBC Radio 1` / `Radio 1`: an owner's acronym before a name is also a prefix to drop.
    owners = {m.text.split()[0].lower() for m in mentions if m.label == "ORG" and m.text.split()[0].isupper()}
    prefixes = places | set(ALIAS_OF) | {o for o in owners if len(o) > 1}
    by_core: dict[str, str] = {}
    for key in sorted({k for k, m in zip(keys, mentions) if m.label == "ORG"}, key=len):
        words = key.split()
        for prefix in sorted(prefixes, key=len, reverse=True):
            if key.startswith(prefix + " ") and len(words) - len(prefix.split()) >= 2:
                words = words[len(prefix.split()) :]
                break
        if len(words) >= 3 and words[0] in {"department", "ministry", "office"} and words[1] == "of":
            words = [w for w in words[2:] if w != "the"] + [words[0]]
        core = " ".join(words)
        if len(words) < 2:
            continue
        if core in by_core and by_key[by_core[core]] != by_key[key]:
            _merge(by_key, key, by_core[core])
        by_core.setdefault(core, key)


SURNAME_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr"}


def _surnames_by_honorific(doc: Doc, drafts: list[EntityDraft]) -> set[int]:
    """Drafts always written after `Mr`, `Mrs`, `Ms`, `Miss` or `Dr`: surnames, never a first name
    (`Mr Howard` is not Howard Flight; `Sir Howard` may be)."""
    found = set()
    for di, d in enumerate(drafts):
        if d.mentions and all(
            doc[m.token_start].lower_.rstrip(".") in SURNAME_HONORIFICS
            or (m.token_start and doc[m.token_start - 1].lower_.rstrip(".") in SURNAME_HONORIFICS)
            for m in d.mentions
        ):
            found.add(di)
    return found


def _short_form_targets(drafts: list[EntityDraft], places: set[int], surnames: set[int]) -> list[int]:
    """For each draft, the draft it is a short form of (itself if none): a surname or first name of
    a person, an acronym of a long name, a bare head word (`Channel` after `English Channel`)."""
    persons: defaultdict[str, set[int]] = defaultdict(set)
    first_names: defaultdict[str, set[int]] = defaultdict(set)
    acronyms: defaultdict[str, set[int]] = defaultdict(set)
    for di, d in enumerate(drafts):
        if not d.mentions:
            continue
        longest = max(d.names, key=lambda n: (len(n.split()), d.names[n]))
        words = name_key(longest).split()
        while len(words) > 2 and words[-1] in SUFFIXES:
            words = words[:-1]
        if len(words) >= 2 and d.labels["PERSON"] > 0:
            persons[words[-1]].add(di)
            first_names[words[0]].add(di)
        elif len(words) >= 2 and looks_like_person(longest):
            persons[words[-1]].add(di)  # `Morgan Tsvangirai` tagged ORG, `Tsvangirai` as PERSON
        if len(words) >= 2 and d.labels.keys() & {"ORG", "GPE", "LOC", "FAC"}:
            acronyms[_acronym(longest)].add(di)
    target = list(range(len(drafts)))
    for di, d in enumerate(drafts):
        if not d.mentions:
            continue
        words = name_key(max(d.names, key=len)).split()
        while len(words) > 1 and words[0] in NAME_PARTICLES:
            words = words[1:]  # `De Miranda` opening a sentence is `Luis de Miranda`'s surname
        if len(words) != 1:
            continue
        place = d.labels.keys() <= {"GPE", "LOC", "NORP"}
        named = persons.get(words[0], set()) | (first_names.get(words[0], set()) if di not in surnames else set())
        candidates = {c for c in named - {di} if drafts[c].labels["PERSON"] or not place}
        if di in places:
            candidates = set()
        chosen = candidates.pop() if len(candidates) == 1 else _dominant(drafts, candidates, d)
        if chosen is not None:
            target[di] = chosen
            continue
        firsts = {c for c in _persons_by_first(drafts, words[0]) if c != di} if d.labels.keys() == {"PERSON"} else set()
        if len(firsts) == 1:
            target[di] = firsts.pop()  # `Chad` for `Chadwick Boseman`
            continue
        candidates = acronyms.get(words[0], set()) - {di}
        if len(candidates) == 1 and max(d.names, key=len).isupper():
            target[di] = candidates.pop()
            continue
        if d.labels["PERSON"] or d.labels.keys() & {"GPE", "LOC", "NORP"} or words[0].upper() == max(d.names, key=len):
            continue  # `Zimbabwe` is not short for `Youth Forum Zimbabwe`, nor `ISIS` for `Coalition to Defeat ISIS`
        heads = {
            hi
            for hi, h in enumerate(drafts)
            if hi != di
            and h.mentions
            and not h.labels["PERSON"]
            and _head_word(name_key(max(h.names, key=len))) == words[0]
        }
        if len(heads) == 1:
            target[di] = heads.pop()
    return target


def _persons_by_first(drafts: list[EntityDraft], short: str) -> set[int]:
    """People whose first name starts with a short form of it (`Chad` -> `Chadwick Boseman`)."""
    if len(short) < 3:
        return set()
    found = set()
    for di, d in enumerate(drafts):
        if d.labels["PERSON"] and d.names:
            words = name_key(max(d.names, key=len)).split()
            if len(words) > 1 and words[0] != short and words[0].startswith(short):
                found.add(di)
    return found


def _head_word(key: str) -> str | None:
    """The head noun of a name of several words: `channel` in `english channel`, `parliament` in
    `parliament of iraq`."""
    words = key.split()
    if len(words) < 2:
        return None
    return words[0] if words[1] == "of" else words[-1]


def _link_birth_names(doc: Doc, mentions: list[NameSpan], drafts: list[EntityDraft], target: list[int]) -> None:
    """`Day was born Doris Mary Ann Kappelhoff`: a birth name is another name of the person before it."""
    for i, m in enumerate(mentions):
        if m.token_start == 0 or doc[m.token_start - 1].lower_ not in {"born", "née", "nee"}:
            continue
        sent_start = doc[m.token_start].sent.start
        subject = next(
            (
                p.entity
                for p in reversed(mentions[:i])
                if p.token_start >= sent_start and drafts[p.entity].labels["PERSON"]
            ),
            None,
        )
        if subject is None:
            subject = _person_by_surname(doc[m.token_start - 1], drafts)
        if subject is None:
            continue
        root = _root(target, subject)
        if root != _root(target, m.entity):
            drafts[m.entity].birth.add(m.text)
            target[_root(target, m.entity)] = root


def _person_by_surname(born: Token, drafts: list[EntityDraft]) -> int | None:
    """The one person whose surname is the subject of `born` (`Day was born ...` -> `Doris Day`)."""
    subjects = [t for t in born.head.children if t.dep_ in {"nsubj", "nsubjpass"}] if born.head is not born else []
    subjects += [t for t in born.children if t.dep_ in {"nsubj", "nsubjpass"}]
    if not subjects:
        return None
    surname = name_key(subjects[0].text)
    found = [
        di
        for di, d in enumerate(drafts)
        if d.labels["PERSON"]
        and d.names
        and len(name_key(max(d.names, key=len)).split()) > 1
        and name_key(max(d.names, key=len)).split()[-1] == surname
    ]
    return found[0] if len(found) == 1 else None


def _link_bracketed_acronyms(doc: Doc, mentions: list[NameSpan], target: list[int]) -> None:
    """`the Islamic State (ISIS)`, `the RMT union (National Union of Rail ...)`: a name in brackets
    right after another, one of them an acronym, is the same organisation."""
    for a, b in zip(mentions, mentions[1:]):
        bracketed = (
            b.token_start == a.token_end + 1
            and doc[a.token_end].text == "("
            and b.token_end < len(doc)
            and doc[b.token_end].text == ")"
        )
        acronym = any(len(m.text.split()[0]) > 1 and m.text.split()[0].isupper() for m in (a, b))
        if (
            bracketed
            and acronym
            and not {a.label, b.label} & {"GPE", "PERSON"}
            and _root(target, a.entity) != _root(target, b.entity)
        ):
            target[_root(target, b.entity)] = _root(target, a.entity)


def _root(target: list[int], di: int) -> int:
    while target[di] != di:
        di = target[di]
    return di


def _absorb(root: EntityDraft, d: EntityDraft) -> None:
    """Add a short form's mentions to its full name. The short form's label counts for less
    (`Starmer` as ORG, `Channel` as ORG after `English Channel`): the full name's vote decides,
    unless the full name was never read as a person and the short form was (`Tsvangirai`)."""
    root.mentions.extend(d.mentions)
    root.names.update(d.names)
    root.birth |= d.birth
    person_short_form = d.labels["PERSON"] and not root.labels["PERSON"] and looks_like_person(max(root.names, key=len))
    if not root.labels or person_short_form:
        root.labels.update(d.labels)


def _dominant(drafts: list[EntityDraft], candidates: set[int], short: EntityDraft) -> int | None:
    """Of several people sharing a surname, the one the article names at least three times as
    often as all the others together (`Robert Mugabe` over `Grace Mugabe`), else the only one
    named before the surname is first used alone, else none."""
    if not candidates:
        return None
    ranked = sorted(candidates, key=lambda di: len(drafts[di].mentions), reverse=True)
    rest = sum(len(drafts[di].mentions) for di in ranked[1:])
    if len(drafts[ranked[0]].mentions) >= 3 * rest:
        return ranked[0]
    first_short = min(m.start for m in short.mentions)
    earlier = [di for di in candidates if min(m.start for m in drafts[di].mentions) < first_short]
    return earlier[0] if len(earlier) == 1 else None


def _merge(by_key: dict[str, int], keep: str, other: str) -> None:
    old = by_key[other]
    for k, v in by_key.items():
        if v == old:
            by_key[k] = by_key[keep]


def _ship_name(text: str) -> str:
    """`MV Namse Bangdzod` -> `Namse Bangdzod`: the ship's name without its prefix."""
    first, _, rest = text.partition(" ")
    return rest if first in SHIP_PREFIXES and rest else text


def _vote(d: EntityDraft) -> str:
    """Majority label; a lone one-word PERSON that is never a full name loses ties (`Labour`); a
    name ever written with a ship prefix is a ship."""
    if any(_ship_name(n) != n for n in d.names):
        return "PRODUCT"
    ranked = d.labels.most_common()
    best, count = ranked[0]
    tied = [label for label, c in ranked if c == count]
    if len(tied) > 1:
        single_word = all(len(n.split()) == 1 for n in d.names)
        order = (
            ["ORG", "GPE", "NORP", "PERSON", "LOC", "FAC"]
            if single_word
            else ["PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"]
        )
        tied.sort(key=lambda label: order.index(label) if label in order else len(order))
        best = tied[0]
    return best


def _canonical(d: EntityDraft, label: str) -> str:
    """The fullest name the article gives; the canonical form for known aliases."""
    for name in d.names:
        canon = ALIAS_OF.get(name_key(name))
        if canon:
            return canon
    names = [n for n in d.names if n not in d.birth] or list(d.names)
    return max(names, key=lambda n: (len(n.split()), d.names[n], len(n)))
