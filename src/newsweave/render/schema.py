"""The published output contract of ``newsweave brief --format json`` (and of ``newsweave.brief()``).

These pydantic models *are* the JSON Schema (``newsweave schema`` prints it). Fields may be added freely; renaming or
dropping one needs a bump of :data:`SCHEMA_VERSION`. Every list is in a deterministic order so that the same input
gives the same JSON byte for byte.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"
SCHEMA_ID = "https://newsweave.dev/schema/brief-1.0.json"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RemovedText(_Model):
    text: str = Field(description="The text cleaning removed, exactly as it was in the input.")
    reason: str = Field(description="Why it was removed, in words a reader understands.")


class SentencePairOut(_Model):
    article_sentence: str = Field(description="A sentence of the derived article.")
    source_sentence: str = Field(description="The sentence of the source article it restates.")
    similarity: float


class Derivation(_Model):
    source: str = Field(description="Id of the article this one was likely derived from.")
    kind: str = Field(description="duplicate, near-duplicate or rewrite.")
    score: float = Field(description="duplicate 1.0; near-duplicate: Jaccard; rewrite: share of sentences aligned.")
    direction: str = Field(description="Why newsweave thinks the copy runs this way.")
    evidence: list[SentencePairOut] = Field(default_factory=list)


class ArticleOut(_Model):
    id: str
    title: str
    source: str | None = Field(description="The outlet, from metadata, URL or file name.")
    published: str | None = Field(description="ISO date of publication, when known.")
    author: str | None = None
    url: str | None = None
    path: str | None = Field(default=None, description="The file the article was read from.")
    language: str | None = None
    text: str = Field(description="The clean body: the story's paragraphs separated by blank lines.")
    removed: list[RemovedText]
    derived_from: list[str] = Field(description="Ids of the articles this one likely copies or rewrites.")
    derivations: list[Derivation] = Field(default_factory=list, description="derived_from with its evidence.")
    notes: list[str] = Field(default_factory=list, description="Anything the reader should know about this input.")


class Citation(_Model):
    text: str
    sources: list[str] = Field(description="Ids of the articles that support this text.")


class SummarySentenceOut(Citation):
    fact: str | None = Field(default=None, description="Id of the fact this sentence states.")


class FactOut(Citation):
    id: str
    independent_sources: int = Field(description="Supporting articles once copies are folded into originals.")
    single_source: bool
    attributed_to: list[str] = Field(
        default_factory=list,
        description="Who the articles say made this claim: the speakers its sentences quote or report "
        "('Peskov said ...'); empty when the outlets state it in their own voice.",
    )


class ConflictSideOut(_Model):
    article: str
    text: str = Field(description="The sentence of that article.")
    value: str = Field(description="What this side says about the point in dispute.")
    attributed_to: list[str] = Field(
        default_factory=list,
        description="Whom the article attributes this sentence to (the speakers it quotes or reports).",
    )


class ConflictOut(_Model):
    id: str
    kind: str = Field(description="date, number, entity, negation or object.")
    what: str = Field(description="What the sources disagree on.")
    sides: list[ConflictSideOut]


class QuoteOut(Citation):
    speaker: str | None


class TimelineEntry(Citation):
    date: str = Field(description="ISO date (the first day, for a week or month).")
    end: str | None = Field(default=None, description="Last day, when the date is a span.")
    granularity: str = "day"
    excerpt: str | None = Field(
        default=None,
        description="The clause of `text` that holds this date, when the sentence holds several; '…' marks a cut.",
    )


class EntityOut(_Model):
    name: str
    aliases: list[str]
    kind: str


class StoryOut(_Model):
    id: str
    title: str
    article_ids: list[str]
    summary: list[SummarySentenceOut]
    facts: list[FactOut]
    single_source: list[str] = Field(default_factory=list, description="Ids of facts only one source reports.")
    conflicts: list[ConflictOut]
    quotes: list[QuoteOut]
    reported: list[QuoteOut] = Field(
        default_factory=list,
        description="Reported speech: what a named source is said to have said, without quotation marks "
        "('Peskov said the visit would continue'); `text` is the reported clause as the article words it.",
    )
    timeline: list[TimelineEntry]
    entities: list[EntityOut]


class SkippedOut(_Model):
    path: str
    reason: str


class Brief(_Model):
    """A cross-checked brief of one or more stories."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, json_schema_extra={"$id": SCHEMA_ID, "title": "newsweave brief"}
    )

    schema_version: str = SCHEMA_VERSION
    articles: list[ArticleOut]
    stories: list[StoryOut]
    skipped: list[SkippedOut]

    def to_json(self) -> str:
        """Deterministic JSON: same input, same bytes."""
        return self.model_dump_json(indent=2) + "\n"

    def to_markdown(self) -> str:
        from newsweave.render.markdown import render_markdown

        return render_markdown(self)

    def to_html(self) -> str:
        from newsweave.render.html import render_html

        return render_html(self)


def json_schema() -> dict:
    """The JSON Schema of :class:`Brief`."""
    schema = Brief.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
