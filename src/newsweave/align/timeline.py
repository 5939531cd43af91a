"""The timeline: dated events of one story, each with the articles that date it that way."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from newsweave.model import Analysis, ArticleId, Fact, TimelineEvent

_GRANULARITIES = ("day", "week", "month", "year")


def build_timeline(
    analyses: Sequence[Analysis], facts: Sequence[Fact], origin: Mapping[ArticleId, ArticleId]
) -> list[TimelineEvent]:
    """One entry per (date span, fact); the entry's text is the fact's wording when its own article dates it the
    same way, otherwise the dating sentence itself. Sorted by date."""
    fact_of = {(c.article_id, c.sentence): f for f in facts for c in f.claims}
    sentence_text = {(a.article.id, s.index): s.text for a in analyses for s in a.sentences}
    entries: dict[tuple, dict] = {}
    for analysis in analyses:
        for mention in analysis.dates:
            if mention.granularity not in _GRANULARITIES:
                continue
            where = (mention.article_id, mention.sentence)
            fact = fact_of.get(where)
            key = (mention.start, mention.end, fact.id if fact else where)
            entry = entries.setdefault(key, {"granularity": mention.granularity, "sources": set(), "texts": {}})
            entry["sources"].add(mention.article_id)
            entry["texts"][where] = sentence_text[where]
    events = []
    for (start, end, _), entry in entries.items():
        # Prefer the wording of an original article over a copy's, then the earliest id, for a stable choice.
        where = min(entry["texts"], key=lambda w: (w[0] in origin, w[0], w[1]))
        events.append(
            TimelineEvent(start, end, entry["granularity"], entry["texts"][where], tuple(sorted(entry["sources"])))
        )
    return sorted(events, key=lambda e: (e.date, e.end, e.text))
