"""Bylines -> the people who wrote the article: split, cleaned, deduplicated, job titles dropped, and
desks, agencies and placeholders (`Our Foreign Staff`, `Reuters`, `Username`) left out.

`Jeffrey Gettleman; JEFFREY GETTLEMAN` is one author, `Ben Silverman Games Editor` is Ben Silverman.
Name parsers (nameparser, probablepeople) split one name into its parts; none splits a byline into
names or tells a reporter from a desk, so this is a few rules over word lists.
"""

from __future__ import annotations

import re

# Words that end a job title (`Games Editor`, `Chief Political Correspondent`).
ROLES = {
    "editor",
    "editors",
    "correspondent",
    "correspondents",
    "reporter",
    "reporters",
    "writer",
    "writers",
    "columnist",
    "contributor",
    "contributors",
    "critic",
    "producer",
    "journalist",
    "journalists",
    "analyst",
    "photographer",
    "presenter",
    "anchor",
    "blogger",
    "commentator",
    "staff",
    "team",
    "desk",
    "intern",
    "researcher",
    "strategist",
    "chief",
}
# Words that come before a role in a job title: rank, beat, place.
ROLE_WORDS = {
    "senior",
    "chief",
    "deputy",
    "associate",
    "assistant",
    "managing",
    "executive",
    "contributing",
    "special",
    "staff",
    "investigative",
    "political",
    "politics",
    "foreign",
    "home",
    "international",
    "national",
    "diplomatic",
    "defence",
    "defense",
    "security",
    "business",
    "economics",
    "economic",
    "economy",
    "financial",
    "finance",
    "markets",
    "technology",
    "tech",
    "science",
    "health",
    "medical",
    "education",
    "environment",
    "environmental",
    "climate",
    "energy",
    "transport",
    "crime",
    "legal",
    "courts",
    "sport",
    "sports",
    "games",
    "gaming",
    "music",
    "film",
    "arts",
    "culture",
    "entertainment",
    "media",
    "fashion",
    "travel",
    "food",
    "features",
    "opinion",
    "news",
    "digital",
    "data",
    "video",
    "social",
    "world",
    "europe",
    "asia",
    "africa",
    "washington",
    "white",
    "house",
    "city",
    "our",
    "a",
    "the",
    "and",
    "of",
    "for",
    "at",
    "in",
    "large",
}
# Bylines that name no one: placeholders of publishing systems and anonymous credits.
PLACEHOLDERS = {
    "username",
    "user",
    "admin",
    "administrator",
    "webmaster",
    "guest",
    "anonymous",
    "unknown",
    "none",
    "null",
    "n/a",
    "author",
    "editor",
    "staff",
    "wires",
    "agencies",
}
# A word that makes a byline an organisation, not a person.
ORGANISATION_WORDS = {
    "press",
    "news",
    "agency",
    "agencies",
    "associated",
    "reuters",
    "afp",
    "ap",
    "bloomberg",
    "wire",
    "wires",
    "service",
    "services",
    "newsroom",
    "desk",
    "team",
    "staff",
    "media",
    "online",
    "daily",
    "weekly",
    "times",
    "herald",
    "tribune",
    "journal",
    "gazette",
    "magazine",
    "bbc",
    "cnn",
    "inc",
    "ltd",
    "llc",
    "corp",
    "editorial",
    "board",
    "contributors",
    "wikinews",
}
PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "da", "di", "du", "la", "le", "bin", "al", "el", "ter"}
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "rev"}
# A month name ending a byline of three words or more is a date run into it (`Joshua Sokol May`).
MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip
MAX_NAME_WORDS = 5

_SPLIT = re.compile(r"\s*(?:;|,|&|\||/|\n|\band\b|\bwith\b)\s*", re.I)
_BY = re.compile(r"^(?:.*?\s)?by[:\s]+", re.I)  # `By`, `Written by`, `additional reporting by`
_WHERE = re.compile(r"\s+(?:in|at|from|for)\s+.*$", re.S)
_NOISE = re.compile(r"\S+@\S+|@\w+|https?://\S+|\([^)]*\)|\[[^\]]*\]")
_WORD = re.compile(r"[^\W\d_][\w'’.\-]*", re.U)


def authors(byline: str | None) -> list[str]:
    """The people a byline names, in order, each once: `By JANE DOE and John Roe, Staff Writer` ->
    [`Jane Doe`, `John Roe`]."""
    if not byline:
        return []
    found: dict[str, str] = {}  # casefolded -> as written (the first mixed-case form wins)
    for part in _SPLIT.split(_NOISE.sub(" ", byline)):
        name = _person(part)
        if name is None:
            continue
        key = name.casefold()
        if key not in found or (found[key].isupper() and not name.isupper()):
            found[key] = name
    return [_cased(name) for name in found.values()]


def _person(part: str) -> str | None:
    """One piece of a byline -> the person's name, or None when it names no one."""
    part = _BY.sub("", part.strip(" .:-–—\t"))
    part = _WHERE.sub("", part)  # `Tom Smith in London`
    if any(ch.isdigit() for ch in part):
        return None  # dates, times, counts: `Updated 3:33 pm`
    words = _WORD.findall(part)
    while words and words[0].lower().rstrip(".") in HONORIFICS:
        words = words[1:]
    words = _without_role(words)
    if len(words) > 2 and words[-1].lower().rstrip(".") in MONTHS:
        words = words[:-1]
    lowered = [w.lower().rstrip(".") for w in words]
    if not words or len(words) > MAX_NAME_WORDS:
        return None
    if " ".join(lowered) in PLACEHOLDERS or any(w in ORGANISATION_WORDS for w in lowered):
        return None
    if len(words) < 2:
        return None  # a single word is a handle, a desk or an outlet far more often than a person
    if all(w in ROLE_WORDS or w in ROLES for w in lowered):
        return None
    if not all(w[0].isupper() or w.lower() in PARTICLES for w in words):
        if not part.islower():
            return None  # lower-case words other than particles: a phrase, not a name
    return " ".join(words)


def _without_role(words: list[str]) -> list[str]:
    """The words before a job title that ends the piece (`Ben Silverman Games Editor` -> Ben
    Silverman), or, when the title comes first (`Political Editor Jane Doe`), after it."""
    lowered = [w.lower() for w in words]
    for end in range(len(words) - 1, -1, -1):
        if lowered[end] in ROLES:
            start = end
            while start > 0 and lowered[start - 1] in ROLE_WORDS | ROLES:
                start -= 1
            if start > 0:
                return words[:start]
            return words[end + 1 :] if end + 1 < len(words) else []
    return words


def _cased(name: str) -> str:
    """A name written all in capitals or all in lower case, in title case (`JEFFREY GETTLEMAN`)."""
    if not (name.isupper() or name.islower()):
        return name
    out = []
    for i, word in enumerate(name.split()):
        lower = word.lower()
        if i and lower in PARTICLES:
            out.append(lower)
            continue
        word = lower.title().replace("’S", "’s").replace("'S", "'s")
        if re.match(r"Mc[a-z]{2,}", word):  # MCDONALD -> McDonald
            word = word[:2] + word[2].upper() + word[3:]
        out.append(word)
    return " ".join(out)
