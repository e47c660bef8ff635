"""Paragraphs: offsets (and the paragraph at an offset), the word count, and near-duplicate marks
equal to their definition."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.normalize import word_count
from ingest.paragraphs import (
    DUPLICATE_THRESHOLD,
    PARAGRAPH_SEPARATOR,
    build_paragraphs,
    paragraph_at,
    paragraph_bounds,
    split_blocks,
)


def reference_marks(blocks: list[str]) -> list[int | None]:
    """The definition, pair by pair: a paragraph repeats the first earlier one with which it shares
    >= DUPLICATE_THRESHOLD of the smaller one's word bigrams (both with >= 7 of them), and points
    to what that one repeats, if anything."""
    grams = []
    for block in blocks:
        words = re.findall(r"\w+", block.lower())
        grams.append(set(zip(words, words[1:])))
    marks: list[int | None] = []
    for i, mine in enumerate(grams):
        mark = None
        for j in range(i):
            theirs = grams[j]
            if (
                len(mine) >= 7
                and len(theirs) >= 7
                and len(mine & theirs) / min(len(mine), len(theirs)) >= DUPLICATE_THRESHOLD
            ):
                mark = marks[j] or j + 1
                break
        marks.append(mark)
    return marks


_VOCAB = [
    "the",
    "minister",
    "said",
    "talks",
    "would",
    "continue",
    "in",
    "London",
    "on",
    "Monday",
    "don't",
    "rock'n'roll",
    "İstanbul",
    "’s",
    "6,600",
    "crossings",
    "—",
    "boats",
    "gangs",
    "deal",
    "week",
    "of",
]
_WORDS = st.lists(st.sampled_from(_VOCAB), min_size=1, max_size=16)


@st.composite
def articles(draw) -> list[str]:
    """Paragraphs of which many are edits of an earlier one (words dropped, swapped or added)."""
    paragraphs: list[list[str]] = []
    for _ in range(draw(st.integers(1, 8))):
        if paragraphs and draw(st.booleans()):
            words = list(draw(st.sampled_from(paragraphs)))
            for _ in range(draw(st.integers(0, 4))):
                at = draw(st.integers(0, len(words)))
                edit = draw(st.sampled_from(["drop", "add", "swap"]))
                if edit == "add" or not words:
                    words.insert(at, draw(st.sampled_from(_VOCAB)))
                elif edit == "drop":
                    words.pop(min(at, len(words) - 1))
                else:
                    words[min(at, len(words) - 1)] = draw(st.sampled_from(_VOCAB))
            paragraphs.append(words or ["the"])
        else:
            paragraphs.append(draw(_WORDS))
    return [" ".join(words) for words in paragraphs]


@settings(max_examples=400, deadline=None)
@given(articles())
def test_marks_and_word_count_equal_their_definitions(blocks):
    text, paragraphs, words = build_paragraphs(blocks)
    assert [p.duplicate_of for p in paragraphs] == reference_marks(blocks)
    assert words == word_count(text)
    assert all(text[p.char_start : p.char_end] == p.text for p in paragraphs)
    assert text == PARAGRAPH_SEPARATOR.join(blocks)


# Blocks as split_blocks makes them: never empty, never holding a line break.
_BLOCKS = st.lists(
    st.text(alphabet=st.characters(blacklist_characters="\n\r"), min_size=1).filter(str.strip), min_size=1, max_size=8
)


@given(_BLOCKS)
def test_paragraph_bounds_are_the_offsets_build_paragraphs_gives(blocks):
    text, paragraphs, _ = build_paragraphs(blocks)
    assert paragraph_bounds(text) == [(p.char_start, p.char_end) for p in paragraphs]


@given(_BLOCKS)
def test_the_paragraph_at_an_offset_holds_it_at_every_boundary(blocks):
    text = PARAGRAPH_SEPARATOR.join(blocks)
    bounds = paragraph_bounds(text)
    starts = [start for start, _ in bounds] + [len(text) + 1]
    edges = {o for start, end in bounds for o in (start - 1, start, start + 1, end - 1, end, end + 1)}
    for offset in sorted(o for o in edges if 0 <= o <= len(text)):
        position = paragraph_at(bounds, offset)
        start, end = bounds[position - 1]
        # In the paragraph's text, or in the separator after it (the end of the text: the last one).
        assert start <= offset < starts[position]
        if offset < end:
            assert text[offset] == blocks[position - 1][offset - start]


def test_an_offset_in_a_separator_belongs_to_the_paragraph_before_it():
    bounds = paragraph_bounds("One.\n\nTwo.")
    assert [paragraph_at(bounds, offset) for offset in range(10)] == [1, 1, 1, 1, 1, 1, 2, 2, 2, 2]


def test_a_restated_lede_is_marked_and_a_paragraph_expanding_it_is_not():
    lede = "The prime minister said on Monday that talks on the border would continue in London next week."
    blocks = [
        lede,
        "Officials from twelve countries attended the meeting, which ended without a deal.",
        "Talks on the border would continue in London next week, the prime minister said on Monday.",
        "The talks, the minister said, would cover smuggling gangs and the number of small boats.",
    ]
    marks = [p.duplicate_of for p in build_paragraphs(blocks).paragraphs]
    assert marks == [None, None, 1, None]


def test_blocks_are_blank_line_separated_or_lines():
    assert split_blocks("One\ntwo\n\nThree") == ["One two", "Three"]
    assert split_blocks("One\ntwo\nThree") == ["One", "two", "Three"]


@given(st.text(alphabet=st.characters(max_codepoint=127)) | st.text())
def test_lowercased_words_equal_the_regex(text):
    from ingest.paragraphs import _lowercased_words

    words, runs = _lowercased_words(text)
    assert words == re.findall(r"\w+", text.lower())
    assert runs == len(re.findall(r"\w+", text))


# Beyond ASCII: symbols that separate words (the `£` of a BBC paragraph, curly quotes, a combining
# accent, a circled letter, a lone surrogate) with or without letters that are words (é, İ, ß).
_BEYOND_ASCII = st.sampled_from("£€“”‘’—–…°\u0301Ⓐ\ud800") | st.sampled_from("éİß")


@given(st.text(alphabet=st.characters(max_codepoint=127) | _BEYOND_ASCII))
def test_lowercased_words_with_symbols_beyond_ascii_equal_the_regex(text):
    from ingest.paragraphs import _lowercased_words

    words, runs = _lowercased_words(text)
    assert words == re.findall(r"\w+", text.lower())
    assert runs == len(re.findall(r"\w+", text))


def test_a_pound_sign_separates_words_as_a_space_does():
    from ingest.paragraphs import _lowercased_words

    assert _lowercased_words("The £6.6bn Deal—“done”") == (["the", "6", "6bn", "deal", "done"], 5)


@given(st.text(alphabet=st.sampled_from("ab_9é'’ -\n")))
def test_inner_apostrophes_counted_per_apostrophe_equal_the_lookbehind_first_regex(text):
    from ingest.paragraphs import _inner_apostrophes

    assert _inner_apostrophes(text) == len(re.findall(r"(?<=\w)['’](?=\w)", text))


@settings(max_examples=200, deadline=None)
@given(articles())
def test_marks_through_the_bigram_index_equal_their_definition(blocks):
    """Long articles find repeats through an index of bigrams: on articles whose bigrams fill no
    postings, its marks are the pair-by-pair definition."""
    from unittest import mock

    from ingest import paragraphs as module

    with mock.patch.object(module, "PAIRWISE_LIMIT", 0):
        assert [p.duplicate_of for p in build_paragraphs(blocks).paragraphs] == reference_marks(blocks)
