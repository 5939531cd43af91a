"""The corpus store: articles, copies and stories in a database that grows with every ingest.

``Store.open(url)`` connects (SQLite by default, PostgreSQL by URL) and migrates; ``ingest`` adds articles
incrementally and idempotently; ``list_stories``/``story_brief``/``get_article``/``entity`` read; ``export`` dumps.
"""

from newsweave.store.errors import StoreError, StoreLockedError, StoreReadOnlyError, StoreUnavailableError
from newsweave.store.records import (
    ArticleRecord,
    CopyNote,
    CopyRecord,
    EntityRecord,
    EntityRow,
    EvidencePair,
    IngestReport,
    QuoteRecord,
    Renamed,
    Repeat,
    StoryRow,
)
from newsweave.store.store import Store, UnknownStoryError

__all__ = [
    "ArticleRecord",
    "CopyNote",
    "CopyRecord",
    "EntityRecord",
    "EntityRow",
    "EvidencePair",
    "IngestReport",
    "QuoteRecord",
    "Renamed",
    "Repeat",
    "Store",
    "StoreError",
    "StoreLockedError",
    "StoreReadOnlyError",
    "StoreUnavailableError",
    "StoryRow",
    "UnknownStoryError",
]
