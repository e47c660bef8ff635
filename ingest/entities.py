"""Entity resolution as a spaCy component: one canonical name and label per real entity.

spaCy's NER labels each mention on its own; an article talks about one Keir Starmer. This
component groups the mentions of an article (surnames and short forms into the full name,
country aliases, acronyms, plural party names), votes a label per group and repairs the small
model's known slips (`Starmer` as ORG, `Labour` as PERSON, `English Channel` as FAC or split).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from ingest.models import EntityRecord

# Labels kept as entities; numbers, dates and amounts are not entities of the archive.
NAMED_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"}
GEO_HEADS = {
    "channel", "sea", "ocean", "river", "strait", "straits", "gulf", "bay", "lake", "mountains",
    "mountain", "island", "islands", "peninsula", "valley", "desert", "coast", "basin", "sound",
}
TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "president", "prime", "minister",
    "chancellor", "secretary", "senator", "sen", "rep", "representative", "governor", "gov", "mayor",
    "judge", "justice", "general", "gen", "colonel", "col", "captain", "capt", "king", "queen",
    "prince", "princess", "pope", "rev", "reverend", "professor", "prof", "chairman", "chief",
    "officer", "commissioner", "ambassador", "foreign", "home", "deputy", "vice", "leader",
    "speaker", "councillor", "inspector", "detective", "sergeant", "superintendent", "coach",
    "manager", "director", "spokesman", "spokeswoman", "spokesperson", "premier", "emperor",
    "crown", "cde", "comrade", "broadcaster", "actor", "actress", "singer", "businessman",
    "businesswoman", "journalist", "reporter", "author", "writer", "rapper", "comedian", "activist",
}
# A one-word "person" after these prepositions is a place (`in Katwa`) or a platform (`on Twitter`).
PLACE_PREPOSITIONS = {"in", "near", "outside"}
PLATFORM_PREPOSITIONS = {"on", "via"}
PLATFORMS = {"twitter", "facebook", "youtube", "instagram", "tiktok", "reddit", "whatsapp", "telegram",
             "linkedin", "snapchat", "weibo", "wechat"}
# Last words that make a name an organisation, never a person.
ORG_HEADS = {
    "hospital", "university", "college", "school", "bulletin", "news", "times", "post", "journal",
    "tribune", "herald", "gazette", "party", "council", "agency", "ministry", "institute", "foundation",
    "association", "union", "group", "bank", "company", "inc", "ltd", "corp", "corporation", "reporter",
    "marine", "tracker", "connector", "zoo", "museum", "club", "league", "commission", "committee",
    "department", "office", "service", "services", "forum", "network", "biotherapeutics", "pharmaceuticals",
    "airlines", "airways", "police", "army", "navy", "court", "parliament", "assembly", "society",
}
# Forms of one place that news writes in several ways, with the canonical name first.
ALIASES = [
    ("United Kingdom", ["uk", "britain", "great britain", "united kingdom", "u k"]),
    ("United States", ["us", "usa", "u s", "u s a", "united states", "america", "united states of america"]),
    ("European Union", ["eu", "european union", "e u"]),
    ("United Nations", ["un", "u n", "united nations"]),
    ("Soviet Union", ["ussr", "soviet union"]),
]
_ALIAS_OF = {form: canon for canon, forms in ALIASES for form in forms}
_LEAD = re.compile(r"^(?:the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_EDGE_PUNCT = " \t\n.,;:!?\"“”‘’'()[]{}«»—–-"


def _key(name: str) -> str:
    """Comparable form of a name: case, dots and punctuation folded."""
    return " ".join(re.findall(r"\w+", name.lower().replace(".", " ").replace("’", "'")))


def clean_mention(span: Span) -> tuple[int, int, str] | None:
    """Character offsets and text of a mention without `the`, possessive `'s` and edge punctuation."""
    text, start = span.text, span.start_char
    lead = _LEAD.match(text)
    if lead and span.label_ != "WORK_OF_ART":
        text, start = text[lead.end():], start + lead.end()
    text = _POSSESSIVE.sub("", text)
    stripped = text.lstrip(_EDGE_PUNCT)
    start += len(text) - len(stripped)
    text = stripped.rstrip(_EDGE_PUNCT if span.label_ != "ORG" else _EDGE_PUNCT.replace(".", ""))
    if not text or not re.search(r"\w", text):
        return None
    return start, start + len(text), text


def strip_title(name: str) -> str:
    """`Prime Minister Keir Starmer` -> `Keir Starmer`: leading titles are not part of a name."""
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in TITLES:
        words = words[1:]
    return " ".join(words)


@dataclass
class Mention:
    start: int
    end: int
    text: str
    label: str
    token_start: int
    token_end: int
    group: int = -1


@dataclass
class Group:
    names: Counter = field(default_factory=Counter)
    labels: Counter = field(default_factory=Counter)
    mentions: list[Mention] = field(default_factory=list)


def _repair_spans(doc: Doc) -> list[Span]:
    """Merge NER spans the small model splits (`English` + `Channel`) and relabel geography."""
    ents = [e for e in doc.ents if e.label_ in NAMED_LABELS]
    out: list[Span] = []
    for ent in ents:
        if out and out[-1].label_ == "NORP" and out[-1].end == ent.start and ent.label_ in {"LOC", "FAC", "ORG", "GPE"}:
            ent = Span(doc, out[-1].start, ent.end, label=ent.label_)
            out.pop()
        last = ent[-1].lower_
        if ent.label_ in {"FAC", "ORG", "GPE"} and last in GEO_HEADS and len(ent) > 1:
            ent = Span(doc, ent.start, ent.end, label="LOC")
        out.append(ent)
    return out


def _trim_tail(text: str) -> str:
    """`World Health Organization (WHO` -> `World Health Organization`; `Caboolture 43–5` -> `Caboolture`."""
    text = re.sub(r"\s*\([^)]*$", "", text)
    return re.sub(r"(?:\s+[\d–—-]+)+$", "", text) or text


def _label(ent: Span) -> str:
    """The NER label, repaired where the small model reads places, platforms and organisations as
    people: `in Katwa`, `on Twitter`, `Ridgeback Biotherapeutics`, `John Radcliffe Hospital`."""
    if ent.label_ != "PERSON":
        return ent.label_
    if ent[-1].lower_ in ORG_HEADS or ent.text.lower() in PLATFORMS:
        return "ORG"
    if len(ent) == 1 and ent[0].tag_ == "NNPS":
        return "NORP"  # `Londoners`: a plural name is a group of people, not a person
    if ent.start == 0:
        return ent.label_
    before = ent.doc[ent.start - 1].lower_
    follows_possessive = ent.end < len(ent.doc) and ent.doc[ent.end].tag_ == "POS"
    if before in PLACE_PREPOSITIONS and not follows_possessive:
        return "GPE"
    if before in PLATFORM_PREPOSITIONS and not follows_possessive and len(ent) == 1:
        return "ORG"
    return ent.label_


def _mentions(doc: Doc) -> list[Mention]:
    """Cleaned mentions of the article's named entities, with titles and trailing junk removed."""
    mentions = []
    for ent in _repair_spans(doc):
        cleaned = clean_mention(ent)
        if cleaned is None:
            continue
        start, _, text = cleaned
        label = _label(ent)
        text = _trim_tail(text)
        if label == "PERSON" and text.lower().rstrip(".") in TITLES:
            continue  # a title on its own (`Cde`, `President`) names nobody
        if label == "PERSON":
            bare = strip_title(text)
            start += len(text) - len(bare)
            text = bare
        mentions.append(Mention(start, start + len(text), text, label, ent.start, ent.end))
    return mentions


