"""What the store hands out: plain, frozen records the CLI, the web UI and tests read (never ORM rows)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from newsweave.model import Skipped


@dataclass(frozen=True)
class StoryRow:
    """One story as a list shows it; the two counts are None until the story's brief has been computed once."""

    id: str
    title: str
    article_ids: tuple[str, ...]
    first_date: dt.date | None
    last_date: dt.date | None
    source_count: int
    article_count: int
    conflict_count: int | None
    single_source_count: int | None
    updated_at: dt.datetime


@dataclass(frozen=True)
class EvidencePair:
    """Two sentences judged to say the same thing: one of the derived article, one of its source."""

    article_sentence: str
    source_sentence: str
    similarity: float


@dataclass(frozen=True)
class CopyRecord:
    """The article is likely derived from ``source``; ``direction`` says why this way round."""

    source: str
    kind: str  # duplicate, near-duplicate or rewrite
    score: float
    direction: str
    evidence: tuple[EvidencePair, ...] = ()


@dataclass(frozen=True)
class ArticleRecord:
    """A stored article: what was read, what cleaning kept and removed, and what the corpus says about it."""

    id: str
    title: str
    source: str | None
    url: str | None
    published: dt.date | None
    author: str | None
    raw: str  # the text as read, one source line per line
    text: str  # the clean body (paragraphs separated by a blank line)
    paragraphs: tuple[str, ...]
    removed: tuple[tuple[str, str], ...]  # (text, reason)
    story_id: str | None
    derived_from: tuple[CopyRecord, ...]
    language: str | None
    notes: tuple[str, ...]
    path: str | None = None
    copied_by: tuple[str, ...] = ()  # ids of stored articles derived from this one
    added_at: dt.datetime | None = None
    rewrite_checked: bool = True  # False while it waits for the rewrite check (``ingest --defer-rewrites``)


@dataclass(frozen=True)
class EntityRow:
    id: str
    name: str
    kind: str
    story_count: int


@dataclass(frozen=True)
class QuoteRecord:
    speaker: str | None
    text: str
    story_id: str
    article_ids: tuple[str, ...]
    direct: bool = True  # False: a statement reported without quotation marks


@dataclass(frozen=True)
class EntityRecord:
    """An entity as the computed briefs know it: every spelling, every story, every quote of it."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    stories: tuple[tuple[str, str], ...]  # (story id, title)
    quotes: tuple[QuoteRecord, ...]


@dataclass(frozen=True)
class Repeat:
    """An input that is an article already in the store (same title, text and metadata): not stored again."""

    input: str  # where it was read from (path, path:line, path#id or the record's id)
    stored_id: str


@dataclass(frozen=True)
class Renamed:
    """An article whose id was already taken by a different article: kept under a new id."""

    given_id: str
    stored_id: str
    input: str


@dataclass(frozen=True)
class CopyNote:
    """A copy relation found while ingesting: ``article`` derived from ``source``."""

    article: str
    source: str
    score: float


@dataclass
class IngestReport:
    """What one ``Store.ingest`` call did. Lists are in input order."""

    added: list[str] = field(default_factory=list)  # ids of the new articles
    duplicates: list[Repeat] = field(default_factory=list)  # the same article again
    exact_duplicates: list[CopyNote] = field(default_factory=list)  # new articles whose text another already has
    near_duplicates: list[CopyNote] = field(default_factory=list)
    rewrites: list[CopyNote] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    renamed: list[Renamed] = field(default_factory=list)
    stories_touched: list[str] = field(default_factory=list)  # live ids of every story that gained or lost articles
    merged: dict[str, str] = field(default_factory=dict)  # story id -> the story it was merged into
    split: dict[str, list[str]] = field(default_factory=dict)  # story id -> the new stories split off it
    rewrites_pending: int = 0  # stored articles still waiting for the rewrite check (``--defer-rewrites``)


@dataclass
class RewriteReport:
    """What one rewrite pass did; ``pending`` articles are left for the next one (its ``limit`` was reached)."""

    checked: int = 0
    rewrites: list[CopyNote] = field(default_factory=list)
    near_duplicates: list[CopyNote] = field(default_factory=list)  # candidates that turned out mostly verbatim
    stories_touched: set[str] = field(default_factory=set)
    pending: int = 0


@dataclass(frozen=True)
class Coverage:
    """How much of the corpus the entity index covers: entities are filed only from computed briefs, so a reader
    of an entity page must know how many stories it cannot speak for yet."""

    stories: int  # live stories
    unanalysed: int  # of them, those without an up-to-date brief


@dataclass(frozen=True)
class FailedStory:
    """A story whose brief could not be computed; the others are analysed all the same."""

    story_id: str
    reason: str


@dataclass
class AnalyseReport:
    """What one ``Store.analyse`` call did, in the order it did it (newest story first)."""

    analysed: list[str] = field(default_factory=list)  # stories whose brief was computed and cached
    failed: list[FailedStory] = field(default_factory=list)
    up_to_date: int = 0  # stories asked about whose brief was already current: nothing to do
