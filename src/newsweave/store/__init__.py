"""The corpus store: articles, copies and stories in a database that grows with every ingest.

``Store.open(url)`` connects (SQLite by default, PostgreSQL by URL) and migrates; ``ingest`` adds articles
incrementally and idempotently; ``analyse`` computes and caches the briefs of stories not briefed yet (which files
their entities); ``list_stories``/``story_brief``/``get_article``/``entity``/``coverage`` read; ``export`` dumps.
"""

from newsweave.store.errors import StoreError, StoreLockedError, StoreReadOnlyError, StoreUnavailableError
from newsweave.store.records import (
    AnalyseReport,
    ArticleRecord,
    CopyNote,
    CopyRecord,
    Coverage,
    EntityRecord,
    EntityRow,
    EvidencePair,
    FailedStory,
    IngestReport,
    QuoteRecord,
    Renamed,
    Repeat,
    RewriteReport,
    StoryRow,
)
from newsweave.store.store import Store, UnknownStoryError

__all__ = [
    "AnalyseReport",
    "ArticleRecord",
    "CopyNote",
    "CopyRecord",
    "Coverage",
    "EntityRecord",
    "EntityRow",
    "EvidencePair",
    "FailedStory",
    "IngestReport",
    "QuoteRecord",
    "Renamed",
    "Repeat",
    "RewriteReport",
    "Store",
    "StoreError",
    "StoreLockedError",
    "StoreReadOnlyError",
    "StoreUnavailableError",
    "StoryRow",
    "UnknownStoryError",
]
