"""The words of attribution, in one table: which verbs frame quoted words, which report a clause
(`X said that ...`), which are weak (speech only when they frame quoted words: `called the plan a
"gimmick"`, but not `called for calm`), and which subjects never speak.

Verbs are listed by base form and inflected here, because the pipeline runs without the
lemmatizer (it costs throughput and the tagger's POS is enough to tell `says` the verb). A new
cue is one line of the table and a test of the sentence it attributes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token


@dataclass(frozen=True)
class SpeechVerb:
    """What a verb does for attribution."""

    frames_quotes: bool  # introduces or frames quoted words: `"...", she said`, `called it "X"`
    reports: bool  # reports content without quote marks: `she said that ...`
    weak: bool  # speech only when it frames quoted words (`call`, `hope`, `put`), else another meaning
    addressed: bool = False  # its object is whom it is said to (`told ITV`, `asked the crowd`), not what


# verb          quotes: frames quoted words; reports: takes a reported clause; weak: see above;
#               addressed: its object is the listener
_TABLE = """
accuse        quotes weak
acknowledge   quotes reports
add           quotes reports
admit         quotes reports
advise        quotes reports addressed
affirm        quotes reports
agree         quotes
allege        quotes reports
announce      quotes reports
answer        quotes weak
applaud       quotes weak
argue         quotes reports
ask           quotes weak addressed
assert        quotes reports
assure        quotes reports addressed
begin         quotes weak
believe       quotes reports weak
blame         quotes weak
blast         quotes weak
boast         quotes reports
brag          quotes reports
brand         quotes weak
call          quotes weak
caution       quotes reports
chant         quotes weak
characterise  quotes weak
characterize  quotes weak
charge        quotes weak
claim         quotes reports
comment       quotes reports
compare       quotes weak
complain      quotes reports
concede       quotes reports
conclude      quotes reports
concur        quotes reports
condemn       quotes weak
confess       quotes reports
confirm       quotes reports
contend       quotes reports
continue      quotes weak
counter       quotes
criticise     quotes weak
criticize     quotes weak
cry           quotes
declare       quotes reports
decry         quotes weak
demand        quotes weak
denounce      quotes weak
deny          quotes reports
deride        quotes weak
describe      quotes weak
disclose      quotes reports
dismiss       quotes weak
dub           quotes weak
elaborate     quotes reports
emphasise     quotes reports
emphasize     quotes reports
estimate      quotes reports
exclaim       quotes
exhort        quotes
expect        quotes weak
explain       quotes reports
fear          quotes weak
feel          quotes weak
forecast      reports
go            quotes weak
gush          quotes
hail          quotes weak
highlight     quotes weak
hope          quotes reports weak
indicate      quotes reports weak
inform        quotes reports weak addressed
insist        quotes reports
interject     quotes
joke          quotes
label         quotes weak
lament        quotes
laud          quotes weak
liken         quotes weak
maintain      quotes reports
mention       quotes reports
mock          quotes weak
murmur        quotes
muse          quotes
mutter        quotes
note          quotes reports
observe       quotes reports
opine         quotes reports
order         quotes weak
plead         quotes
pledge        quotes reports
point         quotes reports weak
portray       quotes weak
post          quotes reports weak
praise        quotes weak
predict       quotes reports
proclaim      quotes
promise       quotes reports weak
propose       quotes
protest       quotes
put           quotes weak
question      quotes weak
quip          quotes
rail          quotes weak
rate          quotes weak
read          quotes weak
reaffirm      quotes reports
reason        quotes reports
reassert      quotes reports
reassure      quotes addressed
rebut         quotes
recall        quotes reports
recommend     quotes reports
recount       quotes
reiterate     quotes reports
rejoin        quotes weak
remark        quotes reports
repeat        quotes reports
reply         quotes reports
report        quotes reports
respond       quotes reports
retort        quotes
reveal        quotes reports
rule          quotes reports weak
say           quotes reports
scoff         quotes
scream        quotes
shout         quotes
sigh          quotes
signal        reports
sing          quotes weak
slam          quotes weak
snap          quotes
speculate     quotes reports
state         quotes reports
stress        quotes reports
suggest       quotes reports
talk          quotes weak
tell          quotes reports addressed
term          quotes weak
testify       quotes reports
thank         quotes weak
think         quotes weak
threaten      quotes reports weak
tout          quotes weak
tweet         quotes reports
underline     quotes reports
underscore    quotes reports
urge          quotes reports weak addressed
vow           quotes reports
warn          quotes reports addressed
whisper       quotes
wonder        quotes weak
write         quotes reports
yell          quotes
"""


def _parse(table: str) -> dict[str, SpeechVerb]:
    verbs = {}
    for line in table.strip().splitlines():
        verb, *flags = line.split()
        unknown = set(flags) - {"quotes", "reports", "weak", "addressed"}
        if unknown:
            raise ValueError(f"speech table: unknown flag {unknown} for {verb!r}")
        verbs[verb] = SpeechVerb("quotes" in flags, "reports" in flags, "weak" in flags, "addressed" in flags)
    return verbs


VERBS: dict[str, SpeechVerb] = _parse(_TABLE)

# Subjects that name no speaker: `this` and `there` never do (nor `that`, unless it opens a relative
# clause: `a letter that says`); `it`, `that` and `which` speak only through an entity the reference
# layer finds for them (`the company said it ...`).
NEVER_SPEAKERS = {"this", "there", "'s", "’s"}  # and the `us` of `let's hope`

# Nouns naming a part or voice of an organisation: `the ministry's spokesperson` speaks for it.
GROUP_WORDS = {
    "police",
    "officials",
    "official",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "source",
    "sources",
    "statement",
    "ministry",
    "department",
    "government",
    "office",
    "agency",
    "company",
    "authorities",
    "researchers",
    "scientists",
    "experts",
    "analysts",
    "witnesses",
    "representative",
    "representatives",
    "member",
    "members",
    "head",
    "chief",
    "director",
    "leader",
    "leaders",
    "spokespeople",
    "report",
    "statistics",
    "data",
    "figures",
    "website",
    "post",
    "tweet",
    "account",
    "letter",
    "study",
}
# What an organisation or person issues to speak: `issued a statement calling ...`.
DOCUMENTS = {
    "statement",
    "letter",
    "report",
    "tweet",
    "post",
    "message",
    "release",
    "memo",
    "note",
    "video",
    "ad",
    "advert",
    "advertisement",
    "email",
    "op-ed",
    "editorial",
    "resolution",
}
# Parts and kinds of a document that speak for whoever issued it: `the section on murder said`.
DOCUMENT_PARTS = {"section", "proposals", "guidelines", "document", "paper", "study", "survey", "findings", "chapter"}
# What someone said or wrote, whose owner (`his remarks`, `Trump's tweet`) is the one speaking.
SAYINGS = DOCUMENTS | {
    "remarks",
    "remark",
    "comments",
    "comment",
    "words",
    "speech",
    "testimony",
    "memoir",
    "column",
    # what someone claims, promises or calls for (`Trump's assertion that "thousands" cheered`)
    "claim",
    "assertion",
    "contention",
    "promise",
    "pledge",
    "vow",
    "call",
    "accusation",
    "allegation",
    "warning",
    "slogan",
    "catchphrase",
    "mantra",
}
SPEAKERS_ONLY_RESOLVED = {"it", "this", "that", "which", "there"}
# Forms of `be`: `it's safe to say`, `his claim is that ...` (the copula, not a verb of saying).
BE_FORMS = {"is", "was", "are", "were", "be", "been", "'s", "’s"}

_IRREGULAR = {
    "say": ["said", "says", "saying"],
    "tell": ["told", "tells", "telling"],
    "write": ["wrote", "written", "writes", "writing"],
    "think": ["thought", "thinks", "thinking"],
    "feel": ["felt", "feels", "feeling"],
    "put": ["puts", "putting"],
    "sing": ["sang", "sung", "sings", "singing"],
    "read": ["reads", "reading"],
    "begin": ["began", "begun", "begins", "beginning"],
    "go": ["went", "goes", "going"],
    "forecast": ["forecasts", "forecasting"],
    "hear": ["heard", "hears", "hearing"],
    "overhear": ["overheard", "overhears", "overhearing"],
    "forget": ["forgot", "forgotten", "forgets", "forgetting"],
}
_NO_DOUBLING = {"answer", "counter", "order", "offer", "post", "comment", "interject"}


def inflect(base: str) -> set[str]:
    """The regular (and listed irregular) forms of an English verb: `say` -> said, says, saying."""
    forms = {base}
    if base in _IRREGULAR:
        forms.update(_IRREGULAR[base])
        return forms
    if base.endswith("e"):
        forms.update({base + "s", base + "d", base[:-1] + "ing"})
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        forms.update({base[:-1] + "ies", base[:-1] + "ied", base + "ing"})
    elif re.search(r"(?:ch|sh|ss|x|z)$", base):
        forms.update({base + "es", base + "ed", base + "ing"})
    else:
        forms.update({base + "s", base + "ed", base + "ing"})
        if re.search(r"(?:qu|[^aeiou])[aeiou][bdgmnprt]$", base) and base not in _NO_DOUBLING:  # quipped
            forms.update({base + base[-1] + "ed", base + base[-1] + "ing"})
    return forms


# Written form -> base form, for the verbs that frame quoted words and for those that report.
SPEECH_FORMS = {form: base for base, verb in VERBS.items() if verb.frames_quotes for form in inflect(base)}
REPORTING_FORMS = {form: base for base, verb in VERBS.items() if verb.reports for form in inflect(base)}
WEAK = {base for base, verb in VERBS.items() if verb.weak}
ADDRESSED = {base for base, verb in VERBS.items() if verb.addressed}
# Finite forms of the verbs that attribute on their own (`said`, `says`, `added`): an attribution
# clause, as a writer would close one (`, he said.`).
ATTRIBUTING_FORMS = {
    form
    for form, base in SPEECH_FORMS.items()
    if base not in WEAK and form != base and not form.endswith("ing") and form in REPORTING_FORMS
}


_PARTICLE_VERBS = {"rule"}  # `rule out` is no ruling


def is_according(tok: Token) -> bool:
    """`according` in `according to X`."""
    doc = tok.doc
    return tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to"


def is_speech_verb(tok: Token) -> bool:
    """A form of a speech verb used as a verb, not inside a compound adjective (`so-called`)."""
    if tok.lower_ not in SPEECH_FORMS or tok.pos_ not in {"VERB", "AUX"}:
        return False
    doc = tok.doc
    return not (
        tok.i >= 2 and doc[tok.i - 1].text == "-" and not doc[tok.i - 2].whitespace_ and not doc[tok.i - 1].whitespace_
    )


def is_reporting(tok: Token) -> bool:
    """A verb that reports a clause (`said that ...`, `ruled that ...`), not one a particle turns
    into another verb (`did not rule them out`)."""
    base = REPORTING_FORMS.get(tok.lower_)
    return base is not None and not (base in _PARTICLE_VERBS and any(c.dep_ == "prt" for c in tok.children))


def is_weak(tok: Token) -> bool:
    """A cue that attributes words only when they are framed as quoted (`called it "X"`)."""
    return SPEECH_FORMS.get(tok.lower_) in WEAK


def cue_text(tok: Token) -> str:
    """The cue as stored: the verb as written, or `according to`."""
    return "according to" if is_according(tok) else tok.lower_
