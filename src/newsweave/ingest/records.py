"""Articles given as records (dicts): from JSON files, feeds, the Python API and the web API.

Field names differ from one export to the next, so each field is looked up under its common names,
case-insensitively (``text``/``body``/``content``, ``source``/``outlet``/``site_name``,
``published``/``date``/``pubDate`` ...).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from newsweave.clean.dates import parse_date_value
from newsweave.config import Settings
from newsweave.ingest.base import BadInput, skip
from newsweave.ingest.decode import check_size
from newsweave.ingest.html import fragment_lines, parse_html, split_lines
from newsweave.ingest.ids import content_id, make_unique
from newsweave.ingest.outlet import source_from_text, source_from_url
from newsweave.model import RawArticle, Skipped

ID_FIELDS = ("id", "article_id")
TITLE_FIELDS = ("title", "headline")
TEXT_FIELDS = ("text", "body", "content", "article", "articlebody", "maintext", "story")
HTML_FIELDS = ("html", "raw_html", "content_html", "body_html")
URL_FIELDS = ("url", "link", "uri", "canonical_url")
SOURCE_FIELDS = ("source", "outlet", "site_name", "sitename", "publisher", "source_name", "domain", "site")
DATE_FIELDS = ("published", "date", "pubdate", "published_at", "publishedat", "date_publish", "datepublished")
AUTHOR_FIELDS = ("author", "authors", "byline", "creator")

_TAG = re.compile(r"<(?:p|br|div|li|h[1-6])\b[^>]*>", re.IGNORECASE)
_FULL_PAGE = re.compile(r"<(?:html|body|head)\b", re.IGNORECASE)
_EPOCH_MS = 10**11  # larger numeric dates are milliseconds since the epoch

Format = Literal["txt", "html", "json", "record"]


def read_records(
    records: Iterable[Mapping[str, Any]], settings: Settings, origin: str = "<records>"
) -> tuple[list[RawArticle], list[Skipped]]:
    """Articles from dicts; a record that cannot be used is skipped as "origin[i]" with the reason."""
    articles: list[RawArticle] = []
    skipped: list[Skipped] = []
    for index, record in enumerate(records):
        where = f"{origin}[{index}]"
        try:
            articles.append(raw_from_record(record, settings, fmt="record"))
        except BadInput as err:
            skipped.append(skip(where, str(err)))
    return make_unique(articles), skipped


def raw_from_record(
    record: object,
    settings: Settings,
    *,
    fmt: Format,
    path: str | None = None,
    fallback_id: str | None = None,
) -> RawArticle:
    """One record as an article; its id: its own, else ``fallback_id`` (a file stem), else a content hash."""
    if not isinstance(record, Mapping):
        raise BadInput(f"expected an object with title and text fields, got {type(record).__name__}")
    fields = {str(k).casefold(): v for k, v in record.items()}
    title = _text_field(fields, TITLE_FIELDS)
    url = _text_field(fields, URL_FIELDS)
    page = _lines(fields, settings, url)
    if not page.lines:
        raise BadInput(f"no article text (looked for the fields {', '.join(TEXT_FIELDS + HTML_FIELDS)})")
    notes: list[str] = []
    published = _date(fields, notes) or page.published
    title = title or page.title
    return RawArticle(
        id=_text_field(fields, ID_FIELDS) or fallback_id or content_id(title, page.lines),
        lines=page.lines,
        path=path,
        format=fmt,
        title=title,
        source=_source(fields, page, url),
        url=url or page.url,
        published=published,
        author=_text_field(fields, AUTHOR_FIELDS) or page.author,
        notes=tuple(notes),
        extracted=page.extracted,
    )


def _source(fields: Mapping[str, Any], page: RawArticle, url: str | None) -> str | None:
    own = _text_field(fields, SOURCE_FIELDS)
    return own or page.source or source_from_url(url) or source_from_text(page.lines)


def _lines(fields: Mapping[str, Any], settings: Settings, url: str | None) -> RawArticle:
    """The record's text as lines, in an article that also carries what a full HTML page said about itself."""
    text = _text_field(fields, TEXT_FIELDS, join="\n\n")
    html = _text_field(fields, HTML_FIELDS)
    body = text or html or ""
    check_size(len(body.encode("utf-8")), settings, what="the record's text")
    if text and not _TAG.search(text):
        return RawArticle(id="", lines=split_lines(text))
    if html and _FULL_PAGE.search(html) and not text:
        page = parse_html(html, article_id="", url=url)
        if page.lines:
            return page
    return RawArticle(id="", lines=fragment_lines(body))


def _text_field(fields: Mapping[str, Any], names: tuple[str, ...], join: str = ", ") -> str | None:
    for name in names:
        value = _as_text(fields.get(name), join)
        if value:
            return value
    return None


def _as_text(value: object, join: str) -> str | None:
    """Strings as they are; a {"name": ...} object by its name; a list of either joined; numbers as digits."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, Mapping):
        return _as_text(value.get("name"), join)
    if isinstance(value, list | tuple):
        parts = [p for p in (_as_text(v, join) for v in value) if p]
        return join.join(parts) or None
    return None


def _date(fields: Mapping[str, Any], notes: list[str]) -> dt.date | None:
    for name in DATE_FIELDS:
        value = fields.get(name)
        if value in (None, ""):
            continue
        found = _as_date(value)
        if found is None:
            notes.append(f"could not read the publication date {value!r} (field {name!r})")
        return found
    return None


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value > _EPOCH_MS else value
        try:
            return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str):
        return parse_date_value(value)
    return None
