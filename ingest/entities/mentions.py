"""Mentions of named entities in one article: NER spans cleaned, repaired and labelled from context."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from ingest.entities.lexicon import (
    CLERGY,
    COMPASS,
    EVENT_HEADS,
    FAC_HEADS,
    GEO_HEADS,
    HONORIFICS,
    LIST_WORDS,
    LOCATION_WORDS,
    MEDIA_NOUNS,
    MISC,
    NAMED_LABELS,
    ORG_HEADS,
    PERSON_LIKE_ORG_HEADS,
    PERSON_NOUNS,
    PERSON_ROLES,
    PLACE_NOUNS,
    PLACE_PREPOSITIONS,
    PLATFORM_PREPOSITIONS,
    PLATFORMS,
    PORTFOLIOS,
    SHIP_PREFIXES,
    TIME_ZONES,
    TITLES,
    VESSEL_NOUNS,
    WORK_NOUNS,
    looks_like_person,
    name_key,
)

_LEAD = re.compile(r"^(?:the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_EDGE_PUNCT = " \t\n.,;:!?\"“”‘’'()[]{}«»—–-"


def clean_mention(span: Span) -> tuple[int, int, str] | None:
    """Character offsets and text of a mention without `the`, possessive `'s` and edge punctuation."""
    text, start = span.text, span.start_char
    lead = _LEAD.match(text)
    if lead and span.label_ != "WORK_OF_ART":
        text, start = text[lead.end() :], start + lead.end()
    text = _POSSESSIVE.sub("", text)
    stripped = text.lstrip(_EDGE_PUNCT)
    start += len(text) - len(stripped)
    text = stripped.rstrip(_EDGE_PUNCT if span.label_ != "ORG" else _EDGE_PUNCT.replace(".", ""))
    if not text or not re.search(r"\w", text):
        return None
    return start, start + len(text), text


def strip_title(name: str) -> str:
    """`Prime Minister Keir Starmer` -> `Keir Starmer`, `Novelist Andrea Levy` -> `Andrea Levy`:
    leading titles and jobs (a sentence opening with one capitalises it) are not part of a name."""
    words = name.split()
    while len(words) > 1 and _is_title(words[0]) and (words[0][:1].isupper() or words[0].lower() in TITLES):
        words = words[1:]
    return " ".join(words)


# Role words that are also given names or surnames (`Son Heung-min`, `Ian Wing`), never stripped.
_ROLES_AS_NAMES = {"son", "man", "wife", "star", "wing", "seed", "host", "boss", "keeper", "forward", "rider", "driver"}


def _is_title(word: str) -> bool:
    w = word.lower().rstrip(".")
    return w in TITLES or w in PERSON_ROLES and w not in _ROLES_AS_NAMES or len(w) > 6 and w.endswith("ologist")


@dataclass
class NameSpan:
    """A mention as the entity and quote rules work on it: its cleaned text and characters, the tokens
    of the NER span it came from, the label of that span and, once resolved, its entity."""

    start: int
    end: int
    text: str
    label: str
    token_start: int
    token_end: int
    entity: int = -1  # index into the article's entities


def _repair_spans(doc: Doc) -> list[Span]:
    """Merge NER spans the small model splits (`English` + `Channel`), split glued place lists
    (`Crete and Cyprus`) and relabel geography."""
    ents = [e for e in doc.ents if e.label_ in NAMED_LABELS]
    places = {name_key(e.text) for e in ents if e.label_ in {"GPE", "LOC"}}
    countries = {name_key(e.text) for e in ents if e.label_ == "GPE"}
    out: list[Span] = []
    for ent in ents:
        if out and out[-1].label_ == "NORP" and out[-1].end == ent.start and ent.label_ in {"LOC", "FAC", "ORG", "GPE"}:
            ent = Span(doc, out[-1].start, ent.end, label=ent.label_)
            out.pop()
        elif out and out[-1].label_ == ent.label_ == "ORG" and _joins_one_name(out[-1], ent):
            ent = Span(doc, out[-1].start, ent.end, label="ORG")
            out.pop()
        ent = _extend_given_name(ent)
        ent = _extend_number(ent)
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
        elif ent.label_ != "GPE" and len(ent) > 1 and ent[0].lower_ in COMPASS and name_key(ent[1:].text) in countries:
            ent = Span(doc, ent.start, ent.end, label="GPE")  # `Northern Cyprus` where `Cyprus` is a GPE
        out.extend(_split_place_list(ent, places))
    return out


def _defined_by_acronym(ent: Span) -> Span | None:
    """`the British American Drama Academy (BADA)`: the capitalised words whose initials spell the
    acronym in brackets after them are one name, whatever pieces the model made of them."""
    doc, letters = ent.doc, ent.text
    if (
        len(ent) != 1
        or not letters.isalpha()
        or not letters.isupper()
        or len(letters) < 2
        or ent.start < 2
        or doc[ent.start - 1].text != "("
    ):
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
    if (
        doc[end].lower_ == "of"
        and ent[-1].lower_ in ORG_HEADS
        or doc[end].lower_ in {"and", "&"}
        and any(t.lower_ == "of" for t in ent[1:])
    ):
        k = end + 1
        while (
            k < len(doc)
            and not doc[k].is_sent_start
            and doc[k].is_title
            and doc[k].lower_ not in TITLES
            and not doc[k].ent_type_
        ):
            k += 1
        if k > end + 1:
            return Span(doc, ent.start, k, label="ORG")
    return ent


# Names that end in a number: `BBC Radio 1`, `Channel 4`, `Formula 1`, `Apollo 11`.
NUMBERED = {"radio", "channel", "tv", "formula", "division", "apollo", "flight", "studio", "league"}


def _extend_number(ent: Span) -> Span:
    """`BBC Radio` + `1`: the number the model cut off a name that takes one."""
    doc = ent.doc
    if ent.label_ not in {"ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT"} or ent[-1].lower_ not in NUMBERED:
        return ent
    nxt = doc[ent.end] if ent.end < len(doc) else None
    if nxt is None or not nxt.text.isdigit() or len(nxt.text) > 2 or nxt.is_sent_start:
        return ent
    return Span(doc, ent.start, ent.end + 1, label=ent.label_)


def _extend_given_name(ent: Span) -> Span:
    """`Mayor of London Sadiq` + `Khan`: a capitalised word the model left out before a surname."""
    doc = ent.doc
    # `Cardinal Cormac` + `Murphy-O'Connor` read as an organisation
    titled = ent.label_ != "PERSON" and ent.start > 1 and doc[ent.start - 2].lower_ in CLERGY
    if not (ent.label_ == "PERSON" and " " not in ent.text or titled) or ent.start == 0:  # one word (`Moran-O'Connell`)
        return ent
    prev = doc[ent.start - 1]
    if (
        prev.is_title
        and prev.pos_ == "PROPN"
        and not prev.ent_type_
        and not prev.is_sent_start
        and prev.lower_ not in TITLES
    ):
        return Span(doc, ent.start - 1, ent.end, label="PERSON")
    return ent


def _split_org_and_person(ent: Span) -> tuple[Span, Span | None]:
    """`Amnesty International Man-kei Tam` -> the organisation and the person after it."""
    start = ent.start + (ent[0].lower_ == "the")
    for j in range(start + 2, ent.end - 1):
        if ent.doc[j - 1].lower_ in ORG_HEADS | {"international"} and looks_like_person(ent.doc[j : ent.end].text):
            return Span(ent.doc, ent.start, j, label="ORG"), Span(ent.doc, j, ent.end, label="PERSON")
    return ent, None


def _joins_one_name(first: Span, second: Span) -> bool:
    """Two ORG pieces of one long name with one word the model left between them: `United Nations
    Educational` + `, Scientific and` + `Cultural Organization` (not `Apple, Samsung and Google`)."""
    gap = first.doc[first.end : second.start]
    words = {t.lower_ for t in gap}
    return (
        len(first) >= 2
        and len(second) >= 2
        and 1 <= len(gap) <= 4
        and bool(words & {",", "and", "&"})
        and sum(t.is_title for t in gap) == 1
        and all(t.is_title or t.lower_ in {",", "and", "&", "of", "the", "for"} for t in gap)
        and not any(t.is_sent_start for t in gap)
    )


def _split_place_list(ent: Span, places: set[str]) -> list[Span]:
    """`Crete and Cyprus` as one ORG -> two places, when one side is a place elsewhere in the article."""
    conj = [t.i for t in ent if t.lower_ == "and"]
    if len(conj) != 1 or ent.label_ not in {"ORG", "GPE", "LOC", "PERSON"}:
        return [ent]
    left, right = ent.doc[ent.start : conj[0]], ent.doc[conj[0] + 1 : ent.end]
    if not len(left) or not len(right) or not all(t.is_title for t in (*left, *right)):
        return [ent]
    if name_key(left.text) not in places and name_key(right.text) not in places:
        return [ent]
    return [Span(ent.doc, left.start, left.end, label="GPE"), Span(ent.doc, right.start, right.end, label="GPE")]


def _trim_tail(text: str) -> str:
    """`World Health Organization (WHO` -> `World Health Organization`; `Caboolture 43–5` -> `Caboolture`."""
    text = re.sub(r"\s*\([^)]*$", "", text)
    numbered = re.search(r"(\w+)\s+\d{1,2}$", text)
    if numbered and numbered.group(1).lower() in NUMBERED:
        return text  # `BBC Radio 1`: the number is part of the name
    return re.sub(r"(?:\s+[\d–—-]+)+$", "", text) or text


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
    honorific = ent[0].lower_.rstrip(".") in HONORIFICS and len(ent) > 1 or before.rstrip(".") in HONORIFICS
    clergy = (
        ent[0].lower_ in CLERGY
        and len(ent) > 1
        or before in CLERGY
        or two_before in CLERGY
        and doc[ent.start - 1].is_title
    )
    if clergy and ent[-1].lower_ not in ORG_HEADS and ent[-1].lower_ not in FAC_HEADS:
        honorific = True  # `Cardinal Cormac Murphy-O'Connor`, `Archbishop Tutu`: a person, whatever NER read
    if honorific and label in {"ORG", "GPE", "LOC", "NORP", "FAC"} and doc[ent.end - 1].is_title:
        return "PERSON"  # `Mr Hague` read as The Hague: an honorific names a person
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
    place_noun = (
        ent.start > 0
        and doc[ent.start - 1].is_lower
        and before in PLACE_NOUNS
        or before == "of"
        and doc[ent.start - 2].is_lower
        and two_before in PLACE_NOUNS
    )
    if label not in {"GPE", "LOC"} and place_noun and all(t.is_title for t in ent) and ent[-1].lower_ not in ORG_HEADS:
        return "GPE"
    if before == "ethnic":
        return "NORP"
    if label == "ORG" and before_comma in TITLES and looks_like_person(ent.text):
        return "PERSON"
    if label not in {"PERSON", "PRODUCT"}:
        return label
    if ent[-1].lower_ in ORG_HEADS | PERSON_LIKE_ORG_HEADS or ent.text.lower() in PLATFORMS:
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
    if (
        before == "the"
        and len(ent) == 1
        and not follows_possessive
        and (ent.end == len(doc) or doc[ent.end].lower_ not in PERSON_NOUNS)
    ):
        return MISC  # `the Oscar`, `the Brexit vote`: people's names take no article (but `the Obama administration`)
    return label


def _continues_name(doc: Doc, end: int) -> bool:
    """`Family` + `and Medical Leave Act`: the model's span is the start of a longer name."""
    return (
        end + 2 < len(doc) and doc[end].lower_ in {"and", "of", "&"} and doc[end + 1].is_title and doc[end + 2].is_title
    )


