"""The web application: ``create_app`` wires the store, the pages, the REST API and the guards around them.

Pages are rendered on the server with Jinja (autoescaping on: all article text is untrusted) and styled by one CSS
file; one small script adds conveniences but nothing depends on it. The OpenAPI document is at /openapi.json and is
rendered as a plain page at /docs (the usual Swagger UI needs a CDN and inline script, which the CSP forbids).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import cached_property
from importlib.resources import files
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.middleware.trustedhost import TrustedHostMiddleware

from newsweave import __version__
from newsweave.config import Settings
from newsweave.render.html import _is_web_url as is_web_url
from newsweave.render.view import entity_kind, when
from newsweave.web import api, errors, pages
from newsweave.web.background import Activity, BackgroundAnalyser, TrackActivity
from newsweave.web.briefing import Briefer
from newsweave.web.cache import PageCache
from newsweave.web.config import WebSettings
from newsweave.web.security import BodyLimit, RateLimit, SecurityHeaders, TokenBuckets

log = logging.getLogger(__name__)

STATIC_FILES = ("newsweave.css", "newsweave.js", "favicon.svg")


@dataclass
class WebState:
    """Everything a request handler needs, kept on ``app.state.web``."""

    store: Any  # newsweave.store.Store, or None when the server only briefs
    settings: WebSettings
    read_only: bool
    allow_url_fetch: bool
    briefer: Briefer
    cache: PageCache
    analyser: BackgroundAnalyser | None = None  # briefs stories while idle (``background_analysis``)
    templates: Environment = field(repr=False, default=None)  # type: ignore[assignment]

    @cached_property
    def static_versions(self) -> dict[str, str]:
        """A short content hash per static file: its URL changes when it does, so it can be cached for long."""
        folder = files("newsweave.web") / "static"
        return {name: hashlib.sha256((folder / name).read_bytes()).hexdigest()[:10] for name in STATIC_FILES}

    def page_globals(self, nav: str | None) -> dict[str, Any]:
        return {"nav": nav, "read_only": self.read_only, "allow_url_fetch": self.allow_url_fetch}


def create_app(
    store_url: str | None = None,
    *,
    read_only: bool = False,
    allow_url_fetch: bool = False,
    settings: WebSettings | None = None,
    pipeline_settings: Settings | None = None,
    store: Any = None,
    open_store: bool = True,
    allowed_hosts: Sequence[str] | None = None,
    background_analysis: bool = False,
) -> FastAPI:
    """The newsweave web app over the store at ``store_url`` (None: ``NEWSWEAVE_DB``, else ``newsweave.db``).

    ``read_only`` writes nothing to the database: it refuses POST /api/articles, computes briefs without caching
    them and runs no background analysis (a store passed in is used as it was opened). ``allow_url_fetch`` lets
    clients send bare URLs for the server to fetch (off by default: a server that fetches URLs can be aimed at its
    own network). ``store`` passes an already open store instead of a URL; ``open_store=False`` serves only the
    pages and API that need no corpus.
    ``allowed_hosts`` refuses requests for any other Host (``newsweave serve`` on loopback passes the loopback
    names: a web page whose domain is re-pointed at 127.0.0.1 then cannot read the corpus through the browser).
    ``background_analysis`` briefs stories without a brief while the server is idle, so that entity pages and
    search come to know every story (``newsweave serve`` turns it on; off when read-only).
    """
    web = settings or WebSettings()
    if store is None and open_store:
        from newsweave.store import Store

        store = Store.open(store_url, read_only=read_only)
    state = WebState(
        store=store,
        settings=web,
        read_only=read_only,
        allow_url_fetch=allow_url_fetch,
        briefer=Briefer(web, allow_url_fetch, pipeline_settings),
        cache=PageCache(web.page_cache_entries, web.page_cache_seconds, web.page_cache_chars),
    )
    state.templates = _templates(state)
    activity = Activity()
    if background_analysis and store is not None and not read_only:
        state.analyser = BackgroundAnalyser(store, activity, web.analyse_idle_seconds, web.analyse_poll_seconds)
    elif background_analysis and read_only:
        log.info("background analysis is off: a read-only server writes nothing, not even cached briefs")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if state.analyser is not None:
            state.analyser.start()
        yield
        if state.analyser is not None:
            await run_in_threadpool(state.analyser.stop)  # the story in progress may take seconds to finish
        if state.store is not None:
            state.store.close()

    app = FastAPI(
        title="newsweave",
        version=__version__,
        summary="Many news articles in, one cross-checked, fully attributed brief of each event out.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.web = state
    errors.install(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(packages=[("newsweave.web", "static")]), name="static")
    general = TokenBuckets(web.requests_per_minute, web.burst) if web.requests_per_minute else None
    heavy = TokenBuckets(web.heavy_per_minute, web.heavy_burst) if web.heavy_per_minute else None
    # Added innermost first: headers wrap everything, so even a 413 or 429 carries the CSP.
    if state.analyser is not None:
        app.add_middleware(TrackActivity, activity=activity)
    app.add_middleware(BodyLimit, max_bytes=web.max_body_bytes)
    app.add_middleware(RateLimit, general=general, heavy=heavy)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.add_middleware(SecurityHeaders)
    return app


def _templates(state: WebState) -> Environment:
    env = Environment(
        loader=PackageLoader("newsweave.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["q"] = lambda value: quote(str(value), safe="")
    env.globals.update(
        version=__version__,
        static=lambda name: f"/static/{name}?v={state.static_versions[name]}",
        when=when,
        entity_kind=entity_kind,
        is_web_url=is_web_url,
    )
    return env
