"""One story, worked out: facts, conflicts, quotes, timeline, entities and the attributed summary."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import numpy as np

from newsweave.align.conflicts import find_conflicts
from newsweave.align.facts import align_facts
from newsweave.align.quotes import attribute_conflicts, attribute_facts, group_quotes, sentence_speakers
from newsweave.align.timeline import build_timeline
from newsweave.compose.summary import summarise
from newsweave.config import Settings
from newsweave.embed import get_embedder
from newsweave.model import Analysis, ArticleId, Story
from newsweave.nlp.entities import EntityIndex, group_entities
from newsweave.sentence_table import SentenceTable


def story_id(article_ids: Sequence[ArticleId]) -> str:
    """Stable for the same set of articles."""
    return "s-" + hashlib.blake2b("|".join(sorted(article_ids)).encode("utf-8"), digest_size=5).hexdigest()


def build_story(
    analyses: Sequence[Analysis], table: SentenceTable, origin: Mapping[ArticleId, ArticleId], settings: Settings
) -> Story:
    entities = group_entities(analyses)
    index = EntityIndex(entities)
    speakers = sentence_speakers(analyses, index.canonical)
    facts = attribute_facts(align_facts(analyses, table, origin, settings), speakers)
    conflicts = find_conflicts(analyses, table, index.canonical, settings, facts)
    return Story(
        id=story_id([a.article.id for a in analyses]),
        title=story_title(analyses, origin),
        article_ids=tuple(sorted(a.article.id for a in analyses)),
        summary=tuple(summarise(facts, settings)),
        facts=tuple(facts),
        conflicts=tuple(attribute_conflicts(conflicts, speakers)),
        quotes=tuple(group_quotes(analyses, index.canonical, origin)),
        reported=tuple(group_quotes(analyses, index.canonical, origin, lambda analysis: analysis.reported)),
        timeline=tuple(build_timeline(analyses, facts, origin)),
        entities=tuple(entities),
    )


def story_title(analyses: Sequence[Analysis], origin: Mapping[ArticleId, ArticleId]) -> str:
    """The headline closest to what all the headlines say, preferring originals over copies."""
    candidates = [a for a in analyses if a.article.id not in origin] or list(analyses)
    if len(candidates) == 1:
        return candidates[0].article.title
    vectors = get_embedder().encode([a.article.title for a in candidates])
    centre = vectors.mean(axis=0)
    scores = vectors @ centre
    best = max(range(len(candidates)), key=lambda i: (round(float(scores[i]), 6), -i))
    return candidates[int(np.int64(best))].article.title
