"""Online story clustering: articles arrive one at a time and join a story or start one, never to move again.

For the corpus store, where articles trickle in and a story id, once handed out, must stay valid. Each new article is
scored against the ``story_neighbours`` most similar articles of the moving time window with the batch clusterer's
rule (:mod:`newsweave.cluster.score`); it joins the story whose mean link probability over its in-window members is
highest, if that mean reaches ``story_online_link_threshold``, else it starts a story. Key weights come from the key
counts of every article seen so far. Unlike the batch clusterer it never merges two stories afterwards, so it is less
accurate, and a join must clear a higher bar than a batch merge (its own threshold, tuned on the benchmark's dev
half); each ``add`` costs O(m d) for the m articles in the window.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict

import numpy as np

from newsweave.cluster.represent import normalise_keys
from newsweave.cluster.score import base_score, density_of, key_similarity, link_probability
from newsweave.config import Settings


class StoryClusterer:
    """Incremental clustering with stable story ids (``story-1``, ``story-2``, ... in order of creation)."""

    def __init__(self, settings: Settings | None = None, prefix: str = "story-") -> None:
        self._settings = settings or Settings()
        self._prefix = prefix
        self._ids: list[str] = []
        self._matrix = np.zeros((0, 0), dtype=np.float32)  # one row per article; capacity doubles when full
        self._dates = np.zeros(0)  # day ordinals, NaN when undated; same capacity
        self._keys: list[frozenset[str]] = []
        self._ordinals: list[int | None] = []
        self._story_of: list[int] = []
        self._neighbour_scores: list[list[float]] = []  # base scores to the best neighbours seen so far
        self._members: dict[int, list[int]] = defaultdict(list)
        self._key_counts: Counter[str] = Counter()

    def add(
        self,
        article_id: str,
        vector: np.ndarray,
        entities: frozenset[str] = frozenset(),
        date: dt.date | None = None,
    ) -> str:
        """File one article; returns the id of the story it joined or started."""
        settings = self._settings
        keys = normalise_keys(entities)
        self._key_counts.update(keys)
        ordinal = date.toordinal() if date is not None else None
        index = len(self._ids)
        candidates, z = self._neighbours(np.asarray(vector, dtype=np.float32), keys, ordinal)
        density = density_of(z, settings)
        for j, score in zip(candidates, z, strict=True):
            self._neighbour_scores[j] = sorted([*self._neighbour_scores[j], score], reverse=True)[
                : settings.story_density_neighbours
            ]
        neighbour_density = np.array([density_of(self._neighbour_scores[j], settings) for j in candidates])
        probability = link_probability(z, density, neighbour_density, settings)
        story = self._best_story(candidates, probability, ordinal)
        if story is None:
            story = len(self._members)
        self._store(index, np.asarray(vector, dtype=np.float32), ordinal)
        self._ids.append(article_id)
        self._keys.append(keys)
        self._ordinals.append(ordinal)
        self._story_of.append(story)
        self._neighbour_scores.append(sorted(z.tolist(), reverse=True)[: settings.story_density_neighbours])
        self._members[story].append(index)
        return self._story_id(story)

    def stories(self) -> dict[str, list[str]]:
        """Every story id with its article ids, in order of arrival."""
        return {self._story_id(s): [self._ids[i] for i in members] for s, members in self._members.items()}

    def _story_id(self, story: int) -> str:
        return f"{self._prefix}{story + 1}"

    def _store(self, index: int, vector: np.ndarray, ordinal: int | None) -> None:
        if index >= len(self._matrix):
            capacity = max(64, 2 * len(self._matrix))
            matrix = np.zeros((capacity, len(vector)), dtype=np.float32)
            if index:
                matrix[:index] = self._matrix[:index]
            dates = np.full(capacity, np.nan)
            dates[:index] = self._dates[:index]
            self._matrix, self._dates = matrix, dates
        self._matrix[index] = vector
        self._dates[index] = np.nan if ordinal is None else ordinal

    def _neighbours(
        self, vector: np.ndarray, keys: frozenset[str], ordinal: int | None
    ) -> tuple[list[int], np.ndarray]:
        """The best in-window articles by cosine and their base scores to the new article."""
        n = len(self._ids)
        if n == 0:
            return [], np.zeros(0)
        # einsum, not a BLAS product: for one vector, waking BLAS threads costs more than the arithmetic
        cosine = np.einsum("ij,j->i", self._matrix[:n], vector)
        if ordinal is not None:
            dates = self._dates[:n]
            outside = ~(np.isnan(dates) | (np.abs(dates - ordinal) <= self._settings.story_window_days))
            cosine[outside] = -np.inf
        k = min(self._settings.story_neighbours, n)
        top = np.argpartition(-cosine, k - 1)[:k]
        top = top[np.lexsort((top, -cosine[top]))]  # best first, ties by arrival: deterministic
        top = top[np.isfinite(cosine[top])]
        candidates = top.tolist()
        log_total = math.log(n + 1 + self._settings.story_idf_prior)  # score.idf, one key at a time
        weights = {
            key: log_total - math.log(self._key_counts[key] + 1)
            for j in candidates
            for key in self._keys[j] | keys
        }
        key_sims = [key_similarity(keys, self._keys[j], weights) for j in candidates]
        return candidates, base_score(cosine[top], key_sims, self._settings)

    def _best_story(self, candidates: list[int], probability: np.ndarray, ordinal: int | None) -> int | None:
        """The story with the highest mean link probability over its in-window members, if above the threshold."""
        totals: dict[int, float] = defaultdict(float)
        for j, p in zip(candidates, probability.tolist(), strict=True):
            totals[self._story_of[j]] += p
        days = self._settings.story_window_days
        best, best_mean = None, self._settings.story_online_link_threshold
        for story in sorted(totals):
            members = [
                m for m in self._members[story]
                if ordinal is None or self._ordinals[m] is None or abs(self._ordinals[m] - ordinal) <= days
            ]
            mean = totals[story] / len(members)
            if mean >= best_mean and (best is None or mean > best_mean):
                best, best_mean = story, mean
        return best
