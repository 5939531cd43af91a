"""Incremental ingest: read, recognise what is already stored, clean, featurise, file into stories, find exact and
near-duplicates, and commit batch by batch; then one regrouping pass over the stories that changed, and the rewrite
pass (:mod:`newsweave.store.rewrites`) over the articles not yet checked for rewrites, unless it is deferred.

Each batch is one transaction: the articles, their LSH bands, search index entries, copy links, story rows and the
neighbour scores it changed are committed together or not at all. A process killed mid-batch therefore leaves the
store as it was after the previous batch, and running the same ingest again skips what was committed (by content
hash) and goes on. The regrouping pass is a transaction of its own; stories waiting for it are flagged
(``needs_pass``), so a pass that never ran is made up by the next ingest; articles waiting for the rewrite check are
flagged too (``rewrite_pending``).

The expensive work of a batch (cleaning, embedding, duplicate detection) happens before its write transaction, which
only writes; a concurrent writer is noticed through the store's generation counter and the batch is redone against
the new state (optimistic concurrency), so two ingests into one database never file articles against a stale view.

Batches overlap by one: while batch k is filed, checked for duplicates and written, a worker thread already cleans and
embeds batch k+1 (the embedder runs outside the GIL, so the two share the cores). What batch k+1's preparation may
not see yet, batch k, it is told explicitly: batch k's articles count as stored, both as repeats and as outlet
context, whether or not batch k has committed. The result does not depend on the timing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from newsweave.clean.repeated import outlet_key
from newsweave.config import Settings
from newsweave.model import CopyLink, RawArticle, Skipped
from newsweave.store.codec import raw_from_json, raw_to_json, removed_json
from newsweave.store.copies import Found, copy_row, find_copies
from newsweave.store.engine import reading
from newsweave.store.index import (
    ConcurrentWriteError,
    CorpusIndex,
    scores_blob,
    synced,
    vector_blob,
    writing_if_current,
)
from newsweave.store.inputs import Input, chunks, plan, where
from newsweave.store.online import place, record_neighbour_scores, stored_neighbours
from newsweave.store.prepare import Prepared, clean, content_hash, featurise, source_key
from newsweave.store.records import CopyNote, IngestReport, Renamed, Repeat
from newsweave.store.regroup import Regrouping, regroup, scope_of
from newsweave.store.rewrites import RewriteChecker
from newsweave.store.schema import articles, copies, lsh_bands, stories
from newsweave.store.stories import forget_entities, founder_id, pending_count, retire, write_aggregates

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]

BATCH_SIZE = 500  # articles per transaction
CONTEXT_PER_OUTLET = 30  # stored articles of an outlet shown to the repeated-line cleaner beside a new batch
_RETRIES = 5  # batches redone after a concurrent write before giving up
_IN_CHUNK = 500


@dataclass
class _Batch:
    """A batch prepared by the worker thread: what the main thread stores and reports, in input order."""

    size: int  # articles read
    known: dict[str, str] = field(default_factory=dict)  # content hash -> id, of articles stored before
    repeats: list[tuple[str, str, str]] = field(default_factory=list)  # (where read, content hash, id as first seen)
    skipped: list[Skipped] = field(default_factory=list)
    prepared: list[Prepared] = field(default_factory=list)


class Ingester:
    """One ``Store.ingest`` call."""

    def __init__(
        self, engine: Engine, settings: Settings, progress: Progress | None, index: CorpusIndex | None,
        batch_size: int = BATCH_SIZE, defer_rewrites: bool = False,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.progress = progress or (lambda stage, done, total: None)
        self.index = index
        self.batch_size = batch_size
        self.defer_rewrites = defer_rewrites
        self.report = IngestReport()
        self._touched: set[str] = set()
        self._stored_hashes: dict[str, str] = {}  # content hash -> id of what this call stored
        self._done = 0
        self._read = 0

    def run(self, inputs: Iterable[Input]) -> IngestReport:
        files, records, raws, skipped = plan(inputs)
        self.report.skipped.extend(skipped)
        units = len(files) + bool(records) + bool(raws)
        buffer: list[RawArticle] = []
        self.progress("reading", 0, units)
        ahead = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsweave-prepare")
        pending: Future[_Batch] | None = None
        try:
            for number, chunk in enumerate(chunks(files, records, raws, self.settings), start=1):
                self.report.skipped.extend(chunk.skipped)
                buffer.extend(chunk.articles)
                self._read += len(chunk.articles)
                self.progress("reading", number, units)
                while len(buffer) >= self.batch_size:
                    pending = self._advance(ahead, pending, buffer[: self.batch_size])
                    buffer = buffer[self.batch_size :]
            if buffer:
                pending = self._advance(ahead, pending, buffer)
            if pending is not None:
                self._finish(pending.result())
        finally:
            ahead.shutdown(wait=True, cancel_futures=True)
        self._regroup()
        self._check_rewrites()
        self.report.stories_touched = sorted(s for s in self._touched if self.index and s in self.index.members)
        return self.report

    # --- one batch -------------------------------------------------------------------------------------------

    def _advance(self, ahead: ThreadPoolExecutor, pending: Future[_Batch] | None, raws: list[RawArticle]) -> Future:
        """Start preparing ``raws`` in the worker, then store the batch prepared before it (if any)."""
        previous = pending.result() if pending is not None else None
        future = ahead.submit(self._prepare_batch, raws, previous)
        if previous is not None:
            self._finish(previous)
        return future

    def _prepare_batch(self, raws: Sequence[RawArticle], previous: _Batch | None) -> _Batch:
        """Everything before the batch's transaction: drop what is stored, clean, featurise. Runs in the worker.

        An article of ``previous`` (being stored meanwhile) counts as stored whether or not it has committed."""
        batch = _Batch(len(raws))
        hashes = [content_hash(r) for r in raws]
        with reading(self.engine, "looking up stored articles") as conn:
            batch.known = _known_hashes(conn, hashes)
        in_flight = previous.prepared if previous else []
        flying = {p.content_hash: p.article.id for p in in_flight}
        fresh: list[tuple[RawArticle, str]] = []
        first_seen: dict[str, str] = {}
        for raw, digest in zip(raws, hashes, strict=True):
            earlier = flying.get(digest) or batch.known.get(digest) or first_seen.get(digest)
            if earlier is not None:
                batch.repeats.append((where(raw), digest, earlier))
                continue
            first_seen[digest] = raw.id
            fresh.append((raw, digest))
        if fresh:
            batch.prepared = self._prepare(fresh, in_flight, batch.skipped)
        return batch

    def _prepare(
        self, fresh: list[tuple[RawArticle, str]], in_flight: Sequence[Prepared], skipped: list[Skipped]
    ) -> list[Prepared]:
        raws = [raw for raw, _ in fresh]
        with reading(self.engine, "reading earlier articles of the same outlets") as conn:
            context = _outlet_context(conn, raws, in_flight)
        cleaned, dropped = clean(raws, context, self.settings)
        skipped.extend(dropped)
        kept = [(raw, digest, article) for (raw, digest), article in zip(fresh, cleaned, strict=True) if article]
        return featurise([k[0] for k in kept], [k[1] for k in kept], [k[2] for k in kept], self.settings)

    def _finish(self, batch: _Batch) -> None:
        """Store a prepared batch (main thread) and report it; a repeat names the id its original was stored under."""
        if batch.prepared:
            self._store(batch.prepared)
        stored = {**batch.known, **self._stored_hashes}
        self.report.duplicates.extend(Repeat(at, stored.get(digest, given)) for at, digest, given in batch.repeats)
        self.report.skipped.extend(batch.skipped)
        self._done += batch.size
        self.progress("adding", self._done, self._read)

    def _store(self, prepared: list[Prepared]) -> None:
        for _ in range(_RETRIES):
            with reading(self.engine, "loading the corpus index") as conn:
                self._sync(conn)
            index = self.index
            assert index is not None
            batch, renamed = _rename(prepared, index)
            try:
                stories_of, changed = self._file(batch)
                with reading(self.engine, "finding duplicates") as conn:
                    found = find_copies(conn, batch, index, self.settings)
                with writing_if_current(self.engine, index, "storing a batch of articles") as conn:
                    self._write(conn, batch, stories_of, changed, found)
                    self.progress("storing", len(batch), len(batch))
            except ConcurrentWriteError:
                log.info("another process wrote to the store meanwhile; redoing the batch")
                self.index = None
                continue
            except BaseException:
                self.index = None  # the in-memory view may hold uncommitted changes
                raise
            self._report(batch, renamed, found.links)
            return
        raise ConcurrentWriteError("other processes kept writing to the store; try again later")

    def _sync(self, conn: Connection) -> None:
        self.index = synced(self.index, conn)

    def _file(self, batch: list[Prepared]) -> tuple[dict[str, str], set[int]]:
        """Place each new article in a story (in the in-memory index); returns its story and the changed rows.

        The search among stored articles runs once for the whole batch (one blocked matrix product); each article then
        only compares itself with the batch articles filed before it.
        """
        index = self.index
        assert index is not None
        story_of: dict[str, str] = {}
        changed: set[int] = set()
        vectors = np.stack([p.vector for p in batch])
        stored = stored_neighbours(index, vectors, [p.article.published for p in batch], self.settings)
        batch_start = len(index)
        for p, near in zip(batch, stored, strict=True):
            index.key_counts.update(p.keys)
            placement = place(index, p.vector, p.keys, p.article.published, self.settings, near, batch_start)
            changed.update(record_neighbour_scores(index, placement, self.settings))
            story = placement.story or founder_id(
                p.article.id, lambda sid: sid in index.members or sid in index.retired
            )
            index.key_counts.subtract(p.keys)  # add() counts them again
            index.add(
                p.article.id, p.article.title, source_key(p.article.source), p.article.published, p.keys,
                p.vector, story, placement.own_scores,
            )
            story_of[p.article.id] = story
        return story_of, changed

    def _write(
        self, conn: Connection, batch: list[Prepared], story_of: dict[str, str], changed: set[int], found: Found
    ) -> None:
        index = self.index
        assert index is not None
        now = dt.datetime.now(dt.UTC)
        last = conn.execute(sa.select(sa.func.max(articles.c.seq))).scalar() or 0
        conn.execute(articles.insert(), [_article_row(p, story_of[p.article.id], index, now) for p in batch])
        seqs = dict(conn.execute(sa.select(articles.c.id, articles.c.seq).where(articles.c.seq > last)).all())
        bands = [
            {"band": band, "bucket": bucket, "article_seq": seqs[p.article.id]}
            for p in batch
            for band, bucket in enumerate(p.buckets)
        ]
        if bands:
            conn.execute(lsh_bands.insert(), bands)
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql(
                "INSERT INTO article_fts(rowid, title, text) SELECT seq, title, text FROM articles WHERE seq > ?",
                (last,),
            )
        new_ids = {p.article.id for p in batch}
        stored_changed = [r for r in changed if index.ids[r] not in new_ids]
        if stored_changed:
            conn.execute(
                articles.update()
                .where(articles.c.id == sa.bindparam("aid"))
                .values(neighbour_scores=sa.bindparam("s")),
                [{"aid": index.ids[r], "s": scores_blob(index.neighbour_scores[r])} for r in stored_changed],
            )
        if found.links:
            conn.execute(copies.insert(), [copy_row(link, found) for link in found.links])
            index.derived.update(link.article for link in found.links)
        filed = set(story_of.values())
        copied = {index.story[index.row_of[link.article]] for link in found.links} - filed
        write_aggregates(conn, index, filed, now, needs_pass=True)
        write_aggregates(conn, index, copied, now, needs_pass=False)

    def _report(self, batch: list[Prepared], renamed: list[Renamed], links: list[CopyLink]) -> None:
        index = self.index
        assert index is not None
        self.report.added.extend(p.article.id for p in batch)
        self._stored_hashes.update((p.content_hash, p.article.id) for p in batch)
        self.report.renamed.extend(renamed)
        self._touched.update(index.story[index.row_of[p.article.id]] for p in batch)
        for link in links:
            note = CopyNote(link.article, link.source, link.score)
            (self.report.exact_duplicates if link.kind == "duplicate" else self.report.near_duplicates).append(note)

    # --- the rewrite pass ------------------------------------------------------------------------------------

    def _check_rewrites(self) -> None:
        """Check every article still pending (this ingest's, and any an earlier one left), or count them."""
        if self.defer_rewrites:
            with reading(self.engine, "counting articles waiting for the rewrite check") as conn:
                self.report.rewrites_pending = pending_count(conn)
            return
        checker = RewriteChecker(self.engine, self.settings, self.progress, self.index)
        try:
            found = checker.run()
        finally:
            self.index = checker.index
        self.report.rewrites.extend(found.rewrites)
        self.report.near_duplicates.extend(found.near_duplicates)
        self._touched.update(found.stories_touched)
        self.report.rewrites_pending = found.pending

    # --- the regrouping pass ---------------------------------------------------------------------------------

    def _regroup(self) -> None:
        for _ in range(_RETRIES):
            with reading(self.engine, "looking for stories to regroup") as conn:
                pending = set(conn.execute(sa.select(stories.c.id).where(stories.c.needs_pass)).scalars())
                if not pending:
                    return
                self._sync(conn)
            index = self.index
            assert index is not None
            self.progress("regrouping", 0, 1)
            scope = scope_of(index, pending, self.settings)
            plan_ = regroup(index, scope, self.settings, index.retired.__contains__)
            try:
                with writing_if_current(self.engine, index, "regrouping stories") as conn:
                    self._apply(conn, plan_, pending)
            except ConcurrentWriteError:
                self.index = None
                continue
            except BaseException:
                self.index = None
                raise
            self.report.merged.update(plan_.merged)
            for story, parts in plan_.split.items():
                self.report.split.setdefault(story, []).extend(parts)
            self._touched = {plan_.merged.get(s, s) for s in self._touched | set(plan_.moves.values())}
            self.progress("regrouping", 1, 1)
            return
        raise ConcurrentWriteError("other processes kept writing to the store; try again later")

    def _apply(self, conn: Connection, plan_: Regrouping, pending: set[str]) -> None:
        index = self.index
        assert index is not None
        now = dt.datetime.now(dt.UTC)
        before = {row: index.story[row] for row in plan_.moves}
        for row, story in plan_.moves.items():
            index.move(row, story)
        if plan_.moves:
            conn.execute(
                articles.update().where(articles.c.id == sa.bindparam("aid")).values(story_id=sa.bindparam("sid")),
                [{"aid": index.ids[row], "sid": story} for row, story in plan_.moves.items()],
            )
        retire(conn, plan_.merged, now)
        forget_entities(conn, sorted(plan_.merged))
        index.retired.update(plan_.merged)
        changed = (set(before.values()) | set(plan_.moves.values())) - set(plan_.merged)
        write_aggregates(conn, index, {s for s in changed if s in index.members}, now, needs_pass=False)
        done = sorted((pending | plan_.scope | set(plan_.moves.values())) - set(plan_.merged))
        for start in range(0, len(done), _IN_CHUNK):
            conn.execute(stories.update().where(stories.c.id.in_(done[start : start + _IN_CHUNK])).values(
                needs_pass=False))


def _known_hashes(conn: Connection, hashes: Sequence[str]) -> dict[str, str]:
    unique = sorted(set(hashes))
    out: dict[str, str] = {}
    for start in range(0, len(unique), _IN_CHUNK):
        query = sa.select(articles.c.content_hash, articles.c.id).where(
            articles.c.content_hash.in_(unique[start : start + _IN_CHUNK])
        )
        out.update((h, aid) for h, aid in conn.execute(query))
    return out


def _outlet_context(conn: Connection, raws: Sequence[RawArticle], in_flight: Sequence[Prepared]) -> list[RawArticle]:
    """The latest stored articles of each outlet in the batch (as read), for the repeated-line cue.

    ``in_flight`` (the batch being stored meanwhile, in input order) counts as stored and newest, whether or not its
    transaction has committed yet, so the context is the same whatever the timing.
    """
    keys = sorted({k for k in (outlet_key(r) for r in raws) if k is not None})
    flying: dict[str, list[RawArticle]] = {}
    for p in reversed(in_flight):
        if (key := outlet_key(p.raw)) is not None:
            flying.setdefault(key, []).append(p.raw)
    flying_hashes = {p.content_hash for p in in_flight}
    context: list[RawArticle] = []
    for key in keys:
        newest = flying.get(key, [])[:CONTEXT_PER_OUTLET]
        query = (
            sa.select(articles.c.raw, articles.c.content_hash)
            .where(articles.c.outlet_key == key)
            .order_by(articles.c.seq.desc())
            .limit(CONTEXT_PER_OUTLET + len(newest))
        )
        stored = [raw_from_json(text) for text, digest in conn.execute(query) if digest not in flying_hashes]
        context.extend([*newest, *stored][:CONTEXT_PER_OUTLET])
    return context


def _rename(prepared: list[Prepared], index: CorpusIndex) -> tuple[list[Prepared], list[Renamed]]:
    """Give an article whose id is taken (stored, or earlier in the batch) the first free ``id-N``, with a note."""
    taken = set(index.row_of)
    out: list[Prepared] = []
    renamed: list[Renamed] = []
    for p in prepared:
        given = p.article.id
        if given not in taken:
            taken.add(given)
            out.append(p)
            continue
        n = 2
        while f"{given}-{n}" in taken:
            n += 1
        new = f"{given}-{n}"
        taken.add(new)
        note = (
            f"id {given!r} is already used by a different article in the store; this article is stored as {new!r}"
        )
        log.warning("%s: %s", p.where, note)
        article = dataclasses.replace(p.article, id=new, notes=(*p.article.notes, note))
        out.append(dataclasses.replace(p, article=article))
        renamed.append(Renamed(given, new, p.where))
    return out, renamed


def _article_row(p: Prepared, story: str, index: CorpusIndex, now: dt.datetime) -> dict:
    a = p.article
    return {
        "id": a.id,
        "content_hash": p.content_hash,
        "text_hash": p.text_hash,
        "title": a.title,
        "text": a.text,
        "source": a.source,
        "source_key": source_key(a.source),
        "outlet_key": outlet_key(p.raw),
        "url": a.url,
        "published": a.published,
        "author": a.author,
        "path": a.path,
        "format": p.raw.format,
        "language": a.language,
        "raw": raw_to_json(p.raw),
        "paragraphs": json.dumps(list(a.paragraphs), ensure_ascii=False),
        "removed": removed_json(a.removed),
        "notes": json.dumps(list(a.notes), ensure_ascii=False),
        "story_id": story,
        "vector": vector_blob(p.vector),
        "cluster_keys": json.dumps(sorted(p.keys), ensure_ascii=False),
        "neighbour_scores": scores_blob(index.neighbour_scores[index.row_of[a.id]]),
        "added_at": now,
        "rewrite_pending": True,
    }
