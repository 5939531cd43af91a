"""The REST API under /api: stories, articles and entities of the corpus, ingest, and briefing without storing.

Handlers are plain functions (FastAPI runs them in its thread pool) because the store and the pipeline are
synchronous. Every error is ``{"detail": "..."}`` with a 4xx status that says whose fault it is.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from newsweave.render.schema import Brief
from newsweave.web.models import (
    ArticleDetail,
    ArticlesIn,
    CoverageOut,
    EntityDetail,
    EntityList,
    EntityRowOut,
    IngestOut,
    NothingBriefed,
    Problem,
    QuoteOut,
    StoryDetail,
    StoryList,
    StoryRef,
    StoryRowOut,
)
from newsweave.web.views import missing_entity

router = APIRouter(prefix="/api", tags=["api"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "Malformed request (for example invalid JSON)."},
    413: {"model": Problem, "description": "Request body or article count over the server's limit."},
    422: {"model": Problem, "description": "Well-formed but not usable (wrong fields or values)."},
    429: {"model": Problem, "description": "Too many requests from this address; see Retry-After."},
}
_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": Problem, "description": "No such id."}}

Id = Annotated[str, Path(min_length=1, max_length=300)]


def _state(request: Request):
    return request.app.state.web


def corpus(request: Request) -> Any:
    """The store, or 503 on a server started without one."""
    store = _state(request).store
    if store is None:
        raise HTTPException(503, "this server has no corpus: it only briefs articles (POST /api/brief)")
    return store


@router.get("/stories", response_model=StoryList, responses=_ERRORS, summary="List and search stories")
def list_stories(
    request: Request,
    q: Annotated[str | None, Query(max_length=200, description="Full-text search in titles and text.")] = None,
    since: Annotated[dt.date | None, Query(description="Stories with an article on or after this date.")] = None,
    until: Annotated[dt.date | None, Query(description="Stories with an article on or before this date.")] = None,
    outlet: Annotated[str | None, Query(max_length=200, description="Stories carried by this outlet.")] = None,
    min_sources: Annotated[int, Query(ge=1, le=10_000, description="At least this many outlets.")] = 1,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> StoryList:
    """Newest first (by their last article's date)."""
    store = corpus(request)
    filters = {"query": q or None, "since": since, "until": until, "outlet": outlet or None, "min_sources": min_sources}
    rows = store.list_stories(**filters, limit=limit, offset=offset)
    total = store.count_stories(**filters)
    return StoryList(total=total, limit=limit, offset=offset, items=[StoryRowOut.model_validate(r) for r in rows])


@router.get(
    "/stories/{story_id:path}", response_model=StoryDetail, responses=_NOT_FOUND, summary="One story with its brief"
)
def get_story(request: Request, story_id: Id) -> StoryDetail:
    """An id of a story that was merged into another answers with the story it became (see id)."""
    store = corpus(request)
    live = store.resolve_story_id(story_id)
    if live is None:
        raise HTTPException(404, f"no story with id {story_id!r}")
    return StoryDetail(id=live, brief=store.story_brief(live))


@router.get(
    "/articles/{article_id:path}", response_model=ArticleDetail, responses=_NOT_FOUND, summary="One stored article"
)
def get_article(request: Request, article_id: Id) -> ArticleDetail:
    """Its clean text, what cleaning removed (with reasons), the text as read, and its copies."""
    record = corpus(request).get_article(article_id)
    if record is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return article_detail(record)


def article_detail(record: Any) -> ArticleDetail:
    return ArticleDetail(
        id=record.id,
        title=record.title,
        source=record.source,
        url=record.url,
        published=record.published,
        author=record.author,
        language=record.language,
        story_id=record.story_id,
        text=record.text,
        paragraphs=list(record.paragraphs),
        removed=[{"text": text, "reason": reason} for text, reason in record.removed],
        raw=record.raw,
        derived_from=[c for c in record.derived_from],
        copied_by=list(record.copied_by),
        rewrite_checked=record.rewrite_checked,
        notes=list(record.notes),
    )


@router.post(
    "/articles",
    response_model=IngestOut,
    responses={**_ERRORS, 403: {"model": Problem, "description": "The server is read-only."}},
    summary="Add articles to the corpus",
)
def ingest(request: Request, body: ArticlesIn) -> IngestOut:
    """Stores the articles, files them into stories and finds their copies. Sending one again stores nothing."""
    state = _state(request)
    if state.read_only:
        raise HTTPException(403, "this server is read-only: it does not accept new articles")
    report = state.briefer.ingest(corpus(request), [a.record() for a in body.articles])
    state.cache.clear()
    if state.analyser is not None:
        state.analyser.wake()
    return IngestOut.model_validate(report)


@router.get("/entities", response_model=EntityList, responses=_ERRORS, summary="Search entities")
def list_entities(
    request: Request,
    q: Annotated[str | None, Query(max_length=200, description="Part of a name or alias.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> EntityList:
    """Most stories first. Entities are known from analysed stories only: ``coverage`` says how many are not yet."""
    store = corpus(request)
    rows = store.list_entities(q or None, limit)
    return EntityList(items=[EntityRowOut.model_validate(r) for r in rows], coverage=_coverage(store))


@router.get("/entities/{entity_id:path}", response_model=EntityDetail, responses=_NOT_FOUND, summary="One entity")
def get_entity(request: Request, entity_id: Id) -> EntityDetail:
    """Its spellings, the stories it appears in, and its quotes (of analysed stories: see ``coverage``)."""
    store = corpus(request)
    record = store.entity(entity_id)
    if record is None:
        raise HTTPException(404, missing_entity(entity_id, store.coverage()))
    return EntityDetail(
        id=record.id,
        name=record.name,
        kind=record.kind,
        aliases=list(record.aliases),
        stories=[StoryRef(id=story_id, title=title) for story_id, title in record.stories],
        quotes=[QuoteOut.model_validate(q) for q in record.quotes],
        coverage=_coverage(store),
    )


def _coverage(store: Any) -> CoverageOut:
    return CoverageOut.model_validate(store.coverage())


@router.post(
    "/brief",
    response_model=Brief,
    responses={
        **_ERRORS,
        422: {"model": NothingBriefed, "description": "No article could be briefed; skipped says why."},
        503: {"model": Problem, "description": "Too many briefs running; see Retry-After."},
    },
    summary="Brief articles without storing them",
)
def brief(request: Request, body: ArticlesIn) -> Response:
    """Articles in, their cross-checked brief out: the published JSON contract (as `newsweave schema` prints it)."""
    result = _state(request).briefer.brief([a.record() for a in body.articles])
    return Response(result.to_json(), media_type="application/json")
