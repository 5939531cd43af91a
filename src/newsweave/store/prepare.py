"""Turning read articles into what the store keeps: identity, clean text and the features ingest needs.

Identity: an article's ``content_hash`` covers its title, text lines, outlet, URL, date and author as read, not its id
or path. The same article read again (the same file, the same record, the same file moved elsewhere) is therefore
recognised and not stored twice, while an edited version (a corrected headline, an added paragraph) is a new
article: it is kept beside the old one and linked to it as a near-duplicate.

Features are the cheap ones (everything here runs at several hundred articles a second except the title+lead
embedding): exact-text hash, word shingles and MinHash LSH band buckets, normalised cluster keys, language.
Sentence-level NLP (spaCy entities, quotes, dates) runs later, per story, when a brief is asked for.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsweave.clean import clean_article
from newsweave.clean.corpus import too_short
from newsweave.clean.repeated import outlet_repeats
from newsweave.cluster import article_keys, article_vectors
from newsweave.cluster.represent import normalise_keys
from newsweave.config import Settings
from newsweave.dedup.fingerprint import exact_hash, shingles
from newsweave.dedup.near import lsh_shape, minhash
from newsweave.model import Article, RawArticle, Skipped
from newsweave.nlp.language import detect_language
from newsweave.store.inputs import where

LEAD_PARAGRAPHS = 3  # the lead clustering embeds, as newsweave.pipeline.cluster_stories takes it


@dataclass(frozen=True)
class Prepared:
    """A new article, cleaned, with its features; ``id`` may still change if another article holds it."""

    raw: RawArticle
    content_hash: str
    article: Article
    text_hash: str
    shingles: frozenset[str]
    buckets: tuple[int, ...]  # one LSH bucket per band
    keys: frozenset[str]
    vector: np.ndarray

    @property
    def where(self) -> str:
        return where(self.raw)


def content_hash(raw: RawArticle) -> str:
    published = raw.published.isoformat() if raw.published else None
    payload = json.dumps([raw.title, list(raw.lines), raw.source, raw.url, published, raw.author], ensure_ascii=False)
    return hashlib.blake2b(payload.encode("utf-8"), digest_size=16).hexdigest()


def clean(
    raws: Sequence[RawArticle], context: Sequence[RawArticle], settings: Settings
) -> tuple[list[Article | None], list[Skipped]]:
    """Clean new articles; ``context`` (earlier stored articles of the same outlets) only informs which lines an
    outlet repeats. An article with too little story left (:func:`newsweave.clean.corpus.too_short`) is None and
    skipped."""
    repeated = outlet_repeats([*context, *raws], settings)[len(context) :]
    out: list[Article | None] = []
    skipped: list[Skipped] = []
    for raw, lines in zip(raws, repeated, strict=True):
        article = clean_article(raw, settings, lines)
        reason = too_short(raw, article, settings)
        if reason is None:
            out.append(dataclasses.replace(article, language=detect_language(article.text)))
            continue
        out.append(None)
        skipped.append(Skipped(where(raw), reason))
    return out, skipped


def featurise(
    raws: Sequence[RawArticle], hashes: Sequence[str], articles: Sequence[Article], settings: Settings
) -> list[Prepared]:
    """The features of clean articles; the embedding runs once for the whole batch."""
    leads = [lead(a) for a in articles]
    vectors = article_vectors([a.title for a in articles], leads) if articles else np.zeros((0, 0))
    out = []
    for i, article in enumerate(articles):
        words = shingles(article.text)
        out.append(
            Prepared(
                raw=raws[i],
                content_hash=hashes[i],
                article=article,
                text_hash=exact_hash(article.text),
                shingles=words,
                buckets=band_buckets(words, settings),
                keys=normalise_keys(article_keys(article.title, leads[i])),
                vector=vectors[i],
            )
        )
    return out


def lead(article: Article) -> str:
    return " ".join(article.paragraphs[:LEAD_PARAGRAPHS])


def source_key(source: str | None) -> str | None:
    return source.strip().casefold() if source and source.strip() else None


def band_buckets(words: frozenset[str], settings: Settings) -> tuple[int, ...]:
    """One signed 64-bit bucket per LSH band of the text's MinHash signature (none for an empty text)."""
    if not words:
        return ()
    bands, rows = lsh_shape(settings.near_duplicate_jaccard, settings.minhash_permutations)
    values = minhash(words, settings.minhash_permutations).hashvalues
    return tuple(
        int.from_bytes(
            hashlib.blake2b(values[b * rows : (b + 1) * rows].tobytes(), digest_size=8).digest(), "big", signed=True
        )
        for b in range(bands)
    )
