"""Entity resolution as a spaCy component: one canonical name and label per real entity.

spaCy's NER labels each mention on its own; an article talks about one Keir Starmer. This
component groups the mentions of an article (surnames and short forms into the full name,
country aliases, acronyms, plural party names), votes a label per group and repairs the small
model's known slips (`Starmer` as ORG, `Labour` as PERSON, `English Channel` as FAC or split).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

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
    "attorney", "prosecutor", "sheriff", "lieutenant", "admiral", "bishop", "archbishop", "cardinal", "rabbi",
    "sheikh", "constable", "editor", "mp", "mep", "msp", "mla",
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
    "fund", "organization", "organisation", "authority", "administration", "federation", "alliance",
    "center", "centre", "caucus", "senate", "legislature", "congress", "cabinet", "government",
}
# Last words of buildings and structures (FAC), which the small model often calls ORG or GPE.
FAC_HEADS = {"bridge", "airport", "mall", "station", "stadium", "tower", "square", "street", "road", "port",
             "base", "pipeline", "building", "palace", "cathedral", "mosque", "church", "terminal", "arena", "hall"}
# Nouns that introduce the name of a news outlet or platform: `Greek daily Kathimerini`, `message board 8chan`.
MEDIA_NOUNS = {"newspaper", "daily", "weekly", "tabloid", "magazine", "agency", "website", "site", "outlet", "board",
               "platform", "forum", "broadsheet"}
# Nouns that introduce the title of a work: `the film Black Panther`, `the romantic comedy Pillow Talk`.
WORK_NOUNS = {"film", "movie", "comedy", "drama", "musical", "documentary", "series", "sitcom", "album", "song",
              "single", "book", "novel", "memoir", "play", "opera", "programme", "program", "show", "thriller"}
# Last words of events, which the small model often calls ORG: `MTV Video Music Awards`, `World Cup`.
EVENT_HEADS = {"awards", "olympics", "games", "championships", "championship", "festival", "summit", "war", "cup",
               "marathon", "expo"}
# Ships are products: `MV Namse Bangdzod`, `the cargo ship Ever Given`.
SHIP_PREFIXES = {"MV", "MT", "MS", "HMS", "USS", "RMS", "HMAS", "HMCS"}
VESSEL_NOUNS = {"ship", "vessel", "ferry", "tanker", "freighter", "carrier", "submarine", "yacht", "trawler", "liner"}
COMPASS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western"}
# Common nouns that introduce a place name: `the island Crete`, `the town of Allen`.
PLACE_NOUNS = {"island", "city", "town", "village", "province", "state", "region", "county", "capital",
               "district", "suburb", "municipality", "prefecture"}
# Words before a place name in a list or a location phrase.
LIST_WORDS = {",", "and", "or"}
LOCATION_WORDS = {"in", "at", "from", "of", "near", "between", "outside", "to", "toward", "towards", "and"}
# Portfolios in titles (`Secretary of State`, `Minister of Defence`): part of the title, not a name.
PORTFOLIOS = {"state", "defence", "defense", "justice", "finance", "health", "education", "interior", "agriculture",
              "energy", "labour", "labor", "transport", "commerce", "treasury", "culture", "environment", "trade"}
TIME_ZONES = {"utc", "gmt", "bst", "est", "edt", "cst", "cdt", "pst", "pdt", "cet", "cest", "eet", "ist", "jst", "aest"}
# Name suffixes that are not surnames: `Robert Downey Jr.` is `Downey`.
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
# Nouns a person's name modifies after `the`: `the Obama administration`, `the Kennedy family`.
PERSON_NOUNS = {"administration", "campaign", "presidency", "family", "government", "era", "camp", "team", "cabinet",
                "regime", "years", "clan", "dynasty", "household", "estate", "children", "brothers", "sisters"}
# A label for names that are used as modifiers of things (`the Poseidon line`): no core type.
MISC = "MISC"
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


@lru_cache(maxsize=65536)
def _key(name: str) -> str:
    """Comparable form of a name: case, accents (`Erdoğan` / `Erdogan`), dots and punctuation folded."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", name.lower()) if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", folded.replace(".", " ").replace("’", "'")))


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
    birth: set[str] = field(default_factory=set)  # birth names: other names, never the canonical one


