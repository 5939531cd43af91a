"""The rewrite pass: the sentence-alignment check for every stored article still marked ``rewrite_pending``.

Ingest stores each article flagged as pending; the check then runs as a pass of its own, at the end of the same
ingest (the default), later with ``newsweave rewrites``, or while ``newsweave serve`` is idle. Why not inside each
batch, as exact and near-duplicates are found: it is the costly step of copy detection (it embeds the candidates'
sentences), and apart from the batches it can

* give the articles back to the user first: stored, deduplicated and in stories (``ingest --defer-rewrites``);
* compare each article with its nearest neighbours in the whole corpus, including articles that arrived after it,
  and align each candidate article once per chunk rather than once per batch that names it;
* resume: a pass that is interrupted keeps every chunk it committed, and the rest stays pending.

Each chunk of :data:`CHUNK` pending articles (oldest first) is one read of the corpus, then one short write
transaction: its links, the changed stories' counts (and versions, so cached briefs go stale), and the cleared
flags. A concurrent writer is noticed through the store's generation counter and the chunk is redone.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from newsweave.config import Settings
from newsweave.model import CopyLink
from newsweave.store.copies import Found, copy_row, find_rewrites
from newsweave.store.engine import reading
from newsweave.store.index import ConcurrentWriteError, CorpusIndex, synced, writing_if_current
from newsweave.store.records import CopyNote, RewriteReport
from newsweave.store.schema import articles, copies
from newsweave.store.stories import pending_count, write_aggregates

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]

CHUNK = 1000  # pending articles checked per transaction
_RETRIES = 5
_IN_CHUNK = 500


class RewriteChecker:
    """One rewrite pass; ``index`` (the caller's in-memory corpus, if any) is reused and handed back updated."""

    def __init__(
        self, engine: Engine, settings: Settings, progress: Progress | None = None, index: CorpusIndex | None = None
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.progress = progress or (lambda stage, done, total: None)
        self.index = index

    def run(self, limit: int | None = None) -> RewriteReport:
        """Check the pending articles, oldest first: all of them, or at most ``limit``."""
        report = RewriteReport()
        with reading(self.engine, "counting articles waiting for the rewrite check") as conn:
            waiting = pending_count(conn)
        total = waiting if limit is None else min(limit, waiting)
        self.progress("rewrites", 0, total)
        while report.checked < total:
            with reading(self.engine, "listing articles waiting for the rewrite check") as conn:
                ids = _oldest_pending(conn, min(CHUNK, total - report.checked))
            if not ids:
                break  # another process checked them meanwhile
            self._check(ids, report)
            report.checked += len(ids)
            self.progress("rewrites", report.checked, total)
        with reading(self.engine, "counting articles waiting for the rewrite check") as conn:
            report.pending = pending_count(conn)
        return report

    def _check(self, ids: Sequence[str], report: RewriteReport) -> None:
        for _ in range(_RETRIES):
            with reading(self.engine, "checking articles for rewrites") as conn:
                self.index = index = synced(self.index, conn)
                found = find_rewrites(conn, ids, index, self.settings)
            try:
                with writing_if_current(self.engine, index, "storing rewrite links") as conn:
                    touched = self._write(conn, ids, found)
            except ConcurrentWriteError:
                log.info("another process wrote to the store meanwhile; redoing the rewrite check of %d", len(ids))
                self.index = None
                continue
            except BaseException:
                self.index = None  # the in-memory view may hold uncommitted changes
                raise
            _record(report, found.links, touched)
            return
        raise ConcurrentWriteError("other processes kept writing to the store; try the rewrite check again later")

    def _write(self, conn: Connection, ids: Sequence[str], found: Found) -> set[str]:
        """Store the links, refresh the stories they change and clear the flags; returns the changed stories."""
        index = self.index
        assert index is not None
        touched: set[str] = set()
        if found.links:
            conn.execute(copies.insert(), [copy_row(link, found) for link in found.links])
            index.derived.update(link.article for link in found.links)
            touched = {index.story[index.row_of[link.article]] for link in found.links}
            write_aggregates(conn, index, touched, dt.datetime.now(dt.UTC), needs_pass=False)
        ordered = sorted(ids)
        for start in range(0, len(ordered), _IN_CHUNK):
            conn.execute(
                articles.update()
                .where(articles.c.id.in_(ordered[start : start + _IN_CHUNK]))
                .values(rewrite_pending=False)
            )
        return touched


def _oldest_pending(conn: Connection, count: int) -> list[str]:
    query = sa.select(articles.c.id).where(articles.c.rewrite_pending).order_by(articles.c.seq).limit(count)
    return list(conn.execute(query).scalars())


def _record(report: RewriteReport, links: Sequence[CopyLink], touched: set[str]) -> None:
    for link in links:
        note = CopyNote(link.article, link.source, link.score)
        (report.rewrites if link.kind == "rewrite" else report.near_duplicates).append(note)
    report.stories_touched.update(touched)