def _is_fragment(ent: Span, text: str) -> bool:
    """Pieces that name nothing: lowercase words (`maisha`, `trans-Anatolian`), time zones (`UTC`),
    and the last word of a title (`State` in `Secretary of State`)."""
    first = text.split()[0]
    if not re.search(r"[A-Z0-9]", text) or first[0].islower() and "-" in first or re.search(r"[=<>{}|#@\\]", text):
        return True
    if text.lower() in TIME_ZONES:
        return True
    doc = ent.doc
    return (
        ent[0].lower_ in PORTFOLIOS
        and len(ent) == 1
        and ent.start > 1
        and doc[ent.start - 1].lower_ == "of"
        and doc[ent.start - 2].lower_ in TITLES
    )


def _relabel_in_context(mentions: list[NameSpan], doc: Doc) -> None:
    """Places by their neighbours: `and Katwa` after a list of towns, `Ciudad Juárez, Mexico`."""
    for i, m in enumerate(mentions):
        if m.label not in {"PERSON", "ORG", "PRODUCT", "FAC"} or m.text.isupper():
            continue
        before = doc[m.token_start - 1].lower_ if m.token_start else ""
        prev = mentions[i - 1] if i else None
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        gap_before = doc[prev.token_end : m.token_start] if prev else None
        gap_after = doc[m.token_end : nxt.token_start] if nxt else None
        listed_after_place = (
            prev is not None
            and prev.label == "GPE"
            and 0 < len(gap_before) <= 2
            and all(t.lower_ in LIST_WORDS for t in gap_before)
            and len(m.text.split()) == 1
            and any(t.lower_ in {"and", "or"} for t in gap_before)
        )
        in_place = (
            nxt is not None and nxt.label == "GPE" and [t.text for t in gap_after] == [","] and before in LOCATION_WORDS
        )
        if listed_after_place or in_place:
            m.label = "GPE"