def _repair_spans(doc: Doc) -> list[Span]:
    """Merge NER spans the small model splits (`English` + `Channel`), split glued place lists
    (`Crete and Cyprus`) and relabel geography."""
    ents = [e for e in doc.ents if e.label_ in NAMED_LABELS]
    places = {_key(e.text) for e in ents if e.label_ in {"GPE", "LOC"}}
    countries = {_key(e.text) for e in ents if e.label_ == "GPE"}
    out: list[Span] = []
    for ent in ents:
        if out and out[-1].label_ == "NORP" and out[-1].end == ent.start and ent.label_ in {"LOC", "FAC", "ORG", "GPE"}:
            ent = Span(doc, out[-1].start, ent.end, label=ent.label_)
            out.pop()
        elif out and out[-1].label_ == ent.label_ == "ORG" and _joins_one_name(doc[out[-1].end:ent.start]):
            ent = Span(doc, out[-1].start, ent.end, label="ORG")
            out.pop()
        ent = _extend_given_name(ent)
        defined = _defined_by_acronym(ent)
        if defined is not None:
            while out and out[-1].end > defined.start:
                out.pop()
            out.append(defined)
        if ent.label_ == "ORG":
            ent = _extend_of_phrase(ent)
            head, person = _split_org_and_person(ent)
            if person is not None:
                out.append(head)
                ent = person
        last = ent[-1].lower_
        if ent.label_ in {"FAC", "ORG", "GPE"} and last in GEO_HEADS and len(ent) > 1:
            ent = Span(doc, ent.start, ent.end, label="LOC")
        elif ent.label_ != "GPE" and len(ent) > 1 and ent[0].lower_ in COMPASS and _key(ent[1:].text) in countries:
            ent = Span(doc, ent.start, ent.end, label="GPE")  # `Northern Cyprus` where `Cyprus` is a GPE
        out.extend(_split_place_list(ent, places))
    return out


def _defined_by_acronym(ent: Span) -> Span | None:
    """`the British American Drama Academy (BADA)`: the capitalised words whose initials spell the
    acronym in brackets after them are one name, whatever pieces the model made of them."""
    doc, letters = ent.doc, ent.text
    if len(ent) != 1 or not letters.isalpha() or not letters.isupper() or len(letters) < 2 or ent.start < 2 \
            or doc[ent.start - 1].text != "(":
        return None
    k, initials = ent.start - 1, ""
    while k > 0 and len(initials) < len(letters):
        k -= 1
        word = doc[k]
        if word.lower_ in {"of", "and", "for", "the", "de", "&"} and initials:
            continue
        if not word.is_title and not word.is_upper:
            return None
        initials = word.text[0] + initials
    if initials.upper() != letters or k == ent.start - 2:
        return None
    return Span(doc, k, ent.start - 1, label=ent.label_)


def _extend_of_phrase(ent: Span) -> Span:
    """`Progressive Party` + `of Working People`, `National Institute of Allergy` + `and Infectious
    Diseases`: the end of an organisation's name that the model cut off."""
    doc, end = ent.doc, ent.end
    if end + 1 >= len(doc) or doc[end + 1].is_sent_start:
        return ent
    if doc[end].lower_ == "of" and ent[-1].lower_ in ORG_HEADS or \
            doc[end].lower_ in {"and", "&"} and any(t.lower_ == "of" for t in ent[1:]):
        k = end + 1
        while k < len(doc) and not doc[k].is_sent_start and doc[k].is_title and doc[k].lower_ not in TITLES \
                and not doc[k].ent_type_:
            k += 1
        if k > end + 1:
            return Span(doc, ent.start, k, label="ORG")
    return ent


def _extend_given_name(ent: Span) -> Span:
    """`Mayor of London Sadiq` + `Khan`: a capitalised word the model left out before a surname."""
    doc = ent.doc
    if ent.label_ != "PERSON" or len(ent) != 1 or ent.start == 0:
        return ent
    prev = doc[ent.start - 1]
    if prev.is_title and prev.pos_ == "PROPN" and not prev.ent_type_ and not prev.is_sent_start \
            and prev.lower_ not in TITLES:
        return Span(doc, ent.start - 1, ent.end, label="PERSON")
    return ent


