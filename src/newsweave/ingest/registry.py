"""Which reader handles which file, by the file name's ending. A new format is a new reader and a row here."""

from __future__ import annotations

from pathlib import Path

from newsweave.config import Settings
from newsweave.ingest.base import BadInput, Reader, ReadResult, skip
from newsweave.ingest.feed import read_feed
from newsweave.ingest.html import read_html
from newsweave.ingest.jsonl import read_json, read_jsonl
from newsweave.ingest.text import read_txt
from newsweave.ingest.warc import read_warc

READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".html": read_html,
    ".htm": read_html,
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".rss": read_feed,
    ".atom": read_feed,
    ".xml": read_feed,
    ".warc": read_warc,
    ".warc.gz": read_warc,
}
EXTENSIONS = tuple(READERS)


def reader_for(path: Path) -> Reader | None:
    """The reader for a file name's longest known ending (".warc.gz" before ".gz"), or None."""
    name = path.name.lower()
    for ending in sorted(READERS, key=len, reverse=True):
        if name.endswith(ending):
            return READERS[ending]
    return None


def read_file(path: Path, settings: Settings) -> ReadResult:
    """Read one file; bad input of any kind comes back as Skipped entries, never as an exception."""
    reader = reader_for(path)
    if reader is None:
        kind = path.suffix or "(no extension)"
        reason = f"unknown file type {kind!r}: newsweave reads {', '.join(EXTENSIONS)}"
        return [], [skip(path, reason)]
    try:
        return reader(path, settings)
    except BadInput as err:
        return [], [skip(path, str(err))]
