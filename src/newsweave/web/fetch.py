"""Fetching an article page by URL, for servers started with URL fetching enabled (it is off by default).

A server that fetches URLs for its clients can be turned against the network it sits in (SSRF), so every hop is
checked: http(s) only, at most a few redirects, a size cap, a timeout, and the address actually connected to must be
a public one. Checking the connected socket rather than a DNS answer given earlier also defeats DNS rebinding.
"""

from __future__ import annotations

import http.client
import ipaddress
import logging
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

log = logging.getLogger(__name__)

_MAX_REDIRECTS = 4
_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")
_USER_AGENT = "newsweave (+https://newsweave.dev; fetches one page on a user's request)"


class FetchError(ValueError):
    """The URL cannot or may not be fetched; the message says which and why."""


@dataclass(frozen=True)
class Page:
    url: str  # after redirects
    text: str
    html: bool


def fetch_page(url: str, *, timeout: float, max_bytes: int, allow_private: bool = False) -> Page:
    """The page at ``url``, following redirects; raises :class:`FetchError` for anything it will not do."""
    for _ in range(_MAX_REDIRECTS + 1):
        status, headers, body = _get(url, timeout, max_bytes, allow_private)
        if status in (301, 302, 303, 307, 308) and headers.get("location"):
            url = urljoin(url, headers["location"])
            continue
        if status != 200:
            raise FetchError(f"{url} answered HTTP {status}")
        kind = headers.get("content-type", "text/html").split(";")[0].strip().lower()
        if kind not in _TYPES:
            raise FetchError(f"{url} is {kind}, not a web page")
        return Page(url, _decode(body, headers.get("content-type", "")), kind != "text/plain")
    raise FetchError(f"{url} redirects more than {_MAX_REDIRECTS} times")


def _get(url: str, timeout: float, max_bytes: int, allow_private: bool) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"only http and https URLs can be fetched, not {url!r}")
    connection_type = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = connection_type(parts.hostname, parts.port, timeout=timeout)
    connection._create_connection = _guarded(allow_private)  # type: ignore[attr-defined]
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("GET", path, headers={"User-Agent": _USER_AGENT, "Accept": "text/html,*/*;q=0.5"})
        response = connection.getresponse()
        body = response.read(max_bytes + 1)
    except FetchError:
        raise
    except (OSError, http.client.HTTPException) as err:
        raise FetchError(f"could not fetch {url}: {err}") from err
    finally:
        connection.close()
    if len(body) > max_bytes:
        raise FetchError(f"{url} is larger than the limit of {max_bytes:,} bytes")
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def _guarded(allow_private: bool):
    def create_connection(address, timeout=None, source_address=None):
        sock = socket.create_connection(address, timeout, source_address)
        peer = ipaddress.ip_address(sock.getpeername()[0])
        if not allow_private and not peer.is_global:
            sock.close()
            raise FetchError(f"refused to fetch from {address[0]}: it resolves to a non-public address ({peer})")
        return sock

    return create_connection


def _decode(body: bytes, content_type: str) -> str:
    charset = next(
        (
            p.split("=", 1)[1].strip().strip('"')
            for p in content_type.split(";")
            if p.strip().lower().startswith("charset=")
        ),
        None,
    )
    if charset:
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            log.info("declared charset %s does not decode the page; guessing", charset)
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    return str(best) if best is not None else body.decode("utf-8", errors="replace")
