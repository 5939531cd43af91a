"""Briefing articles a client sends (JSON records, pasted text, uploaded files) without storing them.

The pipeline is only ever given dicts and the client's own uploaded files, written to a private temporary folder:
never a path or URL the client names, so a request cannot make the server read its own files. Briefs run one at a
time (they are CPU-bound on a small machine) and only a few may wait; more are refused with "busy" rather than
queued for minutes.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from newsweave.config import Settings
from newsweave.model import RawArticle, Skipped
from newsweave.render.schema import ArticleOut, Brief, SkippedOut
from newsweave.web.config import WebSettings
from newsweave.web.fetch import FetchError, fetch_page

log = logging.getLogger(__name__)

_SEPARATOR = re.compile(r"^[ \t]*-{3,}[ \t]*$", re.MULTILINE)
_HEADER = re.compile(r"^(source|outlet|date|published|url|author|by)\s*:\s*(.+)$", re.IGNORECASE)
_HEADER_FIELDS = {"outlet": "source", "date": "published", "by": "author"}
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_WAITING = 4  # briefs that may wait for the one running; more get 503


class BadInput(ValueError):
    """The client's articles cannot be briefed as sent (400)."""


class TooManyArticles(BadInput):
    """More articles than one request may brief (413)."""


class Busy(RuntimeError):
    """Too many briefs are already running or waiting (503)."""


class NothingToBrief(ValueError):
    """Every input was unusable; ``skipped`` says why for each (422)."""

    def __init__(self, skipped: Sequence[Skipped]) -> None:
        self.skipped = list(skipped)
        super().__init__("no article could be briefed")


@dataclass(frozen=True)
class Upload:
    filename: str
    file: BinaryIO


