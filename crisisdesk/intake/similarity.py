"""Near-duplicate fingerprints: MinHash over word pairs, cut into bands for lookup (LSH).

Forwarded WhatsApp chains, retweets and copy-paste variants with a few words changed share
most word pairs; two texts whose pair sets overlap by about two thirds or more share at least
one band with high probability, so a band lookup in the database finds the candidates without
comparing every pair of messages. The hashes are CRC-32 based (stable across processes and
machines), never Python's salted ``hash``.
"""

from __future__ import annotations

import itertools
import zlib

from crisisdesk.text.normalise import tokens

MIN_TOKENS = 5
ROWS = 3
BANDS = 4
# Fixed 32-bit masks: XOR with a mask permutes the hash space, one permutation per row.
# Changing them changes every stored band.
_SEEDS = tuple(zlib.crc32(f"minhash-{i}".encode()) for i in range(ROWS * BANDS))


def shingles(normalised: str, words: list[str] | None = None) -> set[int]:
    """CRC-32 of every adjacent word pair of the (already normalised) text."""
    words = tokens(normalised) if words is None else words
    if len(words) < MIN_TOKENS:
        return set()
    return {zlib.crc32(f"{a} {b}".encode()) for a, b in itertools.pairwise(words)}


def signature(hashes: set[int]) -> list[int]:
    """The MinHash signature: per hash function, the smallest hashed shingle."""
    if not hashes:
        return []
    return [min(map(seed.__xor__, hashes)) for seed in _SEEDS]


def band_keys(normalised: str, words: list[str] | None = None) -> list[str]:
    """The LSH band keys of a text; empty for texts too short to say anything."""
    sig = signature(shingles(normalised, words))
    if not sig:
        return []
    return [
        f"{band}:" + "".join(f"{v:08x}" for v in sig[band * ROWS : (band + 1) * ROWS])
        for band in range(BANDS)
    ]


def jaccard(a: str, b: str) -> float:
    """Exact word-pair overlap of two normalised texts (for tests and thresholds)."""
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


__all__ = ["BANDS", "MIN_TOKENS", "ROWS", "band_keys", "jaccard", "shingles", "signature"]