def _split_org_and_person(ent: Span) -> tuple[Span, Span | None]:
    """`Amnesty International Man-kei Tam` -> the organisation and the person after it."""
    start = ent.start + (ent[0].lower_ == "the")
    for j in range(start + 2, ent.end - 1):
        if ent.doc[j - 1].lower_ in ORG_HEADS | {"international"} and _person_name(ent.doc[j:ent.end].text):
            return Span(ent.doc, ent.start, j, label="ORG"), Span(ent.doc, j, ent.end, label="PERSON")
    return ent, None


def _joins_one_name(gap: Span) -> bool:
    """The words between two ORG pieces of one long name: `United Nations Educational` + `, Scientific
    and` + `Cultural Organization`."""
    words = {t.lower_ for t in gap}
    return 1 <= len(gap) <= 4 and bool(words & {",", "and", "&"}) and any(t.is_title for t in gap) \
        and all(t.is_title or t.lower_ in {",", "and", "&", "of", "the", "for"} for t in gap) \
        and not any(t.is_sent_start for t in gap)


def _split_place_list(ent: Span, places: set[str]) -> list[Span]:
    """`Crete and Cyprus` as one ORG -> two places, when one side is a place elsewhere in the article."""
    conj = [t.i for t in ent if t.lower_ == "and"]
    if len(conj) != 1 or ent.label_ not in {"ORG", "GPE", "LOC", "PERSON"}:
        return [ent]
    left, right = ent.doc[ent.start:conj[0]], ent.doc[conj[0] + 1:ent.end]
    if not len(left) or not len(right) or not all(t.is_title for t in (*left, *right)):
        return [ent]
    if _key(left.text) not in places and _key(right.text) not in places:
        return [ent]
    return [Span(ent.doc, left.start, left.end, label="GPE"), Span(ent.doc, right.start, right.end, label="GPE")]


def _trim_tail(text: str) -> str:
    """`World Health Organization (WHO` -> `World Health Organization`; `Caboolture 43–5` -> `Caboolture`."""
    text = re.sub(r"\s*\([^)]*$", "", text)
    return re.sub(r"(?:\s+[\d–—-]+)+$", "", text) or text


def _person_name(text: str) -> bool:
    """Two or three capitalised words with no organisation, place or building word: `Morgan Ortagus`."""
    words = text.split()
    heads = ORG_HEADS | GEO_HEADS | FAC_HEADS
    return 2 <= len(words) <= 3 and _key(text) not in _ALIAS_OF and all(
        re.fullmatch(r"[A-Z][a-z]+(?:[-'’][A-Za-z]+)*", w) and w.lower() not in heads for w in words)


