"""The timeline: dated events of one story, each with the articles that date it that way.

A sentence that dates several events ("arrived on Tuesday, held a summit on Wednesday and ... on Friday") is listed
under each of its dates, but each entry shows only the clause that holds its date, so the timeline reads as a
sequence of events rather than one long sentence repeated; the entry keeps the whole sentence for its citation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from newsweave.model import Analysis, ArticleId, DateMention, Fact, Sentence, TimelineEvent

_GRANULARITIES = ("day", "week", "month", "year")
# Where a clause may end: a comma or semicolon before a space, a spaced dash, or "and"/"but"/"before"/"after" that
# joins two verb phrases. A comma inside a number ("6,000") is not followed by a space, so it is no break.
_CLAUSE_BREAK = re.compile(r",\s+|;\s+|\s+[—–-]\s+|\s+(?:and|but|before|after|while)\s+")
_MIN_CLAUSE_WORDS = 8  # a shorter clause ("on Friday.") says nothing alone: it takes in the clause before it
ELLIPSIS = "…"


def build_timeline(
    analyses: Sequence[Analysis], facts: Sequence[Fact], origin: Mapping[ArticleId, ArticleId]
) -> list[TimelineEvent]:
    """One entry per (date span, fact); the entry's text is the fact's wording when its own article dates it the
    same way, otherwise the dating sentence itself. Sorted by date."""
    fact_of = {(c.article_id, c.sentence): f for f in facts for c in f.claims}
    sentences = {(a.article.id, s.index): s for a in analyses for s in a.sentences}
    spans_in: dict[tuple[ArticleId, int], set[tuple]] = {}
    for analysis in analyses:
        for mention in analysis.dates:
            spans_in.setdefault((mention.article_id, mention.sentence), set()).add((mention.start, mention.end))
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
            several = len(spans_in[where]) > 1
            entry["texts"][where] = (sentences[where].text, clause_of(sentences[where], mention) if several else None)
    events = []
    for (start, end, _), entry in entries.items():
        # Prefer the wording of an original article over a copy's, then the earliest id, for a stable choice.
        where = min(entry["texts"], key=lambda w: (w[0] in origin, w[0], w[1]))
        text, excerpt = entry["texts"][where]
        events.append(TimelineEvent(start, end, entry["granularity"], text, tuple(sorted(entry["sources"])), excerpt))
    return sorted(events, key=lambda e: (e.date, e.end, e.text))


def clause_of(sentence: Sentence, mention: DateMention) -> str:
    """The clause of ``sentence`` around ``mention``, word for word, with "…" where it was cut.

    Clauses are cut at commas, semicolons, dashes and verb-joining conjunctions; a clause too short to stand alone
    grows by its neighbours, the one before first. O(length of the sentence).
    """
    text = sentence.text
    start, end = mention.start_char - sentence.start, mention.end_char - sentence.start
    cuts = [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(text)]
    before = [c for c in cuts if c[1] <= start]
    after = [c for c in cuts if c[0] >= end]
    left = before[-1][1] if before else 0
    right = after[0][0] if after else len(text)
    while len(text[left:right].split()) < _MIN_CLAUSE_WORDS and (before or after):
        if before:
            before.pop()
            left = before[-1][1] if before else 0
        else:
            after.pop(0)
            right = after[0][0] if after else len(text)
    excerpt = text[left:right].strip()
    return f"{ELLIPSIS + ' ' if left > 0 else ''}{excerpt}{' ' + ELLIPSIS if right < len(text) else ''}"