def parse_pasted(text: str) -> list[dict[str, Any]]:
    """Records from the paste box: JSON (object, list or one object a line), else articles split by ``---``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # browsers send a textarea with CRLF line ends
    stripped = text.strip()
    if not stripped:
        return []
    if stripped[0] in "[{":
        return _json_records(stripped)
    records = []
    for block in _SEPARATOR.split(text):
        lines = [line.rstrip() for line in block.strip().splitlines()]
        if not lines:
            continue
        record: dict[str, Any] = {"title": lines[0].strip()}
        body = 1
        while body < len(lines) and (header := _HEADER.match(lines[body].strip())):
            name = header.group(1).lower()
            record[_HEADER_FIELDS.get(name, name)] = header.group(2).strip()
            body += 1
        record["text"] = "\n".join(lines[body:]).strip()
        records.append(record)
    return records


def _json_records(text: str) -> list[dict[str, Any]]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as whole:
        try:
            value = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError:
            raise BadInput(
                f"the pasted text looks like JSON but is not valid: {whole.msg} at line {whole.lineno}, "
                f"column {whole.colno}"
            ) from None
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(item, dict) for item in items):
        raise BadInput("pasted JSON must be an object or a list of objects with title and text fields")
    return items


class Briefer:
    """Runs the pipeline for web clients, within the server's limits."""

    def __init__(self, web: WebSettings, allow_url_fetch: bool, settings: Settings | None = None) -> None:
        self.web = web
        self.allow_url_fetch = allow_url_fetch
        self.settings = settings or Settings(max_bytes=web.max_body_bytes)
        self._running = threading.Lock()
        self._slots = threading.BoundedSemaphore(_WAITING + 1)

    def brief(self, records: Sequence[Mapping[str, Any]], uploads: Sequence[Upload] = ()) -> Brief:
        """The brief of the records and uploaded files together; raises the errors above."""
        records = self._checked(records, len(uploads))
        with self._turn(), tempfile.TemporaryDirectory(prefix="newsweave-upload-") as folder:
            inputs: list[Any] = list(records)
            if uploads:
                inputs.insert(0, self._save(uploads, Path(folder)))
            try:
                brief = self._run(inputs)
            except NothingToBrief as err:
                raise NothingToBrief([Skipped(_strip(s.path, folder), s.reason) for s in err.skipped]) from None
            return _without_folder(brief, folder)

    def ingest(self, store: Any, records: Sequence[Mapping[str, Any]]) -> Any:
        """Adds the records to ``store`` (an ingest runs the same stages, so it takes its turn like a brief)."""
        records = self._checked(records, 0)
        with self._turn():
            return store.ingest(records, self.settings)

    def _checked(self, records: Sequence[Mapping[str, Any]], uploads: int) -> list[dict[str, Any]]:
        if len(records) + uploads > self.web.max_articles:
            raise TooManyArticles(self._too_many())
        if not records and not uploads:
            raise BadInput("no articles were given: paste some, upload files or send JSON records")
        return self.fetch_missing(records)

    @contextmanager
    def _turn(self) -> Iterator[None]:
        """Waits for the run in progress, unless too many already wait."""
        if not self._slots.acquire(blocking=False):
            raise Busy("the server is busy with other articles; try again in a minute")
        try:
            with self._running:
                yield
        finally:
            self._slots.release()

    def fetch_missing(self, records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Records that name only a URL get the page's HTML, when this server fetches URLs at all."""
        out = []
        for index, record in enumerate(records):
            record = dict(record)
            if record.get("url") and not any(record.get(k) for k in ("text", "html")):
                if not self.allow_url_fetch:
                    raise BadInput(
                        f"article {index} has a url but no text or html, and this server does not fetch URLs "
                        "(start it with --allow-url-fetch, or send the text)"
                    )
                try:
                    page = fetch_page(
                        str(record["url"]),
                        timeout=self.web.fetch_timeout_seconds,
                        max_bytes=self.web.fetch_max_bytes,
                    )
                except FetchError as err:
                    raise BadInput(f"article {index}: {err}") from None
                record["html" if page.html else "text"] = page.text
            out.append(record)
        return out

    def _too_many(self) -> str:
        return f"at most {self.web.max_articles} articles can be briefed in one request"

    def _save(self, uploads: Iterable[Upload], folder: Path) -> Path:
        """The uploads under safe, distinct names of their own (the extension tells the reader the format)."""
        used: set[str] = set()
        for number, upload in enumerate(uploads, start=1):
            name = _UNSAFE_NAME.sub("_", Path(upload.filename or "").name).strip("._")[-120:] or f"upload-{number}.txt"
            while name.casefold() in used:
                name = f"{number}-{name}"
            used.add(name.casefold())
            with open(folder / name, "wb") as handle:
                shutil.copyfileobj(upload.file, handle)
        return folder

    def _run(self, inputs: list[Any]) -> Brief:
        from newsweave.pipeline import NoArticlesError, brief, read_inputs

        raws: list[RawArticle]
        raws, skipped = read_inputs(inputs, self.settings)
        if len(raws) > self.web.max_articles:
            raise TooManyArticles(self._too_many())
        if not raws:
            raise NothingToBrief(skipped)
        try:
            result = brief(raws, self.settings)
        except NoArticlesError as err:
            raise NothingToBrief([*skipped, *err.skipped]) from None
        read_skipped = [SkippedOut(path=s.path, reason=s.reason) for s in skipped]
        return result.model_copy(update={"skipped": [*read_skipped, *result.skipped]})


def _strip(path: str, folder: str) -> str:
    """A path as the client named its file: the server's temporary folder is none of its business."""
    if path.rstrip("/") in (folder.rstrip("/"), str(Path(folder).resolve())):
        return "the uploaded files"
    for prefix in (str(Path(folder).resolve()) + "/", folder.rstrip("/") + "/"):
        path = path.replace(prefix, "")
    return path


def _without_folder(brief: Brief, folder: str) -> Brief:
    articles: list[ArticleOut] = [
        a.model_copy(update={"path": _strip(a.path, folder) if a.path else None}) for a in brief.articles
    ]
    skipped = [s.model_copy(update={"path": _strip(s.path, folder)}) for s in brief.skipped]
    return brief.model_copy(update={"articles": articles, "skipped": skipped})