def _label(ent: Span) -> str:
    """The NER label, repaired from the span's own words and the words around it: places, platforms
    and organisations read as people (`in Katwa`, `on Twitter`, `John Radcliffe Hospital`), buildings
    (`London Bridge`), names after a place noun (`the island Crete`) or a title (`spokesperson, Morgan
    Ortagus`), and one-word names used with `the` (`the Oscar`, `the Poseidon line`)."""
    doc, label = ent.doc, ent.label_
    before = doc[ent.start - 1].lower_ if ent.start else ""
    if before == "," and ent.start > 1:
        before_comma = doc[ent.start - 2].lower_
    else:
        before_comma = before
    two_before = doc[ent.start - 2].lower_ if ent.start > 1 else ""
    follows_possessive = ent.end < len(doc) and doc[ent.end].tag_ == "POS"
    if label in {"ORG", "GPE", "PERSON", "LOC"} and ent[-1].lower_ in FAC_HEADS:
        return "FAC"
    if label in {"ORG", "PERSON"} and len(ent) > 1 and ent[-1].lower_ in EVENT_HEADS:
        return "EVENT"
    if label != "ORG" and doc[ent.start - 1].is_lower and before in MEDIA_NOUNS:
        return "ORG"
    if doc[ent.start - 1].is_lower and before in WORK_NOUNS:
        return "WORK_OF_ART"
    if len(ent) > 1 and ent[0].text in SHIP_PREFIXES or doc[ent.start - 1].is_lower and before in VESSEL_NOUNS:
        return "PRODUCT"
    place_noun = ent.start > 0 and doc[ent.start - 1].is_lower and before in PLACE_NOUNS or \
        before == "of" and doc[ent.start - 2].is_lower and two_before in PLACE_NOUNS
    if label not in {"GPE", "LOC"} and place_noun and all(t.is_title for t in ent) and ent[-1].lower_ not in ORG_HEADS:
        return "GPE"
    if before == "ethnic":
        return "NORP"
    if label == "ORG" and before_comma in TITLES and _person_name(ent.text):
        return "PERSON"
    if label not in {"PERSON", "PRODUCT"}:
        return label
    if ent[-1].lower_ in ORG_HEADS or ent.text.lower() in PLATFORMS:
        return "ORG"
    if len(ent) == 1 and ent[0].tag_ == "NNPS":
        return "NORP"  # `Londoners`: a plural name is a group of people, not a person
    if not before:
        return label
    if before in PLACE_PREPOSITIONS and not follows_possessive and not _continues_name(doc, ent.end):
        return "GPE"
    if label == "PRODUCT":
        return label
    if before in PLATFORM_PREPOSITIONS and not follows_possessive and len(ent) == 1:
        return "ORG"
    if before == "the" and len(ent) == 1 and not follows_possessive and (ent.end == len(doc) or doc[ent.end].lower_ not in PERSON_NOUNS):
        return MISC  # `the Oscar`, `the Brexit vote`: people's names take no article (but `the Obama administration`)
    return label


def _continues_name(doc: Doc, end: int) -> bool:
    """`Family` + `and Medical Leave Act`: the model's span is the start of a longer name."""
    return end + 2 < len(doc) and doc[end].lower_ in {"and", "of", "&"} and doc[end + 1].is_title and doc[end + 2].is_title


def _is_fragment(ent: Span, text: str) -> bool:
    """Pieces that name nothing: lowercase words (`maisha`, `trans-Anatolian`), time zones (`UTC`),
    and the last word of a title (`State` in `Secretary of State`)."""
    first = text.split()[0]
    if not re.search(r"[A-Z0-9]", text) or first[0].islower() and "-" in first or re.search(r"[=<>{}|#@\\]", text):
        return True
    if text.lower() in TIME_ZONES:
        return True
    doc = ent.doc
    return ent[0].lower_ in PORTFOLIOS and len(ent) == 1 and ent.start > 1 and doc[ent.start - 1].lower_ == "of" \
        and doc[ent.start - 2].lower_ in TITLES


def _relabel_in_context(mentions: list[Mention], doc: Doc) -> None:
    """Places by their neighbours: `and Katwa` after a list of towns, `Ciudad Juárez, Mexico`."""
    for i, m in enumerate(mentions):
        if m.label not in {"PERSON", "ORG", "PRODUCT", "FAC"} or m.text.isupper():
            continue
        before = doc[m.token_start - 1].lower_ if m.token_start else ""
        prev = mentions[i - 1] if i else None
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        gap_before = doc[prev.token_end:m.token_start] if prev else None
        gap_after = doc[m.token_end:nxt.token_start] if nxt else None
        listed_after_place = prev is not None and prev.label == "GPE" and 0 < len(gap_before) <= 2 \
            and all(t.lower_ in LIST_WORDS for t in gap_before) and len(m.text.split()) == 1 \
            and any(t.lower_ in {"and", "or"} for t in gap_before)
        in_place = nxt is not None and nxt.label == "GPE" and [t.text for t in gap_after] == [","] \
            and before in LOCATION_WORDS
        if listed_after_place or in_place:
            m.label = "GPE"


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
        prefix = re.match(r"[a-z]+-\S+\s+(?=\S)", text)
        if prefix:  # `pro-Clinton Priorities USA Action`: an adjective before the name
            start, text = start + prefix.end(), text[prefix.end():]
        if _is_fragment(ent, text):
            continue
        if label == "PERSON" and text.lower().rstrip(".") in TITLES:
            continue  # a title on its own (`Cde`, `President`) names nobody
        if label == "PERSON":
            bare = strip_title(text)
            start += len(text) - len(bare)
            text = bare
        mentions.append(Mention(start, start + len(text), text, label, ent.start, ent.end))
    _relabel_in_context(mentions, doc)
    common = {_key(m.text) for m in mentions if _abbreviates_common_words(doc, m)}
    return [m for m in mentions if _key(m.text) not in common]


