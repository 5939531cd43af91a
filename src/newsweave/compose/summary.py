"""The attributed summary: the story's best-supported facts, each sentence citing the articles it rests on.

Extractive on purpose: every summary sentence is a sentence some outlet published, so it can be traced and checked.
Facts are taken most-supported first (independent sources, then all sources, then how early they come); a fact too
close to one already chosen is redundant and skipped; sentences that cannot stand alone (a leading pronoun or
connective, a question, mostly quotation) are left to the quotes section.
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


def summarise(facts: Sequence[Fact], settings: Settings) -> list[SummarySentence]:
    """Pick 5-10 (``Settings.summary_min/max_sentences``) non-redundant facts, most supported first."""
    candidates = [f for f in facts if standalone(f.text)]
    if not candidates:
        return []
    vectors = get_embedder().encode([f.text for f in candidates])
    chosen: list[int] = []
    # Multi-source facts first; single-source facts only fill up to the minimum.
    for allow_single in (False, True):
        for i, fact in enumerate(candidates):
            if len(chosen) >= (settings.summary_min_sentences if allow_single else settings.summary_max_sentences):
                break
            if i in chosen or (fact.independent < 2 and len(fact.sources) < 2 and not allow_single):
                continue
            if chosen and float(np.max(vectors[chosen] @ vectors[i])) >= settings.summary_redundancy:
                continue
            chosen.append(i)
    return [SummarySentence(candidates[i].text, candidates[i].sources, candidates[i].id) for i in chosen]
