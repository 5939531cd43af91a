"""The HTML pages: the stories list, a story, an article, an entity, "brief these" and the API reference.

Every page is rendered on the server from the store's records; story, article and entity pages are cached (see
:mod:`newsweave.web.cache`). Query parameters of pages are read leniently (an empty date field means no filter), but
an id that names nothing is a 404 page.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from newsweave.render.markdown import render_markdown
from newsweave.render.schema import ArticleOut, Brief
from newsweave.render.view import BriefView, word_count
from newsweave.web.api import corpus
from newsweave.web.briefing import BadInput, Busy, NothingToBrief, TooManyArticles, Upload, parse_pasted
from newsweave.web.views import (
    InPageLinks,
    StoreLinks,
    StoryPage,
    article_paragraphs,
    missing_entity,
    unanalysed_note,
)

log = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)

_DOWNLOADS = {
    "json": ("application/json", "json"),
    "html": ("text/html; charset=utf-8", "html"),
    "md": ("text/markdown; charset=utf-8", "md"),
}


def _state(request: Request):
    return request.app.state.web


def _render(request: Request, template: str, nav: str | None = None, status: int = 200, **context: Any) -> HTMLResponse:
    state = _state(request)
    page = state.templates.get_template(template).render(**state.page_globals(nav), **context)
    return HTMLResponse(page, status_code=status)


def story_href(story_id: str) -> str:
    return f"/stories/{quote(story_id, safe='')}"


def article_href(article_id: str) -> str:
    return f"/articles/{quote(article_id, safe='')}"


@router.get("/", response_class=HTMLResponse)
def stories(request: Request) -> Response:
    if _state(request).store is None:  # a server without a corpus only briefs
        return RedirectResponse("/brief", status_code=303)
    store = corpus(request)
    params = request.query_params
    form = {
        "q": params.get("q", "").strip()[:200],
        "since": _date(params.get("since")),
        "until": _date(params.get("until")),
        "outlet": params.get("outlet", "").strip()[:200],
        "min_sources": _int(params.get("min_sources"), 1, 1, 10_000),
    }
    page = _int(params.get("page"), 1, 1, 100_000)
    size = _state(request).settings.page_size
    filters = {
        "query": form["q"] or None,
        "since": form["since"],
        "until": form["until"],
        "outlet": form["outlet"] or None,
        "min_sources": form["min_sources"],
    }
    rows = store.list_stories(**filters, limit=size, offset=(page - 1) * size)
    total = store.count_stories(**filters)
    shown = {k: v for k, v in form.items() if v not in ("", None, 1)}

    def page_href(number: int) -> str:
        return "/?" + urlencode({**{k: str(v) for k, v in shown.items()}, "page": number})

    return _render(
        request,
        "stories.html",
        "stories",
        rows=rows,
        total=total,
        form={k: ("" if v is None else v) for k, v in form.items()},
        filtered=bool(shown),
        first_shown=(page - 1) * size + 1,
        last_shown=(page - 1) * size + len(rows),
        previous_href=page_href(page - 1) if page > 1 else None,
        next_href=page_href(page + 1) if page * size < total else None,
        story_href=story_href,
        dates=_dates,
    )


@router.get("/stories/{story_id:path}", response_class=HTMLResponse)
def story(request: Request, story_id: str) -> Response:
    state = _state(request)
    store = corpus(request)
    live = store.resolve_story_id(story_id)
    if live is None:
        raise HTTPException(404, f"no story with id {story_id!r}")
    if live != story_id:
        return RedirectResponse(story_href(live), status_code=301)
    cached = state.cache.get(("story", live))
    if cached is None:
        brief = store.story_brief(live)
        chosen = next((s for s in brief.stories if s.id == live), brief.stories[0] if brief.stories else None)
        if chosen is None:
            raise HTTPException(404, f"story {story_id!r} has no articles left")
        page = StoryPage(brief, chosen, StoreLinks())
        cached = state.templates.get_template("story.html").render(
            **state.page_globals("stories"), page=page, story_id=live
        )
        state.cache.put(("story", live), cached)
    return HTMLResponse(cached)


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article(request: Request, article_id: str) -> HTMLResponse:
    state = _state(request)
    highlight = _span(request.query_params.get("hl"))
    key = ("article", article_id, highlight)
    cached = state.cache.get(key)
    if cached is None:
        record = corpus(request).get_article(article_id)
        if record is None:
            raise HTTPException(404, f"no article with id {article_id!r}")
        cached = state.templates.get_template("article.html").render(
            **state.page_globals("stories"),
            article=record,
            paragraphs=article_paragraphs(record.id, record.text, record.language, highlight),
            words=word_count(record.text),
            story_href=story_href(record.story_id) if record.story_id else None,
            derived_from=[(c.source, c.kind, article_href(c.source)) for c in record.derived_from],
            copied_by=[(i, article_href(i)) for i in record.copied_by],
        )
        state.cache.put(key, cached)
    return HTMLResponse(cached)


@router.get("/entities/{entity_id:path}", response_class=HTMLResponse)
def entity(request: Request, entity_id: str) -> HTMLResponse:
    state = _state(request)
    cached = state.cache.get(("entity", entity_id))
    if cached is None:
        store = corpus(request)
        coverage = store.coverage()
        record = store.entity(entity_id)
        if record is None:
            raise HTTPException(404, missing_entity(entity_id, coverage))
        cached = state.templates.get_template("entity.html").render(
            **state.page_globals("stories"),
            entity=record,
            story_titles=dict(record.stories),
            story_href=story_href,
            article_href=article_href,
            unanalysed=unanalysed_note(coverage),
            analysing=state.analyser is not None,
        )
        if not coverage.unanalysed:  # a partial page is not kept: the stories analysed next would not show on it
            state.cache.put(("entity", entity_id), cached)
    return HTMLResponse(cached)


@router.get("/brief", response_class=HTMLResponse)
def brief_form(request: Request) -> HTMLResponse:
    return _form(request)


def _form(
    request: Request, status: int = 200, error: str | None = None, text: str = "", urls: str = ""
) -> HTMLResponse:
    web = _state(request).settings
    return _render(
        request,
        "brief.html",
        "brief",
        status=status,
        error=error,
        text=text,
        urls=urls,
        max_articles=web.max_articles,
        max_mb=round(web.max_body_bytes / 1024 / 1024, 1),
    )


@router.post("/brief", response_class=HTMLResponse)
async def brief_submit(request: Request) -> Response:
    state = _state(request)
    web = state.settings
    try:
        form = await request.form(max_files=web.max_articles, max_fields=20, max_part_size=web.max_body_bytes)
    except HTTPException as err:  # starlette's own limits: too many files or fields, a part too large
        return _form(request, 413 if "large" in str(err.detail).lower() else 400, str(err.detail))
    text = str(form.get("text") or "")
    urls = str(form.get("urls") or "") if state.allow_url_fetch else ""
    fmt = str(form.get("format") or "page")
    uploads = [
        Upload(f.filename or "", f.file) for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename
    ]
    try:
        records = parse_pasted(text) + [{"url": u.strip()} for u in urls.splitlines() if u.strip()]
        result = await run_in_threadpool(state.briefer.brief, records, uploads)
    except TooManyArticles as err:
        return _form(request, 413, str(err), text, urls)
    except BadInput as err:
        return _form(request, 400, str(err), text, urls)
    except NothingToBrief as err:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in err.skipped[:10])
        return _form(request, 422, f"No article could be briefed ({reasons or 'nothing was given'}).", text, urls)
    except Busy as err:
        return _form(request, 503, str(err), text, urls)
    finally:
        await form.close()
    if fmt in _DOWNLOADS:
        return _download(result, fmt)
    return _render(
        request,
        "brief_result.html",
        "brief",
        brief=result,
        view=BriefView(result),
        pages=[StoryPage(result, story, InPageLinks()) for story in result.stories],
        article_text=lambda a: article_paragraphs(a.id, a.text, a.language),
        removals=_removals,
    )


def _download(brief: Brief, fmt: str) -> Response:
    kind, extension = _DOWNLOADS[fmt]
    body = {"json": brief.to_json, "html": brief.to_html, "md": lambda: render_markdown(brief)}[fmt]()
    headers = {"Content-Disposition": f'attachment; filename="newsweave-brief.{extension}"'}
    return Response(body, media_type=kind, headers=headers)


def _removals(article: ArticleOut) -> list[tuple[str, str]]:
    return [(r.text, r.reason) for r in article.removed]


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """The OpenAPI document as a page: no CDN, no script."""
    spec = request.app.openapi()
    endpoints = []
    for path, methods in spec.get("paths", {}).items():
        for method, operation in methods.items():
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": operation.get("parameters", []),
                    "body": _schema_name(operation.get("requestBody", {})),
                    "responses": {
                        code: (answer.get("description", ""), _schema_name(answer))
                        for code, answer in operation.get("responses", {}).items()
                    },
                }
            )
    return _render(request, "docs.html", "docs", spec=spec, endpoints=endpoints, schema_type=_schema_type)


def _schema_type(schema: dict) -> str:
    """ "string (date) | null" from a parameter's JSON Schema."""
    options = schema.get("anyOf") or [schema]
    names = []
    for option in options:
        name = option.get("type", "any")
        names.append(f"{name} ({option['format']})" if option.get("format") else name)
    return " | ".join(names)


def _schema_name(part: dict) -> str | None:
    schema = part.get("content", {}).get("application/json", {}).get("schema", {})
    ref = schema.get("$ref") or schema.get("items", {}).get("$ref")
    return ref.rsplit("/", 1)[-1] if ref else None


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip()) if value and value.strip() else None
    except ValueError:
        return None


def _int(value: str | None, default: int, low: int, high: int) -> int:
    try:
        return min(high, max(low, int(value))) if value else default
    except ValueError:
        return default


def _span(value: str | None) -> tuple[int, int] | None:
    """``?hl=4`` or ``?hl=4-6``: the sentences a citation points at."""
    if not value:
        return None
    first, _, last = value.partition("-")
    try:
        low, high = int(first), int(last or first)
    except ValueError:
        return None
    return (low, high) if 0 <= low <= high < 100_000 else None


def _dates(first: dt.date | None, last: dt.date | None) -> str:
    if first is None and last is None:
        return "undated"
    if first == last or last is None:
        return str(first)
    if first is None:
        return str(last)
    return f"{first} – {last}"
