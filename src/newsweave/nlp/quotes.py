"""Direct quotations and their speakers.

Quotations are found by punctuation (:mod:`~newsweave.nlp.quotemarks`) and attributed by
:mod:`~newsweave.nlp.speakers`. Not every quoted phrase is a quotation worth keeping; the rule:

* a quotation standing as a clause – opening its sentence or paragraph, after a colon or comma, or a capitalised
  sentence after a speech verb – is kept when it has at least four words, and a shorter one only when a speech verb
  is attached to it (“Absolutely,” she said);
* a fragment inside running text (a spacesuit “that had been in space several times”) is kept only when it has at
  least four words *and* a speaker was found for it (the visit “will continue for a few more days”, said by Peskov);
* everything else – scare quotes, titles, one- to three-word phrases ("foreign agent", “possibilities”) – is dropped.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from newsweave.model import ArticleId, Mention, Quote, Sentence
from newsweave.nlp.entities import EntityIndex, group_mentions
from newsweave.nlp.mentions import find_mentions
from newsweave.nlp.quotemarks import Marked, find_marked
from newsweave.nlp.sentences import Span, raw_paragraph_spans, split_sentences
from newsweave.nlp.spacy_model import named_entities
from newsweave.nlp.speakers import Attributor, Speaker

MIN_WORDS = 4  # shorter quotations need a speech verb attached; shorter fragments are always dropped


def find_quotes(
    article_id: ArticleId,
    text: str,
    paragraphs: Sequence[Span],
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    index: EntityIndex,
    speakers: bool = True,
) -> tuple[Quote, ...]:
    """The quotations worth keeping, with speakers unless ``speakers`` is False (text not in English)."""
    marked = find_marked(text, paragraphs)
    attributor = Attributor(text, paragraphs, sentences, mentions, index, marked)
    starts = [sentence.start for sentence in sentences]
    quotes = []
    for number, quote in enumerate(marked):
        speaker, direct = attributor.attribute(number) if speakers else (None, False)
        words = len(text[quote.start : quote.end].split())
        clause = attributor.is_clause(quote, number)
        if words < MIN_WORDS and not (clause and direct):
            continue
        if not clause and (speaker is None or speaker.name is None):
            continue
        quotes.append(_quote(article_id, text, quote, speaker, sentences, starts))
    return tuple(quotes)


def extract_quotes(text: str, article_id: ArticleId = "text") -> list[Quote]:
    """Every quotation in a raw English text, with offsets into ``text``; each non-blank line is a paragraph."""
    paragraphs = raw_paragraph_spans(text)
    sentences = split_sentences(article_id, text, paragraphs)
    entities = named_entities([text[start:end] for start, end in paragraphs])
    mentions = find_mentions(article_id, text, paragraphs, entities, sentences)
    index = EntityIndex(group_mentions(mentions))
    return list(find_quotes(article_id, text, paragraphs, sentences, mentions, index))


def _quote(
    article_id: ArticleId,
    text: str,
    quote: Marked,
    speaker: Speaker | None,
    sentences: Sequence[Sentence],
    starts: list[int],
) -> Quote:
    first = max(bisect.bisect_right(starts, quote.start) - 1, 0)
    last = max(bisect.bisect_left(starts, quote.end) - 1, first)
    return Quote(
        article_id=article_id,
        text=" ".join(text[start:end] for start, end in quote.parts),
        speaker=speaker.name if speaker else None,
        start=quote.start,
        end=quote.end,
        sentences=tuple(sentences[i].index for i in range(first, last + 1)),
        speaker_start=speaker.start if speaker else None,
        speaker_end=speaker.end if speaker else None,
        cue=speaker.cue if speaker else None,
    )
