"""Text normalisation: Unicode NFC, cleaned whitespace, typographic quotes kept as written."""
from __future__ import annotations

import hashlib
import re
import unicodedata

# Zero-width and invisible formatting characters that only get in the way of search, and the two
# private-use characters the archive uses as highlight markers (archive.search), so no text forges them.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\ue000\ue001"), None)
# Every horizontal space (non-breaking, thin, ideographic, tabs) becomes a plain space.
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalize_line(line: str) -> str:
    """One line of text with spaces folded and trimmed."""
    return _SPACES.sub(" ", line).strip()


def normalize_text(text: str) -> str:
    """NFC, unified newlines, invisible and control characters dropped, spaces folded."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.translate(_INVISIBLE)
    text = _CONTROL.sub("", text)
    return "\n".join(normalize_line(line) for line in text.split("\n")).strip()


def content_hash(text: str) -> str:
    """The article's identity: SHA-256 of its normalised text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def word_count(text: str) -> int:
    return len(re.findall(r"\w+(?:['’]\w+)*", text))
