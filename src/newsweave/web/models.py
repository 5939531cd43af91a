"""The REST API's request and response bodies (they are also its OpenAPI schema at /openapi.json).

Requests forbid unknown fields so that a typo ("txt" for "text") is a clear 422 instead of an article silently
briefed without its body. Responses mirror the store's records; a story's brief is the published JSON contract.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from newsweave.render.schema import Brief


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ArticleIn(_In):
    """One article: give ``text`` (plain, paragraphs separated by blank lines) or ``html``."""

    id: str | None = Field(None, max_length=300, description="Your id for it; by default a hash of its content.")
    title: str | None = Field(None, max_length=2_000)
    text: str | None = Field(None, description="The article's text.")
    html: str | None = Field(None, description="The article's HTML page or fragment, instead of text.")
    url: str | None = Field(
        None, max_length=4_000, description="Where it was published. Fetched only by servers started with URL fetching."
    )
    source: str | None = Field(None, max_length=500, description="The outlet.")
    published: str | None = Field(None, max_length=100, description="Date of publication, ISO 8601 preferred.")
    author: str | None = Field(None, max_length=500)

    @model_validator(mode="after")
    def _has_body(self) -> ArticleIn:
        if not (self.text or self.html or self.url):
            raise ValueError("an article needs text, html or (on servers that fetch URLs) a url")
        return self

    def record(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class ArticlesIn(_In):
    articles: list[ArticleIn] = Field(min_length=1, description="The articles, in any order.")


class Problem(BaseModel):
    detail: str = Field(description="What went wrong and what to do about it.")


class SkippedItem(BaseModel):
    path: str
    reason: str


class NothingBriefed(Problem):
    skipped: list[SkippedItem]


class StoryRowOut(_Out):
    id: str
    title: str
    article_ids: list[str]
    first_date: dt.date | None
    last_date: dt.date | None
    source_count: int
    article_count: int
    conflict_count: int | None = Field(description="None until the story's brief has been computed once.")
    single_source_count: int | None
    updated_at: dt.datetime


class StoryList(BaseModel):
    total: int = Field(description="Stories matching the filters, on all pages.")
    limit: int
    offset: int
    items: list[StoryRowOut]


class StoryDetail(BaseModel):
    id: str = Field(description="The story's current id (an old id of a merged story redirects here).")
    brief: Brief = Field(description="The story's brief: its articles and the story itself, the published contract.")


class RemovalOut(BaseModel):
    text: str
    reason: str


class EvidenceOut(_Out):
    article_sentence: str
    source_sentence: str
    similarity: float


class CopyOut(_Out):
    source: str
    kind: str
    score: float
    direction: str
    evidence: list[EvidenceOut]


class ArticleDetail(BaseModel):
    id: str
    title: str
    source: str | None
    url: str | None
    published: dt.date | None
    author: str | None
    language: str | None
    story_id: str | None
    text: str = Field(description="The clean body, paragraphs separated by a blank line.")
    paragraphs: list[str]
    removed: list[RemovalOut] = Field(description="What cleaning removed, each with its reason.")
    raw: str = Field(description="The text as read, one source line per line.")
    derived_from: list[CopyOut]
    copied_by: list[str]
    rewrite_checked: bool = Field(
        description="False while the article waits for the rewrite check: derived_from may still gain a source."
    )
    notes: list[str]


class EntityRowOut(_Out):
    id: str
    name: str
    kind: str
    story_count: int


class CoverageOut(_Out):
    """Entities are known only from stories whose brief has been computed: until every story is analysed, entity
    results are partial, and this says by how much."""

    stories: int = Field(description="Stories in the corpus.")
    unanalysed: int = Field(
        description="Of them, stories not analysed yet: their entities and quotes are not in these results."
    )


class EntityList(BaseModel):
    items: list[EntityRowOut]
    coverage: CoverageOut


class StoryRef(BaseModel):
    id: str
    title: str


class QuoteOut(_Out):
    speaker: str | None
    text: str
    story_id: str
    article_ids: list[str]
    direct: bool = Field(
        default=True, description="False for a statement reported without quotation marks ('X said that ...')."
    )


class EntityDetail(BaseModel):
    id: str
    name: str
    kind: str
    aliases: list[str]
    stories: list[StoryRef]
    quotes: list[QuoteOut]
    coverage: CoverageOut


class RepeatOut(_Out):
    input: str
    stored_id: str


class CopyNoteOut(_Out):
    article: str
    source: str
    score: float


class RenamedOut(_Out):
    given_id: str
    stored_id: str
    input: str


class IngestOut(_Out):
    added: list[str] = Field(description="Ids of the new articles.")
    duplicates: list[RepeatOut] = Field(description="Articles already stored: not stored again.")
    exact_duplicates: list[CopyNoteOut]
    near_duplicates: list[CopyNoteOut]
    rewrites: list[CopyNoteOut]
    skipped: list[SkippedItem]
    renamed: list[RenamedOut]
    stories_touched: list[str]
    merged: dict[str, str]
    split: dict[str, list[str]]
