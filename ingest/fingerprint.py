"""Article fingerprints for finding copies: word shingles per paragraph -> MinHash -> LSH band keys.

Pure (no database): the archive persists the signature and the band keys (archive.stories) so a new
article's candidate copies are found by index lookups. Thresholds are measured in docs/stories.md.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash

from ingest.paragraphs import PARAGRAPH_SEPARATOR

SHINGLE_WORDS = 5  # words per shingle; paragraphs are shingled separately so reordering costs nothing
NUM_PERM = 128
BANDS, ROWS = 42, 3  # LSH: 42 bands of 3 rows; candidate with p = 0.94 at Jaccard 0.4, 0.04 at 0.1
SCHEME = "affine32"  # explicit, so stored signatures do not change with datasketch's default
SEED = 1

_WORD = re.compile(r"\w+")
_APOSTROPHE = re.compile("['\u2019\u2018\u02bc]")
_MASK32 = np.uint64(0xFFFFFFFF)
_MULTIPLIER = np.uint64(1_000_003)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_BYTE_POWERS = np.cumprod(np.full(4096, 257, dtype=np.uint64)) // np.uint64(257)  # 257**i mod 2**64
# Shingle hashes arrive already hashed (32-bit), so datasketch's hash function is the identity.
_BAND_HASHERS = [hashlib.blake2b(digest_size=8, key=band.to_bytes(2, "little")) for band in range(BANDS)]
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=int)


def words(text: str) -> list[str]:
    """Case-folded words, apostrophes dropped (`don’t` = `don't` = `dont`), punctuation ignored."""
    return _WORD.findall(_APOSTROPHE.sub("", unicodedata.normalize("NFKC", text)).casefold())


def _word_hashes(tokens: list[str]) -> np.ndarray:
    """A 32-bit hash of each word, computed for all words at once (polynomial over UTF-8 bytes, mixed)."""
    data = np.frombuffer("\0".join(tokens).encode("utf-8"), dtype=np.uint8).astype(np.uint64)
    ends = np.flatnonzero(data == 0)
    starts = np.concatenate(([0], ends + 1))
    lengths = np.diff(np.concatenate((starts, [len(data) + 1])))
    offsets = np.arange(len(data)) - np.repeat(starts, lengths)[: len(data)]
    with np.errstate(over="ignore"):
        hashes = np.add.reduceat(data * _BYTE_POWERS[np.minimum(offsets, len(_BYTE_POWERS) - 1)], starts)
        hashes = (hashes + lengths.astype(np.uint64)) * _MIX
    return hashes >> np.uint64(32)


def _rolling(hashes: np.ndarray, width: int) -> np.ndarray:
    """32-bit polynomial hashes of every run of `width` consecutive word hashes."""
    count = len(hashes) - width + 1
    out = np.zeros(count, dtype=np.uint64)
    for j in range(width):
        out = (out * _MULTIPLIER + hashes[j : j + count]) & _MASK32
    return out


def shingle_hashes(text: str) -> np.ndarray:
    """Distinct hashes of the word shingles of each paragraph of an article's text.

    Paragraphs are shingled separately, so reordering them changes nothing; a paragraph shorter
    than a shingle is one shingle.
    """
    paragraphs = [tokens for tokens in map(words, text.split(PARAGRAPH_SEPARATOR)) if tokens]
    if not paragraphs:
        return np.zeros(0, dtype=np.uint64)
    hashes = _word_hashes([t for tokens in paragraphs for t in tokens])
    sizes = np.array([len(tokens) for tokens in paragraphs])
    parts = []
    if len(hashes) >= SHINGLE_WORDS:
        # Shingles over all words at once, keeping those that start and end in one paragraph.
        paragraph_of_word = np.repeat(np.arange(len(sizes)), sizes)
        rolled = _rolling(hashes, SHINGLE_WORDS)
        parts.append(rolled[paragraph_of_word[: len(rolled)] == paragraph_of_word[SHINGLE_WORDS - 1 :]])
    ends = np.cumsum(sizes)
    for size, end in zip(sizes, ends):
        if size < SHINGLE_WORDS:
            parts.append(_rolling(hashes[end - size : end], int(size)))
    return np.unique(np.concatenate(parts))


@dataclass(frozen=True)
class Fingerprint:
    """A MinHash signature and the number of shingles it summarises (and the shingles, when computed)."""

    signature: np.ndarray  # NUM_PERM uint32 hash values
    size: int
    shingles: np.ndarray | None = field(default=None, repr=False)  # not stored: recomputed from the text

    def __reduce__(self):
        """Pickled without the shingles: the writer queues or stores the signature and size only and
        recomputes shingles from the text when an exact check needs them, so what a worker sends back
        stays small."""
        return (Fingerprint, (self.signature, self.size))

    def to_bytes(self) -> bytes:
        return self.signature.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, size: int) -> Fingerprint:
        return cls(np.frombuffer(data, dtype="<u4"), size)

    def band_keys(self) -> list[int]:
        """One signed 64-bit key per LSH band (band number included), for an indexed lookup.

        Each band's BLAKE2b is keyed with the band number; the keyed states are made once.
        """
        raw = self.signature.astype("<u4").tobytes()
        size, from_bytes = ROWS * 4, int.from_bytes
        keys = []
        for band, keyed in enumerate(_BAND_HASHERS):
            h = keyed.copy()
            h.update(raw[band * size : (band + 1) * size])
            keys.append(from_bytes(h.digest(), "little", signed=True))
        return keys

    def jaccard(self, other: Fingerprint) -> float:
        """Jaccard similarity of the two shingle sets estimated from the signatures."""
        if not self.size or not other.size:
            return 0.0
        return float(np.count_nonzero(self.signature == other.signature)) / NUM_PERM

    def containment(self, other: Fingerprint) -> float:
        """Share of the smaller shingle set found in the larger, estimated from the signatures."""
        j = self.jaccard(other)
        if j == 0.0:
            return 0.0
        overlap = j * (self.size + other.size) / (1 + j)
        return min(1.0, overlap / min(self.size, other.size))


def fingerprint(text: str) -> Fingerprint:
    """The fingerprint of an article's normalised text (paragraphs joined by PARAGRAPH_SEPARATOR)."""
    found = shingle_hashes(text)
    minhash = _TEMPLATE.copy()
    minhash.update_batch(found.tolist())
    return Fingerprint(np.asarray(minhash.hashvalues, dtype=np.uint32), len(found), found)


def overlap(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Exact (Jaccard, containment) of two sets of shingle hashes; containment is over the smaller set."""
    if not len(a) or not len(b):
        return 0.0, 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common), common / min(len(a), len(b))
