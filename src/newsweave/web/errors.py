"""Clear 4xx answers: JSON ``{"detail": ...}`` under /api, a short HTML page elsewhere.

Malformed JSON is a 400 that says where the JSON breaks (FastAPI would call it a 422 "validation" error); a body
that is valid JSON but not the expected shape is a 422 listing each problem as "where: what". Error messages never
echo the request body back.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from newsweave.store import (
    StoreError,
    StoreLockedError,
    StoreReadOnlyError,
    StoreUnavailableError,
    UnknownStoryError,
)
from newsweave.web.briefing import BadInput, Busy, NothingToBrief, TooManyArticles

log = logging.getLogger(__name__)


def install(app: FastAPI) -> None:
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(TooManyArticles, _status(413))
    app.add_exception_handler(BadInput, _status(400))
    app.add_exception_handler(Busy, _busy)
    app.add_exception_handler(NothingToBrief, _nothing)
    app.add_exception_handler(StoreError, _store_error)
    app.add_exception_handler(UnknownStoryError, _status(404))


def error_response(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None, **extra: Any
) -> Response:
    """The answer for one error, in the form the caller can read."""
    if request.url.path.startswith("/api") or request.url.path in ("/openapi.json",):
        return JSONResponse({"detail": message, **extra}, status_code=status, headers=headers)
    env = request.app.state.web.templates
    page = env.get_template("error.html").render(
        status=status, reason=_reason(status), message=message, **request.app.state.web.page_globals(None)
    )
    return HTMLResponse(page, status_code=status, headers=headers)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = exc.detail if isinstance(exc.detail, str) else _reason(exc.status_code)
    if exc.status_code == 404 and message == "Not Found":
        message = f"there is nothing at {request.url.path}"
    if exc.status_code == 405:
        message = f"{request.method} is not allowed on {request.url.path}"
    return error_response(request, exc.status_code, message, dict(exc.headers or {}))


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    broken = next((e for e in errors if e.get("type") == "json_invalid"), None)
    if broken is not None:
        where = broken.get("ctx", {}).get("error", "")
        return error_response(request, 400, f"the request body is not valid JSON ({where})".replace(" ()", ""))
    problems = [f"{_where(e.get('loc', ()))}: {e.get('msg', 'invalid')}" for e in errors]
    return error_response(request, 422, "; ".join(problems) or "the request is not valid", problems=problems)


def _where(location: Any) -> str:
    parts = [str(p) for p in location if p not in ("body",)] or ["body"]
    return ".".join(parts)


def _status(status: int):
    async def handler(request: Request, exc: Exception) -> Response:
        return error_response(request, status, str(exc))

    return handler


async def _busy(request: Request, exc: Exception) -> Response:
    return error_response(request, 503, str(exc), {"Retry-After": "30"})


async def _nothing(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, NothingToBrief)
    skipped = [{"path": s.path, "reason": s.reason} for s in exc.skipped]
    if not request.url.path.startswith("/api"):
        reasons = "; ".join(f"{s['path']}: {s['reason']}" for s in skipped[:10])
        return error_response(request, 422, f"no article could be briefed ({reasons or 'nothing was given'})")
    return error_response(
        request, 422, "no article could be briefed; each input's reason is in skipped", skipped=skipped
    )


async def _store_error(request: Request, exc: Exception) -> Response:
    log.warning("store error on %s: %s", request.url.path, exc)
    if isinstance(exc, StoreReadOnlyError):
        return error_response(request, 403, str(exc))
    if isinstance(exc, StoreLockedError | StoreUnavailableError):
        return error_response(request, 503, str(exc), {"Retry-After": "10"})
    return error_response(request, 500, str(exc))
