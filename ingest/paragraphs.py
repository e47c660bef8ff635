"""Split normalised text into paragraphs with offsets, and mark near-duplicate paragraphs."""

from __future__ import annotations

import heapq
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from operator import itemgetter
from typing import NamedTuple

from ingest.models import ParagraphRecord

PARAGRAPH_SEPARATOR = "\n\n"
# A later paragraph repeats an earlier one when this share of its word bigrams is in the earlier
# one (or the other way round): high enough that a paragraph expanding the lede is not its repeat.
DUPLICATE_THRESHOLD = 0.6
_MIN_WORDS_FOR_DUPLICATE = 8


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of each paragraph of an article's text."""
    bounds, start = [], 0
    for block in text.split(PARAGRAPH_SEPARATOR):
        bounds.append((start, start + len(block)))
        start += len(block) + len(PARAGRAPH_SEPARATOR)
    return bounds


def paragraph_at(bounds: Sequence[tuple[int, int]], offset: int) -> int:
    """The 1-based position of the paragraph holding a character offset, given the paragraphs'
    `paragraph_bounds`: the last paragraph starting at or before it (an offset in a separator
    belongs to the paragraph before it)."""
    return max(bisect_right(bounds, offset, key=itemgetter(0)), 1)


def split_blocks(text: str) -> list[str]:
    """Blank-line separated blocks; lines when the text has no blank line at all."""
    text = text.strip("\n")
    if not text:
        return []
    if re.search(r"\n[ \t]*\n", text):
        blocks = re.split(r"\n[ \t]*\n+", text)
        blocks = [" ".join(line.strip() for line in b.split("\n") if line.strip()) for b in blocks]
    else:
        blocks = text.split("\n")
    return [b.strip() for b in blocks if b.strip()]


# Runs of word characters: lowercased, the shingles compared below. ingest.normalize.word_count
# counts words as runs joined by inner apostrophes (don't, rock'n'roll): runs minus such apostrophes.
_RUNS = re.compile(r"\w+")
# An apostrophe between word characters, one pattern per apostrophe: starting with a literal
# character, a pattern jumps from one occurrence of it to the next instead of trying every position
# (as "(?<=\w)['’](?=\w)", starting with a lookbehind, would).
_INNER_APOSTROPHES = {mark: re.compile(f"{mark}(?<=\\w{mark})(?=\\w)") for mark in "'’"}
# For ASCII text (most paragraphs), the same runs lowercased, by C-speed byte translation rather than
# a regex: A-Z become a-z, every other byte that is not [a-z0-9_] (what \w means in ASCII) a space,
# then split. Bytes >= 128 (the UTF-8 of anything beyond ASCII) become spaces too.
_ASCII_LOWER_WORDS = (
    bytes(ord(chr(b).lower()) if chr(b).isalnum() or b == ord("_") else ord(" ") for b in range(128)) + b" " * 128
)
_ASCII_BYTES = bytes(range(128))  # deleted from a block's UTF-8, they leave what is beyond ASCII


