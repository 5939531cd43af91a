"""The corpus-level cue: lines an outlet prints on many of its pages are the outlet's, not the story's.

Two things look alike here and must not be confused. Boilerplate ("Sign up for our morning newsletter") recurs
across an outlet's unrelated articles; story text recurs across *versions of one story* (an update, a wire
copy run twice). So articles of one outlet that share a good part of their sentences are first folded into one
"family", and a line counts as repeated only when it appears in enough different families. Lines longer than
25 words are never judged by repetition alone, and a line that reads like a sentence must recur in at least
half of the outlet's families (and in three or more): "He declined to comment." appears in some articles of
any large outlet, a footer in nearly all of them.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path

from newsweave.clean.text import ends_sentence, line_key, word_count
from newsweave.config import Settings
from newsweave.model import RawArticle

MAX_WORDS = 25
_COPY_EVIDENCE_WORDS = 8  # sentences this long, when shared, show two articles are versions of one story
_COPY_SHARE = 0.3  # share of the shorter article's sentences two versions of one story have in common
_COPY_MAX_SPREAD = 20  # a sentence in more articles than this is the outlet's furniture, not copying evidence


def outlet_repeats(raws: Sequence[RawArticle], settings: Settings) -> list[frozenset[str]]:
    """For each article (same order), the keys of its lines that its outlet repeats across articles."""
    groups: dict[str, list[int]] = defaultdict(list)
    for index, raw in enumerate(raws):
        key = outlet_key(raw)
        if key is not None:
            groups[key].append(index)
    found: list[frozenset[str]] = [frozenset()] * len(raws)
    for members in groups.values():
        if len(members) < settings.repeated_line_min_articles:
            continue
        lines = [_lines(raws[i]) for i in members]
        boiler = _boilerplate(lines, settings.repeated_line_min_articles)
        for index, own in zip(members, lines, strict=True):
            found[index] = frozenset(own.keys() & boiler)
    return found


def outlet_key(raw: RawArticle) -> str | None:
    """An article's outlet: its source, else the folder it was read from; None when neither is known."""
    if raw.source:
        return "source:" + raw.source.casefold()
    if raw.path:
        return "folder:" + str(Path(raw.path).parent)
    return None


def _lines(raw: RawArticle) -> dict[str, str]:
    """Each distinct line key of the article, with the line as written."""
    out: dict[str, str] = {}
    for line in raw.lines:
        key = line_key(line)
        if key:
            out.setdefault(key, line)
    return out


def _boilerplate(lines: list[dict[str, str]], min_articles: int) -> set[str]:
    family = _families(lines)
    support: dict[str, set[int]] = defaultdict(set)
    example: dict[str, str] = {}
    for own, fam in zip(lines, family, strict=True):
        for key, line in own.items():
            support[key].add(fam)
            example.setdefault(key, line)
    families = len(set(family))
    sentence_need = max(min_articles, 3, math.ceil(families / 2))
    out = set()
    for key, fams in support.items():
        line = example[key]
        if word_count(line) > MAX_WORDS:
            continue
        need = sentence_need if _sentence_like(line) else min_articles
        if len(fams) >= need:
            out.add(key)
    return out


def _sentence_like(line: str) -> bool:
    return ends_sentence(line) and word_count(line) >= 4


def _families(lines: list[dict[str, str]]) -> list[int]:
    """A family id per article: articles sharing enough long sentences are versions of one story."""
    evidence: dict[str, list[int]] = defaultdict(list)
    sizes = [0] * len(lines)
    for index, own in enumerate(lines):
        for key, line in own.items():
            if ends_sentence(line) and word_count(line) >= _COPY_EVIDENCE_WORDS:
                evidence[key].append(index)
                sizes[index] += 1
    shared: Counter[tuple[int, int]] = Counter()
    for members in evidence.values():
        if 2 <= len(members) <= _COPY_MAX_SPREAD:
            shared.update(combinations(members, 2))
    parent = list(range(len(lines)))
    for (a, b), count in shared.items():
        if count >= max(1.0, _COPY_SHARE * min(sizes[a], sizes[b])):
            parent[_root(parent, a)] = _root(parent, b)
    return [_root(parent, i) for i in range(len(lines))]


def _root(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i
