"""Word lists and name keys shared by the entity rules: titles, head nouns, cue words, aliases."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Labels kept as entities; numbers, dates and amounts are not entities of the archive.
NAMED_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"}
GEO_HEADS = {
    "channel",
    "sea",
    "ocean",
    "river",
    "strait",
    "straits",
    "gulf",
    "bay",
    "lake",
    "mountains",
    "mountain",
    "island",
    "islands",
    "peninsula",
    "valley",
    "desert",
    "coast",
    "basin",
    "sound",
}
# Honorifics: a name after one of these is a person's, whatever the model read.
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "mme", "mlle"}
# Church titles that, written before a name, make it a person's.
CLERGY = {"cardinal", "archbishop", "bishop", "rabbi", "imam", "pastor", "reverend"}
TITLES = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sir",
    "dame",
    "lord",
    "lady",
    "president",
    "prime",
    "minister",
    "chancellor",
    "secretary",
    "senator",
    "sen",
    "rep",
    "representative",
    "governor",
    "gov",
    "mayor",
    "judge",
    "justice",
    "general",
    "gen",
    "colonel",
    "col",
    "captain",
    "capt",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "rev",
    "reverend",
    "professor",
    "prof",
    "chairman",
    "chief",
    "officer",
    "commissioner",
    "ambassador",
    "foreign",
    "home",
    "deputy",
    "vice",
    "leader",
    "speaker",
    "councillor",
    "inspector",
    "detective",
    "sergeant",
    "superintendent",
    "coach",
    "manager",
    "director",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "premier",
    "emperor",
    "crown",
    "cde",
    "comrade",
    "broadcaster",
    "actor",
    "actress",
    "singer",
    "businessman",
    "businesswoman",
    "journalist",
    "reporter",
    "author",
    "writer",
    "rapper",
    "comedian",
    "activist",
    "attorney",
    "prosecutor",
    "sheriff",
    "lieutenant",
    "admiral",
    "bishop",
    "archbishop",
    "cardinal",
    "rabbi",
    "sheikh",
    "constable",
    "editor",
    "mp",
    "mep",
    "msp",
    "mla",
}
# A one-word "person" after these prepositions is a place (`in Katwa`) or a platform (`on Twitter`).
PLACE_PREPOSITIONS = {"in", "near", "outside"}
PLATFORM_PREPOSITIONS = {"on", "via"}
PLATFORMS = {
    "twitter",
    "facebook",
    "youtube",
    "instagram",
    "tiktok",
    "reddit",
    "whatsapp",
    "telegram",
    "linkedin",
    "snapchat",
    "weibo",
    "wechat",
}
# Last words that make a name an organisation, never a person.
ORG_HEADS = {
    "hospital",
    "university",
    "college",
    "school",
    "bulletin",
    "news",
    "times",
    "post",
    "journal",
    "tribune",
    "herald",
    "gazette",
    "party",
    "council",
    "agency",
    "ministry",
    "institute",
    "foundation",
    "association",
    "union",
    "group",
    "bank",
    "company",
    "inc",
    "ltd",
    "corp",
    "corporation",
    "reporter",
    "marine",
    "tracker",
    "connector",
    "zoo",
    "museum",
    "club",
    "league",
    "commission",
    "committee",
    "department",
    "office",
    "service",
    "services",
    "forum",
    "network",
    "biotherapeutics",
    "pharmaceuticals",
    "airlines",
    "airways",
    "police",
    "army",
    "navy",
    "court",
    "parliament",
    "assembly",
    "society",
    "fund",
    "organization",
    "organisation",
    "authority",
    "administration",
    "federation",
    "alliance",
    "center",
    "centre",
    "caucus",
    "senate",
    "legislature",
    "congress",
    "cabinet",
    "government",
}
# Last words of organisations the small model reads as people (`Manchester United`, `Lib Dems`);
# not organisation heads elsewhere (`United States Embassy`).
PERSON_LIKE_ORG_HEADS = {"united", "dems"}
# Last words of buildings and structures (FAC), which the small model often calls ORG or GPE.
FAC_HEADS = {
    "bridge",
    "airport",
    "mall",
    "station",
    "stadium",
    "tower",
    "square",
    "street",
    "road",
    "port",
    "base",
    "pipeline",
    "building",
    "palace",
    "cathedral",
    "mosque",
    "church",
    "terminal",
    "arena",
    "hall",
}
# Nouns that introduce the name of a news outlet or platform: `Greek daily Kathimerini`, `message board 8chan`.
MEDIA_NOUNS = {
    "newspaper",
    "daily",
    "weekly",
    "tabloid",
    "magazine",
    "agency",
    "website",
    "site",
    "outlet",
    "board",
    "platform",
    "forum",
    "broadsheet",
}
# Nouns that introduce the title of a work: `the film Black Panther`, `the romantic comedy Pillow Talk`.
WORK_NOUNS = {
    "film",
    "movie",
    "comedy",
    "drama",
    "musical",
    "documentary",
    "series",
    "sitcom",
    "album",
    "song",
    "single",
    "book",
    "novel",
    "memoir",
    "play",
    "opera",
    "programme",
    "program",
    "show",
    "thriller",
}
# Last words of events, which the small model often calls ORG: `MTV Video Music Awards`, `World Cup`.
EVENT_HEADS = {
    "awards",
    "olympics",
    "games",
    "championships",
    "championship",
    "festival",
    "summit",
    "war",
    "cup",
    "marathon",
    "expo",
}
# Ships are products: `MV Namse Bangdzod`, `the cargo ship Ever Given`.
SHIP_PREFIXES = {"MV", "MT", "MS", "HMS", "USS", "RMS", "HMAS", "HMCS"}
VESSEL_NOUNS = {"ship", "vessel", "ferry", "tanker", "freighter", "carrier", "submarine", "yacht", "trawler", "liner"}
COMPASS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western"}
# Common nouns that introduce a place name: `the island Crete`, `the town of Allen`.
PLACE_NOUNS = {
    "island",
    "city",
    "town",
    "village",
    "province",
    "state",
    "region",
    "county",
    "capital",
    "district",
    "suburb",
    "municipality",
    "prefecture",
}
# Words before a place name in a list or a location phrase.
LIST_WORDS = {",", "and", "or"}
LOCATION_WORDS = {"in", "at", "from", "of", "near", "between", "outside", "to", "toward", "towards", "and"}
# Portfolios in titles (`Secretary of State`, `Minister of Defence`): part of the title, not a name.
PORTFOLIOS = {
    "state",
    "defence",
    "defense",
    "justice",
    "finance",
    "health",
    "education",
    "interior",
    "agriculture",
    "energy",
    "labour",
    "labor",
    "transport",
    "commerce",
    "treasury",
    "culture",
    "environment",
    "trade",
}
TIME_ZONES = {"utc", "gmt", "bst", "est", "edt", "cst", "cdt", "pst", "pdt", "cet", "cest", "eet", "ist", "jst", "aest"}
# Name suffixes that are not surnames: `Robert Downey Jr.` is `Downey`.
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
# Nouns a person's name modifies after `the`: `the Obama administration`, `the Kennedy family`.
PERSON_NOUNS = {
    "administration",
    "campaign",
    "presidency",
    "family",
    "government",
    "era",
    "camp",
    "team",
    "cabinet",
    "regime",
    "years",
    "clan",
    "dynasty",
    "household",
    "estate",
    "children",
    "brothers",
    "sisters",
}
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
ALIAS_OF = {form: canon for canon, forms in ALIASES for form in forms}


# Words that open a surname (`Luis de Miranda`, `Ursula von der Leyen`): the surname written alone
# keeps them, capitalised when it opens a sentence.
NAME_PARTICLES = {
    "de",
    "da",
    "di",
    "du",
    "del",
    "della",
    "der",
    "den",
    "van",
    "von",
    "dos",
    "das",
    "al",
    "el",
    "bin",
    "ibn",
}


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Comparable form of a name: case, accents (`Erdoğan` / `Erdogan`), dots and punctuation folded."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", name.lower()) if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", folded.replace(".", " ").replace("’", "'")))


def looks_like_person(text: str) -> bool:
    """Two or three capitalised words with no organisation, place or building word: `Morgan Ortagus`."""
    words = text.split()
    heads = ORG_HEADS | GEO_HEADS | FAC_HEADS
    return (
        2 <= len(words) <= 3
        and name_key(text) not in ALIAS_OF
        and all(re.fullmatch(r"[A-Z][a-z]+(?:[-'’][A-Za-z]+)*", w) and w.lower() not in heads for w in words)
    )


# Nouns a reader takes for a person already named when they come with `the`: roles, jobs and
# descriptions (`the singer`, `the 29-year-old`, `the Australian-born actress`); a gendered one
# also tells the person's gender.
PERSON_ROLES = set(
    """
    actor actress singer star player striker winger wing midfielder defender goalkeeper keeper forward
    captain coach manager boss chief executive chairman chairwoman founder director leader minister
    secretary chancellor president premier senator governor mayor candidate nominee politician
    lawmaker mp campaigner activist author writer novelist poet artist musician rapper guitarist
    drummer frontman comedian presenter host broadcaster journalist reporter editor lawyer judge
    prosecutor officer detective inspector commissioner spokesman spokeswoman tycoon billionaire
    businessman businesswoman entrepreneur investor banker economist analyst scientist researcher
    professor doctor surgeon nurse teacher student victim suspect defendant father mother son daughter
    husband wife man woman veteran champion seed runner cyclist driver rider boxer golfer
    producer athlete sprinter hurdler footballer cricketer swimmer designer photographer filmmaker
    composer historian treasurer olympian pilot engineer architect farmer priest contender challenger
    """.split()
)
ROLE_GENDER = {
    **dict.fromkeys("actress chairwoman businesswoman spokeswoman mother daughter wife woman".split(), "f"),
    **dict.fromkeys("actor chairman businessman spokesman frontman father son husband man".split(), "m"),
}