def _lowercased_words(block: str) -> tuple[list[str], int]:
    """The block's lowercased runs of word characters (what shingles compare), and how many runs the
    block itself has (what the word count counts)."""
    data = block.encode("utf-8", "surrogatepass")
    # Beyond ASCII, only characters that are not word characters (£, €, curly quotes, dashes): they
    # only ever separate runs, as their UTF-8 bytes, all >= 128, do once translated to spaces, so
    # such paragraphs (a price in pounds) take the fast path too.
    if block.isascii() or not _RUNS.search(data.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")):
        words = data.translate(_ASCII_LOWER_WORDS).decode("ascii").split()
        return words, len(words)
    lower = block.lower()
    words = _RUNS.findall(lower)
    # Lowercasing can change a string's length (İ -> i̇) and so its runs: count the original then.
    return words, len(words) if len(lower) == len(block) else len(_RUNS.findall(block))


def _inner_apostrophes(text: str) -> int:
    """How many apostrophes stand between word characters: the words they join count as one."""
    return sum(len(pattern.findall(text)) for mark, pattern in _INNER_APOSTROPHES.items() if mark in text)


# A pair of paragraphs is compared by bigrams only when this share of the smaller one's distinct words
# is in the other: a necessary condition in prose for a bigram containment of 0.6, and it spares
# building bigram sets for nearly every pair (tests/test_paragraphs.py checks the marks against
# the direct comparison).
_WORD_FILTER = 0.5


class _Shingles:
    """A paragraph's lowercased words, its word set, and its bigram set made when first needed."""

    __slots__ = ("words", "word_set", "_bigrams")

    def __init__(self, words: list[str]):
        self.words = words
        self.word_set = set(words)
        self._bigrams: set | None = None

    @property
    def bigrams(self) -> set:
        if self._bigrams is None:
            self._bigrams = set(zip(self.words, self.words[1:]))
        return self._bigrams


def _contained(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _repeats(mine: _Shingles, theirs: _Shingles) -> bool:
    a, b = mine.word_set, theirs.word_set  # never empty: both have enough words to be compared
    if len(a & b) < _WORD_FILTER * min(len(a), len(b)):  # inline: this runs for every pair
        return False
    a, b = mine.bigrams, theirs.bigrams
    return (
        len(a) + 1 >= _MIN_WORDS_FOR_DUPLICATE
        and len(b) + 1 >= _MIN_WORDS_FOR_DUPLICATE
        and _contained(a, b) >= DUPLICATE_THRESHOLD
    )


# An article of up to PAIRWISE_LIMIT paragraphs compares each paragraph with every earlier one (a few
# thousand cheap comparisons at most). A longer one goes through an index of bigrams: comparing every
# pair is quadratic (20,000 short paragraphs would take minutes). A bigram indexes at most
# MAX_POSTINGS paragraphs: one found in more says nothing about which paragraph repeats which, and
# capping it bounds the work per paragraph; so does comparing at most MAX_CANDIDATES in full.
PAIRWISE_LIMIT = 200
MAX_POSTINGS = 16
MAX_CANDIDATES = 16


class _Pairwise:
    """The paragraphs seen so far, each compared with a new one: the definition, pair by pair."""

    def __init__(self) -> None:
        self.seen: list[tuple[int, _Shingles]] = []

    def first_repeated(self, mine: _Shingles) -> int | None:
        for position, theirs in self.seen:
            if _repeats(mine, theirs):
                return position
        return None

    def add(self, position: int, mine: _Shingles) -> None:
        self.seen.append((position, mine))


class _RepeatIndex:
    """The paragraphs seen so far, by bigram, to find the first earlier one a paragraph repeats."""

    def __init__(self) -> None:
        self.postings: dict[tuple[str, str], list[int]] = {}
        self.shingles: dict[int, _Shingles] = {}  # position -> shingles, of the paragraphs compared
        self.exact: dict[tuple[str, ...], int] = {}  # words -> the first position with them

    def first_repeated(self, mine: _Shingles) -> int | None:
        """The position of the first earlier paragraph `mine` repeats, or None.

        A repeat shares >= DUPLICATE_THRESHOLD of the smaller paragraph's bigrams. Shared bigrams are
        counted through the postings; a bigram whose postings are full may also be shared with the
        paragraph counted, so each full one is counted as shared (an upper bound: a listed paragraph
        is never left out for want of it). The candidates are compared in full, earliest first, as
        the definition does; an identical paragraph is found by its words whatever the caps."""
        shared: Counter[int] = Counter()
        full = 0
        for gram in mine.bigrams:
            posting = self.postings.get(gram)
            if posting:
                shared.update(posting)
                full += len(posting) >= MAX_POSTINGS
        size = len(mine.bigrams)
        shingles = self.shingles
        candidates = heapq.nsmallest(
            MAX_CANDIDATES,
            (
                position
                for position, count in shared.items()
                if count + full >= DUPLICATE_THRESHOLD * min(size, len(shingles[position].bigrams))
            ),
        )
        for position in candidates:
            if _repeats(mine, shingles[position]):
                return position
        same = self.exact.get(tuple(mine.words))
        if same is not None and _repeats(mine, shingles[same]):
            return same
        return None

    def add(self, position: int, mine: _Shingles) -> None:
        self.shingles[position] = mine
        self.exact.setdefault(tuple(mine.words), position)
        for gram in mine.bigrams:
            posting = self.postings.setdefault(gram, [])
            if len(posting) < MAX_POSTINGS:
                posting.append(position)


class Paragraphs(NamedTuple):
    text: str  # the article text: paragraphs joined by PARAGRAPH_SEPARATOR
    paragraphs: list[ParagraphRecord]
    word_count: int  # as ingest.normalize.word_count(text) counts them


def build_paragraphs(blocks: list[str]) -> Paragraphs:
    """Join blocks into the article text and give each paragraph its offsets and duplicate link."""
    paragraphs: list[ParagraphRecord] = []
    index = _Pairwise() if len(blocks) <= PAIRWISE_LIMIT else _RepeatIndex()
    offset = words_total = 0
    for position, block in enumerate(blocks, start=1):
        start = offset
        end = start + len(block)
        para = ParagraphRecord(position=position, text=block, char_start=start, char_end=end)
        words, runs = _lowercased_words(block)
        words_total += runs - _inner_apostrophes(block)
        if len(words) >= _MIN_WORDS_FOR_DUPLICATE:
            mine = _Shingles(words)
            earlier = index.first_repeated(mine)
            if earlier is not None:
                para.duplicate_of = paragraphs[earlier - 1].duplicate_of or earlier
            index.add(position, mine)
        paragraphs.append(para)
        offset = end + len(PARAGRAPH_SEPARATOR)
    return Paragraphs(PARAGRAPH_SEPARATOR.join(blocks), paragraphs, words_total)
