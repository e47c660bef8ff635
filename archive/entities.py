"""The archive's entities in the database: the names articles give them (`entity_names`), the one
entity each name stands for (archive.identity decides, `consolidate` applies), and the corrections
people make (`merge`, `rename`, `split`, `undo`: the API behind `archive entities`).

Every function takes the writer's connection inside an open transaction (or a reader's, for the
listings); corrections are kept by name in `entity_corrections` and applied at once, and every later
ingest and reprocess applies them again (archive.store stores new names through them, and each run
ends with `consolidate`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from archive import clusters
from archive.identity import (
    DOMINANCE,
    MERGE,
    RENAME,
    SPLIT,
    Correction,
    Corrections,
    Folded,
    Key,
    Keys,
    Name,
    base_key,
    clipped,
    clipped_shape,
    decide,
    keys_of,
    surnames,
)
from ingest.entities.lexicon import NAMED_LABELS, name_key

# (name, type) pairs given as the JSON [[name, type], ...] -> their entity_names rows.
SQL_NAME_IDS = (
    "SELECT n.id, n.name, n.type FROM json_each(?) AS j JOIN entity_names AS n"
    " ON n.name = json_extract(j.value, '$[0]') AND n.type = json_extract(j.value, '$[1]')"
)
SQL_INSERT_NAME = (
    "INSERT INTO entity_names(name, type, entity_id, mentions, folded, shape, surname, surname_long)"
    " VALUES (?, ?, (SELECT id FROM entities WHERE name = ? AND type = ?), 0, ?, ?, ?, ?)"
)
SQL_QUEUE = "INSERT OR IGNORE INTO identity_queue(name_id) SELECT value FROM json_each(?)"
SQL_SET_KEYS = "UPDATE entity_names SET folded = ?, shape = ?, surname = ?, surname_long = ? WHERE id = ?"
# Mentions per name: a scan of the name_id index alone, no table rows read.
SQL_MENTIONS_PER_NAME = "SELECT name_id, count(*) FROM mentions WHERE name_id IS NOT NULL GROUP BY name_id"
_UNUSED_NAME = (
    "NOT EXISTS (SELECT 1 FROM mentions m WHERE m.name_id = entity_names.id)"
    " AND NOT EXISTS (SELECT 1 FROM quotes q WHERE q.speaker_name_id = entity_names.id)"
)
_UNUSED_ENTITY = (
    "NOT EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = entities.id)"
    " AND NOT EXISTS (SELECT 1 FROM quotes q WHERE q.speaker_id = entities.id)"
    " AND NOT EXISTS (SELECT 1 FROM entity_names n WHERE n.entity_id = entities.id)"
)
SQL_PRUNE = (f"DELETE FROM entity_names WHERE {_UNUSED_NAME}", f"DELETE FROM entities WHERE {_UNUSED_ENTITY}")
_IDS = "id IN (SELECT value FROM json_each(?))"
SQL_PRUNE_SOME = (
    f"DELETE FROM entity_names WHERE {_IDS} AND {_UNUSED_NAME} RETURNING entity_id",
    f"DELETE FROM entities WHERE {_IDS} AND {_UNUSED_ENTITY}",
)
# The names a decision depends on, found by their keys (archive.identity.keys_of); json_each first.
_NAME_ROW = "n.id, n.name, n.type, n.mentions, n.entity_id, n.folded, n.shape, n.surname, n.surname_long"
SQL_NAMES_FOLDED = f"SELECT {_NAME_ROW} FROM json_each(?) AS j CROSS JOIN entity_names AS n ON n.folded = j.value"
SQL_FOLDS_SHAPED = "SELECT DISTINCT n.folded FROM json_each(?) AS j CROSS JOIN entity_names AS n ON n.shape = j.value"
SQL_FOLDS_SURNAMED = (
    "SELECT n.folded FROM json_each(?) AS j CROSS JOIN entity_names AS n ON n.surname = j.value"
    " UNION SELECT n.folded FROM json_each(?) AS j CROSS JOIN entity_names AS n ON n.surname_long = j.value"
)
SQL_UNKEYED = "SELECT 1 FROM entity_names WHERE folded IS NULL LIMIT 1"
# Entities of these keys [[name, type], ...], and entities of these ids.
SQL_ENTITIES_KEYED = (
    "SELECT e.id, e.name, e.type FROM json_each(?) AS j CROSS JOIN entities AS e"
    " ON e.name = json_extract(j.value, '$[0]') AND e.type = json_extract(j.value, '$[1]')"
)
SQL_ENTITIES_OF = "SELECT e.id, e.name, e.type FROM json_each(?) AS j CROSS JOIN entities AS e ON e.id = j.value"
# Which of these entities a name outside these names stands for.
SQL_HELD_ELSEWHERE = (
    "SELECT DISTINCT n.entity_id FROM json_each(?) AS j CROSS JOIN entity_names AS n ON n.entity_id = j.value"
    " WHERE n.id NOT IN (SELECT value FROM json_each(?))"
)
MAX_SHARE = 1 / 3  # names that reach a third of the archive's are decided all at once: one scan is cheaper
_REF = re.compile(r"^(?P<name>.+?)\s*\((?P<type>[A-Z_]+)\)$")


class EntityError(ValueError):
    """A correction that cannot be made: no such entity, an ambiguous name, a merge into itself."""


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# ----- storing ---------------------------------------------------------------------------------


class NameIds:
    """The writer's map from (name, type), as an article resolved an entity, to its entity_names
    row; a new name gets the entity the archive gives it at once (`targets_of_new_names`)."""

    def __init__(self) -> None:
        self.cache: dict[tuple[str, str], int] = {}

    def clear(self) -> None:
        self.cache.clear()

    def of(self, db: sqlite3.Connection, keys: list[tuple[str, str]]) -> list[int]:
        """The name ids of `keys`, created when new: a few statements per article, not per name."""
        missing = [key for key in dict.fromkeys(keys) if key not in self.cache]
        if missing:
            self._look_up(db, missing)
            new = [key for key in missing if key not in self.cache]
            if new:
                targets = targets_of_new_names(db, new)
                db.executemany(
                    "INSERT INTO entities(name, type) VALUES (?, ?) ON CONFLICT DO NOTHING", dict.fromkeys(targets)
                )
                folded = Folded()
                db.executemany(
                    SQL_INSERT_NAME,
                    [(*key, *target, *name_keys(*key, folded)) for key, target in zip(new, targets)],
                )
                self._look_up(db, new)
        return [self.cache[key] for key in keys]

    def _look_up(self, db: sqlite3.Connection, keys: list[tuple[str, str]]) -> None:
        for name_id, name, type_ in db.execute(SQL_NAME_IDS, (json.dumps(keys),)):
            self.cache[(name, type_)] = name_id


def name_keys(name: str, type_: str, folded: Folded | None = None) -> Keys:
    """The keys a name is stored with: those of its `base_key` (`Mr Brown` is compared as `Brown`)."""
    return keys_of(base_key(name, type_)[0], folded)


def targets_of_new_names(db: sqlite3.Connection, keys: list[tuple[str, str]]) -> list[Key]:
    """The entities names new to the archive stand for until the next `consolidate`: where people's
    corrections send them, else the entity of that name the archive has (one type per name), else
    their own. (Links by surname wait for `consolidate`: they need the archive's counts.)"""
    fixes = Corrections(load_corrections(db))
    bases = [base_key(*key) for key in keys]
    free = [b for b in bases if not (fixes.split(b) or fixes.moved(b))]
    known: defaultdict[str, list[str]] = defaultdict(list)  # name -> its entities' types, oldest first
    if free:
        for name, type_ in db.execute(
            "SELECT e.name, e.type FROM json_each(?) AS j JOIN entities AS e ON e.name = j.value ORDER BY e.id",
            (json.dumps([b[0] for b in free]),),
        ):
            known[name].append(type_)
    targets = []
    for name, type_ in bases:
        types = known.get(name)
        if types and type_ not in types and not (fixes.split((name, type_)) or fixes.moved((name, type_))):
            type_ = types[0]
        targets.append(fixes.follow((name, type_)))
    return targets


def prune(db: sqlite3.Connection) -> int:
    """Drop names no mention or quote is stored under any more, then entities nothing refers to.
    Returns the number of entities dropped."""
    db.execute(SQL_PRUNE[0])
    return db.execute(SQL_PRUNE[1]).rowcount


# ----- deciding --------------------------------------------------------------------------------


@dataclass
class Changes:
    """What `consolidate` changed."""

    names: int = 0  # names moved to another entity
    mentions: int = 0
    quotes: int = 0
    renamed: int = 0  # entities given another name or type in place (their id kept)
    created: int = 0
    titled: int = 0  # quotes given the holder of the title they are written as (archive.titles)
    decided: int = 0  # names decided again
    whole: bool = False  # every name of the archive decided, not only those a run touched
    left: set[int] = field(default_factory=set)  # entities a name left: pruned if nothing else refers to them

    def __bool__(self) -> bool:
        return bool(self.names or self.renamed or self.created)

    def add(self, more: Changes) -> None:
        """Count in what a later consolidation changed."""
        for counted in ("names", "mentions", "quotes", "renamed", "created", "titled", "decided"):
            setattr(self, counted, getattr(self, counted) + getattr(more, counted))
        self.whole |= more.whole
        self.left |= more.left


def load_names(db: sqlite3.Connection, folded: Folded | None = None) -> list[tuple[Name, int]]:
    """Every name with the number of mentions stored under it, and the entity it stands for now;
    `entity_names.mentions` brought up to date on the way, and the keys of names without them
    filled in (a change to archive.identity.keys_of comes with a migration that empties them all)."""
    counts = dict(db.execute(SQL_MENTIONS_PER_NAME))
    folded = Folded() if folded is None else folded
    found, stale, keyed = [], [], []
    for i, name, type_, stored, entity_id, unkeyed in db.execute(
        "SELECT id, name, type, mentions, entity_id, folded IS NULL FROM entity_names ORDER BY id"
    ).fetchall():
        mentions = counts.get(i, 0)
        if mentions != stored:
            stale.append((mentions, i))
        if unkeyed:
            keyed.append((*name_keys(name, type_, folded), i))
        found.append((Name(i, name, type_, mentions), entity_id))
    db.executemany("UPDATE entity_names SET mentions = ? WHERE id = ?", stale)
    db.executemany(SQL_SET_KEYS, keyed)
    return found


def load_corrections(db: sqlite3.Connection) -> list[Correction]:
    return [
        Correction(*row)
        for row in db.execute("SELECT action, name, type, to_name, to_type FROM entity_corrections ORDER BY id")
    ]


def consolidate(db: sqlite3.Connection) -> Changes:
    """Give every name the entity archive.identity decides for it, and move the mentions and quotes
    stored under the names that change. An entity left with a new name or type and no other claim on
    it is renamed in place, so that its id (and every link to it) stays. Names nothing is stored
    under any more are dropped first: they are no evidence, and stand for nothing."""
    db.execute(SQL_PRUNE[0])
    db.execute("DELETE FROM identity_queue")
    folded = Folded()
    rows = load_names(db, folded)
    changes = _apply(db, rows, decide([n for n, _ in rows], load_corrections(db), folded), whole=True)
    changes.whole = True
    return changes


def queue(db: sqlite3.Connection, name_ids: list[int]) -> None:
    """Queue names mentions or quotes were stored or deleted under: the next consolidation decides them."""
    db.execute(SQL_QUEUE, (json.dumps(name_ids),))


def consolidate_queued(db: sqlite3.Connection, max_share: float = MAX_SHARE) -> Changes:
    """`consolidate` for the names queued since the last consolidation (mentions or quotes stored
    or deleted under them) and every name linked to them (`_dependents`): the decisions of the others
    cannot have changed. Queued names nothing is stored under any more, and entities the names moved
    leave unused, are dropped. Every name is decided at once when those names are more than
    `max_share` of the archive's (one scan is cheaper), and when some names have no keys yet
    (an archive from before them, none of whose names was decided)."""
    touched = {i for (i,) in db.execute("SELECT name_id FROM identity_queue")}
    total = db.execute("SELECT max(id) FROM entity_names").fetchone()[0] or 0
    if db.execute(SQL_UNKEYED).fetchone() is not None or len(touched) > max_share * total:
        changes = consolidate(db)
        prune(db)
        return changes
    if not touched:
        return Changes()
    db.execute("DELETE FROM identity_queue")
    ids = json.dumps(sorted(touched))
    seeds = db.execute(f"SELECT DISTINCT folded, shape, surname, surname_long FROM entity_names WHERE {_IDS}", (ids,))
    seeds = seeds.fetchall()
    left = {e for (e,) in db.execute(SQL_PRUNE_SOME[0], (ids,)).fetchall()}
    corrections = load_corrections(db)
    found = _dependents(db, seeds, corrections, max_share * total)
    if found is None:
        changes = consolidate(db)
        prune(db)
        return changes
    rows = [(Name(i, name, type_, mentions), entity_id) for i, name, type_, mentions, entity_id, *_ in found]
    changes = _apply(db, rows, decide([n for n, _ in rows], corrections), whole=False)
    changes.left |= left
    db.execute(SQL_PRUNE_SOME[1], (json.dumps(sorted(changes.left)),))
    return changes


def _dependents(
    db: sqlite3.Connection, seeds: list[tuple], corrections: list[Correction], limit: float
) -> list[tuple] | None:
    """Every name linked to the keys `seeds` (folded, shape, surname, surname_long: those of the
    names touched, kept or dropped), in id order (None past `limit` names): by archive.identity's
    rules, one name however written (the same `folded`); a clipped form and its full name (the same
    `shape`); a full name and its surname alone, both ways (a full name's `surname` is the `folded`
    of a one-word name); and people's corrections, which link the names they move and the names
    their targets are linked to. A decision reads only names linked to its own, so the names found
    are decided on their own, and no other name's decision reads theirs."""
    reaches = [_reach(c) for c in corrections]
    folds: set[str] = set()
    shapes: set[str] = set()
    surnamed: set[str] = set()  # one-word names that may be a person's surname: their full names are read
    found: dict[int, tuple] = {}
    pending = {key for seed in seeds for key in (seed[0], *seed[2:4]) if key}
    shaped = {seed[1] for seed in seeds if seed[1]}
    while pending or shaped:
        shapes |= shaped
        pending |= {f for (f,) in db.execute(SQL_FOLDS_SHAPED, (json.dumps(sorted(shaped)),))}
        pending -= folds
        folds |= pending
        classes: defaultdict[str, list[tuple]] = defaultdict(list)
        for row in db.execute(SQL_NAMES_FOLDED, (json.dumps(sorted(pending)),)):
            found[row[0]] = row
            classes[row[5]].append(row)
        if len(found) > limit:
            return None
        shaped = {row[6] for rows in classes.values() for row in rows if row[6]} - shapes
        linked = {key for rows in classes.values() for row in rows for key in row[7:9] if key}
        new_surnamed = {fold for fold, rows in classes.items() if _maybe_a_surname(rows)} - surnamed
        surnamed |= new_surnamed
        reached = True
        while reached:  # a correction may reach another's names: the loop ends when none reaches more
            reached = False
            for reach in [r for r in reaches if r.meets(folds | linked, shapes | shaped, surnamed)]:
                reaches.remove(reach)
                reached = True
                linked |= reach.folds | reach.surnames
                if reach.shape is not None and reach.shape not in shapes:
                    shaped.add(reach.shape)
        pending = linked | {f for (f,) in db.execute(SQL_FOLDS_SURNAMED, (json.dumps(sorted(new_surnamed)),) * 2)}
        pending -= folds
    return [found[i] for i in sorted(found)]


def _maybe_a_surname(rows: list[tuple]) -> bool:
    """Whether names written alike may be a surname alone (rule 2): one of them is a person's, one of
    them is written in one word."""
    bases = [base_key(row[1], row[2]) for row in rows]
    return any(t == "PERSON" for _, t in bases) and any(" " not in n for n, _ in bases)


@dataclass
class _Reach:
    """What a correction links: the names it moves and its target (folded), the target's clipped
    shape and surnames (the rules weigh the target as any other entity)."""

    folds: set[str]
    shape: str | None
    surnames: set[str]

    def meets(self, folds: set[str], shapes: set[str], surnamed: set[str]) -> bool:
        return bool(self.folds & folds or self.shape in shapes or self.surnames & surnamed)


def _reach(correction: Correction) -> _Reach:
    moved = keys_of(correction.name)
    if correction.action == SPLIT:
        return _Reach({moved.folded}, None, set())
    target = keys_of(correction.to_name or correction.name)
    return _Reach({moved.folded, target.folded}, target.shape, {k for k in (target.surname, target.surname_long) if k})


def _apply(db: sqlite3.Connection, rows: list[tuple[Name, int]], decided: dict[int, Key], whole: bool) -> Changes:
    """Move the names `rows` (with the entity each stands for now) to the entities `decided`: every
    name of the archive (`whole`), or names no other name's decision depends on. An entity is renamed
    in place only when no name, of these or any other, stands for it under its own key any more."""
    current = {n.id: entity_id for n, entity_id in rows}
    groups: defaultdict[Key, list[int]] = defaultdict(list)
    for name_id, key in decided.items():
        groups[key].append(name_id)
    if whole:
        key_of = {i: (name, type_) for i, name, type_ in db.execute("SELECT id, name, type FROM entities")}
        held: set[int] = set()
    else:
        ids = json.dumps(sorted(set(current.values())))
        key_of = {i: (name, type_) for i, name, type_ in db.execute(SQL_ENTITIES_OF, (ids,))}
        key_of |= {i: (n, t) for i, n, t in db.execute(SQL_ENTITIES_KEYED, (json.dumps(sorted(groups)),))}
        held = {e for (e,) in db.execute(SQL_HELD_ELSEWHERE, (ids, json.dumps(sorted(current))))}
    id_of = {key: i for i, key in key_of.items()}
    weight = {n.id: n.mentions for n, _ in rows}
    changes = Changes(decided=len(rows))
    target: dict[Key, int] = {}
    renamed: list[int] = []
    for key, members in sorted(groups.items()):
        if key in id_of:
            target[key] = id_of[key]
            continue
        # An entity whose own key no name wants any more takes this one: the one most of these names use.
        used = Counter()
        for name_id in members:
            used[current[name_id]] += weight[name_id] + 1
        free = [e for e, _ in used.most_common() if e in key_of and key_of[e] not in groups and e not in held]
        if free:
            entity_id = free[0]
            db.execute("UPDATE entities SET name = ?, type = ? WHERE id = ?", (*key, entity_id))
            del id_of[key_of[entity_id]]
            renamed.append(entity_id)
        else:
            entity_id = db.execute("INSERT INTO entities(name, type) VALUES (?, ?)", key).lastrowid
            changes.created += 1
        key_of[entity_id] = key
        id_of[key] = target[key] = entity_id
    touched: set[int] = set(renamed)
    for name_id, key in decided.items():
        entity_id = target[key]
        if current[name_id] == entity_id:
            continue
        changes.names += 1
        changes.mentions += db.execute(
            "UPDATE mentions SET entity_id = ? WHERE name_id = ?", (entity_id, name_id)
        ).rowcount
        changes.quotes += db.execute(
            "UPDATE quotes SET speaker_id = ? WHERE speaker_name_id = ?", (entity_id, name_id)
        ).rowcount
        db.execute("UPDATE entity_names SET entity_id = ? WHERE id = ?", (entity_id, name_id))
        touched |= {current[name_id], entity_id}
        changes.left.add(current[name_id])
    changes.renamed = len(renamed)
    _refresh_clusters(db, touched)
    return changes


def _refresh_clusters(db: sqlite3.Connection, entity_ids: set[int]) -> None:
    """Quote clusters whose quotes changed speaker, or whose speaker changed name, recounted."""
    if not entity_ids:
        return
    found = db.execute(
        "SELECT DISTINCT cluster_id FROM quotes WHERE cluster_id IS NOT NULL AND speaker_id IN"
        " (SELECT value FROM json_each(?))"
        " UNION SELECT id FROM quote_clusters WHERE speaker_id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(entity_ids)),) * 2,
    )
    clusters.refresh_many(db, [c for (c,) in found])


# ----- corrections -----------------------------------------------------------------------------


@dataclass
class Entity:
    id: int
    name: str
    type: str
    mentions: int = 0
    quotes: int = 0
    names: list[str] = field(default_factory=list)  # other names and types articles gave it

    @property
    def label(self) -> str:
        return f"{self.name} ({self.type})"


def parse_ref(ref: str) -> tuple[str, str | None]:
    """`Tony Blair` or `Tony Blair (PERSON)` -> (name, type or None)."""
    found = _REF.match(ref.strip())
    if found and found["type"] in NAMED_LABELS:
        return found["name"], found["type"]
    return ref.strip(), None


def find_entity(db: sqlite3.Connection, ref: str) -> Entity:
    """The one entity `ref` names (exactly, else ignoring case), or EntityError."""
    name, type_ = parse_ref(ref)
    if not name:
        raise EntityError("an entity name is empty")
    for collate in ("", " COLLATE NOCASE"):
        sql = f"SELECT id, name, type FROM entities WHERE name = ?{collate}" + (" AND type = ?" if type_ else "")
        found = db.execute(sql + " ORDER BY id", (name, type_) if type_ else (name,)).fetchall()
        if len(found) == 1:
            return Entity(*found[0])
        if len(found) > 1:
            choices = ", ".join(f"'{n} ({t})'" for _, n, t in found)
            raise EntityError(f"'{name}' names {len(found)} entities: give one of {choices}")
    raise EntityError(f"no entity named '{ref.strip()}' (see `archive entities list`)")


def _name_of(db: sqlite3.Connection, ref: str) -> tuple[str, str | None, Entity | None]:
    """A name articles gave (to split it off, or merge it elsewhere): (name, type or None, the
    entity it stands for now when it names exactly one)."""
    name, type_ = parse_ref(ref)
    sql = "SELECT n.name, n.type, e.id, e.name, e.type FROM entity_names n JOIN entities e ON e.id = n.entity_id"
    rows = db.execute(sql + " WHERE n.name = ? ORDER BY n.mentions DESC", (name,)).fetchall()
    if not rows:
        rows = db.execute(sql + " WHERE n.name = ? COLLATE NOCASE ORDER BY n.mentions DESC", (name,)).fetchall()
    if type_:
        rows = [r for r in rows if base_key(r[0], r[1])[1] == type_ or r[1] == type_]
    if not rows:
        raise EntityError(f"no entity or name '{ref.strip()}' in the archive (see `archive entities list`)")
    entities = {r[2]: Entity(r[2], r[3], r[4]) for r in rows}
    return rows[0][0], type_, (next(iter(entities.values())) if len(entities) == 1 else None)


def _add(db: sqlite3.Connection, correction: Correction) -> None:
    """Store a correction; it replaces an earlier one of its kind for the same name and type, and a
    merge or rename that closes a loop (A into B, then B into A) drops the corrections it reverses."""
    kinds = (SPLIT,) if correction.action == SPLIT else (MERGE, RENAME)
    same_type = "type IS ?" if correction.type is not None else "type IS NULL"
    db.execute(
        f"DELETE FROM entity_corrections WHERE name = ? AND {same_type} AND action IN ({', '.join('?' * len(kinds))})",
        (correction.name, *([correction.type] if correction.type is not None else []), *kinds),
    )
    if correction.action != SPLIT:
        # The target's own corrections lead back to the source: the new decision reverses them.
        fixes = Corrections(load_corrections(db))
        key: Key | None = (correction.to_name, correction.to_type)
        path: list[Key] = []
        while key is not None and key not in path and key[0] != correction.name:
            path.append(key)
            key = fixes.step(key)
        if key is not None and key[0] == correction.name and correction.type in (None, key[1]):
            for name, type_ in path:
                db.execute(
                    "DELETE FROM entity_corrections WHERE action != 'split' AND name = ? AND (type IS ? OR type IS NULL)",
                    (name, type_),
                )
    db.execute(
        "INSERT INTO entity_corrections(action, name, type, to_name, to_type, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        (correction.action, correction.name, correction.type, correction.to_name, correction.to_type, now()),
    )


@dataclass
class Outcome:
    """What a correction did, for the command line."""

    message: str
    changes: Changes


def merge(db: sqlite3.Connection, source: str, into: str) -> Outcome:
    """`source` (an entity, or a name articles gave) is the same as the entity `into`, from now on."""
    target = find_entity(db, into)
    try:
        entity = find_entity(db, source)
        name, type_ = entity.name, entity.type
    except EntityError:
        name, type_, entity = _name_of(db, source)
    if entity is not None and entity.id == target.id:
        raise EntityError(f"{target.label} is already that entity")
    _add(db, Correction(MERGE, name, type_, target.name, target.type))
    changes = _settle(db)
    what = f"{name} ({type_})" if type_ else name
    return Outcome(f"merged {what} into {target.label}: {_moved(changes)}", changes)


def rename(db: sqlite3.Connection, ref: str, new_name: str) -> Outcome:
    """The entity `ref` is called `new_name` (an entity of that name and type already there: the two merge)."""
    new_name = " ".join(new_name.split())
    if not new_name:
        raise EntityError("the new name is empty")
    entity = find_entity(db, ref)
    if new_name == entity.name:
        raise EntityError(f"{entity.label} is already called that")
    existing = db.execute("SELECT 1 FROM entities WHERE name = ? AND type = ?", (new_name, entity.type)).fetchone()
    _add(db, Correction(RENAME, entity.name, entity.type, new_name, entity.type))
    changes = _settle(db)
    verb = "merged into the existing" if existing else "renamed to"
    return Outcome(f"{entity.label} {verb} {new_name} ({entity.type}): {_moved(changes)}", changes)


def split(db: sqlite3.Connection, ref: str) -> Outcome:
    """The name `ref` (as articles give it; `Name (TYPE)` for one type of it) stands for an entity of
    its own: out of the entity the archive or a merge put it in, and never linked again."""
    name, type_, before = _name_of(db, ref)
    _add(db, Correction(SPLIT, name, type_))
    same_type = "type IS ?" if type_ is not None else "1"
    db.execute(
        f"DELETE FROM entity_corrections WHERE action != 'split' AND name = ? AND {same_type}",
        (name, *([type_] if type_ is not None else [])),
    )
    changes = _settle(db)
    after = db.execute(
        "SELECT e.name, e.type FROM entity_names n JOIN entities e ON e.id = n.entity_id WHERE n.name = ?"
        + (" AND n.type = ?" if type_ else "")
        + " ORDER BY n.mentions DESC",
        (name, type_) if type_ else (name,),
    ).fetchone()
    what = f"{name} ({type_})" if type_ else name
    if before is not None and after is not None and (before.name, before.type) == tuple(after):
        if changes:
            return Outcome(f"{what} split off: {_moved(changes)}", changes)
        return Outcome(f"{what} stands for {before.label} and stays apart from other entities from now on", changes)
    now_label = f"{after[0]} ({after[1]})" if after else what
    was = f" from {before.label}" if before is not None else ""
    return Outcome(f"{what} split off{was} into {now_label}: {_moved(changes)}", changes)


def undo(db: sqlite3.Connection, correction_id: int) -> Outcome:
    """Withdraw a correction: the archive decides those names again."""
    row = db.execute("SELECT action, name, type FROM entity_corrections WHERE id = ?", (correction_id,)).fetchone()
    if row is None:
        raise EntityError(f"no correction {correction_id} (see `archive entities corrections`)")
    db.execute("DELETE FROM entity_corrections WHERE id = ?", (correction_id,))
    changes = _settle(db)
    what = f"{row[1]} ({row[2]})" if row[2] else row[1]
    return Outcome(f"withdrew the {row[0]} of {what}: {_moved(changes)}", changes)


def _settle(db: sqlite3.Connection) -> Changes:
    """After a correction: every name to its entity again, and the entities left empty dropped."""
    changes = consolidate(db)
    prune(db)
    return changes


def _moved(changes: Changes) -> str:
    return f"{changes.mentions} mentions and {changes.quotes} quotes moved"


# ----- reading ---------------------------------------------------------------------------------


def corrections(db: sqlite3.Connection) -> list[dict]:
    """The corrections people made, oldest first."""
    cur = db.execute("SELECT id, action, name, type, to_name, to_type, created_at FROM entity_corrections ORDER BY id")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur]


