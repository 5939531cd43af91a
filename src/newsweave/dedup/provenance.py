"""Which of two copies came first."""

from __future__ import annotations

from newsweave.model import Analysis

BY_ID = "no dates or coverage difference to order them; ordered by id"
INDEPENDENT_CUES = ("published later", "quotes its sources less")


def order(a: Analysis, b: Analysis, coverage_a: float, coverage_b: float) -> tuple[Analysis, Analysis, str]:
    """Return (derived, source, reason).

    Publication dates decide when both are known and differ. Otherwise the article with fewer direct quotes per
    sentence is the derived one: paraphrasing sites turn quotations into reported speech, while originals quote
    their sources verbatim. Next, the article whose sentences are more fully restated by the other: a copy drops
    what it does not need. Ties fall back to the id, so the answer is deterministic.
    """
    da, db = a.article.published, b.article.published
    if da and db and da != db:
        derived, source = (a, b) if da > db else (b, a)
        return derived, source, f"published later ({derived.article.published} vs {source.article.published})"
    qa, qb = quote_density(a), quote_density(b)
    if abs(qa - qb) >= 0.1:
        derived, source = (a, b) if qa < qb else (b, a)
        return (
            derived,
            source,
            (
                f"quotes its sources less ({min(qa, qb):.2f} direct quotes per sentence against {max(qa, qb):.2f}),"
                " as paraphrasing sites do"
            ),
        )
    if abs(coverage_a - coverage_b) >= 0.05:
        derived, source = (a, b) if coverage_a > coverage_b else (b, a)
        high, low = max(coverage_a, coverage_b), min(coverage_a, coverage_b)
        return derived, source, (f"{high:.0%} of its sentences restate the other's, against {low:.0%} the other way")
    derived, source = (a, b) if a.article.id > b.article.id else (b, a)
    return derived, source, BY_ID


def quote_density(analysis: Analysis) -> float:
    """Direct quotations per sentence."""
    return len(analysis.quotes) / max(len(analysis.sentences), 1)


def has_independent_cue(reason: str) -> bool:
    """Whether a direction rests on something besides overlap itself (a date, or quoting style)."""
    return reason.startswith(INDEPENDENT_CUES)
