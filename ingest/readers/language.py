"""Which language an article is written in (py3langid), so that non-English text is not fed to an English pipeline."""

from __future__ import annotations

from functools import lru_cache

SAMPLE_CHARS = 500  # a few sentences are enough for a confident answer; cost grows with length
# The fast path reads further: a name-heavy lede (`World and Commonwealth 100m champion Kim Collins
# ...`) can hold too few function words in 500 characters, and counting words is cheap.
FAST_SAMPLE_CHARS = 1000
MIN_WORDS = 20  # below this, detection is a guess: no answer
MIN_CONFIDENCE = 0.90
# The fast path for English, which is nearly every article, past py3langid (the most expensive step
# of a --no-nlp ingest): these words are a quarter or more of English news prose and far less of
# French, German, Dutch, Spanish, Italian, Portuguese or Swedish text (tests/test_language.py).
_ENGLISH_WORDS = frozenset(
    "the of and to in a is that for it was on with as he she by at are be this have from has had were"
    " which said not but they his her an will would been their who its".split()
)
FAST_ENGLISH_SHARE = 0.25
# The sample's words are runs of a-z after lowercasing, found by C-speed byte translation of its
# UTF-8 (every byte that is not a-z becomes a space; bytes of other characters are never a-z), then
# split: equal to re.findall("[a-z]+") (tests/test_language.py), and faster.
_NOT_A_TO_Z = bytes(b if ord("a") <= b <= ord("z") else ord(" ") for b in range(256))
_ENGLISH_WORD_BYTES = frozenset(word.encode("ascii") for word in _ENGLISH_WORDS)


def sample_words(text: str) -> list[bytes]:
    """The lowercased a-z words of the sample the fast path looks at, as bytes."""
    return text[:FAST_SAMPLE_CHARS].lower().encode("utf-8").translate(_NOT_A_TO_Z).split()


@lru_cache(maxsize=1)
def identifier():
    """py3langid's model, loaded once per process (slow to load): before forking workers, so they share it."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, probability), or (None, 0.0) when the text is too short to tell."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.split()) < MIN_WORDS:
        return None, 0.0
    lang, prob = identifier().classify(sample)
    return str(lang), float(prob)


def obviously_english(text: str) -> bool:
    """English beyond doubt: common English function words make up a large share of the sample,
    `the` among them at least twice."""
    words = sample_words(text)
    if len(words) < MIN_WORDS or words.count(b"the") < 2:
        return False
    return sum(map(_ENGLISH_WORD_BYTES.__contains__, words)) >= FAST_ENGLISH_SHARE * len(words)


def confident_language(text: str) -> str | None:
    """The text's language when the detector is sure of it, else None."""
    if obviously_english(text):
        return "en"
    lang, prob = detect_language(text)
    return lang if prob >= MIN_CONFIDENCE else None
