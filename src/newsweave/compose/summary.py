"""The attributed summary: the story's best-supported facts, each sentence citing the articles it rests on.

Extractive on purpose: every summary sentence is a sentence some outlet published, so it can be traced and checked.
Sentences that cannot stand alone (a leading pronoun or connective, a question, mostly quotation) are left to the
quotes section.

Facts are taken most-supported first: by the independent sources that state them (a copy counts for its original),
and, among facts with as many sources, by how well the rest of the story backs them (see :func:`standing`):

* *centrality*, the mean embedding similarity to the story's other facts: a fact that the rest of the coverage keeps
  coming back to is backed by it, even where no other outlet's sentence was close enough to be aligned as the same
  fact (outlets word one event very differently);
* plus ``Settings.summary_position`` x *prominence*, 1 / (1 + its earliest sentence index): an outlet that puts a
  fact in its first sentence vouches for its importance (the inverted pyramid).

The first sentence is the one that states the event: among the best-sourced facts, the one with the highest
standing once prominence counts ``Settings.summary_lead_position`` more. Then facts follow most-supported first; a
fact too close to one already chosen (cosine >= ``Settings.summary_redundancy``) is redundant and skipped. Facts that
more than one article states are taken up to ``summary_max_sentences``; single-source facts only fill the summary up
to ``summary_min_sentences`` sentences or ``summary_words`` words, whichever is reached last, so that a story told in
short sentences still gets a readable summary.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from newsweave.config import Settings
from newsweave.embed import get_embedder
from newsweave.model import Fact, SummarySentence

_DANGLING_START = re.compile(
    r"^(he|she|it|they|this|that|these|those|his|her|their|its|but|and|or|so|also|moreover|additionally|however|"
    r"meanwhile|then|there|here)\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[\"“”]([^\"“”]*)[\"“”]")
_MIN_WORDS = 8
_MAX_WORDS = 60


def standalone(text: str) -> bool:
    """Whether a sentence reads on its own, out of its article."""
    words = text.split()
    if not (_MIN_WORDS <= len(words) <= _MAX_WORDS) or text.rstrip().endswith("?"):
        return False
    if _DANGLING_START.match(text.lstrip("\"“‘' ")):
        return False
    quoted = sum(len(m.group(1)) for m in _QUOTED.finditer(text))
    return quoted <= 0.5 * len(text)


def prominence(fact: Fact) -> float:
    """1 for a fact some article opens with, 1/2 for a second sentence, ...: how high the outlets placed it."""
    return 1.0 / (1 + min((c.sentence for c in fact.claims), default=0))


def centrality(vectors: np.ndarray, story_vectors: np.ndarray) -> np.ndarray:
    """Mean cosine of each candidate to the story's other facts (unit vectors; a candidate is one of those facts, so
    its similarity to itself, 1, is taken out). 0 when the story has one fact."""
    others = len(story_vectors) - 1
    if others < 1:
        return np.zeros(len(vectors))
    return ((vectors @ story_vectors.T).sum(axis=1) - 1.0) / others


def standing(candidates: Sequence[Fact], central: np.ndarray, settings: Settings) -> np.ndarray:
    """How well the rest of the story backs each candidate: centrality + weighted prominence."""
    return central + settings.summary_position * np.array([prominence(f) for f in candidates])


def reading_order(candidates: Sequence[Fact], scores: np.ndarray, settings: Settings) -> list[int]:
    """The event-stating sentence first, then the rest most-supported first: independent sources, then ``scores``
    (their standing), then the earlier fact in the story's order."""
    sources = [f.independent for f in candidates]
    best_sourced = [i for i, n in enumerate(sources) if n == max(sources)]
    lead = max(best_sourced, key=lambda i: (scores[i] + settings.summary_lead_position * prominence(candidates[i]), -i))
    rest = sorted((i for i in range(len(candidates)) if i != lead),
                  key=lambda i: (-sources[i], -round(float(scores[i]), 9), i))
    return [lead, *rest]


def cross_checked(fact: Fact) -> bool:
    """Stated by more than one article: always worth a place in the summary, up to its maximum length."""
    return fact.independent >= 2 or len(fact.sources) >= 2


def select(order: Sequence[int], candidates: Sequence[Fact], vectors: np.ndarray, settings: Settings) -> list[int]:
    """Walk ``order``, skipping redundant facts; single-source facts only until the minimum length is reached."""
    chosen: list[int] = []
    words = 0
    for i in order:
        if len(chosen) >= settings.summary_max_sentences:
            break
        short = len(chosen) < settings.summary_min_sentences or words < settings.summary_words
        if not (short or cross_checked(candidates[i])):
            continue
        if chosen and float(np.max(vectors[chosen] @ vectors[i])) >= settings.summary_redundancy:
            continue
        chosen.append(i)
        words += len(candidates[i].text.split())
    return chosen


def summarise(facts: Sequence[Fact], settings: Settings) -> list[SummarySentence]:
    """5-10 (``Settings.summary_min/max_sentences``) non-redundant facts: the event first, then most supported."""
    candidates = [f for f in facts if standalone(f.text)]
    if not candidates:
        return []
    embedder = get_embedder()
    vectors = embedder.encode([f.text for f in candidates])
    scores = standing(candidates, centrality(vectors, embedder.encode([f.text for f in facts])), settings)
    chosen = select(reading_order(candidates, scores, settings), candidates, vectors, settings)
    return [SummarySentence(candidates[i].text, candidates[i].sources, candidates[i].id) for i in chosen]
