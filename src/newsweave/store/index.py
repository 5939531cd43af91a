"""The in-memory view of the stored corpus that ingest needs: vectors, cluster keys, dates and stories.

Loaded from the database once per ingest and kept in step with every batch the process writes: 1.5 KB of float32
vector per article, about 6 KB with its id, title, key set and scores as Python objects (measured: 100,000 articles
in ~600 MB, which is why the vectors need not be float16 or memory-mapped below a few hundred thousand).
``generation`` is the database's write counter at the time of loading: when another process wrote in between, the
next batch reloads instead of clustering against a stale picture.

Nearest neighbours are exact (one blocked matrix product over the stored vectors, O(n d) per query, asked for a
whole batch of queries at once so that the matrix is read once per block rather than once per query): at 100,000
articles a query batch of 500 costs about 40 GFLOP, under a CPU second with the top-k selection (measured), and
exact search has no recall loss to tune. An HNSW index (hnswlib) is the upgrade path past a few million articles.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from newsweave.embed import DIMENSIONS
from newsweave.store.engine import writing
from newsweave.store.schema import articles, copies, store_state, stories

_CELLS = 20_000_000  # similarity cells computed at once (80 MB of float32)

Neighbours = tuple[np.ndarray, np.ndarray]  # rows, and their cosines to the query, most similar first


def scores_blob(scores: np.ndarray) -> bytes:
    return np.asarray(scores, dtype=np.float32).tobytes()


def vector_blob(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


@dataclass
class CorpusIndex:
    """Row i is one stored article (in arrival order); parallel lists hold what clustering needs of it."""

    generation: int = 0
    ids: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    sources: list[str | None] = field(default_factory=list)  # case-folded outlet, None when unknown
    dates: list[dt.date | None] = field(default_factory=list)
    keys: list[frozenset[str]] = field(default_factory=list)
    story: list[str] = field(default_factory=list)
    neighbour_scores: list[np.ndarray] = field(default_factory=list)  # best base scores seen, descending
    derived: set[str] = field(default_factory=set)  # ids of articles that have a copy link to a source
    retired: set[str] = field(default_factory=set)  # ids of stories merged away (their ids are never reused)
    key_counts: Counter[str] = field(default_factory=Counter)
    members: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    row_of: dict[str, int] = field(default_factory=dict)
    _matrix: np.ndarray = field(default_factory=lambda: np.zeros((0, DIMENSIONS), dtype=np.float32))
    _ordinals: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def matrix(self) -> np.ndarray:
        return self._matrix[: len(self.ids)]

    @property
    def ordinals(self) -> np.ndarray:
        """Day ordinals of the articles' dates, NaN when undated."""
        return self._ordinals[: len(self.ids)]

    @classmethod
    def load(cls, conn: Connection) -> CorpusIndex:
        index = cls(generation=current_generation(conn))
        query = sa.select(
            articles.c.id,
            articles.c.title,
            articles.c.source_key,
            articles.c.published,
            articles.c.cluster_keys,
            articles.c.story_id,
            articles.c.vector,
            articles.c.neighbour_scores,
        ).order_by(articles.c.seq)
        for row in conn.execute(query):
            index.add(
                row.id,
                row.title,
                row.source_key,
                row.published,
                frozenset(json.loads(row.cluster_keys)),
                np.frombuffer(row.vector, dtype=np.float32),
                row.story_id,
                np.frombuffer(row.neighbour_scores, dtype=np.float32),
            )
        index.derived = set(conn.execute(sa.select(copies.c.article_id).distinct()).scalars())
        index.retired = set(
            conn.execute(sa.select(stories.c.id).where(sa.or_(stories.c.merged_into.is_not(None),
                                                              stories.c.article_count == 0))).scalars()
        )
        return index

    def add(
        self,
        article_id: str,
        title: str,
        source: str | None,
        date: dt.date | None,
        keys: frozenset[str],
        vector: np.ndarray,
        story: str,
        neighbour_scores: np.ndarray,
    ) -> int:
        row = len(self.ids)
        self._reserve(row + 1)
        self._matrix[row] = vector
        self._ordinals[row] = np.nan if date is None else date.toordinal()
        self.ids.append(article_id)
        self.titles.append(title)
        self.sources.append(source)
        self.dates.append(date)
        self.keys.append(keys)
        self.story.append(story)
        self.neighbour_scores.append(np.asarray(neighbour_scores, dtype=np.float32))
        self.key_counts.update(keys)
        self.members[story].append(row)
        self.row_of[article_id] = row
        return row

    def move(self, row: int, story: str) -> None:
        """Put one article in another story."""
        old = self.story[row]
        if old == story:
            return
        self.members[old].remove(row)
        if not self.members[old]:
            del self.members[old]
        self.members[story].append(row)
        self.members[story].sort()
        self.story[row] = story

    def _reserve(self, size: int) -> None:
        if size <= len(self._matrix):
            return
        capacity = max(256, 2 * len(self._matrix), size)
        matrix = np.zeros((capacity, DIMENSIONS), dtype=np.float32)
        matrix[: len(self.ids)] = self._matrix[: len(self.ids)]
        ordinals = np.full(capacity, np.nan)
        ordinals[: len(self.ids)] = self._ordinals[: len(self.ids)]
        self._matrix, self._ordinals = matrix, ordinals

    def nearest(self, rows: np.ndarray, k: int, days: int | None = None) -> list[Neighbours]:
        """For each given row, its ``k`` most similar other rows (in the time window when ``days`` is given).

        Blocked matrix products: O(len(rows) n d) arithmetic, O(_CELLS) memory whatever the corpus size.
        """
        out: list[Neighbours] = []
        for block in _blocks(len(rows), len(self)):
            chosen = rows[block]
            sims = self.matrix[chosen] @ self.matrix.T
            sims[np.arange(len(chosen)), chosen] = -np.inf
            out.extend(self._top(sims, self.ordinals[chosen], k, days))
        return out

    def nearest_to(self, vectors: np.ndarray, ordinals: np.ndarray, k: int, days: int) -> list[Neighbours]:
        """For vectors not in the index (day ordinals beside them, NaN when undated): their ``k`` most similar rows
        within ``days`` of their dates. One blocked matrix product for all of them, as :meth:`nearest` does."""
        out: list[Neighbours] = []
        for block in _blocks(len(vectors), len(self)):
            out.extend(self._top(vectors[block] @ self.matrix.T, ordinals[block], k, days))
        return out

    def _top(self, sims: np.ndarray, ordinals: np.ndarray, k: int, days: int | None) -> list[Neighbours]:
        """Each row's ``k`` best columns of ``sims`` (queries x rows), best first, leaving out -inf (excluded) columns
        and, when ``days`` is given, rows dated more than ``days`` from the query (undated rows and queries: all).

        Row by row over the in-window columns only: a dated corpus puts most rows out of a query's window, and
        selecting among hundreds of thousands of -inf entries is numpy's slow case. O(n) per query.
        """
        stored = self.ordinals
        out: list[Neighbours] = []
        for row, day in zip(sims, ordinals, strict=True):
            if days is None or np.isnan(day):
                out.append(_best(row, None, k))
                continue
            columns = np.flatnonzero(~(np.abs(stored - day) > days))  # NaN gaps (undated) compare False: kept
            out.append(_best(row[columns], columns, k))
        return out


