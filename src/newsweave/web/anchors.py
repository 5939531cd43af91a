"""Where a cited text sits in an article: the sentence numbers a citation link opens and highlights.

The brief names the articles behind each sentence but not the sentence of each article, so it is found here: the
article's clean text is split with the pipeline's own splitter (so ``s-N`` is the pipeline's sentence N), then the
cited text is looked up exactly, then with quotes, dashes, spacing and case normalised, and last as the most similar
sentence. A supporting article usually words the claim its own way; such a match is marked as not exact so that the
page can say "closest sentence" rather than pretend it is a quotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from rapidfuzz import fuzz, process

from newsweave.nlp.sentences import PARAGRAPH_SEPARATOR, paragraph_spans, split_sentences

Span = tuple[int, int]

_FUZZY_MIN = 60.0  # token-set similarity (0-100) below which no sentence is claimed as the source
_TRANSLATE = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "\u00a0": " "})
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Target:
    """Sentences ``first``..``last`` (inclusive) of an article; ``exact`` when the cited words are all there."""

    first: int
    last: int
    exact: bool

    @property
    def fragment(self) -> str:
        return f"s-{self.first}"


@dataclass(frozen=True)
class SentenceMap:
    """An article's sentences as character spans of its clean text."""

    text: str
    spans: tuple[Span, ...]
    _answers: dict[str, Target | None] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def locate(self, cited: str) -> Target | None:
        """The sentences that hold ``cited``; None when nothing in the article is close enough to claim.

        Answers are remembered with the map (a story page asks the same questions on every visit), so they live
        and die with the map's place in the cache of :func:`sentence_map`.
        """
        if cited not in self._answers:
            self._answers[cited] = self._search(cited)
        return self._answers[cited]

    def _search(self, cited: str) -> Target | None:
        found = _find(self.text, cited)
        if found is not None:
            first, last = self._covering(*found)
            return Target(first, last, True)
        if not self.spans or not cited.strip():
            return None
        best = process.extractOne(
            _normalise(cited),
            self.folded,
            scorer=fuzz.token_set_ratio,
            score_cutoff=_FUZZY_MIN,
        )
        return Target(best[2], best[2], False) if best else None

    @cached_property
    def folded(self) -> list[str]:
        """Each sentence normalised, computed once per article for the fuzzy look-ups."""
        return [_normalise(self.text[s:e]) for s, e in self.spans]

    def _covering(self, start: int, end: int) -> Span:
        inside = [i for i, (s, e) in enumerate(self.spans) if s < end and e > start]
        if not inside:  # the match sits in the whitespace between sentences, which cannot be cited
            inside = [min(range(len(self.spans)), key=lambda i: abs(self.spans[i][0] - start))]
        return inside[0], inside[-1]


def locate(article_id: str, text: str, language: str | None, cited: str) -> Target | None:
    """:meth:`SentenceMap.locate` on the article's (cached) sentence map."""
    return sentence_map(article_id, text, language).locate(cited)


def sentence_map(article_id: str, text: str, language: str | None = None) -> SentenceMap:
    """Cached on the text itself, so a re-ingested article with new text is split again."""
    return _sentence_map(article_id, text, language or "en")


@lru_cache(maxsize=4096)
def _sentence_map(article_id: str, text: str, language: str) -> SentenceMap:
    paragraphs = text.split(PARAGRAPH_SEPARATOR)
    try:
        sentences = split_sentences(article_id, text, paragraph_spans(paragraphs), language)
    except (KeyError, ValueError):  # a language sentencex does not know: English rules are the best guess
        sentences = split_sentences(article_id, text, paragraph_spans(paragraphs), "en")
    return SentenceMap(text, tuple((s.start, s.end) for s in sentences))


def _find(text: str, cited: str) -> Span | None:
    """The span of ``cited`` in ``text``, exactly or after normalising typography, spacing and case."""
    cited = cited.strip()
    if not cited:
        return None
    at = text.find(cited)
    if at >= 0:
        return at, at + len(cited)
    folded, positions = _normalise_with_positions(text)
    at = folded.find(_normalise(cited))
    if at < 0:
        return None
    end = at + len(_normalise(cited)) - 1
    return positions[at], positions[end] + 1


def _normalise(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_TRANSLATE)).strip().casefold()


def _normalise_with_positions(text: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, where it came from in ``text``."""
    chars: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text.translate(_TRANSLATE)):
        if char.isspace():
            if not chars or chars[-1] == " ":
                continue
            char = " "
        for folded in char.casefold():
            chars.append(folded)
            positions.append(index)
    return "".join(chars), positions
