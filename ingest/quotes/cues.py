"""Speech cues: the verbs (and `according to`) that attribute words to a speaker.

Verbs are listed by base form and inflected here, because the pipeline runs without the
lemmatizer (it costs throughput and the tagger's POS is enough to tell `says` the verb).
"""

from __future__ import annotations

import re

from spacy.tokens import Token

# Verbs that introduce or frame quoted words.
SPEECH_VERBS = {
    "say",
    "tell",
    "add",
    "warn",
    "insist",
    "write",
    "ask",
    "claim",
    "state",
    "announce",
    "explain",
    "note",
    "argue",
    "declare",
    "reply",
    "respond",
    "answer",
    "continue",
    "confirm",
    "deny",
    "admit",
    "acknowledge",
    "agree",
    "assert",
    "comment",
    "concede",
    "contend",
    "describe",
    "maintain",
    "mention",
    "observe",
    "point",
    "recall",
    "remark",
    "report",
    "reveal",
    "stress",
    "suggest",
    "tweet",
    "urge",
    "vow",
    "promise",
    "predict",
    "testify",
    "underline",
    "emphasise",
    "emphasize",
    "allege",
    "complain",
    "boast",
    "caution",
    "conclude",
    "counter",
    "estimate",
    "joke",
    "lament",
    "shout",
    "whisper",
    "scream",
    "yell",
    "plead",
    "pledge",
    "proclaim",
    "propose",
    "repeat",
    "reiterate",
    "retort",
    "quip",
    "sigh",
    "speculate",
    "charge",
    "accuse",
    "call",
    "blast",
    "slam",
    "praise",
    "brand",
    "dub",
    "label",
    "demand",
    "believe",
    "think",
    "fear",
    "hope",
    "expect",
    "feel",
    "highlight",
    "indicate",
    "inform",
    "order",
    "put",
    "disclose",
    "advise",
    "recount",
    "recommend",
    "affirm",
    "post",
    "chant",
    "sing",
    "read",
    "wonder",
    "exclaim",
    "murmur",
    "mutter",
    "concur",
    "rebut",
    "rejoin",
    "interject",
    "begin",
    "go",
    "tout",
    "hail",
    "condemn",
    "criticise",
    "criticize",
    "dismiss",
    "mock",
    "liken",
    "compare",
    "threaten",
    "characterize",
    "characterise",
    "denounce",
    "decry",
    "laud",
    "rate",
    "deride",
    "term",
    "reaffirm",
    "blame",
    "rule",
}
# Verbs that report content without quote marks (`X said that ...`).
REPORTING_VERBS = {
    "say",
    "tell",
    "add",
    "warn",
    "insist",
    "write",
    "claim",
    "state",
    "announce",
    "explain",
    "note",
    "argue",
    "declare",
    "confirm",
    "deny",
    "admit",
    "acknowledge",
    "assert",
    "concede",
    "contend",
    "maintain",
    "mention",
    "observe",
    "point",
    "recall",
    "remark",
    "report",
    "reveal",
    "stress",
    "suggest",
    "tweet",
    "allege",
    "complain",
    "conclude",
    "estimate",
    "predict",
    "promise",
    "reiterate",
    "repeat",
    "testify",
    "underline",
    "emphasise",
    "emphasize",
    "vow",
    "pledge",
    "disclose",
    "inform",
    "affirm",
    "believe",
    "hope",
    "indicate",
    "caution",
    "comment",
    "reply",
    "respond",
    "recommend",
    "advise",
    "assure",
    "concur",
    "speculate",
    "reassert",
    "reaffirm",
    "post",
    "urge",
    "threaten",
    "boast",
    "signal",
    "forecast",
}
# Weak cues: speech only when they frame a quote (`called the plan a "gimmick"`), and verbs that
# also have other meanings (`continued to rise`, `put it on the table`).
WEAK = {
    "call",
    "describe",
    "brand",
    "dub",
    "label",
    "believe",
    "think",
    "fear",
    "hope",
    "expect",
    "feel",
    "put",
    "order",
    "praise",
    "blast",
    "slam",
    "charge",
    "accuse",
    "highlight",
    "indicate",
    "inform",
    "demand",
    "urge",
    "promise",
    "continue",
    "point",
    "answer",
    "ask",
    "post",
    "chant",
    "sing",
    "read",
    "begin",
    "go",
    "tout",
    "hail",
    "condemn",
    "criticise",
    "criticize",
    "dismiss",
    "mock",
    "liken",
    "compare",
    "threaten",
    "wonder",
    "characterize",
    "characterise",
    "denounce",
    "decry",
    "laud",
    "rate",
    "deride",
    "term",
    "blame",
    "rule",
}
_IRREGULAR = {
    "say": ["said", "says", "saying"],
    "tell": ["told", "tells", "telling"],
    "write": ["wrote", "written", "writes", "writing"],
    "think": ["thought", "thinks", "thinking"],
    "feel": ["felt", "feels", "feeling"],
    "put": ["puts", "putting"],
    "sing": ["sang", "sung"],
    "read": ["reads", "reading"],
    "begin": ["began", "begun", "begins", "beginning"],
    "go": ["went", "goes", "going"],
    "forecast": ["forecasts", "forecasting"],
}
NOT_SPEECH_SUBJECTS = {"it", "this", "that", "which", "there", "what"}


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
        if re.search(r"[^aeiou][aeiou][bdgmnprt]$", base) and base not in {
            "answer",
            "counter",
            "order",
            "offer",
            "post",
            "comment",
            "interject",
        }:
            forms.update({base + base[-1] + "ed", base + base[-1] + "ing"})
    return forms


SPEECH_FORMS = {form: base for base in SPEECH_VERBS for form in inflect(base)}
REPORTING_FORMS = {form: base for base in REPORTING_VERBS for form in inflect(base)}


def is_according(tok: Token) -> bool:
    """`according` in `according to X`."""
    doc = tok.doc
    return tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to"


def is_speech_verb(tok: Token) -> bool:
    """A form of a speech verb used as a verb."""
    return tok.lower_ in SPEECH_FORMS and tok.pos_ in {"VERB", "AUX"}


def is_weak(tok: Token) -> bool:
    """A cue that attributes words only when they are framed as quoted (`called it "X"`)."""
    return SPEECH_FORMS.get(tok.lower_) in WEAK


def cue_text(tok: Token) -> str:
    """The cue as stored: the verb as written, or `according to`."""
    return "according to" if is_according(tok) else tok.lower_
