"""Who each name stands for across the archive: the rules, on plain data (no database).

Each article resolves its own mentions (ingest.entities): `Mr Blair` in an article that also says
`Tony Blair` is already Tony Blair. Across articles the archive decides, from every name articles
gave and how many mentions each has (`Name`), plus people's corrections (`Correction`):

1. One name however it is written (`Labour party` / `Labour Party`, `Kilroy-Silk` / `Kilroy Silk`:
   case, punctuation and accents aside; the form most mentions use), and one type per name: the
   type most of its mentions have (`Tony Blair` is a PERSON even where one article read it as a
   GPE; `Labour` an ORG). A name after `Mr`, `Mrs`, `Ms` or `Dr` is that surname, a person's.
2. A surname alone (`Blair`, a one-word PERSON) stands for the person with that surname the archive
   names most, when that person is named at least MIN_MENTIONS times and DOMINANCE times as often
   as everyone else with the surname together (`Brown` is Gordon Brown beside a rarely named Nick
   Brown; two people named alike keep `Brown` to itself). Full names are never merged this way.
3. A clipped form (`Lib Dems`: as many words as a longer name, `Liberal Democrats`, each word the
   same or its start, at least two letters short) stands for that name, when one such name is
   named at least a DOMINANCE-th as often.
4. People's corrections: a split keeps a name (or one type of it) out of rules 1-3; a merge or a
   rename sends an entity, and every name that reaches it, to another.

`decide` gives each name its archive entity as a (name, type) key; archive.entities applies that.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from ingest.entities.lexicon import SUFFIXES, name_key

DOMINANCE = 3  # the person a surname means is named 3 times as often as the others with it together
MIN_MENTIONS = 3  # ... and at least 3 times: one passing mention does not claim a surname
MIN_CLIPPED = 3  # a clipped word keeps at least 3 letters (`Lib`, `Dem`; not `Jo` for `John`) ...
CLIPPED_BY = 2  # ... and drops at least 2 (`Davis` is not a clipped `Davies`)
# Honorifics before a surname: the name is a person's, without them (`Mr Brown` is `Brown`).
HONORIFICS = {"mr", "mrs", "ms", "miss", "mme", "mlle", "dr"}
# Ties of the type vote, as an article's own vote breaks them: a one-word name leans to an
# organisation (`Labour`), a longer one to a person.
TIE_ONE_WORD = ("ORG", "GPE", "NORP", "PERSON", "LOC", "FAC")
TIE_LONGER = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")

MERGE, RENAME, SPLIT = "merge", "rename", "split"
Key = tuple[str, str]  # an archive entity: (name, type)


@dataclass(frozen=True)
class Name:
    """A name and type as articles resolved an entity, with the archive's number of mentions of it."""

    id: int
    name: str
    type: str
    mentions: int


@dataclass(frozen=True)
class Correction:
    """A person's decision: merge or rename the entity (name, type) into (to_name, to_type), or
    split the name (with any type when `type` is None) off into an entity of its own."""

    action: str
    name: str
    type: str | None
    to_name: str | None = None
    to_type: str | None = None


class Corrections:
    """People's corrections by the key they apply to."""

    def __init__(self, corrections: Iterable[Correction]):
        self.moves: dict[tuple[str, str | None], Correction] = {}
        self.splits: set[tuple[str, str | None]] = set()
        for c in corrections:  # in the order made: a later one for the same key wins
            if c.action == SPLIT:
                self.splits.add((c.name, c.type))
            else:
                self.moves[(c.name, c.type)] = c

    def split(self, key: Key) -> bool:
        """Whether this name, or this type of it, is kept to itself."""
        return (key[0], key[1]) in self.splits or (key[0], None) in self.splits

    def moved(self, key: Key) -> bool:
        return (key[0], key[1]) in self.moves or (key[0], None) in self.moves

    def step(self, key: Key) -> Key | None:
        """Where one merge or rename sends `key`, if one does."""
        c = self.moves.get(key) or self.moves.get((key[0], None))
        return None if c is None else (c.to_name or key[0], c.to_type or key[1])

    def follow(self, key: Key) -> Key:
        """The entity `key` ends at after every merge and rename (a cycle stops where it closes)."""
        if not self.moves:
            return key
        seen = {key}
        while (after := self.step(key)) is not None and after not in seen:
            seen.add(after)
            key = after
        return key


def base_key(name: str, type_: str) -> Key:
    """`Mr Brown` (whatever its label) -> (`Brown`, PERSON): an honorific names a person by surname."""
    first, _, rest = name.partition(" ")
    if rest and first.lower().rstrip(".") in HONORIFICS:
        return rest, "PERSON"
    return name, type_


class Folded(dict):
    """Names -> their comparable words (ingest.entities.lexicon.name_key), each folded once."""

    def __missing__(self, name: str) -> tuple[str, ...]:
        words = self[name] = tuple(name_key(name).split())
        return words


def surnames(name: str, folded: Folded | None = None) -> set[str]:
    """The comparable surnames of a full name: its last word that is not a suffix (`Jr`), and its
    last two when it has three (`Robert Kilroy Silk` is also `Kilroy-Silk`)."""
    folded = Folded() if folded is None else folded
    words = name.split()
    while len(words) > 2 and " ".join(folded[words[-1]]) in SUFFIXES:
        words = words[:-1]
    if not words:
        return set()
    found = {" ".join(folded[words[-1]])}
    keys = folded[" ".join(words)]
    if len(keys) >= 3:
        found.add(" ".join(keys[-2:]))
    return found


