"""Which of two copies came first."""

from __future__ import annotations

from newsweave.model import Analysis


def order(a: Analysis, b: Analysis, coverage_a: float, coverage_b: float) -> tuple[Analysis, Analysis, str]:
    """Return (derived, source, reason).

    Publication dates decide when both are known and differ. Otherwise the article whose sentences are more fully
    restated by the other is the derived one: a rewrite drops what it does not need, so more of it is found in its
    source than the other way round. Ties fall back to the id, so the answer is deterministic.
    """
    da, db = a.article.published, b.article.published
    if da and db and da != db:
        derived, source = (a, b) if da > db else (b, a)
        return derived, source, f"published later ({derived.article.published} vs {source.article.published})"
    if abs(coverage_a - coverage_b) >= 0.05:
        derived, source = (a, b) if coverage_a > coverage_b else (b, a)
        high, low = max(coverage_a, coverage_b), min(coverage_a, coverage_b)
        return derived, source, (f"{high:.0%} of its sentences restate the other's, against {low:.0%} the other way")
    derived, source = (a, b) if a.article.id > b.article.id else (b, a)
    return derived, source, "no dates or coverage difference to order them; ordered by id"