def listing(db: sqlite3.Connection, type_: str | None = None, limit: int = 50) -> list[Entity]:
    """Entities by number of mentions, with their quotes and the other names articles gave them."""
    rows = db.execute(
        "SELECT e.id, e.name, e.type, coalesce(sum(n.mentions), 0) AS mentions FROM entities e"
        " LEFT JOIN entity_names n ON n.entity_id = e.id WHERE (? IS NULL OR e.type = ?)"
        " GROUP BY e.id ORDER BY mentions DESC, e.name LIMIT ?",
        (type_, type_, limit),
    ).fetchall()
    found = [Entity(*row) for row in rows]
    for entity in found:
        entity.quotes = db.execute("SELECT count(*) FROM quotes WHERE speaker_id = ?", (entity.id,)).fetchone()[0]
        names = db.execute(
            "SELECT name, type FROM entity_names WHERE entity_id = ? AND NOT (name = ? AND type = ?)"
            " ORDER BY mentions DESC, name",
            (entity.id, entity.name, entity.type),
        )
        entity.names = list(dict.fromkeys(f"{n} ({t})" if n == entity.name else n for n, t in names))
    return found


@dataclass
class Suspect:
    """Entities that may be one, for a person to review."""

    entity: Entity
    others: list[Entity]
    reason: str


