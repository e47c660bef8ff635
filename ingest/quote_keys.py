"""Quote identity across articles: normalised words, index keys and the same-quote test.

Pure (no database). The archive stores each quote's keys in an indexed table (archive.clusters) so
a new quote's candidates are found by lookups, then confirmed here. Thresholds: docs/stories.md.
"""
from __future__ import annotations

import difflib
import hashlib
from collections import Counter
from dataclasses import dataclass

from ingest.fingerprint import words

GRAM = 3  # quotes of at least this many words are indexed by their word trigrams
SHORT = GRAM - 1  # a fragment of at most this many words must sit word for word in the longer quote
MIN_COVER = 0.8  # share of the shorter quote's words found, in order, in the longer one
# A quote this long, found nearly word for word, is the same quote even when the two copies name
# different speakers: the NLP attributed one of them wrongly (measured: docs/stories.md).
LONG, LONG_COVER = 8, 0.9
PRONOUNS = frozenset("he she they it we i you his her their its who".split())
STOPWORDS = frozenset(
    "a an and are as at be been but by for from had has have he her his i in is it its of on or our she so"
    " that the their them they this to was we were what which who will with would you".split())


def _key(*parts: str) -> int:
    """A signed 64-bit key for an SQLite INTEGER column."""
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def speaker_key(name: str | None) -> str:
    """The speaker's surname, case-folded: `Keir Starmer`, `Starmer` and `Mr Starmer` agree; pronouns don't count."""
    tokens = words(name or "")
    if not tokens or tokens[-1] in PRONOUNS:
        return ""
    return tokens[-1]


def family(kind: str) -> str:
    """Quoted words (direct and partial) cluster together; reported speech only with reported speech."""
    return "reported" if kind == "indirect" else "quoted"


@dataclass(frozen=True)
class QuoteShape:
    """What the same-quote test needs about one quote."""

    tokens: tuple[str, ...]
    speaker: str  # speaker_key(); "" when unknown
    family: str

    @classmethod
    def of(cls, text: str, speaker: str | None, kind: str) -> "QuoteShape":
        return cls(tuple(words(text)), speaker_key(speaker), family(kind))

    def stored_keys(self) -> set[int]:
        """Keys stored for this quote so that later quotes find it."""
        keys = {_key("=", self.family, self.speaker, *self.tokens)}
        if len(self.tokens) >= GRAM:
            keys.update(_key("g", self.family, *gram) for gram in self._grams(GRAM) if not _only_stopwords(gram))
            if self.speaker:  # later short fragments of this speaker look for one of these
                keys.update(_key("w", self.family, self.speaker, *gram)
                            for n in range(1, SHORT + 1) for gram in self._grams(n) if not _only_stopwords(gram))
        return keys

    def probe_keys(self) -> set[int]:
        """Keys to look up to find earlier quotes that may be the same quote."""
        keys = {_key("=", self.family, self.speaker, *self.tokens)}
        if len(self.tokens) >= GRAM:
            keys.update(_key("g", self.family, *gram) for gram in self._grams(GRAM) if not _only_stopwords(gram))
            if self.speaker:  # earlier short fragments of this speaker stored their whole text under "="
                keys.update(_key("=", self.family, self.speaker, *gram)
                            for n in range(1, SHORT + 1) for gram in self._grams(n) if not _only_stopwords(gram))
        elif self.speaker:
            keys.add(_key("w", self.family, self.speaker, *self.tokens))
        return keys

    def _grams(self, n: int) -> set[tuple[str, ...]]:
        return {self.tokens[i:i + n] for i in range(len(self.tokens) - n + 1)}


def _only_stopwords(gram: tuple[str, ...]) -> bool:
    return all(t in STOPWORDS for t in gram)


def compatible_speakers(a: str, b: str) -> bool:
    """Same surname, or one side unknown (the NLP missed an attribution the other copy has)."""
    return not a or not b or a == b


def cover(a: tuple[str, ...], b: tuple[str, ...], at_least: float = 0.0) -> float:
    """Share of the shorter word sequence found, in order, in the longer one; 0 when it cannot
    reach `at_least` (the words the two share, in any order, bound it: checked first, cheaply)."""
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    if not shorter:
        return 0.0
    if sum((Counter(shorter) & Counter(longer)).values()) < at_least * len(shorter):
        return 0.0
    matcher = difflib.SequenceMatcher(None, shorter, longer, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(shorter)


def same_quote(a: QuoteShape, b: QuoteShape) -> float:
    """How surely `a` and `b` are one quote (0 when not): cover of the shorter by the longer."""
    if a.family != b.family or not a.tokens or not b.tokens:
        return 0.0
    if not compatible_speakers(a.speaker, b.speaker):
        if min(len(a.tokens), len(b.tokens)) < LONG:
            return 0.0
        score = cover(a.tokens, b.tokens, LONG_COVER)
        return score if score >= LONG_COVER else 0.0
    if min(len(a.tokens), len(b.tokens)) <= SHORT:
        # A one- or two-word fragment: only with a known, equal speaker and word for word.
        if not (a.speaker and b.speaker) or _only_stopwords(min(a.tokens, b.tokens, key=len)):
            return 0.0
        shorter, longer = sorted((a.tokens, b.tokens), key=len)
        n = len(shorter)
        return 1.0 if any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1)) else 0.0
    score = cover(a.tokens, b.tokens, MIN_COVER)
    return score if score >= MIN_COVER else 0.0
