"""Every sentence of a set of articles, embedded once and shared by copy detection and claim alignment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsweave.align.similarity import content_words, similarity_matrix
from newsweave.embed import DIMENSIONS, get_embedder
from newsweave.model import Analysis, ArticleId, Sentence


@dataclass(frozen=True)
class SentenceTable:
    """Rows are sentences in article order; ``spans[article_id]`` gives that article's rows as (start, stop)."""

    sentences: tuple[Sentence, ...]
    vectors: np.ndarray
    words: tuple[frozenset[str], ...]
    spans: dict[ArticleId, tuple[int, int]]

    @classmethod
    def build(cls, analyses: Sequence[Analysis]) -> SentenceTable:
        sentences: list[Sentence] = []
        spans: dict[ArticleId, tuple[int, int]] = {}
        for analysis in analyses:
            start = len(sentences)
            sentences.extend(analysis.sentences)
            spans[analysis.article.id] = (start, len(sentences))
        vectors = get_embedder().encode([s.text for s in sentences])
        return cls(tuple(sentences), vectors, tuple(content_words(s.text) for s in sentences), spans)

    @classmethod
    def concat(cls, tables: Sequence[SentenceTable]) -> SentenceTable:
        """One table from several (of different articles), without embedding anything again."""
        sentences: list[Sentence] = []
        spans: dict[ArticleId, tuple[int, int]] = {}
        for table in tables:
            offset = len(sentences)
            sentences.extend(table.sentences)
            spans.update((aid, (start + offset, stop + offset)) for aid, (start, stop) in table.spans.items())
        vectors = [t.vectors for t in tables if len(t.sentences)]
        return cls(
            tuple(sentences),
            np.vstack(vectors) if vectors else np.zeros((0, DIMENSIONS), dtype=np.float32),
            tuple(w for t in tables for w in t.words),
            spans,
        )

    def select(self, article_ids: Sequence[ArticleId]) -> SentenceTable:
        """The rows of these articles only (what one story's cross-check needs, small enough to send to a worker)."""
        rows = [r for aid in article_ids for r in self.rows(aid)]
        spans: dict[ArticleId, tuple[int, int]] = {}
        start = 0
        for aid in article_ids:
            spans[aid] = (start, start + len(self.rows(aid)))
            start = spans[aid][1]
        return SentenceTable(
            tuple(self.sentences[r] for r in rows), self.vectors[rows], tuple(self.words[r] for r in rows), spans
        )

    def rows(self, article_id: ArticleId) -> range:
        start, stop = self.spans.get(article_id, (0, 0))
        return range(start, stop)

    def row_of(self, article_id: ArticleId, sentence: int) -> int:
        return self.spans[article_id][0] + sentence

    def similarity(self, rows_a: Sequence[int] | range, rows_b: Sequence[int] | range) -> np.ndarray:
        """Claim similarity between two groups of rows (see :func:`similarity_matrix`)."""
        a, b = list(rows_a), list(rows_b)
        return similarity_matrix(
            self.vectors[a], [self.words[i] for i in a], self.vectors[b], [self.words[i] for i in b]
        )