def suspects(db: sqlite3.Connection, limit: int = 100) -> list[Suspect]:
    """Likely duplicates the rules leave apart: a surname alone shared by people none of whom
    dominates, names written alike, one person's name with and without a middle name or with a
    shortened first name, a clipped form of a name named too rarely to link. Names people split
    off are left out: that was their decision."""
    fixes = Corrections(load_corrections(db))
    entities = {
        i: Entity(i, name, type_, mentions)
        for i, name, type_, mentions in db.execute(
            "SELECT e.id, e.name, e.type, coalesce(sum(n.mentions), 0) FROM entities e"
            " LEFT JOIN entity_names n ON n.entity_id = e.id GROUP BY e.id"
        )
    }
    kept = [e for e in entities.values() if not fixes.split((e.name, e.type))]
    found: list[Suspect] = []
    people: defaultdict[str, list[Entity]] = defaultdict(list)
    for e in kept:
        if e.type == "PERSON" and " " in e.name:
            for last in surnames(e.name):
                people[last].append(e)
    for e in kept:
        if e.type == "PERSON" and " " not in e.name and people.get(name_key(e.name)):
            others = sorted(people[name_key(e.name)], key=lambda o: -o.mentions)
            found.append(
                Suspect(e, others, f"a surname alone, shared by {len(others)} named no {DOMINANCE} times as often")
            )
    written: defaultdict[str, list[Entity]] = defaultdict(list)
    for e in kept:
        written[name_key(e.name)].append(e)
    for group in written.values():
        if len(group) > 1:  # types split apart by a person, or told apart by another correction
            group.sort(key=lambda o: -o.mentions)
            found.append(Suspect(group[-1], group[:-1], "written alike"))
    pairs = {(a.id, b.id): (a, b) for group in people.values() for a in group for b in group}
    for a, b in pairs.values():  # the one named less into the other (the shorter name on a tie)
        if (a.mentions, len(a.name)) < (b.mentions, len(b.name)) and _same_person(a.name, b.name):
            found.append(Suspect(a, [b], "one person's name, written longer or shorter"))
    by_shape: defaultdict[tuple, list[Entity]] = defaultdict(list)
    for e in kept:
        by_shape[clipped_shape(e.name)].append(e)
    for group in by_shape.values():
        for a in group:
            for b in group:
                if a.id != b.id and clipped(a.name, b.name) and not _same_person(a.name, b.name):
                    found.append(Suspect(a, [b], "a clipped form of the other"))
    found.sort(key=lambda s: -(s.entity.mentions + sum(o.mentions for o in s.others)))
    return found[:limit]


def _same_person(a: str, b: str) -> bool:
    """`George Bush` / `George W Bush`, `Ken Clarke` / `Kenneth Clarke`: the same surname, and first
    names one the start of the other."""
    x, y = name_key(a).split(), name_key(b).split()
    if x == y or x[-1] != y[-1] or len(x) < 2 or len(y) < 2:
        return False
    return x[0].startswith(y[0]) or y[0].startswith(x[0])
