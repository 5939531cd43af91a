"""The stages of :func:`newsweave.pipeline.run` as ``dask.distributed`` tasks (see :mod:`newsweave.scale`).

Tasks are module-level functions of records in and records out, so any worker with newsweave installed can run
them; models load once per worker process, on its first task. Results come back in the order the work was given,
and every grouping is made in a fixed order, so a run gives the same brief as a single-process run of the same
inputs.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from newsweave.config import Settings
from newsweave.ingest.base import Input, split_inputs
from newsweave.model import Analysis, Article, ArticleId, CopyLink, Corpus, RawArticle, Skipped, Story
from newsweave.pipeline import (
    NoArticlesError,
    Progress,
    attach_strays,
    cross_check,
    fallback_dates,
    group_stories,
    story_features,
)
from newsweave.sentence_table import SentenceTable

if TYPE_CHECKING:
    from distributed import Client

    from newsweave.render.schema import Brief

log = logging.getLogger(__name__)

CHUNK = 200  # articles (or files) per task: enough to batch the models, small enough to spread over workers
T = TypeVar("T")


def run_on_dask(
    inputs: Iterable[Input],
    client: Client,
    settings: Settings | None = None,
    progress: Progress | None = None,
    chunk: int = CHUNK,
) -> Corpus:
    """Every stage, as tasks on ``client``'s cluster. Raises :class:`NoArticlesError` when no input yields an
    article, like :func:`newsweave.pipeline.run`."""
    settings = settings or Settings()
    step = progress or (lambda message: log.info(message))
    step("reading")
    raws, skipped = _read(list(inputs), client, settings, chunk)
    step(f"cleaning {len(raws)} articles")
    articles, not_stories = _clean(raws, client, settings, chunk)
    skipped.extend(not_stories)
    if not articles:
        raise NoArticlesError(skipped)
    step("clustering into stories")
    stories = _cluster(articles, client, settings, chunk)
    step(f"analysing {len(stories)} stories")
    analyses, table, stories = _analyse(stories, client, settings)
    step(f"cross-checking {len(stories)} stories")
    copies, built = _cross_check(stories, analyses, table, client, settings)
    ordered = [analyses[a.id] for a in articles]
    return Corpus(analyses=ordered, copies=copies, stories=built, skipped=skipped)


def brief_on_dask(
    inputs: Iterable[Input] | Input,
    client: Client,
    settings: Settings | None = None,
    progress: Progress | None = None,
    chunk: int = CHUNK,
) -> Brief:
    """:func:`newsweave.brief` on a Dask cluster: the published contract, computed by ``client``'s workers."""
    from newsweave.compose.output import to_brief

    if isinstance(inputs, str | Path | Mapping | RawArticle):
        inputs = [inputs]
    return to_brief(run_on_dask(inputs, client, settings, progress, chunk))


class ClusterUnavailableError(RuntimeError):
    """Dask is not installed, or its scheduler cannot be reached."""


@contextmanager
def local_client(workers: int = 2, threads: int = 1) -> Iterator[Client]:
    """A Dask cluster of ``workers`` processes on this machine, for a corpus that one process briefs too slowly.

    Each worker loads the models (about 1 GB), so more workers than cores, or than memory allows, only slow it down.
    """
    distributed = _distributed()
    # The scheduler logs every worker it registers at INFO: noise unless the user asked for logs (newsweave -v).
    logging.getLogger("distributed").setLevel(logging.getLogger().getEffectiveLevel())
    # The dashboard takes any free port (on loopback, like the scheduler), so two runs at once do not collide.
    cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=threads, dashboard_address=":0")
    with cluster:
        with distributed.Client(cluster) as client:
            yield client


@contextmanager
def connect(address: str, timeout: float = 10.0) -> Iterator[Client]:
    """A client for ``address``: "local" (two worker processes here), "local:N" (N of them), or the address of a
    running scheduler ("tcp://10.0.0.5:8786", as dask-kubernetes, dask-jobqueue or ``dask scheduler`` print it)."""
    if address == "local" or address.startswith("local:"):
        count = address.partition(":")[2] or "2"
        if not count.isdigit() or int(count) < 1:
            raise ClusterUnavailableError(f"{address!r}: write local:N with N a number of workers, e.g. local:4")
        with local_client(int(count)) as client:
            yield client
        return
    distributed = _distributed()
    try:
        client = distributed.Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterUnavailableError(
            f"cannot reach the Dask scheduler at {address} ({exc}); start one (dask scheduler) or use --dask local"
        ) from exc
    with client:
        yield client


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise ClusterUnavailableError(
            "Dask is not installed: pip install 'newsweave[scale]' (dask and distributed)"
        ) from exc
    return distributed


# --- tasks: what the workers run ---------------------------------------------------------------------------------


def clean_task(raws: Sequence[RawArticle], settings: Settings) -> tuple[list[Article], list[Skipped]]:
    """Clean one outlet's articles (or a batch of small outlets'): the repeated-line cue sees the whole outlet."""
    from newsweave.clean import clean_corpus

    return clean_corpus(raws, settings)


