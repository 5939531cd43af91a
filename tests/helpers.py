"""Building blocks for tests: analyses made by hand, so stage tests do not depend on the NLP models' mood."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from newsweave.model import Analysis, Article, DateMention, Sentence

_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def make_analysis(
    article_id: str,
    paragraphs: Sequence[str],
    published: dt.date | None = None,
    title: str | None = None,
    source: str | None = None,
) -> Analysis:
    """One sentence per line of each paragraph (split on '. '), with weekday names resolved to the past week."""
    article = Article(
        id=article_id,
        title=title or f"Title of {article_id}",
        paragraphs=tuple(paragraphs),
        published=published,
        source=source or article_id,
    )
    sentences: list[Sentence] = []
    dates: list[DateMention] = []
    offset = 0
    for p_index, paragraph in enumerate(paragraphs):
        for match in re.finditer(r"[^.!?]+[.!?]+[\"”]?", paragraph):
            text = match.group().strip()
            start = offset + paragraph.index(text, match.start())
            sentence = Sentence(article_id, len(sentences), p_index, start, start + len(text), text)
            sentences.append(sentence)
            if published:
                dates.extend(_weekdays(sentence, published))
        offset += len(paragraph) + 2
    return Analysis(article=article, sentences=tuple(sentences), dates=tuple(dates), reference_date=published)


def _weekdays(sentence: Sentence, reference: dt.date) -> list[DateMention]:
    out = []
    for match in re.finditer(r"\b(?:on )?(" + "|".join(_WEEKDAYS) + r")\b", sentence.text):
        back = (reference.weekday() - _WEEKDAYS.index(match.group(1))) % 7
        day = reference - dt.timedelta(days=back)
        out.append(
            DateMention(
                sentence.article_id,
                sentence.index,
                match.group(),
                day,
                day,
                "day",
                sentence.start + match.start(),
                sentence.start + match.end(),
            )
        )
    return out
