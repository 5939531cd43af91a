"""RSS and Atom feeds (.rss, .atom, .xml): each entry is an article.

feedparser reads the feed's own declared encoding, so feeds skip the UTF-8 rule of plain files. Entries carry
only what the feed gives (often a summary); those too short to be stories are dropped later by cleaning's word
minimum.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import feedparser

from newsweave.config import Settings
from newsweave.ingest.base import BadInput, ReadResult, skip
from newsweave.ingest.decode import check_not_binary, read_bytes
from newsweave.ingest.outlet import source_from_url
from newsweave.ingest.records import raw_from_record
from newsweave.model import RawArticle, Skipped


def read_feed(path: Path, settings: Settings) -> ReadResult:
    data = read_bytes(path, settings)
    check_not_binary(data)
    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.get("bozo"):
            raise BadInput(f"not a readable RSS/Atom feed: {parsed.get('bozo_exception')}")
        raise BadInput("the feed has no entries (or the file is XML but not an RSS/Atom feed)")
    site = source_from_url(parsed.feed.get("link"))
    articles: list[RawArticle] = []
    skipped: list[Skipped] = []
    for number, entry in enumerate(parsed.entries, start=1):
        try:
            articles.append(raw_from_record(_record(entry, site), settings, fmt="feed", path=str(path)))
        except BadInput as err:
            skipped.append(skip(f"{path}#entry-{number}", str(err)))
    return articles, skipped


def _record(entry: Any, site: str | None) -> dict[str, Any]:
    """The entry in the field names records use."""
    content = entry.get("content")
    html = content[0].get("value", "") if content else entry.get("summary", "")
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    source = entry.get("source", {}).get("title") or source_from_url(entry.get("link")) or site
    return {
        "title": entry.get("title"),
        "html": html,
        "url": entry.get("link"),
        "source": source,
        "published": dt.date(*stamp[:3]) if stamp else None,
        "author": entry.get("author"),
    }