def find_mentions(doc: Doc) -> list[NameSpan]:
    """Cleaned mentions of the article's named entities, with titles and trailing junk removed."""
    mentions = []
    for ent in _repair_spans(doc):
        cleaned = clean_mention(ent)
        if cleaned is None:
            continue
        start, _, text = cleaned
        label = _label(ent)
        if label == MISC:
            continue  # a word used with `the` that names no person, organisation or place
        glued = re.match(r"[a-z]{1,4}(?=[A-Z][a-z])", text)
        if glued:  # `ofNew Labour`: a word the text ran into the name
            start, text = start + glued.end(), text[glued.end() :]
        text = _trim_tail(text)
        prefix = re.match(r"[a-z]+-\S+\s+(?=\S)", text)
        if prefix:  # `pro-Clinton Priorities USA Action`: an adjective before the name
            start, text = start + prefix.end(), text[prefix.end() :]
        if _is_fragment(ent, text):
            continue
        if label == "PERSON" and text.lower().rstrip(".") in TITLES:
            continue  # a title on its own (`Cde`, `President`) names nobody
        pair = _two_people(text)
        if pair is not None:  # `Both Mr Brown and Mr Blair`: two people, each a mention
            for offset, name in pair:
                mentions.append(
                    NameSpan(start + offset, start + offset + len(name), name, "PERSON", ent.start, ent.end)
                )
            continue
        if label == "PERSON":
            bare = strip_title(text)
            start += len(text) - len(bare)
            text = bare
        mentions.append(NameSpan(start, start + len(text), text, label, ent.start, ent.end))
    _relabel_in_context(mentions, doc)
    common = {name_key(m.text) for m in mentions if _abbreviates_common_words(doc, m)}
    return [m for m in mentions if name_key(m.text) not in common]


