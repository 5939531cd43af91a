"""The guards every request passes: security headers, a body size limit and per-client rate limits.

They are plain ASGI middleware rather than FastAPI dependencies so that they also cover static files, the OpenAPI
document and requests that never reach a route (a 404, a body too large to read). Articles are untrusted input:
the Content-Security-Policy allows only the server's own script and style files, so even an escaping bug could not
run a script that came with an article.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
)
# Requests that run the whole pipeline: seconds of CPU each, so they get their own, much smaller budget.
HEAVY_ROUTES = frozenset({("POST", "/api/brief"), ("POST", "/api/articles"), ("POST", "/brief")})
_MAX_CLIENTS = 10_000  # buckets kept before idle ones are dropped, so a scan from many addresses cannot grow memory


async def send_error(scope: Scope, send: Send, status: int, message: str, headers: tuple = ()) -> None:
    """A short error answer from middleware: JSON for the API, plain text elsewhere (it never echoes input)."""
    if scope.get("path", "").startswith("/api"):
        body, kind = json.dumps({"detail": message}).encode(), b"application/json"
    else:
        body, kind = f"{status} {message}\n".encode(), b"text/plain; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode()), *headers],
        }
    )
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Adds the CSP and friends to every response, whatever produced it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in SECURITY_HEADERS if name not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)


class _BodyTooLarge(Exception):
    pass


class BodyLimit:
    """Refuses bodies over ``max_bytes`` with 413: from Content-Length at once, else while the body streams in."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await send_error(scope, send, 400, "the Content-Length header is not a number")
                return
            if int(declared) > self.max_bytes:
                await send_error(scope, send, 413, self._message())
                return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _BodyTooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _BodyTooLarge:
            if started:
                raise
            await send_error(scope, send, 413, self._message())

    def _message(self) -> str:
        return f"the request body is larger than the limit of {self.max_bytes:,} bytes"


@dataclass
class _Bucket:
    tokens: float
    stamp: float


@dataclass
class TokenBuckets:
    """One token bucket per client: ``burst`` requests at once, then ``per_minute`` spread over each minute."""

    per_minute: int
    burst: int
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[str, _Bucket] = field(default_factory=dict)

    def take(self, client: str) -> float:
        """0 when the request may go ahead, else the seconds until it may."""
        now = self.clock()
        rate = self.per_minute / 60.0
        bucket = self._buckets.get(client)
        if bucket is None:
            if len(self._buckets) >= _MAX_CLIENTS:
                self._forget_idle(now, rate)
            bucket = self._buckets[client] = _Bucket(float(self.burst), now)
        bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.stamp) * rate)
        bucket.stamp = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / rate

    def _forget_idle(self, now: float, rate: float) -> None:
        """Drops clients whose bucket has refilled: forgetting them changes nothing."""
        for client, bucket in list(self._buckets.items()):
            if bucket.tokens + (now - bucket.stamp) * rate >= self.burst:
                del self._buckets[client]
        if len(self._buckets) >= _MAX_CLIENTS:
            self._buckets.clear()


class RateLimit:
    """429 with Retry-After once a client (by its socket address: no proxy header is trusted) runs out of budget."""

    def __init__(self, app: ASGIApp, general: TokenBuckets | None, heavy: TokenBuckets | None) -> None:
        self.app = app
        self.general = general
        self.heavy = heavy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        buckets = [self.general]
        if (scope.get("method", ""), scope.get("path", "").rstrip("/") or "/") in HEAVY_ROUTES:
            buckets.append(self.heavy)
        for bucket in buckets:
            wait = bucket.take(client) if bucket else 0.0
            if wait:
                log.info("rate limit: %s waits %.1f s for %s", client, wait, scope.get("path"))
                retry = str(max(1, math.ceil(wait))).encode()
                await send_error(
                    scope, send, 429, "too many requests from this address; retry later", ((b"retry-after", retry),)
                )
                return
        await self.app(scope, receive, send)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1").strip()
    return None
