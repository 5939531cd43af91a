"""Quotations found by their punctuation alone, in any language.

Curly (“ ”), straight ("), low-high („ “) and guillemet (« ») double quotes are paired within a paragraph. Single
quotes are not used: in running text they cannot be told apart from apostrophes. A quotation left open at the end of a
paragraph continues when the next paragraph opens with a quote mark – the news convention for a quotation that runs
over several paragraphs – and otherwise ends with its paragraph.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsweave.nlp.sentences import Span

_OPENERS = {"“": "”", "„": "“", "«": "»", '"': '"'}
_ANY_CLOSER = frozenset({"”", "»", '"'})
_TRAILING = " \t\n\u00a0,"  # "“We see the potential,” he said": the comma belongs to the attribution


@dataclass(frozen=True)
class Marked:
    """One quotation: the quoted words of each paragraph it spans, without marks or attribution comma."""

    parts: tuple[Span, ...]
    open_mark: int  # where its opening mark is
    close_mark: int | None  # where its closing mark is; None when it ran to the end of a paragraph

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


@dataclass
class _Open:
    opener: str
    open_mark: int
    content_start: int
    parts: list[Span]


def find_marked(text: str, paragraphs: Sequence[Span]) -> list[Marked]:
    """Every quotation in the text, in reading order."""
    found: list[Marked] = []
    current: _Open | None = None
    for p_start, p_end in paragraphs:
        position = p_start
        if current is not None:
            first = _first_visible(text, p_start, p_end)
            if first < p_end and text[first] in _OPENERS:  # the quotation goes on in this paragraph
                current.content_start = position = first + 1
            else:
                _finish(text, current, None, found)
                current = None
        for index in range(position, p_end):
            char = text[index]
            if current is None:
                if char in _OPENERS or (char == "”" and _opens(text, index, p_start, p_end)):
                    current = _Open("“" if char == "”" else char, index, index + 1, [])
            elif char == _OPENERS[current.opener] or (char in _ANY_CLOSER and current.opener != "„"):
                current.parts.append((current.content_start, index))
                _finish(text, current, index, found)
                current = None
            elif char == current.opener and char != '"':  # a new quotation before this one closed: it never did
                current.parts.append((current.content_start, index))
                _finish(text, current, None, found)
                current = _Open(char, index, index + 1, [])
        if current is not None:
            current.parts.append((current.content_start, p_end))
    if current is not None:
        _finish(text, current, None, found)
    return found


def _first_visible(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def _opens(text: str, index: int, p_start: int, p_end: int) -> bool:
    """A closing mark used as an opening one: after a space (or at the start) and before a word."""
    before = text[index - 1] if index > p_start else " "
    after = text[index + 1] if index + 1 < p_end else " "
    return before.isspace() and after.isalnum()


def _finish(text: str, quote: _Open, close_mark: int | None, found: list[Marked]) -> None:
    parts = []
    for start, end in quote.parts:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        if start < end:
            parts.append((start, end))
    if parts:
        found.append(Marked(tuple(parts), quote.open_mark, close_mark))
