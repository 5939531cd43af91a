"""Reading files and folders given on the command line or to :func:`newsweave.brief`.

Folders are read recursively in sorted order (hidden files and folders are left out), so the same folder
always gives the same articles with the same ids in the same order.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from newsweave.config import Settings
from newsweave.ingest.base import skip
from newsweave.ingest.ids import make_unique
from newsweave.ingest.registry import EXTENSIONS, read_file, reader_for
from newsweave.model import RawArticle, Skipped

log = logging.getLogger(__name__)


def read_paths(paths: Sequence[str | Path], settings: Settings) -> tuple[list[RawArticle], list[Skipped]]:
    """Every article in the given files and folders, and a Skipped entry for everything that could not be used.

    A file named twice (directly and inside a named folder) is read once; ids are unique across the whole call.
    """
    skipped: list[Skipped] = []
    articles, bad = read_files(expand_paths(paths, skipped), settings)
    return make_unique(articles), [*skipped, *bad]


def read_files(files: Iterable[Path], settings: Settings) -> tuple[list[RawArticle], list[Skipped]]:
    """The articles of these files, in order, ids as each file gives them (unique only within a file)."""
    articles: list[RawArticle] = []
    skipped: list[Skipped] = []
    for path in files:
        found, bad = read_file(path, settings)
        articles.extend(found)
        skipped.extend(bad)
    return articles, skipped


def expand_paths(paths: Iterable[str | Path], skipped: list[Skipped]) -> list[Path]:
    """The files to read for the given files and folders, in the order given, each file once (by its real path).

    Shared by ``newsweave brief`` and the corpus store's ingest, so that one folder gives the same articles with the
    same ids either way. An unusable path adds a Skipped entry to ``skipped`` instead.
    """
    files: list[Path] = []
    seen: set[Path] = set()
    for given in paths:
        for path in _expand(Path(given).expanduser(), skipped):
            real = Path(os.path.realpath(path))
            if real not in seen:
                seen.add(real)
                files.append(path)
    return files


def _expand(path: Path, skipped: list[Skipped]) -> list[Path]:
    """The files to read for one given path; an unusable path adds a Skipped entry instead."""
    if path.is_dir():
        files = _folder_files(path, skipped)
        if not files:
            skipped.append(skip(path, f"no articles found (looked for {', '.join(EXTENSIONS)})"))
        return files
    if path.is_file():
        return [path]
    skipped.append(skip(path, "not a regular file" if path.exists() else "no such file or folder"))
    return []


def _folder_files(folder: Path, skipped: list[Skipped]) -> list[Path]:
    files: list[Path] = []
    ignored: list[str] = []

    def unreadable(err: OSError) -> None:
        skipped.append(skip(Path(err.filename or folder), "cannot list the folder (permission denied?)"))

    for root, dirs, names in os.walk(folder, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.startswith("."):
                continue
            path = Path(root, name)
            if not path.is_file():
                continue
            if reader_for(path) is None:
                ignored.append(str(path))
            else:
                files.append(path)
    if ignored:
        log.debug("ignored %d files of unknown type under %s: %s", len(ignored), folder, ignored)
    return sorted(files, key=lambda path: path.relative_to(folder).parts)
