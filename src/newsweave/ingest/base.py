"""What every reader shares: its signature, and the one exception it raises for bad input."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from newsweave.config import Settings
from newsweave.model import RawArticle, Skipped

ReadResult = tuple[list[RawArticle], list[Skipped]]
Reader = Callable[[Path, Settings], ReadResult]


class BadInput(Exception):
    """Input newsweave cannot use; the message says what is wrong and what the user can do about it.

    A reader raises it for a whole file; the registry turns it into a :class:`~newsweave.model.Skipped`.
    Readers of files holding many articles return Skipped entries for single bad records and read on.
    """
