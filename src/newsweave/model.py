"""The records that flow between newsweave's stages.

Every stage takes records of one kind and returns new ones; no stage mutates what it was given. Internal records are
plain dataclasses (cheap to build by the thousand, picklable for Dask workers). The published output contract is the
pydantic model in :mod:`newsweave.render.schema`, built from these at the end of the pipeline.

Offsets (``start``/``end``) are character offsets into :attr:`Article.text`, end exclusive, so that every claim,
quote and summary sentence can be traced back to the exact words of its source.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

ArticleId = str


@dataclass(frozen=True)
class Skipped:
    """An input newsweave could not use, with a reason a user can act on."""

    path: str
    reason: str


@dataclass(frozen=True)
class RawArticle:
    """An article as read from its source, before cleaning.

    ``lines`` holds the story text one paragraph (or source line) per item, in reading order, exactly as read; for
    HTML it is the main text found by the extractor. Cleaning decides which lines belong to the story.
    """

    id: ArticleId
    lines: tuple[str, ...]
    path: str | None = None
    format: Literal["txt", "html", "json", "record", "feed", "warc"] = "txt"
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: dt.date | None = None
    author: str | None = None
    notes: tuple[str, ...] = ()
    # True when ``lines`` were found by a main-text extractor in a web page: there, a very short result means the
    # extraction failed (a paywall, a page of links), while text given as text is the article however short.
    extracted: bool = False


@dataclass(frozen=True)
class Removal:
    """One piece of text cleaning took out of an article, and why."""

    text: str
    reason: str
    line: int | None = None  # index into RawArticle.lines, when the removal is a line or part of one


@dataclass(frozen=True)
class Article:
    """A clean article: the story's own paragraphs plus metadata, and everything removed with its reason."""

    id: ArticleId
    title: str
    paragraphs: tuple[str, ...]
    removed: tuple[Removal, ...] = ()
    path: str | None = None
    source: str | None = None
    url: str | None = None
    published: dt.date | None = None
    author: str | None = None
    language: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The clean body: paragraphs separated by a blank line (offsets elsewhere refer to this string)."""
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article's clean text."""

    article_id: ArticleId
    index: int  # position in the article, 0-based
    paragraph: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """A named-entity mention in one sentence."""

    text: str
    kind: str  # spaCy label: PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, PRODUCT, ...
    article_id: ArticleId
    sentence: int
    start: int
    end: int


@dataclass(frozen=True)
class Entity:
    """One real-world entity and every spelling newsweave saw for it."""

    id: str
    name: str  # the canonical (most complete, most frequent) spelling
    kind: str
    aliases: tuple[str, ...]  # other spellings, sorted; never includes ``name``
    mentions: tuple[tuple[ArticleId, int], ...] = ()  # (article, sentence) pairs


@dataclass(frozen=True)
class DateMention:
    """A time expression resolved to calendar dates against its article's own date."""

    article_id: ArticleId
    sentence: int
    text: str  # the expression as written: "on Friday", "this week", "in October"
    start: dt.date  # the first day the expression can mean
    end: dt.date  # the last day (== start for a single day)
    granularity: Literal["day", "week", "month", "year"]
    start_char: int = 0
    end_char: int = 0


@dataclass(frozen=True)
class Quote:
    """A direct quotation and who said it; or, with ``direct`` False, a statement reported without quotation marks
    ("Peskov said the visit would continue"), whose ``text`` is the reported clause."""

    article_id: ArticleId
    text: str  # the quoted words, without the quotation marks
    speaker: str | None  # as resolved (entity canonical name where known); None when nobody is named
    start: int  # span of the quoted words in Article.text: from the first quoted word to the last
    end: int
    sentences: tuple[int, ...] = ()
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None  # the speech verb: "said", "told", "added"
    # The quoted words alone, one span per piece: several when the quotation runs over paragraphs or is interrupted
    # by its attribution (“…,” she said, “…”), so start:end then also holds words that are not quoted.
    parts: tuple[tuple[int, int], ...] = ()
    direct: bool = True


@dataclass(frozen=True)
class Analysis:
    """What the NLP stage found in one article."""

    article: Article
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...] = ()
    dates: tuple[DateMention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    reported: tuple[Quote, ...] = ()  # reported speech (Quote.direct False), in reading order
    reference_date: dt.date | None = None  # the date relative expressions were resolved against
    reference_note: str | None = None  # where that date came from, when it is not the article's own


CopyKind = Literal["duplicate", "near-duplicate", "rewrite"]


@dataclass(frozen=True)
class SentencePair:
    """Two sentences newsweave judged to say the same thing."""

    a: tuple[ArticleId, int]
    b: tuple[ArticleId, int]
    similarity: float


@dataclass(frozen=True)
class CopyLink:
    """``article`` is likely derived from ``source``."""

    article: ArticleId
    source: ArticleId
    kind: CopyKind
    score: float  # duplicate: 1.0; near-duplicate: Jaccard; rewrite: share of the article's sentences aligned
    direction: str  # why this direction: "earlier publication", "covers more of the other", ...
    evidence: tuple[SentencePair, ...] = ()


@dataclass(frozen=True)
class Claim:
    """A sentence (or clause) of an article seen as one checkable statement."""

    article_id: ArticleId
    sentence: int
    text: str


@dataclass(frozen=True)
class Fact:
    """Claims from different articles aligned as the same statement."""

    id: str
    text: str  # the representative wording
    claims: tuple[Claim, ...]
    sources: tuple[ArticleId, ...]  # every supporting article, sorted
    independent: int  # supporting articles once copies and rewrites are folded into their originals
    # Who the articles say made the claim: speakers of quotations and reported statements in its sentences.
    attributed_to: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConflictSide:
    article_id: ArticleId
    sentence: int
    text: str  # the sentence
    value: str  # what this side says: "Monday", "a spacesuit", "39"
    attributed_to: tuple[str, ...] = ()  # who the article says said it (speakers its sentence quotes or reports)


@dataclass(frozen=True)
class Conflict:
    id: str
    kind: Literal["date", "number", "entity", "negation", "object"]
    what: str  # a one-line description: "when Kim left North Korea: Monday vs Sunday"
    sides: tuple[ConflictSide, ...]


@dataclass(frozen=True)
class TimelineEvent:
    date: dt.date
    end: dt.date
    granularity: str
    text: str  # the whole dating sentence, word for word
    sources: tuple[ArticleId, ...]
    excerpt: str | None = None  # the clause that holds this date, when the sentence holds several dates


@dataclass(frozen=True)
class SummarySentence:
    text: str
    sources: tuple[ArticleId, ...]
    fact_id: str | None = None


@dataclass(frozen=True)
class StoryQuote:
    speaker: str | None
    text: str
    sources: tuple[ArticleId, ...]


@dataclass(frozen=True)
class Story:
    """One event and everything newsweave worked out about it."""

    id: str
    title: str
    article_ids: tuple[ArticleId, ...]
    summary: tuple[SummarySentence, ...] = ()
    facts: tuple[Fact, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    quotes: tuple[StoryQuote, ...] = ()
    reported: tuple[StoryQuote, ...] = ()  # statements reported without quotation marks, grouped like quotes
    timeline: tuple[TimelineEvent, ...] = ()
    entities: tuple[Entity, ...] = ()


@dataclass
class Corpus:
    """Everything one run produced; rendered into a Brief at the end."""

    analyses: list[Analysis] = field(default_factory=list)
    copies: list[CopyLink] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