def _abbreviates_common_words(doc: Doc, m: Mention) -> bool:
    """`liquid natural gas (LNG)`, `Ebola virus disease (EVD)`: an abbreviation of common words, no name."""
    if not m.text.isalpha() or not m.text.isupper() or m.token_start < 2 or doc[m.token_start - 1].text != "(":
        return False
    words = [t.text for t in doc[max(0, m.token_start - 1 - len(m.text)):m.token_start - 1]]
    return len(words) == len(m.text) and "".join(w[0] for w in words).upper() == m.text \
        and any(w[0].islower() for w in words)


def _acronym(name: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in {"of", "the", "and", "for", "de", "la"}]
    return "".join(w[0] for w in words).lower()


def resolve(doc: Doc) -> tuple[list[EntityRecord], list[Mention]]:
    """Group the article's mentions into entities, each with a canonical name and one label."""
    mentions = _mentions(doc)
    groups = _group_by_name(mentions)
    text = doc.text
    target = _short_form_targets(groups, _places_in_regions(text, mentions))
    _link_birth_names(doc, mentions, groups, target)
    _link_bracketed_acronyms(text, mentions, target)
    for gi, g in enumerate(groups):
        root = _root(target, gi)
        if root != gi:
            _absorb(groups[root], g)
            for m in g.mentions:
                m.group = root
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


def _group_by_name(mentions: list[Mention]) -> list[Group]:
    """One group per name form, with aliases, plurals (`Conservatives`) and a person's name with and
    without middle names (`Robert Gabriel Mugabe` / `Robert Mugabe`) together."""
    groups: list[Group] = []
    by_key: dict[str, int] = {}
    keys = [_key(_ALIAS_OF.get(_key(m.text), _key(_ship_name(m.text)))) for m in mentions]
    for key in keys:
        if key not in by_key:
            by_key[key] = len(groups)
            groups.append(Group())
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
        m.group = by_key[key]
        groups[m.group].names[m.text] += 1
        groups[m.group].labels[m.label] += 1
        groups[m.group].mentions.append(m)
    return groups


def _places_in_regions(text: str, mentions: list[Mention]) -> set[int]:
    """Groups written as `Allen, Texas`: places, never a short form of a person."""
    return {a.group for a, b in zip(mentions, mentions[1:])
            if a.label == b.label == "GPE" and text[a.end:b.start].strip() == ","}


def _merge_organisation_variants(keys: list[str], mentions: list[Mention], by_key: dict[str, int]) -> None:
    """`United States Department of State` / `State Department`: one organisation, written with and
    without a country the article names, `Department of X` or `X Department`."""
    places = {k for k, m in zip(keys, mentions) if m.label in {"GPE", "NORP"}}
    prefixes = places | set(_ALIAS_OF)
    by_core: dict[str, str] = {}
    for key in sorted({k for k, m in zip(keys, mentions) if m.label == "ORG"}, key=len):
        words = key.split()
        for prefix in sorted(prefixes, key=len, reverse=True):
            if key.startswith(prefix + " ") and len(words) - len(prefix.split()) >= 2:
                words = words[len(prefix.split()):]
                break
        if len(words) >= 3 and words[0] in {"department", "ministry", "office"} and words[1] == "of":
            words = [w for w in words[2:] if w != "the"] + [words[0]]
        core = " ".join(words)
        if len(words) < 2:
            continue
        if core in by_core and by_key[by_core[core]] != by_key[key]:
            _merge(by_key, key, by_core[core])
        by_core.setdefault(core, key)


