"""The whole path, from inputs to a cross-checked brief: read, clean, cluster, analyse, find copies, build stories.

Each stage is a function over records (see ARCHITECTURE.md); this module only wires them in order and reports
progress. ``run`` returns the internal records (for the store and the benchmarks); ``brief`` returns the published
contract.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newsweave.config import Settings
from newsweave.ingest.base import Input, split_inputs
from newsweave.model import Analysis, Article, ArticleId, CopyLink, Corpus, RawArticle, Skipped, Story
from newsweave.sentence_table import SentenceTable

log = logging.getLogger(__name__)

Progress = Callable[[str], None]

_LEAD_PARAGRAPHS = 3


class NoArticlesError(ValueError):
    """Nothing usable in the inputs; ``skipped`` says why for each one."""

    def __init__(self, skipped: Sequence[Skipped]) -> None:
        self.skipped = list(skipped)
        detail = "; ".join(f"{s.path}: {s.reason}" for s in self.skipped[:5]) or "no inputs were given"
        super().__init__(f"no article could be briefed ({detail})")


def read_inputs(inputs: Iterable[Input], settings: Settings) -> tuple[list[RawArticle], list[Skipped]]:
    """Paths, records (dicts) and already-read articles, in the order given."""
    from newsweave.ingest import read_paths, read_records

    raws, paths, records = split_inputs(inputs)
    skipped: list[Skipped] = []
    for read, given in ((read_paths, paths), (read_records, records)):
        if given:
            found, missed = read(given, settings)
            raws.extend(found)
            skipped.extend(missed)
    return raws, skipped


def story_features(articles: Sequence[Article]) -> tuple[np.ndarray, list[frozenset[str]]]:
    """What clustering compares articles by: title+lead vectors and keys. Row i depends on article i alone, so a
    large corpus can compute this in chunks, on other machines (:mod:`newsweave.scale`)."""
    from newsweave.cluster import article_keys, article_vectors

    titles = [a.title for a in articles]
    leads = [" ".join(a.paragraphs[:_LEAD_PARAGRAPHS]) for a in articles]
    keys = [article_keys(title, lead) for title, lead in zip(titles, leads, strict=True)]
    return article_vectors(titles, leads), keys


def group_stories(
    articles: Sequence[Article], vectors: np.ndarray, keys: Sequence[frozenset[str]], settings: Settings
) -> list[list[Article]]:
    """Group articles into stories (events) by their features; ordered by size, then by their first article id."""
    from newsweave.cluster import cluster_articles

    if not articles:
        return []
    labels = cluster_articles(vectors, settings, entities=list(keys), dates=[a.published for a in articles])
    groups: dict[int, list[Article]] = {}
    for article, label in zip(articles, labels, strict=True):
        groups.setdefault(label, []).append(article)
    stories = [sorted(g, key=lambda a: a.id) for g in groups.values()]
    return sorted(stories, key=lambda g: (-len(g), g[0].id))


def cluster_stories(articles: Sequence[Article], settings: Settings) -> list[list[Article]]:
    """Group articles into stories (events); stories are ordered by size, then by their first article id."""
    if not articles:
        return []
    vectors, keys = story_features(articles)
    return group_stories(articles, vectors, keys, settings)


def attach_strays(
    stories: list[list[Article]], table: SentenceTable, settings: Settings
) -> tuple[list[list[Article]], list[ArticleId]]:
    """Give a lone article to the story whose sentences it repeats.

    Story clustering compares titles and leads; an article that covers the event from a side angle (its own headline
    and lead) can be left alone although its body restates several of the story's facts. At least
    ``Settings.stray_min_sentences`` of its sentences, and a quarter of them, must each restate a sentence of the
    story (claim similarity at the rewrite-pair level); the story where most do wins (the first, on a tie).

    Each lone article is compared with every story's sentences at once: cosines first, then the full claim
    similarity only for the sentences close enough to reach the bar, so the cost stays about one matrix product
    per lone article however many stories there are.
    """
    from newsweave.align.facts import claim_rows

    groups = [list(s) for s in stories]
    rows_of = {a.id: claim_rows(table, a.id) for g in groups for a in g}
    moved: list[ArticleId] = []
    columns: tuple[list[int], np.ndarray] | None = None  # every story sentence, and its group; rebuilt after a move
    for stray in [g for g in groups if len(g) == 1]:
        rows = rows_of[stray[0].id]
        if not rows:
            continue
        columns = columns or _story_columns(groups, rows_of)
        hits = _hits_per_group(table, rows, columns, len(groups), settings.rewrite_pair_similarity)
        qualifying = (hits >= settings.stray_min_sentences) & (hits >= 0.25 * len(rows))
        if qualifying.any():
            index = int(np.argmax(np.where(qualifying, hits, -1)))
            article = stray.pop()
            groups[index] = sorted([*groups[index], article], key=lambda a: a.id)
            moved.append(article.id)
            columns = None
    kept = [g for g in groups if g]
    return sorted(kept, key=lambda g: (-len(g), g[0].id)), moved


def _story_columns(
    groups: Sequence[Sequence[Article]], rows_of: Mapping[ArticleId, list[int]]
) -> tuple[list[int], np.ndarray]:
    """The claim rows of every story of two or more articles, and the story each row belongs to."""
    rows = [(r, index) for index, g in enumerate(groups) if len(g) > 1 for a in g for r in rows_of[a.id]]
    return [r for r, _ in rows], np.array([index for _, index in rows], dtype=np.int64)


def _hits_per_group(
    table: SentenceTable, rows: list[int], columns: tuple[list[int], np.ndarray], groups: int, bar: float
) -> np.ndarray:
    """For each story, how many of ``rows`` restate at least one of its sentences (claim similarity >= ``bar``)."""
    from newsweave.align.similarity import cosine_floor

    story_rows, owner = columns
    if not story_rows:
        return np.zeros(groups, dtype=np.int64)
    cosine = table.vectors[rows] @ table.vectors[story_rows].T
    near = np.nonzero((cosine >= cosine_floor(bar)).any(axis=0))[0]
    hit = np.zeros(cosine.shape, dtype=bool)
    if near.size:
        hit[:, near] = table.similarity(rows, [story_rows[c] for c in near]) >= bar
    per_group = np.zeros((len(rows), groups), dtype=bool)
    row, column = np.nonzero(hit)
    per_group[row, owner[column]] = True
    return per_group.sum(axis=0)


def fallback_dates(stories: Sequence[Sequence[Article]]) -> dict[ArticleId, tuple[Any, str]]:
    """For articles without a date: the most common publication date of the other articles on their story."""
    out = {}
    for story in stories:
        dated = Counter(a.published for a in story if a.published)
        if not dated:
            continue
        date = min(dated, key=lambda d: (-dated[d], d))
        note = (
            f"no publication date of its own; relative dates resolved against {date.isoformat()}, "
            "the publication date of other articles on this story"
        )
        out.update({a.id: (date, note) for a in story if not a.published})
    return out


def run(inputs: Iterable[Input], settings: Settings | None = None, progress: Progress | None = None) -> Corpus:
    """Every stage, in order. Raises :class:`NoArticlesError` when no input yields an article."""
    from newsweave.clean import clean_corpus
    from newsweave.nlp import analyse

    settings = settings or Settings()
    step = progress or (lambda message: log.info(message))
    step("reading")
    raws, skipped = read_inputs(inputs, settings)
    step(f"cleaning {len(raws)} articles")
    articles, not_stories = clean_corpus(raws, settings)
    skipped.extend(not_stories)
    if not articles:
        raise NoArticlesError(skipped)
    step("clustering into stories")
    stories = cluster_stories(articles, settings)
    step("analysing sentences, entities, dates, quotes and reported speech")
    analyses = analyse(articles, settings, fallback_dates(stories))
    by_id: dict[ArticleId, Analysis] = {a.article.id: a for a in analyses}
    step("embedding sentences")
    table = SentenceTable.build(analyses)
    stories, moved = attach_strays(stories, table, settings)
    if moved:  # a stray that joined a story may now borrow the story's date for its relative dates
        redated = analyse([by_id[a].article for a in moved], settings, fallback_dates(stories))
        by_id.update((a.article.id, a) for a in redated)
        analyses = [by_id[a.article.id] for a in analyses]
    copies, built = cross_check(analyses, [[a.id for a in s] for s in stories], table, settings, step)
    return Corpus(analyses=analyses, copies=copies, stories=built, skipped=skipped)


def cross_check(
    analyses: Sequence[Analysis],
    stories: Sequence[Sequence[ArticleId]],
    table: SentenceTable,
    settings: Settings,
    progress: Progress | None = None,
) -> tuple[list[CopyLink], list[Story]]:
    """Each story's copies, then its facts, conflicts, quotes, timeline and summary.

    Copies are looked for among the articles of one story: a copy tells the same event as its original, and an
    overlap only marks a rewrite when it is exceptional beside the other reports of that event. So each story's
    result depends on that story alone, and a run can cross-check its stories on separate workers
    (:mod:`newsweave.scale`) and get the same brief.
    """
    from newsweave.compose.story import build_story
    from newsweave.dedup import find_copies, origins

    step = progress or (lambda message: log.info(message))
    step("finding copies and rewrites")
    by_id = {a.article.id: a for a in analyses}
    found = (find_copies([by_id[a] for a in story], settings, table) for story in stories if len(story) > 1)
    copies = sorted((c for links in found for c in links), key=lambda c: (c.article, c.source))
    origin = origins(copies)
    built = []
    for number, story in enumerate(stories, start=1):
        step(f"cross-checking story {number} of {len(stories)}")
        built.append(build_story([by_id[a] for a in story], table, origin, settings))
    return copies, built


def brief(inputs: Iterable[Input] | Input, settings: Settings | None = None, progress: Progress | None = None):
    """Read ``inputs`` (files, folders, dicts or RawArticle records) and return their cross-checked brief.

    Returns a :class:`newsweave.render.schema.Brief`: ``.to_markdown()``, ``.to_json()``, ``.to_html()``.
    """
    from newsweave.compose.output import to_brief

    if isinstance(inputs, str | Path | Mapping | RawArticle):
        inputs = [inputs]
    return to_brief(run(inputs, settings, progress))
