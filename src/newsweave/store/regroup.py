"""The periodic pass: re-cluster the stories that changed, with the batch clusterer, and reconcile story ids.

Online filing (:mod:`newsweave.store.online`) decides once per article and never looks back, so two stories that
started apart can converge and a story can collect an article that the rest of it does not support. After an ingest,
the stories it touched and every story near them (their articles' nearest in-window neighbours) are re-clustered
together with :func:`newsweave.cluster.cluster_articles`, and the new grouping is mapped onto the old ids:

* each old story keeps its id on its largest part (ties: the part holding its earliest article): ids stay stable;
* a new group holding the kept parts of several old stories is a merge: the one with most articles in the group
  (ties: the older) survives, the others redirect to it;
* a new group holding no kept part is a new story split off (its id comes from its earliest article, like any
  new story's).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from newsweave.cluster import cluster_articles
from newsweave.config import Settings
from newsweave.store.index import CorpusIndex
from newsweave.store.stories import founder_id

log = logging.getLogger(__name__)


@dataclass
class Regrouping:
    moves: dict[int, str] = field(default_factory=dict)  # row -> its new story
    merged: dict[str, str] = field(default_factory=dict)  # story -> the story it merged into
    split: dict[str, list[str]] = field(default_factory=dict)  # story -> new stories made of its other parts
    scope: set[str] = field(default_factory=set)  # the stories re-clustered


def scope_of(index: CorpusIndex, touched: Iterable[str], settings: Settings) -> set[str]:
    """The touched stories and the stories of their articles' nearest in-window neighbours."""
    scope = {s for s in touched if s in index.members}
    rows = np.array(sorted(r for s in scope for r in index.members[s]), dtype=np.int64)
    if len(rows) == 0:
        return scope
    if len(rows) * 2 >= len(index):
        return set(index.members)
    for near, _ in index.nearest(rows, settings.story_neighbours, settings.story_window_days):
        scope.update(index.story[r] for r in near.tolist())
    return scope


def regroup(
    index: CorpusIndex, scope: set[str], settings: Settings, taken: Callable[[str], bool]
) -> Regrouping:
    """The moves, merges and splits that bring the scope's stories to the batch clusterer's grouping.

    ``taken(id)`` says whether a story id already exists in the store (live or merged).
    """
    rows = sorted(r for s in scope for r in index.members[s])
    out = Regrouping(scope=set(scope))
    if len(rows) < 2:
        return out
    labels = cluster_articles(
        index.matrix[rows], settings, entities=[index.keys[r] for r in rows], dates=[index.dates[r] for r in rows]
    )
    parts: dict[tuple[str, int], list[int]] = defaultdict(list)
    for row, label in zip(rows, labels, strict=True):
        parts[(index.story[row], label)].append(row)
    keeper = _keepers(parts)
    groups: dict[int, list[tuple[str, list[int]]]] = defaultdict(list)
    for (story, label), members in sorted(parts.items(), key=lambda kv: min(kv[1])):
        groups[label].append((story, members))
    assigned: set[str] = set()
    for label in sorted(groups, key=lambda lab: min(min(m) for _, m in groups[lab])):
        fragments = groups[label]
        kept = [(story, members) for story, members in fragments if keeper.get(story) == label]
        if kept:
            survivor = max(kept, key=lambda sm: (len(sm[1]), -min(index.members[sm[0]])))[0]
            for story, _ in kept:
                if story != survivor:
                    out.merged[story] = survivor
        else:
            first = min(min(members) for _, members in fragments)
            survivor = founder_id(index.ids[first], lambda sid: taken(sid) or sid in assigned or sid in index.members)
            for story, _ in fragments:
                out.split.setdefault(story, []).append(survivor)
        assigned.add(survivor)
        for story, members in fragments:
            if story != survivor:
                out.moves.update((row, survivor) for row in members)
    log.info(
        "regrouped %d stories (%d articles): %d articles moved, %d merges, %d splits",
        len(scope), len(rows), len(out.moves), len(out.merged), sum(len(v) for v in out.split.values()),
    )
    return out


def _keepers(parts: dict[tuple[str, int], list[int]]) -> dict[str, int]:
    """Each old story's kept part (the label of its largest part; ties: the part holding its earliest article).

    One pass over the parts grouped by story: O(parts), where a scan of all parts per story was quadratic.
    """
    own: dict[str, list[tuple[int, list[int]]]] = defaultdict(list)
    for (story, label), members in parts.items():
        own[story].append((label, members))
    return {story: max(pieces, key=lambda lm: (len(lm[1]), -min(lm[1])))[0] for story, pieces in own.items()}
