"""Copies at corpus scale: each new article against everything stored, without comparing all pairs.

* Exact duplicates: the normalised text hash (:func:`newsweave.dedup.fingerprint.exact_hash`), an indexed column.
* Near-duplicates: MinHash LSH with datasketch's band layout, persisted as rows of ``lsh_bands`` (band, bucket hash,
  article); candidates are the articles sharing a bucket with the new one (one indexed query per batch), verified
  with exact shingle Jaccard as :func:`newsweave.dedup.find_copies` does.
* Rewrites (:func:`find_rewrites`, run by the rewrite pass of :mod:`newsweave.store.rewrites` once the articles are
  stored): semantic candidates are each checked article's :data:`REWRITE_CANDIDATES` nearest articles by title+lead
  embedding (exact search over the in-memory index) above :data:`REWRITE_CANDIDATE_COSINE`, both with at least
  :data:`newsweave.dedup.rewrite.MIN_SENTENCES` substantive sentences; each candidate pair then gets the sentence
  alignment check of :mod:`newsweave.dedup.rewrite` and the direction rules of :mod:`newsweave.dedup.provenance`,
  as in a brief.
  Sentences and quotes for that check come from a light analysis (sentence split and quotation marks, no spaCy), so
  quote density is counted without speaker resolution. Embedding the candidates' sentences is the one costly step
  of copy detection; the cosine bar and the sentence minimum keep it to the articles it can matter for.

Every article gets at most one source: a checked article its strongest; any other article only if it had none.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from newsweave.config import Settings
from newsweave.dedup.fingerprint import containment, jaccard, shingles
from newsweave.dedup.provenance import has_independent_cue, order
from newsweave.dedup.rewrite import MIN_SENTENCES, align_articles, substantive
from newsweave.model import Analysis, Article, CopyLink, SentencePair
from newsweave.nlp.entities import EntityIndex
from newsweave.nlp.language import detect_language
from newsweave.nlp.quotes import find_quotes
from newsweave.nlp.sentences import paragraph_spans, split_sentences
from newsweave.sentence_table import SentenceTable
from newsweave.store.codec import ARTICLE_COLUMNS, article_from_row, evidence_json
from newsweave.store.index import CorpusIndex
from newsweave.store.prepare import Prepared
from newsweave.store.schema import articles, copies, lsh_bands

log = logging.getLogger(__name__)

REWRITE_CANDIDATE_COSINE = 0.65  # title+lead cosine a pair needs before its sentences are aligned (a rewrite and
# its source score 0.7-0.9; unrelated stories rarely above 0.5)
REWRITE_CANDIDATES = 3  # nearest articles checked per new article
_IN_CHUNK = 500  # values per SQL IN list


@dataclass
class Found:
    """The links found for one batch, and the sentence texts their evidence points at."""

    links: list[CopyLink]
    sentences: dict[tuple[str, int], str]


def light_analysis(article: Article) -> Analysis:
    """Sentences and quotation counts without the NLP models: what copy detection needs of an article."""
    text = article.text
    language = article.language or detect_language(text)
    paragraphs = paragraph_spans(article.paragraphs)
    sentences = split_sentences(article.id, text, paragraphs, language)
    quotes = find_quotes(article.id, text, paragraphs, sentences, (), EntityIndex(()), speakers=False)
    return Analysis(article=article, sentences=sentences, quotes=quotes)


class _Pool:
    """Articles (new and stored) by id, their light analyses and shingles, loaded once per batch or chunk."""

    def __init__(self, conn: Connection, batch: Sequence[Prepared] = ()) -> None:
        self._conn = conn
        self.articles: dict[str, Article] = {p.article.id: p.article for p in batch}
        self.shingles: dict[str, frozenset[str]] = {p.article.id: p.shingles for p in batch}
        self._analyses: dict[str, Analysis] = {}

    def load(self, ids: set[str]) -> None:
        missing = sorted(ids - self.articles.keys())
        columns = [articles.c[name] for name in ARTICLE_COLUMNS]
        for start in range(0, len(missing), _IN_CHUNK):
            chunk = missing[start : start + _IN_CHUNK]
            for row in self._conn.execute(sa.select(*columns).where(articles.c.id.in_(chunk))):
                article = article_from_row(row)
                self.articles[article.id] = article
                self.shingles[article.id] = shingles(article.text)

    def analysis(self, article_id: str) -> Analysis:
        if article_id not in self._analyses:
            self._analyses[article_id] = light_analysis(self.articles[article_id])
        return self._analyses[article_id]


def find_copies(conn: Connection, batch: Sequence[Prepared], index: CorpusIndex, settings: Settings) -> Found:
    """Exact and near-duplicate links between the batch's articles and everything stored or earlier in the batch."""
    pool = _Pool(conn, batch)
    derived = set(index.derived)
    links: list[CopyLink] = []
    decided: set[frozenset[str]] = set()

    def keep(link: CopyLink) -> None:
        links.append(link)
        derived.add(link.article)
        decided.add(frozenset((link.article, link.source)))

    exact = _exact_candidates(conn, batch)
    near = _near_candidates(conn, batch)
    pool.load({other for pairs in (exact, near) for _, other in pairs})
    for new, other in exact:
        if frozenset((new, other)) not in decided:
            derived_id, source_id, why = _direction(pool, new, other, 1.0, 1.0)
            if derived_id not in derived:
                keep(CopyLink(derived_id, source_id, "duplicate", 1.0, why))
    for new, other in near:
        pair = frozenset((new, other))
        if pair in decided:
            continue
        a, b = pool.shingles[new], pool.shingles[other]
        score = jaccard(a, b)
        if score < settings.near_duplicate_jaccard:
            continue
        derived_id, source_id, why = _direction(pool, new, other, containment(a, b), containment(b, a))
        if derived_id not in derived:
            keep(CopyLink(derived_id, source_id, "near-duplicate", round(score, 3), why))
    return Found(links, _evidence_sentences(pool, links))


