"""The inputs of one ingest, read one file at a time so that a corpus of any size streams through in batches.

Folders are walked by ``newsweave brief``'s own walk (:func:`newsweave.ingest.paths.expand_paths`: sorted, hidden
entries left out, only known file types), so the same folder gives the same articles with the same ids whether it is
briefed or ingested.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsweave.config import Settings
from newsweave.ingest import read_records
from newsweave.ingest.base import Input, split_inputs
from newsweave.ingest.paths import expand_paths
from newsweave.ingest.registry import read_file
from newsweave.model import RawArticle, Skipped


@dataclass(frozen=True)
class Chunk:
    """What one input unit (a file, or all the records given directly) yielded."""

    name: str
    articles: list[RawArticle]
    skipped: list[Skipped]


def plan(inputs: Iterable[Input]) -> tuple[list[Path], list[Mapping[str, Any]], list[RawArticle], list[Skipped]]:
    """Split the inputs into files to read (folders expanded, each file once), records and already-read articles."""
    raws, paths, records = split_inputs(inputs)
    skipped: list[Skipped] = []
    files = expand_paths(paths, skipped)
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

