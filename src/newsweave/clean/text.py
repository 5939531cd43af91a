"""Small text predicates every cleaning rule shares.

Sites disagree on apostrophes, quotes, dashes and spaces; a title repeated with a curly apostrophe is still
the title. Rules therefore match against :func:`plain` text and compare lines by :func:`line_key`.
"""

from __future__ import annotations

import re

_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u200b": "",
    }
)
_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w\s]")
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_CLOSERS = "\"'”’»)]*"
_SENTENCE_END = re.compile(r"(?:[.!?…]|\.\.\.)$")


def plain(line: str) -> str:
    """The line with straight quotes, ASCII dashes and single spaces: what rule patterns are written for."""
    return _SPACES.sub(" ", line.translate(_TYPOGRAPHY)).strip()


def line_key(line: str) -> str:
    """A comparison key that ignores case, punctuation and typography (so ’ and ' compare equal)."""
    return _SPACES.sub(" ", _NOT_WORD.sub("", plain(line).casefold())).strip()


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def ends_sentence(line: str) -> bool:
    """True when the line ends like a sentence (a full stop, ? or !, possibly inside closing quotes)."""
    return bool(_SENTENCE_END.search(line.rstrip().rstrip(_CLOSERS)))


def is_story_paragraph(line: str) -> bool:
    """A line that reads like running story text: a full sentence of some length."""
    return word_count(line) >= 10 and ends_sentence(line)
