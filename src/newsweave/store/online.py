"""Filing one new article into the stored corpus's stories, with the online rule of :mod:`newsweave.cluster.online`.

The rule is :class:`newsweave.cluster.StoryClusterer`'s (the batch clusterer's scoring, see
:mod:`newsweave.cluster.score`): score the new article against its ``story_neighbours`` most similar in-window
articles; join the story with the highest mean link probability over its in-window members if that mean reaches
``story_link_threshold``, else start a story. The difference is where the state lives: here in the database (vectors,
keys, dates, each article's best neighbour scores) and its in-memory :class:`~newsweave.store.index.CorpusIndex`,
so that clustering resumes across processes and restarts exactly where it stopped.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsweave.cluster.score import base_score, density_of, idf, key_similarity, link_probability
from newsweave.config import Settings
from newsweave.store.index import CorpusIndex, Neighbours


@dataclass(frozen=True)
class Placement:
    """Where a new article goes: an existing story, or None for a new one; and its scores to its neighbours."""

    story: str | None
    neighbours: np.ndarray  # rows
    scores: np.ndarray  # base scores to those rows
    own_scores: np.ndarray  # the article's best neighbour scores (its density), descending


def stored_neighbours(
    index: CorpusIndex, vectors: np.ndarray, dates: Sequence[dt.date | None], settings: Settings
) -> list[Neighbours]:
    """Each new article's ``story_neighbours`` nearest in-window articles among those stored before its batch.

    One blocked matrix product for the whole batch (:meth:`CorpusIndex.nearest_to`): the same O(b n d) arithmetic as
    searching article by article, but the stored vectors are read once per block instead of once per article, which
    is what made filing quadratic in memory traffic (100,000 articles: 150 MB read per article).
    """
    ordinals = np.array([np.nan if d is None else float(d.toordinal()) for d in dates])
    return index.nearest_to(vectors, ordinals, settings.story_neighbours, settings.story_window_days)


def place(
    index: CorpusIndex, vector: np.ndarray, keys: frozenset[str], date: dt.date | None, settings: Settings,
    stored: Neighbours, batch_start: int,
) -> Placement:
    """Score a new article against the corpus.

    ``keys`` are normalised (:func:`newsweave.cluster.represent.normalise_keys`, as the index holds them) and already
    counted in ``index.key_counts``. ``stored`` is the article's :func:`stored_neighbours`; rows from ``batch_start``
    on (its batch's articles filed before it) are searched here, O(batch) per article.
    """
    ordinal = np.nan if date is None else float(date.toordinal())
    rows, cosine = _nearest(index, vector, ordinal, stored, batch_start, settings)
    if len(rows) == 0:
        return Placement(None, np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0, dtype=np.float32))
    vocabulary = sorted(keys.union(*(index.keys[row] for row in rows.tolist())))
    counts = np.array([index.key_counts[key] for key in vocabulary], dtype=np.float64)
    weights = dict(zip(vocabulary, idf(counts, len(index) + 1, settings.story_idf_prior).tolist(), strict=True))
    key_sims = [key_similarity(keys, index.keys[row], weights) for row in rows.tolist()]
    z = base_score(cosine, key_sims, settings)
    density = density_of(z, settings)
    neighbour_density = np.array(
        [density_of(_merge(index.neighbour_scores[row], score, settings), settings) for row, score in zip(
            rows.tolist(), z.tolist(), strict=True)]
    )
    probability = link_probability(z, density, neighbour_density, settings)
    own = np.sort(z)[::-1][: settings.story_density_neighbours].astype(np.float32)
    return Placement(_best_story(index, rows, probability, ordinal, settings), rows, z, own)


def _nearest(
    index: CorpusIndex, vector: np.ndarray, ordinal: float, stored: Neighbours, batch_start: int, settings: Settings
) -> Neighbours:
    """The article's nearest in-window rows: its stored neighbours and the batch's earlier articles, merged."""
    fresh = np.arange(batch_start, len(index))
    if not np.isnan(ordinal):
        dates = index.ordinals[fresh]
        fresh = fresh[np.isnan(dates) | (np.abs(dates - ordinal) <= settings.story_window_days)]
    rows = np.concatenate([stored[0], fresh])
    cosine = np.concatenate([stored[1], index.matrix[fresh] @ vector])
    best = np.argsort(-cosine, kind="stable")[: settings.story_neighbours]
    return rows[best], cosine[best]


def record_neighbour_scores(index: CorpusIndex, placement: Placement, settings: Settings) -> list[int]:
    """Add the new article's scores to its neighbours' best-score lists; returns the rows whose list changed."""
    changed = []
    for row, score in zip(placement.neighbours.tolist(), placement.scores.tolist(), strict=True):
        merged = _merge(index.neighbour_scores[row], score, settings)
        if len(merged) != len(index.neighbour_scores[row]) or not np.array_equal(merged, index.neighbour_scores[row]):
            index.neighbour_scores[row] = merged
            changed.append(row)
    return changed


def _merge(scores: np.ndarray, score: float, settings: Settings) -> np.ndarray:
    merged = np.sort(np.append(scores, np.float32(score)))[::-1]
    return merged[: settings.story_density_neighbours].astype(np.float32)


def _best_story(
    index: CorpusIndex, rows: np.ndarray, probability: np.ndarray, ordinal: float, settings: Settings
) -> str | None:
    """The story with the highest mean link probability over its in-window members, if above the threshold."""
    totals: dict[str, float] = defaultdict(float)
    for row, p in zip(rows.tolist(), probability.tolist(), strict=True):
        totals[index.story[row]] += p
    ordinals = index.ordinals
    best, best_mean = None, settings.story_link_threshold
    for story in sorted(totals):
        members = np.asarray(index.members[story])
        if not np.isnan(ordinal):
            dates = ordinals[members]
            members = members[np.isnan(dates) | (np.abs(dates - ordinal) <= settings.story_window_days)]
        mean = totals[story] / max(len(members), 1)
        if mean >= best_mean and (best is None or mean > best_mean):
            best, best_mean = story, mean
    return best
