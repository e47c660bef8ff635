"""Quote identity across articles: normalised words, index keys and the same-quote test.

Pure (no database). The archive stores each quote's keys in an indexed table (archive.clusters) so
a new quote's candidates are found by lookups, then confirmed here. Thresholds: docs/stories.md.
"""

from __future__ import annotations

import difflib
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from ingest.fingerprint import words

GRAM = 3  # quotes of at least this many words are indexed by their word trigrams
SHORT = GRAM - 1  # a fragment of at most this many words must sit word for word in the longer quote
RECENT = 50  # a fragment's candidates include its speaker's latest quotes, and a quote's its latest fragments
MIN_COVER = 0.8  # share of the shorter quote's words found, in order, in the longer one
# A quote this long, found nearly word for word, is the same quote even when the two copies name
# different speakers: the NLP attributed one of them wrongly (measured: docs/stories.md).
LONG, LONG_COVER = 8, 0.9
PRONOUNS = frozenset("he she they it we i you his her their its who".split())
STOPWORDS = frozenset(
    "a an and are as at be been but by for from had has have he her his i in is it its of on or our she so"
    " that the their them they this to was we were what which who will with would you".split()
)


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


class Keys(NamedTuple):
    """One quote's keys: stored for later quotes to find, looked up to find earlier ones, and the key
    whose most recent RECENT quotes are candidates too (None when the speaker is unknown)."""

    stored: set[int]
    probe: set[int]
    recent: int | None


@dataclass(frozen=True)
class QuoteShape:
    """What the same-quote test needs about one quote."""

    tokens: tuple[str, ...]
    speaker: str  # speaker_key(); "" when unknown
    family: str

    @classmethod
    def of(cls, text: str, speaker: str | None, kind: str) -> QuoteShape:
        return cls(tuple(words(text)), speaker_key(speaker), family(kind))

    @cached_property
    def counts(self) -> Counter:
        """How often each word occurs (the cheap bound of `cover`), computed once per quote."""
        return Counter(self.tokens)

    def keys(self) -> Keys:
        """The quote's keys (docs/stories.md).

        Every quote: its whole text with its speaker ("="), stored and looked up: the same words
        again. A quote of at least GRAM words: every word trigram that is not only stopwords ("g"),
        stored and looked up. A one- or two-word fragment joins only a quote of its own known
        speaker that contains it, so such pairs are found through the speaker (one key per quote
        rather than one per word and word pair): each quote of a known speaker stores one speaker
        key, "s" for quotes of at least GRAM words and "f" for fragments, and looks at the RECENT
        latest quotes under the other one.
        """
        family, speaker, tokens = self.family, self.speaker, self.tokens
        whole = _key("=", family, speaker, *tokens)
        stored, probe = {whole}, {whole}
        recent = None
        if len(tokens) >= GRAM:
            grams = _hashes(f"g\x1f{family}\x1f", _joined_grams(tokens, GRAM))
            stored.update(grams)
            probe.update(grams)
            if speaker:
                stored.add(_key("s", family, speaker))
                recent = _key("f", family, speaker)
        elif speaker:
            stored.add(_key("f", family, speaker))
            recent = _key("s", family, speaker)
        return Keys(stored, probe, recent)


def _joined_grams(tokens: tuple[str, ...], n: int) -> set[str]:
    """The runs of `n` words that are not only stopwords, each joined as _key joins its parts."""
    stop = [t in STOPWORDS for t in tokens]
    return {"\x1f".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1) if not all(stop[i : i + n])}


def _hashes(prefix: str, joined: Iterable[str]) -> list[int]:
    """_key(*prefix_parts, *gram) for many grams at once (`prefix` ends with the separator)."""
    blake2b, from_bytes = hashlib.blake2b, int.from_bytes
    return [
        from_bytes(blake2b((prefix + gram).encode("utf-8"), digest_size=8).digest(), "little", signed=True)
        for gram in joined
    ]


def _only_stopwords(gram: tuple[str, ...]) -> bool:
    return all(t in STOPWORDS for t in gram)


def compatible_speakers(a: str, b: str) -> bool:
    """Same surname, or one side unknown (the NLP missed an attribution the other copy has)."""
    return not a or not b or a == b


def cover(a: tuple[str, ...], b: tuple[str, ...], at_least: float = 0.0) -> float:
    """Share of the shorter word sequence found, in order, in the longer one; 0 when it cannot
    reach `at_least` (the words the two share, in any order, bound it: checked first, cheaply)."""
    return _cover(QuoteShape(a, "", ""), QuoteShape(b, "", ""), at_least)


def _cover(a: QuoteShape, b: QuoteShape, at_least: float) -> float:
    """`cover` of two shapes' words, with their word counts computed once per shape."""
    shorter, longer = (a, b) if len(a.tokens) <= len(b.tokens) else (b, a)
    if not shorter.tokens:
        return 0.0
    longer_counts, shared = longer.counts, 0
    for token, n in shorter.counts.items():
        m = longer_counts.get(token)
        if m:
            shared += min(m, n)
    if shared < at_least * len(shorter.tokens):
        return 0.0
    matcher = difflib.SequenceMatcher(None, shorter.tokens, longer.tokens, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(shorter.tokens)


def same_quote(a: QuoteShape, b: QuoteShape) -> float:
    """How surely `a` and `b` are one quote (0 when not): cover of the shorter by the longer."""
    if a.family != b.family or not a.tokens or not b.tokens:
        return 0.0
    if not compatible_speakers(a.speaker, b.speaker):
        if min(len(a.tokens), len(b.tokens)) < LONG:
            return 0.0
        score = _cover(a, b, LONG_COVER)
        return score if score >= LONG_COVER else 0.0
    if min(len(a.tokens), len(b.tokens)) <= SHORT:
        # A one- or two-word fragment: only with a known, equal speaker and word for word.
        if not (a.speaker and b.speaker) or _only_stopwords(min(a.tokens, b.tokens, key=len)):
            return 0.0
        shorter, longer = sorted((a.tokens, b.tokens), key=len)
        n = len(shorter)
        return 1.0 if any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1)) else 0.0
    score = _cover(a, b, MIN_COVER)
    return score if score >= MIN_COVER else 0.0
