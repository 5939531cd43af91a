"""Facts: sentences from different articles of one story aligned as the same statement.

Two sentences are joined when each is the other's best match in its article (mutual best) and their claim
similarity clears ``Settings.align_similarity``; facts are the connected groups. Mutual-best keeps one article from
piling several loosely related sentences onto one fact. Support is counted twice: every supporting article, and
independent sources, where a copy or rewrite counts for the original it came from.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Mapping, Sequence

import numpy as np

from newsweave.config import Settings
from newsweave.model import Analysis, ArticleId, Claim, Fact
from newsweave.sentence_table import SentenceTable

MIN_CLAIM_WORDS = 5


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def claim_rows(table: SentenceTable, article_id: ArticleId) -> list[int]:
    """Rows of an article's sentences that can carry a claim (long enough, not a question)."""
    return [
        r
        for r in table.rows(article_id)
        if len(table.sentences[r].text.split()) >= MIN_CLAIM_WORDS
        and not table.sentences[r].text.rstrip().endswith("?")
    ]


def align_facts(
    analyses: Sequence[Analysis], table: SentenceTable, origin: Mapping[ArticleId, ArticleId], settings: Settings
) -> list[Fact]:
    """Facts of one story, most supported first. O(k²·s²) similarity for k articles of s sentences."""
    rows_by_article = {a.article.id: claim_rows(table, a.article.id) for a in analyses}
    groups = _UnionFind()
    for rows in rows_by_article.values():
        for r in rows:
            groups.find(r)
    for a, b in itertools.combinations(sorted(rows_by_article), 2):
        rows_a, rows_b = rows_by_article[a], rows_by_article[b]
        if not rows_a or not rows_b:
            continue
        scores = table.similarity(rows_a, rows_b)
        best_b, best_a = scores.argmax(axis=1), scores.argmax(axis=0)
        for i, j in enumerate(best_b):
            if best_a[j] == i and scores[i, j] >= settings.align_similarity:
                groups.union(rows_a[i], rows_b[int(j)])
    members: dict[int, list[int]] = {}
    for row in sorted(groups.parent):
        members.setdefault(groups.find(row), []).append(row)
    published = {a.article.id: a.article.published for a in analyses}
    facts = [
        _fact(table, rows, origin, published) for group in members.values() for rows in _tighten(table, group, settings)
    ]
    return sorted(facts, key=lambda f: (-f.independent, -len(f.sources), _position(table, f), f.id))


def _tighten(table: SentenceTable, rows: list[int], settings: Settings) -> list[list[int]]:
    """Undo chaining: keep in a fact only the sentences close to its most central one, at most one per article.

    Union-find joins A~B and B~C even when A and C say different things; without this, support would be inflated.
    The rest become facts of their own (and are tightened in turn).
    """
    if len(rows) < 3:
        return [rows]
    scores = table.similarity(rows, rows)
    centre = int(np.argmax(scores.sum(axis=1)))
    best_per_article: dict[ArticleId, int] = {}
    for i, row in enumerate(rows):
        article = table.sentences[row].article_id
        close = i == centre or scores[centre, i] >= settings.align_similarity - 0.05
        if close and (article not in best_per_article or scores[centre, i] > scores[centre, best_per_article[article]]):
            best_per_article[article] = i
    kept = sorted(rows[i] for i in best_per_article.values())
    rest = [r for r in rows if r not in kept]
    return [kept, *(_tighten(table, rest, settings) if len(rest) > 1 else ([rest] if rest else []))]


def _position(table: SentenceTable, fact: Fact) -> float:
    """How early the fact comes in the articles that state it (0 = first sentence), averaged."""
    shares = []
    for claim in fact.claims:
        start, stop = table.spans[claim.article_id]
        shares.append(claim.sentence / max(stop - start, 1))
    return float(np.mean(shares))


def _fact(table: SentenceTable, rows: list[int], origin: Mapping[ArticleId, ArticleId], published: Mapping) -> Fact:
    sentences = [table.sentences[r] for r in rows]
    claims = tuple(Claim(s.article_id, s.index, s.text) for s in sentences)
    sources = tuple(sorted({s.article_id for s in sentences}))
    independent = len({origin.get(a, a) for a in sources})
    if len(rows) > 1:
        centrality = table.similarity(rows, rows).sum(axis=1)
    else:
        centrality = np.zeros(1)

    def preference(k: int) -> tuple:
        s = sentences[k]
        is_copy = s.article_id in origin
        return (is_copy, -round(float(centrality[k]), 6), str(published.get(s.article_id) or "9999"), s.article_id)

    representative = sentences[min(range(len(sentences)), key=preference)]
    key = "|".join(f"{c.article_id}:{c.sentence}" for c in sorted(claims, key=lambda c: (c.article_id, c.sentence)))
    fact_id = "f-" + hashlib.blake2b(key.encode("utf-8"), digest_size=5).hexdigest()
    return Fact(fact_id, representative.text, claims, sources, independent)
