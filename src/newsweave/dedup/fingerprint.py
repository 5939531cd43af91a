"""Text fingerprints for copy detection: a normalised exact hash and word shingles."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    """Case-folded word tokens, with typographic variants (curly quotes, accents) folded away."""
    folded = unicodedata.normalize("NFKD", text).casefold()
    return _WORD.findall(folded)


def exact_hash(text: str) -> str:
    """Equal for texts that differ only in case, punctuation, spacing or accents."""
    return hashlib.blake2b(" ".join(words(text)).encode("utf-8"), digest_size=16).hexdigest()


def shingles(text: str, size: int = 5) -> frozenset[str]:
    """Word ``size``-grams; a text shorter than ``size`` words is one shingle."""
    tokens = words(text)
    if len(tokens) <= size:
        return frozenset([" ".join(tokens)]) if tokens else frozenset()
    return frozenset(" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of ``a``'s shingles found in ``b``: how much of ``a`` was copied verbatim from ``b``."""
    if not a:
        return 0.0
    return len(a & b) / len(a)
