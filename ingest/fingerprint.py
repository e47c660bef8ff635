"""Article fingerprints for finding copies: word shingles per paragraph -> MinHash -> LSH band keys.

Pure (no database): the archive persists the signature and the band keys (archive.stories) so a new
article's candidate copies are found by index lookups. Thresholds are measured in docs/stories.md.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

SHINGLE_WORDS = 5  # words per shingle; paragraphs are shingled separately so reordering costs nothing
NUM_PERM = 128
BANDS, ROWS = 42, 3  # LSH: 42 bands of 3 rows; candidate with p = 0.94 at Jaccard 0.4, 0.04 at 0.1
SCHEME = "affine32"  # explicit, so stored signatures do not change with datasketch's default
SEED = 1

_WORD = re.compile(r"\w+")
_APOSTROPHE = re.compile("['\u2019\u2018\u02bc]")
_MASK32 = np.uint64(0xFFFFFFFF)
_MULTIPLIER = np.uint64(1_000_003)
# Shingle hashes arrive already hashed (32-bit), so datasketch's hash function is the identity.
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=int)


def words(text: str) -> list[str]:
    """Case-folded words, apostrophes dropped (`don’t` = `don't` = `dont`), punctuation ignored."""
    return _WORD.findall(_APOSTROPHE.sub("", unicodedata.normalize("NFKC", text)).casefold())


def _rolling(hashes: np.ndarray, width: int) -> np.ndarray:
    """32-bit polynomial hashes of every run of `width` consecutive word hashes."""
    count = len(hashes) - width + 1
    out = np.zeros(count, dtype=np.uint64)
    for j in range(width):
        out = (out * _MULTIPLIER + hashes[j:j + count]) & _MASK32
    return out


def shingle_hashes(text: str) -> np.ndarray:
    """Distinct hashes of the word shingles of each blank-line separated paragraph.

    Paragraphs are shingled separately, so reordering them changes nothing; a paragraph shorter
    than a shingle is one shingle.
    """
    parts = []
    for paragraph in text.split("\n\n"):
        tokens = words(paragraph)
        if not tokens:
            continue
        hashes = np.fromiter((zlib.crc32(t.encode("utf-8")) for t in tokens), dtype=np.uint64, count=len(tokens))
        parts.append(_rolling(hashes, min(SHINGLE_WORDS, len(tokens))))
    return np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.uint64)


@dataclass(frozen=True)
class Fingerprint:
    """A MinHash signature and the number of shingles it summarises."""

    signature: np.ndarray  # NUM_PERM uint32 hash values
    size: int

    def to_bytes(self) -> bytes:
        return self.signature.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, size: int) -> "Fingerprint":
        return cls(np.frombuffer(data, dtype="<u4"), size)

    def band_keys(self) -> list[int]:
        """One signed 64-bit key per LSH band (band number included), for an indexed lookup."""
        raw = self.signature.astype("<u4")
        keys = []
        for band in range(BANDS):
            digest = hashlib.blake2b(raw[band * ROWS:(band + 1) * ROWS].tobytes(), digest_size=8,
                                     key=band.to_bytes(2, "little")).digest()
            keys.append(int.from_bytes(digest, "little", signed=True))
        return keys

    def jaccard(self, other: "Fingerprint") -> float:
        """Estimated Jaccard similarity of the two shingle sets."""
        if not self.size or not other.size:
            return 0.0
        return float(np.count_nonzero(self.signature == other.signature)) / NUM_PERM

    def containment(self, other: "Fingerprint") -> float:
        """Estimated share of the smaller shingle set found in the larger (a trimmed copy scores high)."""
        j = self.jaccard(other)
        if j == 0.0:
            return 0.0
        overlap = j * (self.size + other.size) / (1 + j)
        return min(1.0, overlap / min(self.size, other.size))


def fingerprint(text: str) -> Fingerprint:
    """The fingerprint of an article's normalised text (paragraphs separated by blank lines)."""
    found = shingle_hashes(text)
    minhash = _TEMPLATE.copy()
    minhash.update_batch(found.tolist())
    return Fingerprint(np.asarray(minhash.hashvalues, dtype=np.uint32), len(found))
