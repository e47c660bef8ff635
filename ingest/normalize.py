"""Text normalisation: Unicode NFC, cleaned whitespace, typographic quotes kept as written."""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Invisible characters that only get in the way of search (zero-width space, word joiner, BOM, soft
# hyphen), and the two private-use characters the archive uses as highlight markers (archive.search),
# so no text forges them. The zero-width joiner and non-joiner stay: they are part of the spelling of
# words (Persian, Indic scripts) and of emoji sequences.
_INVISIBLE = "\u200b\u2060\ufeff\u00ad\ue000\ue001"
# Every horizontal space (non-breaking, thin, ideographic, tabs) becomes a plain space.
_OTHER_SPACES = r"\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_SPACES = re.compile(f"[ {_OTHER_SPACES}]+")
# The same, matching only what folding changes (a single plain space is left alone: cheaper).
_SPACES_TO_FOLD = re.compile(f"[ {_OTHER_SPACES}]{{2,}}|[{_OTHER_SPACES}]")
_CONTROL = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
# Both dropped in one pass (dropping single characters, the order does not matter).
_DROPPED = re.compile(f"[{_INVISIBLE}{_CONTROL}]")
# Any horizontal space but the plain one: when a text has none and no two spaces in a row, folding
# has nothing to do, and this one-character search costs half of running the folding pattern.
_OTHER_SPACE = re.compile(f"[{_OTHER_SPACES}]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def normalize_line(line: str) -> str:
    """One line of text with spaces folded and trimmed."""
    return _SPACES.sub(" ", line).strip()


# After spaces are folded: a space at either end of a line.
_LINE_EDGES = re.compile(r" \n ?|\n ")
# What str.strip() would also take from a line's ends that _SPACES leaves alone.
_OTHER_EDGE_SPACE = re.compile(r"[\x1c-\x1f\x85\u2028\u2029]")


def normalize_text(text: str) -> str:
    """NFC, unified newlines, invisible and control characters dropped, spaces folded.

    Equal to folding and trimming line by line (tests/test_normalize.py), in a few whole-text
    passes, each skipped when a cheap check shows it has nothing to do: this runs on every input."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():  # ASCII is NFC and holds none of the invisible characters
        data = text.encode("ascii")
        kept = data.translate(None, _CONTROL_BYTES)
        if len(kept) != len(data):
            text = kept.decode("ascii")
        if "  " in text or "\t" in text:
            text = _SPACES_TO_FOLD.sub(" ", text)
    else:
        text = unicodedata.normalize("NFC", text)
        text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
        text = _DROPPED.sub("", text)
        if _OTHER_EDGE_SPACE.search(text):  # rare: line by line, as str.strip() sees them
            return "\n".join(normalize_line(line) for line in text.split("\n")).strip()
        if "  " in text or _OTHER_SPACE.search(text):
            text = _SPACES_TO_FOLD.sub(" ", text)
    if " \n" in text or "\n " in text:
        text = _LINE_EDGES.sub("\n", text)
    return text.strip()


def content_hash(text: str) -> str:
    """The article's identity: SHA-256 of its normalised text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_WORDS = re.compile(r"\w+(?:['’]\w+)*")


def word_count(text: str) -> int:
    return len(_WORDS.findall(text))
