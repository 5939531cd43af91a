"""The same-claim decision shared by claim alignment and rewrite detection.

Embedding cosine alone over-rates sentences about the same topic that state different things ("Kim met Putin on
Wednesday" / "Kim will meet Putin next year"); word overlap alone misses paraphrase. The score mixes both: cosine of
MiniLM vectors, plus the Dice overlap of content words (lower-cased, stop words and punctuation dropped), which is
what paraphrases of news sentences keep: names, numbers, key nouns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from newsweave.config import Settings
from newsweave.embed import get_embedder

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
_EMBEDDING_WEIGHT = 0.8


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | {"said", "says", "told", "also", "mr", "ms", "mrs"}


def content_words(text: str) -> frozenset[str]:
    """Lower-cased words of ``text`` that carry content (stop words dropped; hyphens and apostrophes kept inside)."""
    stop = _stop_words()
    words = (w.lower().replace("’", "'") for w in _WORD.findall(text))
    return frozenset(w.removesuffix("'s") for w in words if w not in stop and len(w) > 1)


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def combine(cosine: np.ndarray, lexical: np.ndarray) -> np.ndarray:
    """The score from its two parts (both in [0, 1]; negative cosines count as 0)."""
    return _EMBEDDING_WEIGHT * np.clip(cosine, 0.0, 1.0) + (1 - _EMBEDDING_WEIGHT) * lexical


def claim_similarity(a: Sequence[str], b: Sequence[str]) -> np.ndarray:
    """Score each pair ``(a[i], b[i])``: 1.0 = the same claim, 0.0 = unrelated."""
    if len(a) != len(b):
        raise ValueError(f"claim_similarity needs pairs: got {len(a)} and {len(b)} texts")
    embedder = get_embedder()
    va, vb = embedder.encode(list(a)), embedder.encode(list(b))
    cosine = np.einsum("ij,ij->i", va, vb)
    lexical = np.array([dice(content_words(x), content_words(y)) for x, y in zip(a, b, strict=True)])
    return combine(cosine, lexical)


def cosine_floor(threshold: float) -> float:
    """The least embedding cosine with which a pair can still reach ``threshold`` (the lexical part adds at most
    ``1 - _EMBEDDING_WEIGHT``): pairs below it need no lexical comparison."""
    return (threshold - (1 - _EMBEDDING_WEIGHT)) / _EMBEDDING_WEIGHT - 1e-9


def similarity_matrix(
    vectors_a: np.ndarray, words_a: Sequence[frozenset[str]], vectors_b: np.ndarray, words_b: Sequence[frozenset[str]]
) -> np.ndarray:
    """All-pairs claim similarity between two sets of sentences whose vectors and content words are known.

    O(n·m) in time and memory; callers keep n and m to one story's sentences, or filter with :func:`cosine_floor`.
    """
    cosine = vectors_a @ vectors_b.T
    lexical = np.zeros_like(cosine)
    for i, wa in enumerate(words_a):
        if not wa:
            continue
        for j, wb in enumerate(words_b):
            common = len(wa & wb)
            if common:
                lexical[i, j] = 2 * common / (len(wa) + len(wb))
    return combine(cosine, lexical)


def same_claim(scores: np.ndarray, settings: Settings | None = None) -> np.ndarray:
    """The decision alignment makes: True where two sentences state the same claim."""
    threshold = (settings or Settings()).align_similarity
    return np.asarray(scores) >= threshold
