"""The corpus store: the one object the CLI, the web UI and scripts use to add articles and read stories."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa

from newsweave.config import Settings
from newsweave.render.schema import Brief
from newsweave.store import export
from newsweave.store.codec import raw_from_json
from newsweave.store.engine import create_engine, migrate, reading, resolve_url, writing
from newsweave.store.errors import StoreError, StoreReadOnlyError, describe, translated
from newsweave.store.index import CorpusIndex
from newsweave.store.records import (
    AnalyseReport,
    ArticleRecord,
    CopyRecord,
    Coverage,
    EntityRecord,
    EntityRow,
    EvidencePair,
    FailedStory,
    IngestReport,
    QuoteRecord,
    RewriteReport,
    StoryRow,
)
from newsweave.store.schema import articles, copies, entities, entity_quotes, entity_stories, stories
from newsweave.store.stories import (
    Filters,
    count_rows,
    coverage,
    list_rows,
    pending_count,
    resolve,
    stale_ids,
    utc,
)

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]  # (stage, done, total)
LOCK_TIMEOUT = 30.0  # seconds a write waits for another process's lock before giving up with a clear message


class UnknownStoryError(LookupError):
    """No story (live, or merged into a live one) has this id."""


class Store:
    """A corpus of articles and their stories in a database (SQLite file by default, PostgreSQL by URL).

    Open with :meth:`open`; one Store may be read from several threads, but ingest or analyse from one at a time.
    """

    def __init__(self, engine: sa.Engine, settings: Settings, read_only: bool = False) -> None:
        self._engine = engine
        self.settings = settings
        self.read_only = read_only
        self._index: CorpusIndex | None = None  # kept between ingest calls of this Store

    @classmethod
    def open(
        cls,
        url: str | None = None,
        *,
        settings: Settings | None = None,
        lock_timeout: float = LOCK_TIMEOUT,
        read_only: bool = False,
    ) -> Store:
        """Connect (``url``, else ``NEWSWEAVE_DB``, else ``sqlite:///newsweave.db``) and migrate to the newest
        schema.

        ``read_only`` makes this Store write nothing once open: briefs are computed but not cached, ``ingest`` and
        ``analyse`` refuse. (A database not yet at the newest schema is still migrated when opened: it could not be
        read otherwise.)
        """
        resolved = resolve_url(url)
        with translated(resolved, "opening the database"):
            engine = create_engine(resolved, lock_timeout)
        try:
            migrate(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, settings or Settings(), read_only)

    @property
    def url(self) -> str:
        return describe(self._engine.url)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing ---------------------------------------------------------------------------------------------

    def ingest(
        self,
        inputs: Iterable[str | Path | Mapping[str, Any]],
        settings: Settings | None = None,
        progress: Progress | None = None,
        *,
        batch_size: int | None = None,
        defer_rewrites: bool = False,
    ) -> IngestReport:
        """Add articles from files, folders and records; idempotent, one transaction per batch.

        ``progress(stage, done, total)`` is called with stage "reading" (input files), "adding" (articles),
        "storing" (inside a batch's transaction, just before it commits), "regrouping" (the story pass) and
        "rewrites" (the rewrite pass, in articles checked).
        ``batch_size`` articles go in one transaction (default :data:`newsweave.store.ingest.BATCH_SIZE`).
        ``defer_rewrites=True`` leaves the sentence-level rewrite check (about half of the ingest time on
        full-length articles, see BENCHMARKS.md) to :meth:`check_rewrites`: the articles are stored, deduplicated
        (exact and near-duplicates are still found) and filed into stories, and wait flagged as pending.
        """
        self._require_writable("adding articles")
        from newsweave.store.ingest import BATCH_SIZE, Ingester  # the models: loaded only when ingesting

        ingester = Ingester(
            self._engine, settings or self.settings, progress, self._index, batch_size or BATCH_SIZE, defer_rewrites
        )
        try:
            return ingester.run(inputs)
        finally:
            self._index = ingester.index

    def check_rewrites(self, progress: Progress | None = None, *, limit: int | None = None) -> RewriteReport:
        """Run the rewrite check on the articles still waiting for it (oldest first; at most ``limit``).

        Each chunk of articles is committed on its own: an interrupted run keeps what it found, and the rest stays
        pending. ``progress("rewrites", done, total)`` counts articles checked.
        """
        self._require_writable("checking for rewrites")
        from newsweave.store.rewrites import RewriteChecker  # the embedder: loaded only when checking

        checker = RewriteChecker(self._engine, self.settings, progress, self._index)
        try:
            return checker.run(limit)
        finally:
            self._index = checker.index

    def pending_rewrites(self) -> int:
        """How many stored articles have not been through the rewrite check yet."""
        with reading(self._engine, "counting articles waiting for the rewrite check") as conn:
            return pending_count(conn)

    # --- stories ---------------------------------------------------------------------------------------------

    def list_stories(
        self,
        *,
        query: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        outlet: str | None = None,
        min_sources: int = 1,
        limit: int = 50,
        offset: int = 0,
    ) -> list[StoryRow]:
        """Live stories, newest first (by their latest article's date), filtered; ``query`` is full-text search."""
        filters = Filters(query, since, until, outlet, min_sources)
        with reading(self._engine, "listing stories") as conn:
            return list_rows(conn, filters, limit, offset)

    def count_stories(
        self,
        *,
        query: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        outlet: str | None = None,
        min_sources: int = 1,
    ) -> int:
        with reading(self._engine, "counting stories") as conn:
            return count_rows(conn, Filters(query, since, until, outlet, min_sources))

    def resolve_story_id(self, story_id: str) -> str | None:
        """The live story an id names: itself, or the story it was merged into; None when unknown."""
        with reading(self._engine, "looking up a story") as conn:
            return resolve(conn, story_id)

    def story_brief(self, story_id: str) -> Brief:
        """The brief of a stored story (a merged id gives its survivor's), computed once per story version."""
        from newsweave.store import briefs  # the NLP stages: loaded only when a brief is asked for

        with reading(self._engine, "reading a story") as conn:
            live = resolve(conn, story_id)
            if live is None:
                raise UnknownStoryError(f"no story {story_id!r} in {self.url}")
            brief = briefs.cached(conn, live)
            if brief is not None:
                return brief
            brief, version = briefs.compute(conn, live, self.settings)
        if not self.read_only:
            try:
                self._save(live, brief, version)
            except StoreError:
                pass  # a read-only or busy database still answers; the brief is just not cached
        return brief

    # --- analysis: briefs computed ahead of time, so that entities are known for every story --------------------

    def coverage(self) -> Coverage:
        """How many live stories there are and how many have no up-to-date brief (their entities are not filed)."""
        with reading(self._engine, "counting analysed stories") as conn:
            return coverage(conn)

    def unanalysed(self, limit: int | None = None) -> list[str]:
        """Live stories without an up-to-date brief, newest first: what :meth:`analyse` would do next."""
        with reading(self._engine, "listing stories to analyse") as conn:
            return stale_ids(conn, limit)

    def analyse(self, story_ids: Iterable[str] | None = None, progress: Progress | None = None) -> AnalyseReport:
        """Compute and cache the brief (and so file the entities) of every live story whose brief is missing or
        stale, or of those among ``story_ids`` (a merged id stands for its survivor), newest first.

        Each story is computed in a read transaction and saved in its own short write transaction: an interruption
        keeps every story done so far, and another writer waits for one save at most, never for the whole run. A
        story whose brief cannot be computed is reported in ``failed`` and the run goes on; database faults raise
        :class:`StoreError`. ``progress("analysing", done, total)`` is called before the first story and after each.
        """
        self._require_writable("analysing stories")
        todo, up_to_date = self._to_analyse(story_ids)
        report = AnalyseReport(up_to_date=up_to_date)
        tick = progress or _no_progress
        tick("analysing", 0, len(todo))
        for done, story_id in enumerate(todo, 1):
            self._analyse_one(story_id, report)
            tick("analysing", done, len(todo))
        return report

    def _to_analyse(self, story_ids: Iterable[str] | None) -> tuple[list[str], int]:
        """The stale stories asked about, newest first, and how many of those asked about are already current."""
        with reading(self._engine, "finding stories to analyse") as conn:
            stale = stale_ids(conn)
            if story_ids is None:
                return stale, coverage(conn).stories - len(stale)
            wanted = {live for live in (resolve(conn, sid) for sid in story_ids) if live is not None}
        todo = [sid for sid in stale if sid in wanted]
        return todo, len(wanted) - len(todo)

    def _analyse_one(self, story_id: str, report: AnalyseReport) -> None:
        from newsweave.store import briefs

        try:
            with reading(self._engine, "analysing a story") as conn:
                if resolve(conn, story_id) != story_id or briefs.is_current(conn, story_id):
                    report.up_to_date += 1  # merged away, or briefed by another process since the list was made
                    return
                brief, version = briefs.compute(conn, story_id, self.settings)
        except StoreError:
            raise
        except Exception as err:  # one story the pipeline cannot brief must not cost the others their analysis
            log.exception("cannot brief story %s", story_id)
            report.failed.append(FailedStory(story_id, f"{type(err).__name__}: {err}"))
            return
        if self._save(story_id, brief, version):
            report.analysed.append(story_id)
        else:
            log.info("story %s changed while it was analysed; its brief is left for the next run", story_id)

    def _save(self, story_id: str, brief: Brief, version: int) -> bool:
        from newsweave.store import briefs

        with writing(self._engine, "caching a story's brief") as conn:
            return briefs.save(conn, story_id, brief, version)

    def _require_writable(self, doing: str) -> None:
        if self.read_only:
            raise StoreReadOnlyError(f"the store {self.url} was opened read-only: it refuses {doing}")

    # --- articles and entities -------------------------------------------------------------------------------

    def get_article(self, article_id: str) -> ArticleRecord | None:
        with reading(self._engine, "reading an article") as conn:
            row = conn.execute(sa.select(articles).where(articles.c.id == article_id)).first()
            if row is None:
                return None
            links = conn.execute(
                sa.select(copies).where(copies.c.article_id == article_id).order_by(copies.c.source_id)
            ).all()
            copied_by = conn.execute(
                sa.select(copies.c.article_id).where(copies.c.source_id == article_id).order_by(copies.c.article_id)
            ).scalars().all()
        raw = raw_from_json(row.raw)
        return ArticleRecord(
            id=row.id,
            title=row.title,
            source=row.source,
            url=row.url,
            published=row.published,
            author=row.author,
            raw="\n".join(raw.lines),
            text=row.text,
            paragraphs=tuple(json.loads(row.paragraphs)),
            removed=tuple((text, reason) for text, reason, _ in json.loads(row.removed)),
            story_id=row.story_id,
            derived_from=tuple(_copy_record(link) for link in links),
            language=row.language,
            notes=tuple(json.loads(row.notes)),
            path=row.path,
            copied_by=tuple(copied_by),
            added_at=utc(row.added_at),
            rewrite_checked=not row.rewrite_pending,
        )

    def list_entities(self, query: str | None = None, limit: int = 50) -> list[EntityRow]:
        """Entities of the computed briefs, most stories first; ``query`` matches names (case-insensitive)."""
        count = sa.func.count(entity_stories.c.story_id)
        statement = (
            sa.select(entities.c.id, entities.c.name, entities.c.kind, count.label("n"))
            .join(entity_stories, entity_stories.c.entity_id == entities.c.id)
            .group_by(entities.c.id, entities.c.name, entities.c.kind)
            .order_by(count.desc(), entities.c.name)
            .limit(limit)
        )
        if query:
            pattern = "%" + query.casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            statement = statement.where(
                sa.or_(sa.func.lower(entities.c.name).like(pattern, escape="\\"),
                       sa.func.lower(entities.c.aliases).like(pattern, escape="\\"))
            )
        with reading(self._engine, "listing entities") as conn:
            return [EntityRow(r.id, r.name, r.kind, int(r.n)) for r in conn.execute(statement)]

    def entity(self, entity_id: str) -> EntityRecord | None:
        with reading(self._engine, "reading an entity") as conn:
            row = conn.execute(sa.select(entities).where(entities.c.id == entity_id)).first()
            if row is None:
                return None
            linked = conn.execute(
                sa.select(stories.c.id, stories.c.title)
                .join(entity_stories, entity_stories.c.story_id == stories.c.id)
                .where(entity_stories.c.entity_id == entity_id)
                .order_by(stories.c.last_date.desc().nulls_last(), stories.c.id)
            ).all()
            quotes = conn.execute(
                sa.select(entity_quotes).where(entity_quotes.c.entity_id == entity_id).order_by(entity_quotes.c.id)
            ).all()
        return EntityRecord(
            id=row.id,
            name=row.name,
            kind=row.kind,
            aliases=tuple(json.loads(row.aliases)),
            stories=tuple((s.id, s.title) for s in linked),
            quotes=tuple(
                QuoteRecord(q.speaker, q.text, q.story_id, tuple(json.loads(q.article_ids)), bool(q.direct))
                for q in quotes
            ),
        )

    # --- export ----------------------------------------------------------------------------------------------

    def export(self, path: Path, fmt: Literal["jsonl", "parquet"]) -> int:
        """Write every article with its story and provenance; returns how many."""
        with reading(self._engine, "exporting articles") as conn:
            return export.write(conn, Path(path), fmt)


def _no_progress(stage: str, done: int, total: int) -> None:
    """Progress is optional; this stands in when nobody watches."""


def _copy_record(row: Any) -> CopyRecord:
    return CopyRecord(
        source=row.source_id,
        kind=row.kind,
        score=row.score,
        direction=row.direction,
        evidence=tuple(
            EvidencePair(e.get("a_text", ""), e.get("b_text", ""), float(e["similarity"]))
            for e in json.loads(row.evidence)
        ),
    )
