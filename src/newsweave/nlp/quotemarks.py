"""Quotations found by their punctuation alone, in any language.

Curly (“ ”), straight ("), low-high („ “) and guillemet (« ») double quotes are paired within a paragraph. Single
quotes are not used: in running text they cannot be told apart from apostrophes. A quotation left open at the end of a
paragraph continues when the next paragraph opens with the same quote mark – the news convention for a quotation that
runs over several paragraphs – and otherwise ends with its paragraph.

Inside a quotation, a quote mark of another style opens a nested quotation, whose closing mark does not end the outer
one: texts whose body uses curly marks often paste excerpts in straight ones, and an excerpt citing a “title” must not
end at the title. A paragraph that opens with a quote mark and a speaker label in capitals ("WALLACE: …) is a turn of a
quoted transcript: it starts a quotation of its own, whose words begin after the label.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsweave.nlp.sentences import Span

_OPENERS = {"“": "”", "„": "“", "«": "»", '"': '"'}
_ANY_CLOSER = frozenset({"”", "»", '"'})
QUOTE_MARKS = frozenset(_OPENERS) | _ANY_CLOSER
_TRAILING = " \t\n\u00a0,"  # "“We see the potential,” he said": the comma belongs to the attribution
# A transcript speaker label right after a paragraph's opening mark: "WALLACE:", "MR. SMITH:", "SEN. O'NEIL:".
LABEL = re.compile(r"([A-Z][A-Z.'’-]*[A-Z](?: [A-Z][A-Z.'’-]*){0,3}):\s*")


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
    nested: str | None = None  # the closing mark of a quotation of another style open inside this one


def find_marked(text: str, paragraphs: Sequence[Span]) -> list[Marked]:
    """Every quotation in the text, in reading order."""
    found: list[Marked] = []
    current: _Open | None = None
    for p_start, p_end in paragraphs:
        position = first = _first_visible(text, p_start, p_end)
        turn = LABEL.match(text, first + 1, p_end) if first < p_end and text[first] in _OPENERS else None
        if current is not None:
            if turn is None and _opener(text, first, p_start, p_end) == current.opener:  # it goes on here
                current.content_start = position = first + 1
                current.nested = None
            else:
                _finish(text, current, None, found)
                current = None
        if turn is not None:
            current = _Open(text[first], first, turn.end(), [])
            position = turn.end()
        for index in range(position, p_end):
            if current is None:
                if opener := _opener(text, index, p_start, p_end):
                    current = _Open(opener, index, index + 1, [])
            else:
                current = _advance(text, current, index, (p_start, p_end), found)
        if current is not None:
            current.parts.append((current.content_start, p_end))
    if current is not None:
        _finish(text, current, None, found)
    return found


def _advance(text: str, current: _Open, index: int, paragraph: Span, found: list[Marked]) -> _Open | None:
    """Read one character inside an open quotation; the quotation still open after it (None once it closed)."""
    char = text[index]
    if current.nested is not None:
        if char == current.nested:
            current.nested = None
    elif _closes(text, current.opener, index, paragraph):
        current.parts.append((current.content_start, index))
        _finish(text, current, index, found)
        return None
    elif char in _OPENERS and char != current.opener:  # “a title” inside a "straight" quotation
        current.nested = _OPENERS[char]
    elif char == current.opener and char != '"':  # a new quotation before this one closed: it never did
        current.parts.append((current.content_start, index))
        _finish(text, current, None, found)
        return _Open(char, index, index + 1, [])
    return current


def _closes(text: str, opener: str, index: int, paragraph: Span) -> bool:
    """Whether the mark at ``index`` closes a quotation opened by ``opener``.

    Any closing mark does, even of another style (“sloppy" typing), except a straight mark placed to open a nested
    quotation, and except under „ (German style, closed by “ alone).
    """
    char = text[index]
    if char == _OPENERS[opener]:
        return True
    return char in _ANY_CLOSER and opener != "„" and not (char == '"' and _opens(text, index, *paragraph))


def _opener(text: str, index: int, p_start: int, p_end: int) -> str | None:
    """The opening mark at ``index`` (a closing “”” used as one counts as “), or None."""
    if index >= p_end:
        return None
    char = text[index]
    if char in _OPENERS:
        return char
    return "“" if char == "”" and _opens(text, index, p_start, p_end) else None


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