def find_rewrites(conn: Connection, ids: Sequence[str], index: CorpusIndex, settings: Settings) -> Found:
    """Rewrite links between the stored articles ``ids`` and their nearest articles anywhere in ``index``."""
    pool = _Pool(conn)
    links = _rewrites(pool, ids, index, set(index.derived), _linked_pairs(conn, ids), settings)
    return Found(links, _evidence_sentences(pool, links))


def _linked_pairs(conn: Connection, ids: Sequence[str]) -> set[frozenset[str]]:
    """The stored links that touch these articles, either way round: pairs the rewrite check leaves alone."""
    ordered = sorted(set(ids))
    out: set[frozenset[str]] = set()
    for start in range(0, len(ordered), _IN_CHUNK):
        chunk = ordered[start : start + _IN_CHUNK]
        query = sa.select(copies.c.article_id, copies.c.source_id).where(
            sa.or_(copies.c.article_id.in_(chunk), copies.c.source_id.in_(chunk))
        )
        out.update(frozenset(pair) for pair in conn.execute(query))
    return out


def _evidence_sentences(pool: _Pool, links: Sequence[CopyLink]) -> dict[tuple[str, int], str]:
    return {
        (aid, s.index): s.text
        for link in links
        if link.evidence
        for aid in (link.article, link.source)
        for s in pool.analysis(aid).sentences
    }


def copy_row(link: CopyLink, found: Found) -> dict:
    """The ``copies`` row of a link, its evidence spelled out as sentence texts."""
    return {
        "article_id": link.article,
        "source_id": link.source,
        "kind": link.kind,
        "score": float(link.score),
        "direction": link.direction,
        "evidence": evidence_json(link, found.sentences),
    }


def _direction(pool: _Pool, a: str, b: str, coverage_a: float, coverage_b: float) -> tuple[str, str, str]:
    """(derived id, source id, reason) by the provenance rules."""
    derived, source, why = order(pool.analysis(a), pool.analysis(b), coverage_a, coverage_b)
    return derived.article.id, source.article.id, why


def _exact_candidates(conn: Connection, batch: Sequence[Prepared]) -> list[tuple[str, str]]:
    """(new, earliest earlier article with the same text) for every new article whose text is not new."""
    first: dict[str, str] = {}
    hashes = sorted({p.text_hash for p in batch})
    for start in range(0, len(hashes), _IN_CHUNK):
        query = (
            sa.select(articles.c.text_hash, articles.c.id)
            .where(articles.c.text_hash.in_(hashes[start : start + _IN_CHUNK]))
            .order_by(articles.c.seq)
        )
        for text_hash, article_id in conn.execute(query):
            first.setdefault(text_hash, article_id)
    out = []
    for p in batch:
        earlier = first.setdefault(p.text_hash, p.article.id)
        if earlier != p.article.id:
            out.append((p.article.id, earlier))
    return out


