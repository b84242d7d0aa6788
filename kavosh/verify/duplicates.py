"""Near-duplicates and versions: MinHash over the normalised text's word shingles.

Each document's text goes through the project's normaliser and tokenizer
(:func:`kavosh.text.index_text`: Arabic ي/ك are Persian ی/ک, half-spaces and diacritics
go, digits are ASCII), so a copy retyped on an Arabic keyboard is the same text. Its word
:data:`SHINGLE`-grams are hashed and :data:`PERMUTATIONS` minimums kept (the signature, stored
per document: a re-run signs only new documents). Candidate pairs come from
locality-sensitive hashing (:data:`BANDS` bands of the signature); a pair whose estimated
Jaccard similarity is at least :data:`MIN_SCORE` is a finding on both documents, with the
score: a near-duplicate from :data:`NEAR`, else a version. Information, not a defect: two
versions of one cable are what a reporter wants to compare side by side.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from itertools import combinations
from typing import Any

import numpy as np

from kavosh.store.verify import StoredFinding
from kavosh.text import index_text
from kavosh.verify.base import CaseInput, Check, DocumentInput

SHINGLE = 3
PERMUTATIONS = 128
BANDS = 32  # of PERMUTATIONS // BANDS rows: pairs above ~0.45 similar become candidates
MIN_SHINGLES = 8  # fewer: too short to compare
MIN_SCORE = 0.5
NEAR = 0.9
MAX_BUCKET = 500  # a band bucket this full is boilerplate shared by many documents
# Multiply-add-shift hashing of 32-bit shingle hashes: ((a·x + b) mod 2⁶⁴) >> 32 with a random
# odd 64-bit ``a`` is a 2-independent family (Dietzfelbinger). A modulus larger than the
# products would be nearly monotonic in x: every permutation would keep the same smallest
# shingle, and two documents sharing it would look alike.
_RNG = np.random.default_rng(16)
_A = _RNG.integers(0, np.iinfo(np.uint64).max, PERMUTATIONS, dtype=np.uint64,
                   endpoint=True) | np.uint64(1)
_B = _RNG.integers(0, np.iinfo(np.uint64).max, PERMUTATIONS, dtype=np.uint64, endpoint=True)
_SHIFT = np.uint64(32)


def shingles(text: str) -> set[int]:
    """The hashed word :data:`SHINGLE`-grams of ``text`` after normalisation."""
    words = index_text(text).split()
    if len(words) < SHINGLE:
        return {zlib.crc32(" ".join(words).encode())} if words else set()
    return {zlib.crc32(" ".join(words[i:i + SHINGLE]).encode())
            for i in range(len(words) - SHINGLE + 1)}


def signature(hashes: set[int]) -> list[int]:
    """The MinHash signature of a set of shingle hashes."""
    values = np.fromiter(hashes, dtype=np.uint64, count=len(hashes))
    mixed = (values[:, None] * _A[None, :] + _B[None, :]) >> _SHIFT  # wraps mod 2**64
    return [int(v) for v in mixed.min(axis=0)]


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(np.asarray(a, dtype=np.uint64) == np.asarray(b, dtype=np.uint64)))


def similar_pairs(signatures: dict[int, list[int]], min_score: float = MIN_SCORE
                  ) -> list[tuple[int, int, float]]:
    """``(document, document, score)`` of every pair at least ``min_score`` similar, best
    first."""
    rows = PERMUTATIONS // BANDS
    buckets: dict[tuple[int, tuple[int, ...]], list[int]] = defaultdict(list)
    for doc, sig in signatures.items():
        for band in range(BANDS):
            buckets[(band, tuple(sig[band * rows:(band + 1) * rows]))].append(doc)
    candidates = {pair for members in buckets.values() if 1 < len(members) <= MAX_BUCKET
                  for pair in combinations(sorted(members), 2)}
    scored = [(a, b, similarity(signatures[a], signatures[b])) for a, b in candidates]
    return sorted((p for p in scored if p[2] >= min_score), key=lambda p: (-p[2], p[0], p[1]))


class DuplicatesCheck(Check):
    name = "duplicates"
    version = "2"
    title = "Near-duplicates and versions (MinHash over normalised text)"
    across_documents = True

    def document(self, doc: DocumentInput) -> tuple[Any, list[StoredFinding]]:
        hashes = shingles(doc.text)
        if len(hashes) < MIN_SHINGLES:
            return None, []
        return {"shingles": len(hashes), "minhash": signature(hashes)}, []

    def across(self, case: CaseInput, data: dict[int, Any]) -> list[StoredFinding]:
        signatures = {doc: d["minhash"] for doc, d in data.items()
                      if d is not None and doc in case.documents}
        found = []
        for a, b, score in similar_pairs(signatures):
            kind = "near-duplicate" if score >= NEAR else "version"
            for doc, other in ((a, b), (b, a)):
                found.append(self.finding(
                    doc, "info", f"{kind} of document {other} ({case.documents[other].path}): "
                    f"similarity {score:.2f}", kind=kind, score=round(score, 3),
                    documents=[other]))
        return found
