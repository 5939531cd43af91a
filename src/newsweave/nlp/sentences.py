"""Sentences with exact character offsets, never crossing a paragraph.

sentencex does the splitting (fast, many languages). It occasionally breaks after an abbreviation that it does not
know ("Ms.", "Vol.") or before a quote's attribution ("“Why?” she asked."); those splits are mended here by joining
the pieces again, which keeps every offset exact: ``text[s.start:s.end] == s.text``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sentencex import get_sentence_boundaries

from newsweave.model import ArticleId, Sentence

Span = tuple[int, int]

PARAGRAPH_SEPARATOR = "\n\n"  # how Article.text joins its paragraphs

# A piece ending in one of these is never the end of a sentence when the next piece starts with a capital letter:
# they stand before names.
_TITLES = frozenset(
    "mr mrs ms mx dr prof gen lt col maj capt cpt sgt cpl adm cmdr sen rep gov pres rev hon fr st mt ft "
    "messrs mme mlle gov supt insp det vs v".split()
)
# ... and these stand before numbers: "No. 5", "Sept. 15", "Vol. 3".
_BEFORE_NUMBERS = frozenset(
    "no nos vol vols art arts fig figs p pp ch sec para jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_LAST_WORD = re.compile(r"(?:^|[\s(\[“”\"'‘’])([A-Za-z]+)\.$")
_INITIAL = re.compile(r"(?:^|[\s(])[A-Z]\.$")


def paragraph_spans(paragraphs: Sequence[str]) -> list[Span]:
    """Where each paragraph sits in the paragraphs joined by a blank line (:attr:`Article.text`)."""
    spans, offset = [], 0
    for paragraph in paragraphs:
        spans.append((offset, offset + len(paragraph)))
        offset += len(paragraph) + len(PARAGRAPH_SEPARATOR)
    return spans


def raw_paragraph_spans(text: str) -> list[Span]:
    """Paragraphs of free text: its non-blank lines (news text breaks lines between paragraphs, not inside them)."""
    return [trimmed for line in re.finditer(r"[^\n]+", text) if (trimmed := _trim(text, *line.span())) is not None]


def split_paragraph(text: str, start: int, end: int, language: str = "en") -> list[Span]:
    """Sentence spans of ``text[start:end]`` (offsets into ``text``), whitespace trimmed, mended.

    A line break inside a paragraph always ends a sentence: in free text it separates list items, captions and
    signatures ("― Sonya Herridge") that sentencex would otherwise run together.
    """
    spans: list[Span] = []
    for line in re.finditer(r"[^\n]+", text[start:end]):
        spans.extend(
            (start + line.start() + s, start + line.start() + e) for s, e in _split_line(line.group(), language)
        )
    return spans


def _split_line(line: str, language: str) -> list[Span]:
    pieces = [
        trimmed
        for piece in get_sentence_boundaries(language, line)
        if (trimmed := _trim(line, piece["start_index"], piece["end_index"])) is not None
    ]
    mended: list[Span] = []
    for piece in pieces:
        if mended and _joins(line[mended[-1][0] : mended[-1][1]], line[piece[0] : piece[1]]):
            mended[-1] = (mended[-1][0], piece[1])
        else:
            mended.append(piece)
    return mended


def split_sentences(
    article_id: ArticleId, text: str, paragraphs: Sequence[Span], language: str = "en"
) -> tuple[Sentence, ...]:
    """Every sentence of the text, numbered in reading order, each tagged with its paragraph."""
    sentences: list[Sentence] = []
    for number, (p_start, p_end) in enumerate(paragraphs):
        for s, e in split_paragraph(text, p_start, p_end, language):
            sentences.append(Sentence(article_id, len(sentences), number, s, e, text[s:e]))
    return tuple(sentences)


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _joins(previous: str, following: str) -> bool:
    """Whether the split between two pieces is a false sentence end."""
    first = following[0]
    if first.islower():  # a sentence does not start in lower case: "“Why?” she asked."
        return True
    word = _LAST_WORD.search(previous)
    if word is None:
        return False
    last = word.group(1).lower()
    if first.isupper() and (last in _TITLES or _INITIAL.search(previous)):
        return True
    return first.isdigit() and last in _BEFORE_NUMBERS
