"""Direct quotations and their speakers.

Quotations are found by punctuation (:mod:`~newsweave.nlp.quotemarks`) and attributed by
:mod:`~newsweave.nlp.speakers`. Not every quoted phrase is a quotation worth keeping; the rule:

* a quotation standing as a clause – opening its sentence or paragraph, after a colon or comma, or a capitalised
  sentence after a speech verb – is kept when it has at least four words, and a shorter one only when a speech verb
  is attached to it (“Absolutely,” she said);
* a fragment inside running text (a spacesuit “that had been in space several times”) is kept only when it has at
  least four words *and* a speaker was found for it (the visit “will continue for a few more days”, said by Peskov);
* everything else – scare quotes, titles, one- to three-word phrases ("foreign agent", “possibilities”) – is dropped.

A quotation interrupted by its attribution (“We will rebuild,” the mayor said, “and we will start today.”) is one
quotation: two quoted pieces in one paragraph, with the same speaker, separated by nothing but the end of the
sentence that names that speaker, become one :class:`~newsweave.model.Quote` with both pieces as its ``parts``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from newsweave.model import ArticleId, Mention, Quote, Sentence
from newsweave.nlp.entities import EntityIndex, group_mentions
from newsweave.nlp.mentions import find_mentions
from newsweave.nlp.quotemarks import QUOTE_MARKS, Marked, find_marked
from newsweave.nlp.reported import find_reported, parse_candidates
from newsweave.nlp.sentences import Span, raw_paragraph_spans, split_sentences
from newsweave.nlp.spacy_model import named_entities
from newsweave.nlp.speakers import Attributor, Speaker

MIN_WORDS = 4  # shorter quotations need a speech verb attached; shorter fragments are always dropped
PIECE_JOINER = " … "  # between the pieces of an interrupted quotation in Quote.text
_ATTRIBUTION_ENDS = tuple(",:;.!?")  # “…,” she said, “…” / she said: “…” / she said. “…”


@dataclass(frozen=True)
class _Found:
    """One marked quotation as read: its speaker, whether a speech verb is attached, whether it stands as a clause."""

    marked: Marked
    speaker: Speaker | None
    direct: bool
    clause: bool


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
    found = []
    for number, quote in enumerate(marked):
        speaker, direct = attributor.attribute(number) if speakers else (None, False)
        found.append(_Found(quote, speaker, direct, attributor.is_clause(quote, number)))
    starts = [sentence.start for sentence in sentences]
    return tuple(
        _quote(article_id, text, pieces, sentences, starts)
        for pieces in _quotations(text, found, starts)
        if _kept(text, pieces)
    )


def _kept(text: str, pieces: Sequence[_Found]) -> bool:
    """The rule of the module docstring, for a quotation made of one or more pieces."""
    first = pieces[0]
    words = sum(len(text[start:end].split()) for piece in pieces for start, end in piece.marked.parts)
    direct = any(piece.direct for piece in pieces)
    if words < MIN_WORDS and not (first.clause and direct):
        return False
    return first.clause or (first.speaker is not None and first.speaker.name is not None)


def _quotations(text: str, found: Sequence[_Found], starts: Sequence[int]) -> Iterator[list[_Found]]:
    """The marked quotations grouped into quotations: each group is one, or one interrupted by its attribution."""
    group: list[_Found] = []
    for piece in found:
        if group and not _interrupted(text, group[-1], piece, starts):
            yield group
            group = []
        group.append(piece)
    if group:
        yield group


def _interrupted(text: str, before: _Found, after: _Found, starts: Sequence[int]) -> bool:
    """Whether ``after`` continues ``before`` past its attribution: “…,” she said, “…” / “…,” she said. “…”.

    Both must be attributed by the words between them (a name, description or pronoun), which end in a comma, colon
    or full stop and start no sentence: “…,” she said. She left. “…” is two quotations, and so are a title and a
    phrase of the sentence that names its speaker (on “Sunday Politics,” Mayor Dorsey called it “a disgrace”).
    """
    close, speaker = before.marked.close_mark, before.speaker
    if close is None or speaker is None or speaker.start is None:
        return False
    if after.speaker is None or after.speaker.start != speaker.start:  # not attributed by the same words
        return False
    opening = after.marked.open_mark
    gap = text[close + 1 : opening]
    return (
        close < speaker.start < opening
        and "\n" not in gap
        and gap.rstrip().endswith(_ATTRIBUTION_ENDS)
        and not any(mark in gap for mark in QUOTE_MARKS)
        and bisect.bisect_left(starts, opening) == bisect.bisect_right(starts, close)
    )


def extract_quotes(text: str, article_id: ArticleId = "text") -> list[Quote]:
    """Every quotation in a raw English text, with offsets into ``text``; each non-blank line is a paragraph."""
    return list(find_quotes(article_id, text, *_raw_context(text, article_id)))


def extract_attributions(text: str, article_id: ArticleId = "text") -> tuple[list[Quote], list[Quote]]:
    """Every quotation and every reported statement (:mod:`newsweave.nlp.reported`) in a raw English text, with
    offsets into ``text``; each non-blank line is a paragraph."""
    paragraphs, sentences, mentions, index = _raw_context(text, article_id)
    quotes = find_quotes(article_id, text, paragraphs, sentences, mentions, index)
    (parses,) = parse_candidates([sentences])
    return list(quotes), list(find_reported(article_id, text, paragraphs, sentences, mentions, index, parses, quotes))


def _raw_context(
    text: str, article_id: ArticleId
) -> tuple[list[Span], tuple[Sentence, ...], tuple[Mention, ...], EntityIndex]:
    """Paragraphs (one per non-blank line), sentences, entity mentions and their index, for a raw text."""
    paragraphs = raw_paragraph_spans(text)
    sentences = split_sentences(article_id, text, paragraphs)
    entities = named_entities([text[start:end] for start, end in paragraphs])
    mentions = find_mentions(article_id, text, paragraphs, entities, sentences)
    return paragraphs, sentences, mentions, EntityIndex(group_mentions(mentions))


def _quote(
    article_id: ArticleId,
    text: str,
    pieces: Sequence[_Found],
    sentences: Sequence[Sentence],
    starts: list[int],
) -> Quote:
    first_piece, speaker = pieces[0].marked, pieces[0].speaker
    start, end = first_piece.start, pieces[-1].marked.end
    first = max(bisect.bisect_right(starts, start) - 1, 0)
    last = max(bisect.bisect_left(starts, end) - 1, first)
    return Quote(
        article_id=article_id,
        text=PIECE_JOINER.join(" ".join(text[a:b] for a, b in piece.marked.parts) for piece in pieces),
        speaker=speaker.name if speaker else None,
        start=start,
        end=end,
        sentences=tuple(sentences[i].index for i in range(first, last + 1)),
        speaker_start=speaker.start if speaker else None,
        speaker_end=speaker.end if speaker else None,
        cue=speaker.cue if speaker else None,
        parts=tuple(part for piece in pieces for part in piece.marked.parts),
    )
