"""Quotes of one story: the same words reported by several articles become one quote with all its sources; and the
facts those quotes and reported statements attribute to someone.

The same grouping serves reported speech (``Analysis.reported``): a statement copied by a rewrite or a wire copy is
one statement with both sources; outlets that paraphrase it differently keep their own wording.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

from rapidfuzz import fuzz

from newsweave.model import Analysis, ArticleId, Conflict, Fact, Quote, StoryQuote

_SAME_QUOTE = 88  # rapidfuzz ratio (0-100) for two quotations to be the same words
_MIN_WORDS = 4


def group_quotes(
    analyses: Sequence[Analysis],
    resolve: Callable[[str], str | None],
    origin: Mapping[ArticleId, ArticleId],
    pick: Callable[[Analysis], Sequence[Quote]] = lambda analysis: analysis.quotes,
) -> list[StoryQuote]:
    """Quotes (or what ``pick`` takes, such as reported statements) most reported first, then in reading order of
    the first article that has them."""
    groups: list[dict] = []
    for analysis in sorted(analyses, key=lambda a: (a.article.id in origin, a.article.id)):
        for quote in pick(analysis):
            if len(quote.text.split()) < _MIN_WORDS:
                continue
            speaker = (resolve(quote.speaker) or quote.speaker) if quote.speaker else None
            group = next((g for g in groups if _same(g, quote.text, speaker)), None)
            if group is None:
                groups.append({"text": quote.text, "speaker": speaker, "sources": {quote.article_id}})
            else:
                group["sources"].add(quote.article_id)
                group["speaker"] = group["speaker"] or speaker
                if len(quote.text) > len(group["text"]) and quote.article_id not in origin:
                    group["text"] = quote.text
    ranked = sorted(enumerate(groups), key=lambda ig: (-len(ig[1]["sources"]), ig[1]["speaker"] is None, ig[0]))
    return [StoryQuote(g["speaker"], g["text"], tuple(sorted(g["sources"]))) for _, g in ranked]


Speakers = Mapping[tuple[ArticleId, int], frozenset[str]]


def sentence_speakers(analyses: Sequence[Analysis], resolve: Callable[[str], str | None]) -> Speakers:
    """Who each (article, sentence) attributes its words to: the speakers of the quotations and reported statements
    in it. A claim an outlet attributes to someone ("Peskov said …", “…,” Peskov said) rests on that person, not on
    the outlet alone."""
    speakers: dict[tuple[ArticleId, int], set[str]] = defaultdict(set)
    for analysis in analyses:
        for said in (*analysis.quotes, *analysis.reported):
            if said.speaker:
                for sentence in said.sentences:
                    speakers[(said.article_id, sentence)].add(resolve(said.speaker) or said.speaker)
    return {place: frozenset(names) for place, names in speakers.items()}


def attribute_facts(facts: Sequence[Fact], speakers: Speakers) -> list[Fact]:
    """Each fact with the speakers of all its claims' sentences."""
    out = []
    for fact in facts:
        names = frozenset().union(*(_said(speakers, c.article_id, c.sentence) for c in fact.claims))
        out.append(dataclasses.replace(fact, attributed_to=tuple(sorted(names))))
    return out


def attribute_conflicts(conflicts: Sequence[Conflict], speakers: Speakers) -> list[Conflict]:
    """Each side of each conflict with the speakers its sentence quotes or reports."""
    return [
        dataclasses.replace(c, sides=tuple(
            dataclasses.replace(s, attributed_to=tuple(sorted(_said(speakers, s.article_id, s.sentence))))
            for s in c.sides
        ))
        for c in conflicts
    ]


def _said(speakers: Speakers, article_id: ArticleId, sentence: int) -> frozenset[str]:
    return speakers.get((article_id, sentence), frozenset())


def _same(group: dict, text: str, speaker: str | None) -> bool:
    if group["speaker"] and speaker and group["speaker"] != speaker:
        return False
    return fuzz.ratio(group["text"], text) >= _SAME_QUOTE or fuzz.partial_ratio(group["text"], text) >= 95
