"""Rendered pages kept in memory: a story page is read far more often than its story changes.

An entry expires after ``seconds`` (another process, or the background worker, may change the corpus meanwhile) and
every entry is dropped at once when this server ingests articles.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable


class PageCache:
    def __init__(
        self, entries: int, seconds: float, max_chars: int = 64_000_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.entries = entries
        self.seconds = seconds
        self.max_chars = max_chars  # a story page of many articles is large: memory is bounded by size too
        self._chars = 0
        self.clock = clock
        self._items: OrderedDict[Hashable, tuple[float, str]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> str | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            if self.clock() - found[0] > self.seconds:
                self._drop(key)
                return None
            self._items.move_to_end(key)
            return found[1]

    def put(self, key: Hashable, page: str) -> None:
        if self.entries <= 0 or len(page) > self.max_chars:
            return
        with self._lock:
            if key in self._items:
                self._drop(key)
            self._items[key] = (self.clock(), page)
            self._chars += len(page)
            while len(self._items) > self.entries or self._chars > self.max_chars:
                self._drop(next(iter(self._items)))

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._chars = 0

    def _drop(self, key: Hashable) -> None:
        self._chars -= len(self._items.pop(key)[1])
