"""Which language an article is written in (py3langid), so that non-English text is not fed to an English pipeline."""
from __future__ import annotations

from functools import lru_cache

SAMPLE_CHARS = 500  # a few sentences are enough for a confident answer; cost grows with length
MIN_WORDS = 20  # below this, detection is a guess: no answer
MIN_CONFIDENCE = 0.90


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, probability), or (None, 0.0) when the text is too short to tell."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.split()) < MIN_WORDS:
        return None, 0.0
    lang, prob = _identifier().classify(sample)
    return str(lang), float(prob)


def confident_language(text: str) -> str | None:
    """The text's language when the detector is sure of it, else None."""
    lang, prob = detect_language(text)
    return lang if prob >= MIN_CONFIDENCE else None
