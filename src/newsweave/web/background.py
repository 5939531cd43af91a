"""Finishing the corpus in the background while the server is idle: the rewrite check of articles an
``ingest --defer-rewrites`` left pending, then a brief for every story, so that entity pages fill up on their own.

The store files a story's entities only when it computes the story's brief; without this worker, a corpus that was
just ingested has almost no entities until someone opens every story. The worker is one daemon thread: once no
request has been served for a moment, it briefs the newest story without an up-to-date brief (``Store.analyse`` of
that one story: its save is one short transaction, so the write lock is never held for long), then looks again.
When every story is briefed it looks now and then for stories another process added (an ingest through the API
wakes it at once). Pending rewrite checks come first, :data:`REWRITE_STEP` articles at a time (one short write each),
since the links they add change the stories a brief would describe. Requests come first of all: a step is started
only while the server is idle, though a step once started runs to its end (seconds for a large story), and shutting
down waits for it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from newsweave.store.errors import StoreError

log = logging.getLogger(__name__)

STOP_WAIT = 60.0  # seconds shutdown waits for the story in progress; then the daemon thread is left to die
_BUSY_RECHECK = 0.1  # while a request is in flight, seconds between looks at whether it ended
REWRITE_STEP = 100  # articles checked for rewrites per step (a few CPU seconds)


class Activity:
    """How many requests are in flight and when the last one ended: what "idle" means for the worker.

    Written only from the event loop's thread (by :class:`TrackActivity`) and read from the worker's: single reads
    and writes of ints and floats need no lock.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.in_flight = 0
        self.last_end = clock()

    def begin(self) -> None:
        self.in_flight += 1

    def end(self) -> None:
        self.in_flight -= 1
        self.last_end = self.clock()

    def until_idle(self, seconds: float) -> float:
        """Seconds to wait before the server will have been idle for ``seconds`` (0: it has been)."""
        if self.in_flight:
            return max(seconds, _BUSY_RECHECK)
        return max(0.0, seconds - (self.clock() - self.last_end))


class TrackActivity:
    """ASGI middleware that tells :class:`Activity` when each HTTP request starts and ends."""

    def __init__(self, app: ASGIApp, activity: Activity) -> None:
        self.app = app
        self.activity = activity

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.activity.begin()
        try:
            await self.app(scope, receive, send)
        finally:
            self.activity.end()


class BackgroundAnalyser:
    """The worker thread: :meth:`start` once, :meth:`stop` on shutdown (before the store is closed)."""

    def __init__(self, store: Any, activity: Activity, idle_seconds: float, poll_seconds: float) -> None:
        self.store = store  # a writable newsweave.store.Store
        self.activity = activity
        self.idle_seconds = idle_seconds
        self.poll_seconds = poll_seconds
        self._failed: set[str] = set()  # stories the pipeline could not brief: not tried again by this process
        self._rewrites_failed = False  # the rewrite check raised: left to `newsweave rewrites`, which shows why
        self._stopping = False
        self._nudge = threading.Event()  # set to cut a wait short: on stop, or when new stories may be there
        self._thread = threading.Thread(target=self._run, name="newsweave-background-analysis", daemon=True)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        """Look for stories to brief now rather than at the next poll (the corpus just changed)."""
        self._nudge.set()

    def stop(self, timeout: float = STOP_WAIT) -> None:
        """Let the story in progress finish (its save is all or nothing), then end the thread."""
        self._stopping = True
        self._nudge.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
        if self._thread.is_alive():
            log.warning("background analysis still briefing a story after %.0f s; leaving it", timeout)

    def _run(self) -> None:
        log.info("background analysis started: stories without a brief are briefed while the server is idle")
        while not self._stopping:
            pause = self._step()
            if pause > 0 and not self._stopping:
                self._nudge.wait(pause)
                self._nudge.clear()
        log.info("background analysis stopped")

    def _step(self) -> float:
        """Check some pending articles for rewrites, or else brief one story, if the server is idle; returns how
        long to wait before the next step."""
        pause = self.activity.until_idle(self.idle_seconds)
        if pause > 0:
            return pause
        try:
            if self._check_rewrites():
                return 0.0
            story_id = self._next()
            if story_id is None:
                return self.poll_seconds
            report = self.store.analyse([story_id])
        except StoreError as err:  # locked by a long ingest, or the server went away: try again later
            log.warning("background analysis waits: %s", err)
            return self.poll_seconds
        self._failed.update(failed.story_id for failed in report.failed)
        log.debug("background analysis: %s %s", story_id, "briefed" if report.analysed else "not briefed")
        return 0.0

    def _check_rewrites(self) -> bool:
        """One step of the rewrite check, if any article waits for it; whether there was one."""
        if self._rewrites_failed or not self.store.pending_rewrites():
            return False
        try:
            report = self.store.check_rewrites(limit=REWRITE_STEP)
        except StoreError:
            raise
        except Exception:  # a fault in the check must not stop the briefing too
            log.exception("background rewrite check failed; run `newsweave rewrites` to see why")
            self._rewrites_failed = True
            return False
        log.debug("background rewrite check: %d articles, %d rewrites", report.checked, len(report.rewrites))
        return True

    def _next(self) -> str | None:
        """The newest story without an up-to-date brief, leaving out those that failed before."""
        candidates = self.store.unanalysed(limit=len(self._failed) + 1)
        return next((story_id for story_id in candidates if story_id not in self._failed), None)