def vote(weights: Counter, name: str) -> str:
    """The type most mentions of a name have; ties broken as an article breaks them."""
    best = max(weights.values())
    tied = sorted(t for t, w in weights.items() if w == best)
    order = TIE_ONE_WORD if " " not in name else TIE_LONGER
    return min(tied, key=lambda t: order.index(t) if t in order else len(order))


def dominant(weights: Counter, ratio: float = DOMINANCE, least: int = MIN_MENTIONS) -> Key | None:
    """The key named at least `least` times and `ratio` times as often as all the others together."""
    if not weights:
        return None
    (top, count), *rest = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
    return top if count >= least and count >= ratio * sum(c for _, c in rest) else None


def _clipped_word(short: str, full: str) -> bool:
    """`lib` of `liberal`, `dems` of `democrats` (a plural clipped with its plural)."""
    if short == full:
        return True
    if short.endswith("s") and full.endswith("s"):
        short, full = short[:-1], full[:-1]
    return full.startswith(short) and len(short) >= MIN_CLIPPED and len(full) - len(short) >= CLIPPED_BY


def clipped(short: str, full: str, folded: Folded | None = None) -> bool:
    """`Lib Dems` of `Liberal Democrats`: as many words, each the same or clipped, one of them clipped."""
    folded = Folded() if folded is None else folded
    a, b = folded[short], folded[full]
    if len(a) != len(b) or len(a) < 2 or a == b:
        return False
    return all(_clipped_word(x, y) for x, y in zip(a, b))


def clipped_shape(name: str, folded: Folded | None = None) -> tuple[str, ...]:
    """What a clipped form shares with its full name: the first MIN_CLIPPED letters of each word
    (the words of both are the same or start alike). Candidates are looked up by it."""
    return tuple(w[:MIN_CLIPPED] for w in (Folded() if folded is None else folded)[name])


class Keys(NamedTuple):
    """What the rules compare a name by, once its honorific is dropped (`base_key`): stored with each
    name (archive.entities), so that the names a decision depends on are found by index."""

    folded: str  # rule 1: one name however written (`tony blair`)
    shape: str | None  # rule 3: its clipped shape (`ton bla`), for names of two words or more
    surname: str | None  # rule 2: its surnames (`blair`), for names written in two words or more ...
    surname_long: str | None  # ... and the last two words of a longer one (`kilroy silk`)


def keys_of(name: str, folded: Folded | None = None) -> Keys:
    """The comparison keys of a name as decide() sees it: an entity key's name, or a `base_key`."""
    folded = Folded() if folded is None else folded
    words = folded[name]
    shape = " ".join(clipped_shape(name, folded)) if len(words) >= 2 else None
    last = sorted(surnames(name, folded), key=len) if " " in name else []
    return Keys(" ".join(words), shape, *(last + [None, None])[:2])


def decide(
    names: Iterable[Name], corrections: Iterable[Correction] = (), folded: Folded | None = None
) -> dict[int, Key]:
    """The archive entity, as a (name, type) key, of every name (`folded`: names folded already)."""
    names = list(names)
    fixes = Corrections(corrections)
    folded = Folded() if folded is None else folded
    base = {n.id: base_key(n.name, n.type) for n in names}
    # 1. One name however written, one type per name, among the rows not split off by type.
    votes: defaultdict[tuple, Counter] = defaultdict(Counter)
    written: defaultdict[tuple, Counter] = defaultdict(Counter)
    for n in names:
        name, type_ = base[n.id]
        if (name, type_) not in fixes.splits:
            votes[folded[name]][type_] += n.mentions
            written[folded[name]][name] += n.mentions
    form = {k: min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0] for k, forms in written.items()}
    typed = {k: vote(votes[k], form[k]) for k in votes}
    own: dict[int, Key] = {}
    for n in names:
        name, type_ = base[n.id]
        own[n.id] = (name, type_) if (name, type_) in fixes.splits else (form[folded[name]], typed[folded[name]])
    # What each name's own entity weighs, where corrections send it, and which are left to the rules.
    weight: Counter = Counter()
    for n in names:
        weight[fixes.follow(own[n.id])] += n.mentions
    free = {key for key in own.values() if not (fixes.moved(key) or fixes.split(key))}
    # 3. Clipped forms, among names of two words or more.
    by_shape: defaultdict[tuple, list[Key]] = defaultdict(list)
    for key in weight:
        if len(folded[key[0]]) >= 2:
            by_shape[clipped_shape(key[0], folded)].append(key)
    linked: dict[Key, Key] = {}
    for key in free:
        shaped = by_shape.get(clipped_shape(key[0], folded), []) if len(folded[key[0]]) >= 2 else []
        linked[key] = _unclipped(key, shaped, weight, folded) if len(shaped) > 1 else key
    # 2. A surname alone, among the people the full names stand for.
    people: defaultdict[str, Counter] = defaultdict(Counter)
    for key, w in weight.items():
        target = linked.get(key, key)
        if target[1] == "PERSON" and " " in target[0]:
            for last in surnames(target[0], folded):
                people[last][target] += w
    for key in free:
        if key[1] == "PERSON" and " " not in key[0]:
            linked[key] = dominant(people.get(" ".join(folded[key[0]]), Counter())) or key
    return {n.id: fixes.follow(linked.get(own[n.id], own[n.id])) for n in names}


def _unclipped(key: Key, shaped: list[Key], weight: Counter, folded: Folded) -> Key:
    """Rule 3: the longer name a clipped form stands for, else the key itself."""
    candidates = Counter({k: weight[k] for k in shaped if clipped(key[0], k[0], folded)})
    target = dominant(candidates, least=1)
    if target is not None and DOMINANCE * weight[target] >= weight[key]:
        return target
    return key