def _acronym(name: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in {"of", "the", "and", "for", "de", "la"}]
    return "".join(w[0] for w in words).lower()


def resolve(doc: Doc) -> tuple[list[EntityRecord], list[Mention]]:
    """Group the article's mentions into entities, each with a canonical name and one label."""
    mentions = _mentions(doc)
    groups: list[Group] = []
    by_key: dict[str, int] = {}

    def group_for(key: str) -> int:
        if key not in by_key:
            by_key[key] = len(groups)
            groups.append(Group())
        return by_key[key]

    for m in mentions:
        key = _key(m.text)
        key = _key(_ALIAS_OF.get(key, key))
        m.group = group_for(key)

    # Plural and singular of one name (`Conservative` / `Conservatives`) are one group.
    for key in list(by_key):
        if key.endswith("s") and key[:-1] in by_key and by_key[key] != by_key[key[:-1]]:
            _merge(by_key, key[:-1], key)

    for m in mentions:
        m.group = by_key[_key(_ALIAS_OF.get(_key(m.text), _key(m.text)))]
        groups[m.group].names[m.text] += 1
        groups[m.group].labels[m.label] += 1
        groups[m.group].mentions.append(m)

    # Short forms: a surname or first name of a multi-word person, an acronym of a long name.
    persons = defaultdict(set)
    acronyms = defaultdict(set)
    for gi, g in enumerate(groups):
        if not g.mentions:
            continue
        longest = max(g.names, key=lambda n: (len(n.split()), g.names[n]))
        words = _key(longest).split()
        if len(words) >= 2 and g.labels["PERSON"] > 0:
            persons[words[-1]].add(gi)
            persons[words[0]].add(gi)
        if len(words) >= 2 and g.labels.keys() & {"ORG", "GPE", "LOC", "FAC"}:
            acronyms[_acronym(longest)].add(gi)
    target = list(range(len(groups)))
    for gi, g in enumerate(groups):
        if not g.mentions:
            continue
        words = _key(max(g.names, key=len)).split()
        if len(words) == 1:
            candidates = persons.get(words[0], set()) - {gi}
            if len(candidates) == 1 or candidates and _dominant(groups, candidates) is not None:
                target[gi] = _dominant(groups, candidates) if len(candidates) > 1 else candidates.pop()
                continue
            candidates = acronyms.get(words[0], set()) - {gi}
            if len(candidates) == 1 and max(g.names, key=len).isupper():
                target[gi] = candidates.pop()
                continue
        # `Channel` after `English Channel`: a bare head word of a longer non-person name.
        if len(words) == 1 and not g.labels["PERSON"]:
            heads = {hi for hi, h in enumerate(groups) if hi != gi and h.mentions and len(_key(max(h.names, key=len)).split()) > 1
                     and _key(max(h.names, key=len)).split()[-1] == words[0] and not h.labels["PERSON"]}
            if len(heads) == 1:
                target[gi] = heads.pop()
    for gi, g in enumerate(groups):
        root = target[gi]
        while target[root] != root:
            root = target[root]
        if root != gi:
            for m in g.mentions:
                m.group = root
            groups[root].mentions.extend(g.mentions)
            groups[root].names.update(g.names)
            # A short form's label counts for less than the full name's (`Starmer` as ORG,
            # `Channel` as ORG after `English Channel`): the full name's vote decides.
            if not groups[root].labels:
                groups[root].labels.update(g.labels)
            g.mentions, g.names, g.labels = [], Counter(), Counter()

    records: list[EntityRecord] = []
    index_of: dict[int, int] = {}
    for gi, g in enumerate(groups):
        if not g.mentions:
            continue
        label = _vote(g)
        name = _canonical(g, label)
        index_of[gi] = len(records)
        records.append(EntityRecord(name=name, type=label))
    for m in mentions:
        m.group = index_of[m.group]
    return records, mentions


