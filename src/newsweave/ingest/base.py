"""What every reader shares: its signature, and the one exception it raises for bad input."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from newsweave.config import Settings
from newsweave.model import RawArticle, Skipped

#: Every skipped input is logged here as a warning, whichever stage skipped it; the command line lists skipped inputs
#: itself (or not at all with --quiet) and silences this logger, so that each is said once.
SKIP_LOG = logging.getLogger("newsweave.skipped")

ReadResult = tuple[list[RawArticle], list[Skipped]]
Reader = Callable[[Path, Settings], ReadResult]
#: What a brief or an ingest takes: a file or folder path, a record (dict), or an article already read.
Input = str | Path | Mapping[str, Any] | RawArticle


def split_inputs(
    inputs: Iterable[Input],
) -> tuple[list[RawArticle], list[str | Path], list[Mapping[str, Any]]]:
    """Already-read articles, paths and records (dicts), each in the order given: the order they are read in."""
    raws: list[RawArticle] = []
    paths: list[str | Path] = []
    records: list[Mapping[str, Any]] = []
    for item in inputs:
        if isinstance(item, RawArticle):
            raws.append(item)
        elif isinstance(item, Mapping):
            records.append(item)
        elif isinstance(item, str | Path):
            paths.append(item)
        else:
            raise TypeError(f"cannot read {type(item).__name__}: give paths, dicts or RawArticle records")
    return raws, paths, records


def skip(where: str | Path, reason: str) -> Skipped:
    """The record of an input that cannot be used, logged on :data:`SKIP_LOG`."""
    SKIP_LOG.warning("skipped %s: %s", where, reason)
    return Skipped(str(where), reason)


class BadInput(Exception):
    """Input newsweave cannot use; the message says what is wrong and what the user can do about it.

    A reader raises it for a whole file; the registry turns it into a :class:`~newsweave.model.Skipped`.
    Readers of files holding many articles return Skipped entries for single bad records and read on.
    """
