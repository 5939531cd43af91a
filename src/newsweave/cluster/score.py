"""How likely two articles are to tell the same story: the one scoring rule the batch and online clusterers share.

For a pair (a, b) the *base score* is

    z = cos(vector_a, vector_b) + story_key_weight * keysim(a, b)

where ``keysim`` is the cosine of the two articles' key sets, each key weighted by its smoothed inverse document
frequency in the collection at hand (a name that few articles carry is strong evidence; "trump" is not).

The base score alone merges different events of one busy topic: every weekly jobless-claims report looks like every
other. So each article also gets a *density*: the base score of its k-th best neighbour (k =
``story_density_neighbours``), kept between ``story_density_floor`` and ``story_density_cap``. A pair in a crowded
topic must score higher to be linked: the link probability is

    p = sigmoid(story_score_scale * (z - story_density_weight * (density_a + density_b) / 2 - story_score_offset))

(a hubness correction in the spirit of cross-domain similarity local scaling, CSLS). Why the k-th neighbour and
not the mean of the best k, as CSLS has it: an article's best neighbours are usually its own story, and a story
must not count as its own crowd, or five reports of one event would raise their own bar and split. With k = 8 a story
of up to eight articles does not raise its bar at all (its members' 8th neighbours are other stories); the mean of
the best k fits the benchmark's stories of exactly three better (B-cubed F1 +0.03) for exactly that wrong reason.
The floor is the density of an article with fewer than k neighbours (a small batch is judged as an ordinary corpus,
not as an empty one where anything would link); the cap limits how far a story bigger than k can raise its own bar.
The weights are fitted on the dev half of the AllSides clustering benchmark (``python -m benchmarks.clustering
--fit``): logistic regressions on candidate pairs, then a small grid over the key and density weights and the link
threshold for B-cubed F1, since the regressions weigh every pair alike and clustering turns on the ambiguous ones.
They are on the scale of the unpadded embedder (unrelated articles near cosine 0, same-story ones 0.5-0.9); weights
fitted on other vectors do not carry over.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import scipy.sparse as sp

from newsweave.config import Settings

_PAIRS = 16_384  # pairs whose key cosines are computed at once: each gathers two sparse rows (~12 bytes a key)


def idf(document_frequency: np.ndarray | int, documents: int, prior: float) -> np.ndarray:
    """Smoothed inverse document frequency: ``prior`` pseudo-documents that contain no key keep a key shared by
    every article of a small batch (five reports of one event all say "komsomolsk") from weighing nothing."""
    return np.log((documents + prior) / (np.asarray(document_frequency, dtype=np.float64) + 1.0))


def key_matrix(keys: Iterable[frozenset[str]], prior: float) -> sp.csr_matrix:
    """Rows of IDF-weighted key indicators, L2-normalised, so that a row product is the key cosine.

    ``keys`` is read once, so a generator spares the caller holding every set (at 90,000 articles a list of
    freshly normalised sets was 250 MB); the column numbers are kept as int64 arrays rather than lists of ints.
    """
    vocabulary: dict[str, int] = {}
    columns, lengths = array("q"), array("q")
    for article_keys in keys:
        before = len(columns)
        columns.extend(vocabulary.setdefault(key, len(vocabulary)) for key in article_keys)
        lengths.append(len(columns) - before)
    n = len(lengths)
    cols = np.array(columns, dtype=np.int64)
    rows = np.repeat(np.arange(n, dtype=np.int64), np.array(lengths, dtype=np.int64))
    matrix = sp.csr_matrix(
        (np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(n, max(len(vocabulary), 1))
    )
    frequency = np.bincount(cols, minlength=matrix.shape[1])
    weights = idf(frequency, n, prior)
    matrix = matrix @ sp.diags(weights)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    return sp.csr_matrix(sp.diags(1.0 / np.maximum(norms, 1e-12)) @ matrix)


def pair_key_similarity(matrix: sp.csr_matrix, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Key cosine of the row pairs (a[i], b[i]), _PAIRS pairs at a time: gathering the rows of 1.1 million pairs at
    once took 1.2 GB. Each value is one row's sum, so the chunking changes none."""
    out = np.zeros(len(a))
    for first in range(0, len(a), _PAIRS):
        last = first + _PAIRS
        out[first:last] = np.asarray(matrix[a[first:last]].multiply(matrix[b[first:last]]).sum(axis=1)).ravel()
    return out


def key_similarity(keys_a: frozenset[str], keys_b: frozenset[str], weights: Mapping[str, float]) -> float:
    """Key cosine of two sets under the given key weights (the online clusterer's one-pair form)."""
    norm_a = math.sqrt(sum(weights[k] ** 2 for k in keys_a))
    norm_b = math.sqrt(sum(weights[k] ** 2 for k in keys_b))
    if norm_a == 0 or norm_b == 0:
        return 0.0
    return sum(weights[k] ** 2 for k in keys_a & keys_b) / (norm_a * norm_b)


def base_score(cosine: np.ndarray | float, key_sim: np.ndarray | float, settings: Settings) -> np.ndarray:
    return np.asarray(cosine, dtype=np.float64) + settings.story_key_weight * np.asarray(key_sim, dtype=np.float64)


def density_of(scores: Sequence[float] | np.ndarray, settings: Settings) -> float:
    """One article's density from the base scores to its neighbours: its k-th best score, clipped."""
    k = settings.story_density_neighbours
    scores = np.asarray(scores, dtype=np.float64)
    kth = np.sort(scores)[::-1][k - 1] if len(scores) >= k else settings.story_density_floor
    return float(np.clip(kth, settings.story_density_floor, settings.story_density_cap))


def densities(n: int, a: np.ndarray, b: np.ndarray, z: np.ndarray, settings: Settings) -> np.ndarray:
    """:func:`density_of` for every article at once, from the candidate pairs (vectorised)."""
    k = settings.story_density_neighbours
    node = np.concatenate([a, b])
    value = np.concatenate([z, z])
    order = np.lexsort((-value, node))
    node, value = node[order], value[order]
    rank = np.arange(len(node)) - np.searchsorted(node, np.arange(n))[node]
    out = np.full(n, settings.story_density_floor, dtype=np.float64)
    out[node[rank == k - 1]] = value[rank == k - 1]
    return np.clip(out, settings.story_density_floor, settings.story_density_cap)


def link_probability(
    z: np.ndarray | float, density_a: np.ndarray | float, density_b: np.ndarray | float, settings: Settings
) -> np.ndarray:
    """Probability that the pair tells the same story, given its base score and both densities."""
    margin = (
        np.asarray(z, dtype=np.float64)
        - settings.story_density_weight * (np.asarray(density_a) + np.asarray(density_b)) / 2
        - settings.story_score_offset
    )
    return 1.0 / (1.0 + np.exp(-settings.story_score_scale * margin))