def _best(values: np.ndarray, columns: np.ndarray | None, k: int) -> Neighbours:
    """The ``k`` largest finite ``values`` (positions mapped through ``columns``), largest first, ties in column order.

    A partition finds the k-th largest value and a stable sort orders the few at or above it: O(len(values)).
    """
    if 0 < k < len(values):
        bar = np.partition(values, len(values) - k)[len(values) - k]
        chosen = np.flatnonzero(values >= bar)
    else:
        chosen = np.arange(len(values))
    chosen = chosen[np.isfinite(values[chosen])]
    chosen = chosen[np.argsort(-values[chosen], kind="stable")[:k]]
    return (chosen if columns is None else columns[chosen]), values[chosen]


def _blocks(queries: int, rows: int) -> list[slice]:
    """Query slices small enough that one block's similarities (queries x rows) stay within _CELLS."""
    step = max(1, min(queries, _CELLS // max(rows, 1)))
    return [slice(start, start + step) for start in range(0, queries, step)]


class ConcurrentWriteError(RuntimeError):
    """Another process kept writing between a step's reading and its commit."""


def synced(index: CorpusIndex | None, conn: Connection) -> CorpusIndex:
    """``index`` while it still shows the stored corpus (same generation), else the corpus loaded afresh."""
    if index is None or index.generation != current_generation(conn):
        return CorpusIndex.load(conn)
    return index


@contextmanager
def writing_if_current(engine: Engine, index: CorpusIndex, doing: str) -> Iterator[Connection]:
    """A write transaction that is refused (:class:`ConcurrentWriteError`) when another process wrote since ``index``
    was read, and that records one more write (``index.generation`` follows) when it commits."""
    with writing(engine, doing) as conn:
        if current_generation(conn) != index.generation:
            raise ConcurrentWriteError
        yield conn
        index.generation = bump_generation(conn)


def current_generation(conn: Connection) -> int:
    value = conn.execute(sa.select(store_state.c.value).where(store_state.c.name == "generation")).scalar()
    return int(value or 0)


def bump_generation(conn: Connection) -> int:
    """Record one more write; returns the new generation."""
    current = conn.execute(sa.select(store_state.c.value).where(store_state.c.name == "generation")).scalar()
    if current is None:
        conn.execute(store_state.insert().values(name="generation", value=1))
        return 1
    conn.execute(store_state.update().where(store_state.c.name == "generation").values(value=current + 1))
    return int(current) + 1