def _short_form_targets(groups: list[Group], places: set[int]) -> list[int]:
    """For each group, the group it is a short form of (itself if none): a surname or first name of
    a person, an acronym of a long name, a bare head word (`Channel` after `English Channel`)."""
    persons: defaultdict[str, set[int]] = defaultdict(set)
    acronyms: defaultdict[str, set[int]] = defaultdict(set)
    for gi, g in enumerate(groups):
        if not g.mentions:
            continue
        longest = max(g.names, key=lambda n: (len(n.split()), g.names[n]))
        words = _key(longest).split()
        while len(words) > 2 and words[-1] in SUFFIXES:
            words = words[:-1]
        if len(words) >= 2 and g.labels["PERSON"] > 0:
            persons[words[-1]].add(gi)
            persons[words[0]].add(gi)
        elif len(words) >= 2 and _person_name(longest):
            persons[words[-1]].add(gi)  # `Morgan Tsvangirai` tagged ORG, `Tsvangirai` as PERSON
        if len(words) >= 2 and g.labels.keys() & {"ORG", "GPE", "LOC", "FAC"}:
            acronyms[_acronym(longest)].add(gi)
    target = list(range(len(groups)))
    for gi, g in enumerate(groups):
        if not g.mentions:
            continue
        words = _key(max(g.names, key=len)).split()
        if len(words) != 1:
            continue
        place = g.labels.keys() <= {"GPE", "LOC", "NORP"}
        candidates = {c for c in persons.get(words[0], set()) - {gi} if groups[c].labels["PERSON"] or not place}
        if gi in places:
            candidates = set()
        chosen = candidates.pop() if len(candidates) == 1 else _dominant(groups, candidates, g)
        if chosen is not None:
            target[gi] = chosen
            continue
        firsts = {c for c in _persons_by_first(groups, words[0]) if c != gi} if g.labels.keys() == {"PERSON"} else set()
        if len(firsts) == 1:
            target[gi] = firsts.pop()  # `Chad` for `Chadwick Boseman`
            continue
        candidates = acronyms.get(words[0], set()) - {gi}
        if len(candidates) == 1 and max(g.names, key=len).isupper():
            target[gi] = candidates.pop()
            continue
        if g.labels["PERSON"] or g.labels.keys() & {"GPE", "LOC", "NORP"} or words[0].upper() == max(g.names, key=len):
            continue  # `Zimbabwe` is not short for `Youth Forum Zimbabwe`, nor `ISIS` for `Coalition to Defeat ISIS`
        heads = {hi for hi, h in enumerate(groups) if hi != gi and h.mentions and not h.labels["PERSON"]
                 and _head_word(_key(max(h.names, key=len))) == words[0]}
        if len(heads) == 1:
            target[gi] = heads.pop()
    return target


def _persons_by_first(groups: list[Group], short: str) -> set[int]:
    """People whose first name starts with a short form of it (`Chad` -> `Chadwick Boseman`)."""
    if len(short) < 3:
        return set()
    found = set()
    for gi, g in enumerate(groups):
        if g.labels["PERSON"] and g.names:
            words = _key(max(g.names, key=len)).split()
            if len(words) > 1 and words[0] != short and words[0].startswith(short):
                found.add(gi)
    return found


def _head_word(key: str) -> str | None:
    """The head noun of a name of several words: `channel` in `english channel`, `parliament` in
    `parliament of iraq`."""
    words = key.split()
    if len(words) < 2:
        return None
    return words[0] if words[1] == "of" else words[-1]


def _link_birth_names(doc: Doc, mentions: list[Mention], groups: list[Group], target: list[int]) -> None:
    """`Day was born Doris Mary Ann Kappelhoff`: a birth name is another name of the person before it."""
    for i, m in enumerate(mentions):
        if m.token_start == 0 or doc[m.token_start - 1].lower_ not in {"born", "née", "nee"}:
            continue
        sent_start = doc[m.token_start].sent.start
        subject = next((p.group for p in reversed(mentions[:i]) if p.token_start >= sent_start and groups[p.group].labels["PERSON"]), None)
        if subject is None:
            subject = _person_by_surname(doc[m.token_start - 1], groups)
        if subject is None:
            continue
        root = _root(target, subject)
        if root != _root(target, m.group):
            groups[m.group].birth.add(m.text)
            target[_root(target, m.group)] = root


