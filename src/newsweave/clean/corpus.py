"""Cleaning a whole corpus: the outlet-level repetition pass first, then each article on its own."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from newsweave.clean.article import clean_article, lines_removed
from newsweave.clean.repeated import outlet_repeats
from newsweave.clean.text import word_count
from newsweave.config import Settings
from newsweave.ingest.base import skip
from newsweave.model import Article, RawArticle, Skipped


def clean_corpus(raws: Sequence[RawArticle], settings: Settings) -> tuple[list[Article], list[Skipped]]:
    """Clean every article; one with too little story left (:func:`too_short`) is skipped with the reason."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for raw, repeated in zip(raws, outlet_repeats(raws, settings), strict=True):
        article = clean_article(raw, settings, repeated)
        reason = too_short(raw, article, settings)
        if reason is None:
            articles.append(article)
            continue
        skipped.append(skip(_where(raw), reason))
    return articles, skipped


def too_short(raw: RawArticle, article: Article, settings: Settings) -> str | None:
    """Why the cleaned article is not kept, or None to keep it.

    A web page's extracted text needs ``settings.min_words`` words: fewer means the extractor found no story (a
    paywall, a video page, a list of links). Text given as text (a file, a record, a feed entry) is what the user
    means to analyse, so a wire flash of twelve words is kept; only an article with no word of story left is not.
    """
    words = word_count(article.text)
    need = settings.min_words if raw.extracted else 1
    if words >= need:
        return None
    rule = f", fewer than Settings.min_words={settings.min_words} for a web page" if raw.extracted else ""
    return f"no story text left after cleaning ({lines_removed(article)} lines removed; {words} words left{rule})"


def _where(raw: RawArticle) -> str:
    """The path of a one-article file; path#id inside a feed, JSON list or WARC; the id without a path."""
    if raw.path is None:
        return raw.id
    return raw.path if Path(raw.path).stem == raw.id else f"{raw.path}#{raw.id}"
