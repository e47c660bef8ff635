"""Normalisation: the fast whole-text pass equals the definition, applied line by line."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.normalize import content_hash, normalize_text, word_count

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad\ue000\ue001"), None)


def reference(text: str) -> str:
    """The definition: NFC, newlines unified, invisible and control characters dropped, each line's
    horizontal spaces folded to one and the line trimmed, the whole trimmed."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text.translate(_INVISIBLE))
    lines = (
        re.sub(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+", " ", line).strip() for line in text.split("\n")
    )
    return "\n".join(lines).strip()


# Letters and every kind of space, newline, invisible and control character the rules name.
_ALPHABET = st.sampled_from(
    list("ab é\u0301\t\n\r\x0b\x0c\x1c\x1f\x7f\x85\u00a0\u2002\u2028\u2029\u200b\u200c\u200d\ufeff\u3000\ue000“”")
)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_normalize_text_equals_the_line_by_line_definition(text):
    assert normalize_text(text) == reference(text)


def test_normalisation_keeps_typographic_quotes_and_folds_spaces():
    raw = "  \u201cWe will\u00a0act,\u201d  she said.\u200b \r\n\r\n\tNext\u2003line  "
    assert normalize_text(raw) == "\u201cWe will act,\u201d she said.\n\nNext line"
    assert normalize_text("cafe\u0301") == "caf\u00e9"


def test_identity_and_word_count_of_normalised_text():
    assert content_hash("a b") == content_hash(normalize_text(" a\u00a0b "))
    assert word_count("Don’t stop: it's over.") == 4
