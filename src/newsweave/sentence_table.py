"""Every sentence of a set of articles, embedded once and shared by copy detection and claim alignment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsweave.align.similarity import content_words, similarity_matrix
from newsweave.embed import get_embedder
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
