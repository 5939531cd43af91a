"""A headline of another story glued to the end of a paragraph by a page's "next story" link.

"...with the help of a special platform.Netanyahu to meet Erdogan next week": a sentence end followed, with no
space, by a capitalised run of words that is not itself a sentence. The story sentence is kept up to its full
stop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsweave.clean.text import word_count

_JOIN = re.compile(r"[a-z\d%]{2}[.!?][\"'”’)]?(?=[A-Z][a-z])")
_SENTENCE_BREAK = re.compile(r"[a-z]{2}[.!?]\s+[A-Z]")
_MIN_TAIL_WORDS = 3
_MAX_TAIL_WORDS = 25
_MIN_HEAD_WORDS = 5


@dataclass(frozen=True)
class Glued:
    sentence: str  # the paragraph up to and including its last full stop
    headline: str  # what was glued after it


def split_glued_headline(line: str) -> Glued | None:
    joins = list(_JOIN.finditer(line))
    if not joins:
        return None
    cut = joins[-1].end()
    head, tail = line[:cut], line[cut:].strip()
    if not _MIN_TAIL_WORDS <= word_count(tail) <= _MAX_TAIL_WORDS or word_count(head) < _MIN_HEAD_WORDS:
        return None
    if tail.endswith(".") or _SENTENCE_BREAK.search(tail):
        return None  # a run of sentences, not a headline: more likely a missing space inside the story
    return Glued(head, tail)