def _dominant(groups: list[Group], candidates: set[int]) -> int | None:
    """Of several people sharing a surname, the one the article names at least three times as
    often as all the others together (`Robert Mugabe` over `Grace Mugabe`), else none."""
    ranked = sorted(candidates, key=lambda gi: len(groups[gi].mentions), reverse=True)
    rest = sum(len(groups[gi].mentions) for gi in ranked[1:])
    return ranked[0] if len(groups[ranked[0]].mentions) >= 3 * rest else None


def _merge(by_key: dict[str, int], keep: str, other: str) -> None:
    old = by_key[other]
    for k, v in by_key.items():
        if v == old:
            by_key[k] = by_key[keep]


def _vote(g: Group) -> str:
    """Majority label; a lone one-word PERSON that is never a full name loses ties (`Labour`)."""
    ranked = g.labels.most_common()
    best, count = ranked[0]
    tied = [label for label, c in ranked if c == count]
    if len(tied) > 1:
        single_word = all(len(n.split()) == 1 for n in g.names)
        order = ["ORG", "GPE", "PERSON", "NORP", "LOC", "FAC"] if single_word else ["PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"]
        tied.sort(key=lambda label: order.index(label) if label in order else len(order))
        best = tied[0]
    return best


def _canonical(g: Group, label: str) -> str:
    """The fullest name the article gives; the canonical form for known aliases."""
    for name in g.names:
        canon = _ALIAS_OF.get(_key(name))
        if canon:
            return canon
    return max(g.names, key=lambda n: (len(n.split()), g.names[n], len(n)))


if not Doc.has_extension("entities"):
    Doc.set_extension("entities", default=None)
    Doc.set_extension("mentions", default=None)


@Language.component("archive_entities")
def entities_component(doc: Doc) -> Doc:
    """Set `doc._.entities` (EntityRecord list) and `doc._.mentions` (Mention list)."""
    doc._.entities, doc._.mentions = resolve(doc)
    return doc