_TWO_PEOPLE = re.compile(
    r"(?:(?:Both|Both of|Neither|Either)\s+)?(?P<a>(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Lady)\.?\s+[A-Z][\w’'-]+)"
    r"\s+(?:and|or|nor)\s+(?P<b>(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Lady)\.?\s+[A-Z][\w’'-]+)$"
)


def _two_people(text: str) -> list[tuple[int, str]] | None:
    """`Both Mr Brown and Mr Blair` read as one name: each person, as (offset, surname)."""
    found = _TWO_PEOPLE.match(text)
    if found is None:
        return None
    out = []
    for group in ("a", "b"):
        name = strip_title(found.group(group))
        out.append((found.end(group) - len(name), name))
    return out


def _abbreviates_common_words(doc: Doc, m: NameSpan) -> bool:
    """`liquid natural gas (LNG)`, `Ebola virus disease (EVD)`: an abbreviation of common words, no name."""
    if not m.text.isalpha() or not m.text.isupper() or m.token_start < 2 or doc[m.token_start - 1].text != "(":
        return False
    words = [t.text for t in doc[max(0, m.token_start - 1 - len(m.text)) : m.token_start - 1]]
    return (
        len(words) == len(m.text)
        and "".join(w[0] for w in words).upper() == m.text
        and any(w[0].islower() for w in words)
    )
