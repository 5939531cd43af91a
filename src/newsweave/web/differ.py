"""The words a conflict turns on, marked in each side's sentence.

A side's ``value`` is usually the disputed words themselves ("24 containers"), but a date value carries its
resolution ("of Sunday (2025-03-09)") and a value can be phrased apart from the sentence. So the marks are found in
order of trust: the value as written (the renderer's own :func:`highlight`), the value without its resolution, the
value's words that no other side's value has ("Sunday" against "Monday"), and last a word diff against the closest
sentence of the other side.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsweave.render.view import highlight

Span = tuple[int, int]

_WORD = re.compile(r"\w+(?:['’-]\w+)*")
_RESOLUTION = re.compile(r"\s*\([^()]*\)\s*$")


@dataclass(frozen=True)
class Piece:
    text: str
    marked: bool


def mark_differences(text: str, value: str, other_values: Sequence[str], other_texts: Sequence[str]) -> list[Piece]:
    """``text`` cut into pieces, the ones that make this side differ from the others marked."""
    for candidate in dict.fromkeys((value, _RESOLUTION.sub("", value))):
        found = highlight(text, candidate) if candidate else None
        if found and found.value:
            return [
                p for p in (Piece(found.before, False), Piece(found.value, True), Piece(found.after, False)) if p.text
            ]
    spans = _own_words(text, value, other_values) or _diff_words(text, other_texts)
    return _pieces(text, spans)


def _own_words(text: str, value: str, other_values: Sequence[str]) -> list[Span]:
    """Where the words of this value that no other value uses occur in the sentence."""
    others = {w.casefold() for v in other_values for w in _WORD.findall(_RESOLUTION.sub("", v))}
    own = {w.casefold() for w in _WORD.findall(_RESOLUTION.sub("", value))} - others
    return [m.span() for m in _WORD.finditer(text) if m.group().casefold() in own]


def _diff_words(text: str, other_texts: Sequence[str]) -> list[Span]:
    """Words of ``text`` that the most similar other sentence does not have in the same place."""
    words = list(_WORD.finditer(text))
    mine = [w.group().casefold() for w in words]
    best: list[Span] = []
    best_ratio = -1.0
    for other in other_texts:
        theirs = [w.casefold() for w in _WORD.findall(other)]
        matcher = difflib.SequenceMatcher(a=mine, b=theirs, autojunk=False)
        if matcher.ratio() <= best_ratio:
            continue
        best_ratio = matcher.ratio()
        best = [
            words[i].span()
            for tag, i1, i2, _, _ in matcher.get_opcodes()
            if tag in ("replace", "delete")
            for i in range(i1, i2)
        ]
    return best


def _pieces(text: str, spans: Sequence[Span]) -> list[Piece]:
    """Marked spans merged across the spaces between them, so "of Sunday" is one mark rather than two."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces: list[Piece] = []
    cursor = 0
    for start, end in merged:
        if start > cursor:
            pieces.append(Piece(text[cursor:start], False))
        pieces.append(Piece(text[start:end], True))
        cursor = end
    if cursor < len(text):
        pieces.append(Piece(text[cursor:], False))
    return pieces or [Piece(text, False)]