def _person_by_surname(born: Token, groups: list[Group]) -> int | None:
    """The one person whose surname is the subject of `born` (`Day was born ...` -> `Doris Day`)."""
    subjects = [t for t in born.head.children if t.dep_ in {"nsubj", "nsubjpass"}] if born.head is not born else []
    subjects += [t for t in born.children if t.dep_ in {"nsubj", "nsubjpass"}]
    if not subjects:
        return None
    surname = _key(subjects[0].text)
    found = [gi for gi, g in enumerate(groups) if g.labels["PERSON"] and g.names
             and len(_key(max(g.names, key=len)).split()) > 1 and _key(max(g.names, key=len)).split()[-1] == surname]
    return found[0] if len(found) == 1 else None


def _link_bracketed_acronyms(text: str, mentions: list[Mention], target: list[int]) -> None:
    """`the Islamic State (ISIS)`, `the RMT union (National Union of Rail ...)`: a name in brackets
    right after another, one of them an acronym, is the same organisation."""
    for a, b in zip(mentions, mentions[1:]):
        bracketed = text[a.end:b.start].strip() == "(" and text[b.end:b.end + 1] == ")"
        acronym = any(len(m.text.split()[0]) > 1 and m.text.split()[0].isupper() for m in (a, b))
        if bracketed and acronym and not {a.label, b.label} & {"GPE", "PERSON"} \
                and _root(target, a.group) != _root(target, b.group):
            target[_root(target, b.group)] = _root(target, a.group)


def _root(target: list[int], gi: int) -> int:
    while target[gi] != gi:
        gi = target[gi]
    return gi


def _absorb(root: Group, g: Group) -> None:
    """Add a short form's mentions to its full name. The short form's label counts for less
    (`Starmer` as ORG, `Channel` as ORG after `English Channel`): the full name's vote decides,
    unless the full name was never read as a person and the short form was (`Tsvangirai`)."""
    root.mentions.extend(g.mentions)
    root.names.update(g.names)
    root.birth |= g.birth
    person_short_form = g.labels["PERSON"] and not root.labels["PERSON"] and _person_name(max(root.names, key=len))
    if not root.labels or person_short_form:
        root.labels.update(g.labels)


def _dominant(groups: list[Group], candidates: set[int], short: Group) -> int | None:
    """Of several people sharing a surname, the one the article names at least three times as
    often as all the others together (`Robert Mugabe` over `Grace Mugabe`), else the only one
    named before the surname is first used alone, else none."""
    if not candidates:
        return None
    ranked = sorted(candidates, key=lambda gi: len(groups[gi].mentions), reverse=True)
    rest = sum(len(groups[gi].mentions) for gi in ranked[1:])
    if len(groups[ranked[0]].mentions) >= 3 * rest:
        return ranked[0]
    first_short = min(m.start for m in short.mentions)
    earlier = [gi for gi in candidates if min(m.start for m in groups[gi].mentions) < first_short]
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


def _vote(g: Group) -> str:
    """Majority label; a lone one-word PERSON that is never a full name loses ties (`Labour`); a
    name ever written with a ship prefix is a ship."""
    if any(_ship_name(n) != n for n in g.names):
        return "PRODUCT"
    ranked = g.labels.most_common()
    best, count = ranked[0]
    tied = [label for label, c in ranked if c == count]
    if len(tied) > 1:
        single_word = all(len(n.split()) == 1 for n in g.names)
        order = ["ORG", "GPE", "NORP", "PERSON", "LOC", "FAC"] if single_word else ["PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"]
        tied.sort(key=lambda label: order.index(label) if label in order else len(order))
        best = tied[0]
    return best


def _canonical(g: Group, label: str) -> str:
    """The fullest name the article gives; the canonical form for known aliases."""
    for name in g.names:
        canon = _ALIAS_OF.get(_key(name))
        if canon:
            return canon
    names = [n for n in g.names if n not in g.birth] or list(g.names)
    return max(names, key=lambda n: (len(n.split()), g.names[n], len(n)))


if not Doc.has_extension("entities"):
    Doc.set_extension("entities", default=None)
    Doc.set_extension("mentions", default=None)


@Language.component("archive_entities")
def entities_component(doc: Doc) -> Doc:
    """Set `doc._.entities` (EntityRecord list) and `doc._.mentions` (Mention list)."""
    doc._.entities, doc._.mentions = resolve(doc)
    return doc
