"""Cleaning a whole corpus: the outlet-level repetition pass first, then each article on its own."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from newsweave.clean.article import clean_article, lines_removed
from newsweave.clean.repeated import outlet_repeats
from newsweave.clean.text import word_count
from newsweave.config import Settings
from newsweave.model import Article, RawArticle, Skipped

log = logging.getLogger(__name__)


def clean_corpus(raws: Sequence[RawArticle], settings: Settings) -> tuple[list[Article], list[Skipped]]:
    """Clean every article; one left with fewer than ``settings.min_words`` words of story is skipped."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for raw, repeated in zip(raws, outlet_repeats(raws, settings), strict=True):
        article = clean_article(raw, settings, repeated)
        words = word_count(article.text)
        if words >= settings.min_words:
            articles.append(article)
            continue
        reason = (
            f"no story text left after cleaning ({lines_removed(article)} lines removed; {words} words left, "
            f"fewer than Settings.min_words={settings.min_words})"
        )
        log.warning("skipped %s: %s", _where(raw), reason)
        skipped.append(Skipped(_where(raw), reason))
    return articles, skipped


def _where(raw: RawArticle) -> str:
    """The path of a one-article file; path#id inside a feed, JSON list or WARC; the id without a path."""
    if raw.path is None:
        return raw.id
    return raw.path if Path(raw.path).stem == raw.id else f"{raw.path}#{raw.id}"