def _near_candidates(conn: Connection, batch: Sequence[Prepared]) -> list[tuple[str, str]]:
    """(new, other) pairs sharing an LSH bucket, with stored articles and with earlier articles of the batch.

    Looked up band by band: ``band = ? AND bucket IN (...)`` is a range of the (band, bucket, article) primary key,
    while ``bucket IN (...)`` alone scans every stored band row (O(n) per query, which made ingest quadratic).
    """
    by_bucket: dict[tuple[int, int], list[str]] = defaultdict(list)
    wanted: dict[int, set[int]] = defaultdict(set)
    for p in batch:
        for band, bucket in enumerate(p.buckets):
            wanted[band].add(bucket)
    for band, buckets in sorted(wanted.items()):
        ordered = sorted(buckets)
        for start in range(0, len(ordered), _IN_CHUNK):
            query = (
                sa.select(lsh_bands.c.bucket, articles.c.id)
                .join(articles, articles.c.seq == lsh_bands.c.article_seq)
                .where(lsh_bands.c.band == band, lsh_bands.c.bucket.in_(ordered[start : start + _IN_CHUNK]))
                .order_by(lsh_bands.c.bucket, lsh_bands.c.article_seq)  # the key's order: earlier articles first
            )
            for bucket, article_id in conn.execute(query):
                by_bucket[(band, bucket)].append(article_id)
    pairs: set[tuple[str, str]] = set()
    out = []
    for p in batch:
        for band, bucket in enumerate(p.buckets):
            for other in by_bucket[(band, bucket)]:
                if other != p.article.id and (p.article.id, other) not in pairs and (other, p.article.id) not in pairs:
                    pairs.add((p.article.id, other))
                    out.append((p.article.id, other))
            by_bucket[(band, bucket)].append(p.article.id)
    return out


def _rewrites(
    pool: _Pool,
    ids: Sequence[str],
    index: CorpusIndex,
    derived: set[str],
    decided: set[frozenset[str]],
    settings: Settings,
) -> list[CopyLink]:
    """Rewrite links among the candidate pairs, judged as :func:`newsweave.dedup.find_copies` judges a run's pairs:
    an overlap counts when it is exceptional for the article among its own candidate pairs."""
    rows = np.array([index.row_of[aid] for aid in ids], dtype=np.int64)
    pairs: set[tuple[str, str]] = set()
    for aid, (near, cosine) in zip(ids, index.nearest(rows, REWRITE_CANDIDATES), strict=True):
        for row, value in zip(near.tolist(), cosine.tolist(), strict=True):
            pair = tuple(sorted((aid, index.ids[row])))
            if value >= REWRITE_CANDIDATE_COSINE and frozenset(pair) not in decided:
                pairs.add(pair)
    pool.load({aid for pair in pairs for aid in pair})
    long_enough = {aid for aid in {a for pair in pairs for a in pair} if _substantive(pool.analysis(aid))}
    pairs = {(a, b) for a, b in pairs if a in long_enough and b in long_enough}
    if not pairs:
        return []
    aligned = sorted({aid for pair in pairs for aid in pair})
    table = SentenceTable.build([_aligned_part(pool.analysis(aid)) for aid in aligned])
    alignments = {(a, b): align_articles(table, a, b, settings.rewrite_pair_similarity) for a, b in sorted(pairs)}
    coverage: dict[str, dict[str, float]] = defaultdict(dict)
    for (a, b), alignment in alignments.items():
        coverage[a][b] = alignment.coverage_a
        coverage[b][a] = alignment.coverage_b
    best: dict[str, CopyLink] = {}
    for (a, b), alignment in alignments.items():
        if not (_exceptional(coverage, a, b, settings) or _exceptional(coverage, b, a, settings)):
            continue
        d, s, why = order(pool.analysis(a), pool.analysis(b), alignment.coverage_a, alignment.coverage_b)
        derived_id, source_id = d.article.id, s.article.id
        if not has_independent_cue(why) or derived_id in derived:
            continue
        forward = derived_id == alignment.a
        share = alignment.coverage_a if forward else alignment.coverage_b
        evidence = alignment.pairs if forward else tuple(SentencePair(p.b, p.a, p.similarity) for p in alignment.pairs)
        verbatim = containment(pool.shingles[derived_id], pool.shingles[source_id])
        kind = "near-duplicate" if verbatim >= settings.rewrite_max_verbatim else "rewrite"
        link = CopyLink(derived_id, source_id, kind, round(share, 3), why, evidence)
        current = best.get(derived_id)
        if current is None or (link.score, link.source) > (current.score, current.source):
            best[derived_id] = link
    log.debug("rewrite check: %d candidate pairs, %d links", len(pairs), len(best))
    return [best[k] for k in sorted(best)]


def _substantive(analysis: Analysis) -> bool:
    return len(_aligned_part(analysis).sentences) >= MIN_SENTENCES


def _aligned_part(analysis: Analysis) -> Analysis:
    """The analysis with only the sentences :func:`align_articles` aligns (the substantive ones; indices kept), so
    that the sentence table does not embed the rest: the same alignments for fewer embedder calls."""
    return dataclasses.replace(
        analysis, sentences=tuple(s for s in analysis.sentences if substantive(s.text))
    )


def _exceptional(coverage: dict[str, dict[str, float]], article: str, other: str, settings: Settings) -> bool:
    """High overlap and, with enough candidates to say what is typical for the article, well above typical."""
    share = coverage[article][other]
    if share < settings.rewrite_coverage:
        return False
    typical = list(coverage[article].values())
    return len(typical) < 3 or share >= 1.5 * float(np.median(typical))
