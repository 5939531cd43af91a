"""The web server's limits in one object, so that tests and benchmarks can tighten or loosen them in one place.

The defaults suit one newsroom on one machine: pages are cheap and cached, briefing and ingesting run the whole
pipeline (seconds of CPU), so those get a much smaller budget per client.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WebSettings:
    max_body_bytes: int = 8 * 1024 * 1024  # larger request bodies get 413 before they are read in full
    max_articles: int = 200  # articles in one POST /api/brief, /api/articles or /brief upload
    requests_per_minute: int = 600  # per client address, every request (pages, API, static files)
    burst: int = 120  # requests a client may make at once before the per-minute rate applies
    heavy_per_minute: int = 12  # per client address, requests that run the pipeline (brief, ingest)
    heavy_burst: int = 4
    page_cache_entries: int = 256  # rendered story, article and entity pages kept in memory...
    page_cache_chars: int = 64_000_000  # ... and at most this much HTML in all
    page_cache_seconds: float = 30.0  # a cached page is re-rendered after this long (another process may ingest)
    fetch_timeout_seconds: float = 10.0  # only with allow_url_fetch
    fetch_max_bytes: int = 5 * 1024 * 1024
    page_size: int = 50  # stories per page of the list
    analyse_idle_seconds: float = 0.5  # background analysis starts a story only after this long without requests
    analyse_poll_seconds: float = 60.0  # once every story is briefed, how often it looks for stories added elsewhere
