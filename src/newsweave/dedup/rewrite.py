"""Rewrites: an article that restates most of another's sentences in other words.

Content farms paraphrase sentence by sentence, so a rewrite shows up as a high share of its sentences aligned
one-to-one with the source's sentences, in roughly the same order, with little verbatim overlap. Two independent
reports of one event share facts too, but far fewer of their sentences; ``Settings.rewrite_coverage`` is the line.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from newsweave.model import ArticleId, SentencePair
from newsweave.sentence_table import SentenceTable

MIN_WORDS = 5  # shorter sentences ("He nodded.") align with anything and say little
MIN_SENTENCES = 4  # substantive sentences an article needs: aligning 2 of 3 sentences proves no copying


@dataclass(frozen=True)
class Alignment:
    """One-to-one sentence alignment of article ``a`` against article ``b``."""

    a: ArticleId
    b: ArticleId
    pairs: tuple[SentencePair, ...]
    coverage_a: float  # share of a's substantive sentences aligned to b
    coverage_b: float


def substantive(text: str) -> bool:
    """A sentence that can show copying: long enough not to align with anything."""
    return len(text.split()) >= MIN_WORDS


def _substantive(table: SentenceTable, rows: range) -> list[int]:
    return [r for r in rows if substantive(table.sentences[r].text)]


def align_articles(table: SentenceTable, a: ArticleId, b: ArticleId, threshold: float) -> Alignment:
    """Greedy one-to-one matching, best pairs first: O(n·m log(n·m)) for n and m sentences."""
    rows_a, rows_b = _substantive(table, table.rows(a)), _substantive(table, table.rows(b))
    if not rows_a or not rows_b:
        return Alignment(a, b, (), 0.0, 0.0)
    scores = table.similarity(rows_a, rows_b)
    order = np.argsort(-scores, axis=None, kind="stable")
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[SentencePair] = []
    for flat in order:
        i, j = divmod(int(flat), len(rows_b))
        if scores[i, j] < threshold:
            break
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        sa, sb = table.sentences[rows_a[i]], table.sentences[rows_b[j]]
        pairs.append(SentencePair((a, sa.index), (b, sb.index), round(float(scores[i, j]), 3)))
    pairs.sort(key=lambda p: p.a[1])
    return Alignment(a, b, tuple(pairs), len(pairs) / len(rows_a), len(pairs) / len(rows_b))
