"""The NLP stage: sentences, language, entity mentions, dates, quotations and reported speech of every article.

spaCy runs once for entities, over the paragraphs of all English articles together, so that its batching pays off,
and once for the parse, over the sentences of all of them that may report speech (:mod:`newsweave.nlp.reported`).
Each article's quote speakers are resolved against the entities of that article alone ("Manturov added" -> "Denis
Manturov" when the article named him in full); the story stage can re-resolve them across articles with
:class:`~newsweave.nlp.entities.EntityIndex`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from newsweave.config import Settings
from newsweave.model import Analysis, Article, Sentence
from newsweave.nlp.dates import resolve_dates
from newsweave.nlp.entities import EntityIndex, group_mentions
from newsweave.nlp.language import ENGLISH, detect_language
from newsweave.nlp.mentions import find_mentions
from newsweave.nlp.quotes import find_quotes
from newsweave.nlp.reported import find_reported, parse_candidates
from newsweave.nlp.sentences import Span, paragraph_spans, split_sentences
from newsweave.nlp.spacy_model import EntitySpan, named_entities

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

FallbackDates = Mapping[str, tuple[dt.date, str]]


@dataclasses.dataclass(frozen=True)
class _Prepared:
    article: Article
    text: str
    language: str
    paragraphs: list[Span]
    sentences: tuple[Sentence, ...]

    @property
    def english(self) -> bool:
        return self.language == ENGLISH


def analyse(
    articles: Sequence[Article], settings: Settings, fallback_dates: FallbackDates | None = None
) -> list[Analysis]:
    """Analyse every article, in the order given.

    ``fallback_dates[article_id] = (date, note)`` is the reference date for an article without a publication date of
    its own (for instance the date of the other articles on its story); the article's own date always wins.
    ``settings`` is taken for the uniform stage signature; no NLP threshold is tunable yet.
    """
    del settings
    prepared = [_prepare(article) for article in articles]
    paragraphs = [p.text[start:end] for p in prepared if p.english for start, end in p.paragraphs]
    found = iter(named_entities(paragraphs))
    parsed = parse_candidates([p.sentences if p.english else () for p in prepared])
    analyses = []
    for item, parses in zip(prepared, parsed, strict=True):
        entities = [next(found) for _ in item.paragraphs] if item.english else []
        analyses.append(_analyse(item, entities, parses, fallback_dates or {}))
    log.debug(
        "analysed %d articles (%d not in English): %d sentences, %d mentions, %d quotes, %d reported statements",
        len(analyses),
        sum(not item.english for item in prepared),
        sum(len(a.sentences) for a in analyses),
        sum(len(a.mentions) for a in analyses),
        sum(len(a.quotes) for a in analyses),
        sum(len(a.reported) for a in analyses),
    )
    return analyses


def _prepare(article: Article) -> _Prepared:
    text = article.text
    language = detect_language(text)
    paragraphs = paragraph_spans(article.paragraphs)
    return _Prepared(article, text, language, paragraphs, split_sentences(article.id, text, paragraphs, language))


def _analyse(
    item: _Prepared, entities: list[list[EntitySpan]], parses: Mapping[int, Doc], fallback_dates: FallbackDates
) -> Analysis:
    article, notes = item.article, list(item.article.notes)
    reference, reference_note = article.published, None
    if reference is None and article.id in fallback_dates:
        reference, reference_note = fallback_dates[article.id]
    if not item.english:
        notes.append(
            f"language detected: {item.language}; entities, dates and quote speakers are extracted for English only"
        )
        quotes = find_quotes(article.id, item.text, item.paragraphs, item.sentences, (), EntityIndex(()), False)
        return Analysis(
            article=dataclasses.replace(article, language=item.language, notes=tuple(notes)),
            sentences=item.sentences,
            quotes=quotes,
            reference_date=reference,
            reference_note=reference_note,
        )
    if reference is None:
        notes.append('no date for this article: relative dates such as "on Friday" were not resolved')
    mentions = find_mentions(article.id, item.text, item.paragraphs, entities, item.sentences)
    index = EntityIndex(group_mentions(mentions))
    quotes = find_quotes(article.id, item.text, item.paragraphs, item.sentences, mentions, index)
    return Analysis(
        article=dataclasses.replace(article, language=item.language, notes=tuple(notes)),
        sentences=item.sentences,
        mentions=mentions,
        dates=tuple(resolve_dates(item.sentences, reference)),
        quotes=quotes,
        reported=find_reported(
            article.id, item.text, item.paragraphs, item.sentences, mentions, index, parses, quotes
        ),
        reference_date=reference,
        reference_note=reference_note,
    )