def analyse_task(
    articles: Sequence[Article], dates: Mapping[str, Any], settings: Settings
) -> tuple[list[Analysis], SentenceTable]:
    """One story's NLP, and its sentences embedded for copy detection and claim alignment."""
    from newsweave.nlp import analyse

    analyses = analyse(articles, settings, dates)
    return analyses, SentenceTable.build(analyses)


def cross_check_task(
    analyses: Sequence[Analysis], table: SentenceTable, settings: Settings
) -> tuple[list[CopyLink], Story]:
    """One story's copies, facts, conflicts, quotes, timeline and summary."""
    copies, (story,) = cross_check(analyses, [[a.article.id for a in analyses]], table, settings)
    return copies, story


# --- the client side ---------------------------------------------------------------------------------------------


def _read(
    inputs: list[Input], client: Client, settings: Settings, chunk: int
) -> tuple[list[RawArticle], list[Skipped]]:
    """Files are read on the workers, a chunk per task; records (already in memory) here, so that a bad record is
    named by its place among all records. Ids are made unique as :func:`newsweave.ingest.read_paths` makes them."""
    from newsweave.ingest import read_records
    from newsweave.ingest.ids import make_unique
    from newsweave.ingest.paths import expand_paths, read_files

    given, paths, records = split_inputs(inputs)
    skipped: list[Skipped] = []
    files = expand_paths(paths, skipped)
    parts = client.gather(client.map(read_files, _chunks(files, chunk), settings=settings, pure=False))
    from_files = make_unique([raw for found, _ in parts for raw in found])
    skipped.extend(s for _, bad in parts for s in bad)
    from_records, bad_records = read_records(records, settings) if records else ([], [])
    return [*given, *from_files, *from_records], [*skipped, *bad_records]  # as pipeline.read_inputs orders them


def _clean(
    raws: list[RawArticle], client: Client, settings: Settings, chunk: int
) -> tuple[list[Article], list[Skipped]]:
    """Clean per outlet, then put the articles back in reading order (clustering is order-sensitive on ties)."""
    from newsweave.clean.repeated import outlet_key

    by_outlet: dict[str | None, list[int]] = defaultdict(list)
    for index, raw in enumerate(raws):
        by_outlet[outlet_key(raw)].append(index)
    unknown = by_outlet.pop(None, [])  # articles of no known outlet share no repeated lines: any chunk will do
    groups = _chunks(unknown, chunk) + _batched(sorted(by_outlet.values()), chunk)
    parts = client.gather(client.map(clean_task, [[raws[i] for i in g] for g in groups], settings=settings))
    position = {raws[i].id: i for group in groups for i in group}
    articles = sorted((a for found, _ in parts for a in found), key=lambda a: position[a.id])
    return articles, [s for _, bad in parts for s in bad]


def _cluster(articles: list[Article], client: Client, settings: Settings, chunk: int) -> list[list[Article]]:
    parts = client.gather(client.map(story_features, _chunks(articles, chunk)))
    vectors = np.vstack([vectors for vectors, _ in parts])
    keys = [k for _, found in parts for k in found]
    return group_stories(articles, vectors, keys, settings)


def _analyse(
    stories: list[list[Article]], client: Client, settings: Settings
) -> tuple[dict[ArticleId, Analysis], SentenceTable, list[list[Article]]]:
    """Each story analysed on a worker; then lone articles are matched to stories, as a single-process run does."""
    dated = fallback_dates(stories)
    dates = [{a.id: dated[a.id] for a in story if a.id in dated} for story in stories]
    parts = client.gather(client.map(analyse_task, stories, dates, settings=settings))
    analyses = {a.article.id: a for found, _ in parts for a in found}
    table = SentenceTable.concat([t for _, t in parts])
    stories, moved = attach_strays(stories, table, settings)
    if moved:  # a stray that joined a story may now borrow the story's date for its relative dates
        from newsweave.nlp import analyse

        articles = [analyses[a].article for a in moved]
        redone = client.submit(analyse, articles, settings, fallback_dates(stories)).result()
        analyses.update((a.article.id, a) for a in redone)
    return analyses, table, stories


def _cross_check(
    stories: list[list[Article]],
    analyses: Mapping[ArticleId, Analysis],
    table: SentenceTable,
    client: Client,
    settings: Settings,
) -> tuple[list[CopyLink], list[Story]]:
    members = [[analyses[a.id] for a in story] for story in stories]
    tables = [table.select([a.id for a in story]) for story in stories]
    parts = client.gather(client.map(cross_check_task, members, tables, settings=settings))
    return [c for copies, _ in parts for c in copies], [story for _, story in parts]


def _chunks(items: Sequence[T], size: int) -> list[list[T]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def _batched(groups: Sequence[list[int]], size: int) -> list[list[int]]:
    """Whole groups packed into batches of about ``size`` items; a group larger than ``size`` is a batch alone."""
    batches: list[list[int]] = []
    for group in groups:
        if batches and len(batches[-1]) + len(group) <= size:
            batches[-1].extend(group)
        else:
            batches.append(list(group))
    return batches
