"""Plain-text articles: one paragraph per line, the headline on the first line that is not page furniture."""

from __future__ import annotations

from pathlib import Path

from newsweave.clean import headline_index
from newsweave.config import Settings
from newsweave.ingest.base import BadInput, ReadResult
from newsweave.ingest.decode import read_text
from newsweave.ingest.outlet import source_from_filename, source_from_text
from newsweave.model import RawArticle


def read_txt(path: Path, settings: Settings) -> ReadResult:
    lines = tuple(line.strip() for line in read_text(path, settings).splitlines() if line.strip())
    if not lines:
        raise BadInput("the file holds no text")
    headline = headline_index(lines)
    article = RawArticle(
        id=path.stem,
        lines=lines,
        path=str(path),
        format="txt",
        title=lines[headline] if headline is not None else None,
        source=source_from_text(lines) or source_from_filename(path),
    )
    return [article], []
