"""The inputs of one ingest, read one file at a time so that a corpus of any size streams through in batches.

Folders are walked exactly as ``newsweave brief`` walks them (sorted, hidden entries left out, only known file types),
so the same folder gives the same articles with the same ids whether it is briefed or ingested.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsweave.config import Settings
from newsweave.ingest import EXTENSIONS, read_records
from newsweave.ingest.registry import read_file, reader_for
from newsweave.model import RawArticle, Skipped

log = logging.getLogger(__name__)

Input = str | Path | Mapping[str, Any] | RawArticle


@dataclass(frozen=True)
class Chunk:
    """What one input unit (a file, or all the records given directly) yielded."""

    name: str
    articles: list[RawArticle]
    skipped: list[Skipped]


def plan(inputs: Iterable[Input]) -> tuple[list[Path], list[Mapping[str, Any]], list[RawArticle], list[Skipped]]:
    """Split the inputs into files to read (folders expanded), records and already-read articles."""
    files: list[Path] = []
    records: list[Mapping[str, Any]] = []
    raws: list[RawArticle] = []
    skipped: list[Skipped] = []
    seen: set[Path] = set()
    for item in inputs:
        if isinstance(item, RawArticle):
            raws.append(item)
        elif isinstance(item, Mapping):
            records.append(item)
        elif isinstance(item, str | Path):
            for path in _expand(Path(item).expanduser(), skipped):
                real = Path(os.path.realpath(path))
                if real not in seen:
                    seen.add(real)
                    files.append(path)
        else:
            raise TypeError(f"cannot ingest {type(item).__name__}: give paths, dicts or RawArticle records")
    return files, records, raws, skipped


def chunks(
    files: list[Path], records: list[Mapping[str, Any]], raws: list[RawArticle], settings: Settings
) -> Iterator[Chunk]:
    """Read lazily: one chunk per file, then one for the records, then one for the given articles."""
    for path in files:
        found, bad = read_file(path, settings)
        yield Chunk(str(path), found, bad)
    if records:
        found, bad = read_records(records, settings)
        yield Chunk("<records>", found, bad)
    if raws:
        yield Chunk("<articles>", list(raws), [])


def where(raw: RawArticle) -> str:
    """The input an article came from, as messages name it: a one-article file by its path, else path#id or id."""
    if raw.path is None:
        return raw.id
    return raw.path if Path(raw.path).stem == raw.id else f"{raw.path}#{raw.id}"


def _expand(path: Path, skipped: list[Skipped]) -> list[Path]:
    if path.is_dir():
        files = _walk(path, skipped)
        if not files:
            _skip(skipped, path, f"no articles found (looked for {', '.join(EXTENSIONS)})")
        return files
    if path.is_file():
        return [path]
    _skip(skipped, path, "not a regular file" if path.exists() else "no such file or folder")
    return []


def _walk(folder: Path, skipped: list[Skipped]) -> list[Path]:
    files: list[Path] = []

    def unreadable(err: OSError) -> None:
        _skip(skipped, Path(err.filename or folder), "cannot list the folder (permission denied?)")

    for root, dirs, names in os.walk(folder, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            path = Path(root, name)
            if not name.startswith(".") and path.is_file() and reader_for(path) is not None:
                files.append(path)
    return sorted(files, key=lambda p: p.relative_to(folder).parts)


def _skip(skipped: list[Skipped], path: Path, reason: str) -> None:
    log.warning("skipped %s: %s", path, reason)
    skipped.append(Skipped(str(path), reason))
