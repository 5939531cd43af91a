"""Copies: exact duplicates, near-duplicates and rewrites, each with its likely direction and evidence.

``find_copies`` compares articles of one run. Exact duplicates are found by hash in O(n); near-duplicates by MinHash
LSH candidates verified with exact Jaccard; rewrites by one-to-one sentence alignment, only between articles whose
overall content is close (mean sentence vectors), which keeps the quadratic part small.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from newsweave.config import Settings
from newsweave.dedup.fingerprint import containment, exact_hash, jaccard, shingles
from newsweave.dedup.near import candidate_pairs
from newsweave.dedup.provenance import has_independent_cue, order
from newsweave.dedup.rewrite import MIN_SENTENCES, Alignment, align_articles, substantive
from newsweave.model import Analysis, CopyLink, SentencePair
from newsweave.sentence_table import SentenceTable

__all__ = ["find_copies", "origins"]

_CANDIDATE_COSINE = 0.5  # mean-vector cosine below which two articles cannot be rewrites of each other


def find_copies(analyses: Sequence[Analysis], settings: Settings, table: SentenceTable | None = None) -> list[CopyLink]:
    """Every copy relation among ``analyses``; at most one link per pair of articles, sorted."""
    by_id = {a.article.id: a for a in analyses}
    texts = {aid: a.article.text for aid, a in by_id.items()}
    shingle_sets = {aid: shingles(text) for aid, text in texts.items()}
    links: dict[tuple[str, str], CopyLink] = {}

    hashes = {aid: exact_hash(text) for aid, text in texts.items()}
    for a, b in itertools.combinations(sorted(by_id), 2):
        if hashes[a] == hashes[b]:
            derived, source, why = order(by_id[a], by_id[b], 1.0, 1.0)
            links[(a, b)] = CopyLink(derived.article.id, source.article.id, "duplicate", 1.0, why)

    for a, b in candidate_pairs(shingle_sets, settings.near_duplicate_jaccard, settings.minhash_permutations):
        score = jaccard(shingle_sets[a], shingle_sets[b])
        if (a, b) not in links and score >= settings.near_duplicate_jaccard:
            derived, source, why = order(
                by_id[a],
                by_id[b],
                containment(shingle_sets[a], shingle_sets[b]),
                containment(shingle_sets[b], shingle_sets[a]),
            )
            links[(a, b)] = CopyLink(derived.article.id, source.article.id, "near-duplicate", round(score, 3), why)

    table = table or SentenceTable.build(analyses)
    candidates = _rewrite_candidates(table, sorted(by_id), links)
    for link in _rewrite_links(table, by_id, candidates, shingle_sets, links, settings):
        links[tuple(sorted((link.article, link.source)))] = link
    return sorted(links.values(), key=lambda c: (c.article, c.source))


def _rewrite_candidates(table: SentenceTable, ids: list[str], known: dict) -> list[tuple[str, str]]:
    """Pairs worth aligning: close in meaning overall, both with enough substantive sentences to show copying."""
    means = {}
    for aid in ids:
        rows = table.rows(aid)
        if sum(substantive(table.sentences[r].text) for r in rows) >= MIN_SENTENCES:
            v = table.vectors[rows.start : rows.stop].mean(axis=0)
            means[aid] = v / max(float(np.linalg.norm(v)), 1e-12)
    return [
        (a, b)
        for a, b in itertools.combinations(ids, 2)
        if (a, b) not in known and a in means and b in means and float(means[a] @ means[b]) >= _CANDIDATE_COSINE
    ]


def _rewrite_links(
    table: SentenceTable,
    by_id: dict[str, Analysis],
    pairs: list[tuple[str, str]],
    shingle_sets: dict,
    known: dict[tuple[str, str], CopyLink],
    settings: Settings,
) -> list[CopyLink]:
    """Rewrites among candidate pairs; each article is given at most one source (its strongest).

    Articles about one event share many facts, so overlap only counts when it is exceptional for the article: at
    least ``Settings.rewrite_coverage`` of its sentences restated, and clearly more than it shares with a typical
    other article of the run (1.5 times the median), when there are enough articles to say what typical is. Two
    reports of one event can overlap that much by chance, so a rewrite is only claimed when something besides the
    overlap (a later date, or the paraphraser's habit of dropping direct quotes) says which one copied; an article
    already explained as a duplicate is not also called a rewrite.
    """
    copied = {link.article for link in known.values()}
    alignments = {(a, b): align_articles(table, a, b, settings.rewrite_pair_similarity) for a, b in pairs}
    coverage: dict[str, dict[str, float]] = {}
    for (a, b), alignment in alignments.items():
        coverage.setdefault(a, {})[b] = alignment.coverage_a
        coverage.setdefault(b, {})[a] = alignment.coverage_b
    best: dict[str, CopyLink] = {}
    for (a, b), alignment in alignments.items():
        if not (_exceptional(coverage, a, b, settings) or _exceptional(coverage, b, a, settings)):
            continue
        derived, source, why = order(by_id[a], by_id[b], alignment.coverage_a, alignment.coverage_b)
        if not has_independent_cue(why) or derived.article.id in copied:
            continue
        link = _link(derived, source, why, alignment, shingle_sets, settings)
        current = best.get(link.article)
        if current is None or (link.score, link.source) > (current.score, current.source):
            best[link.article] = link
    # A pair judged both ways keeps the stronger direction.
    return [
        link
        for link in best.values()
        if not (
            link.source in best and best[link.source].source == link.article and best[link.source].score > link.score
        )
    ]


def _exceptional(coverage: dict[str, dict[str, float]], article: str, other: str, settings: Settings) -> bool:
    share = coverage[article][other]
    if share < settings.rewrite_coverage:
        return False
    typical = sorted(coverage[article].values())
    if len(typical) < 3:
        return True
    return share >= 1.5 * float(np.median(typical))


def _link(
    derived: Analysis, source: Analysis, why: str, alignment: Alignment, shingle_sets: dict, settings: Settings
) -> CopyLink:
    forward = derived.article.id == alignment.a
    coverage = alignment.coverage_a if forward else alignment.coverage_b
    verbatim = containment(shingle_sets[derived.article.id], shingle_sets[source.article.id])
    kind = "near-duplicate" if verbatim >= settings.rewrite_max_verbatim else "rewrite"
    pairs = alignment.pairs if forward else tuple(SentencePair(p.b, p.a, p.similarity) for p in alignment.pairs)
    return CopyLink(derived.article.id, source.article.id, kind, round(coverage, 3), why, pairs)


def origins(copies: Sequence[CopyLink]) -> dict[str, str]:
    """Map every derived article to the original it ultimately comes from (following chains, cycle-safe)."""
    parent: dict[str, str] = {}
    for link in sorted(copies, key=lambda c: (-c.score, c.article, c.source)):
        parent.setdefault(link.article, link.source)
    resolved: dict[str, str] = {}
    for start in parent:
        node, seen = start, {start}
        while node in parent and parent[node] not in seen:
            node = parent[node]
            seen.add(node)
        resolved[start] = node
    return resolved
