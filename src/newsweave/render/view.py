"""The reader's view of a :class:`Brief`, worked out once for every human-readable renderer.

Markdown and HTML must agree on what "[3]" means, on which flags an article carries and on where the disputed
value sits in a conflicting sentence; deciding that here keeps the two renderers to layout only.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from newsweave.render.schema import ArticleOut, Brief, Derivation, FactOut, StoryOut

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_ENTITY_KINDS = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "facility",
    "NORP": "group",
    "EVENT": "event",
    "PRODUCT": "product",
}


@dataclass(frozen=True)
class Source:
    """One article as the reader sees it in the source list: a number, an outlet and a place to link to."""

    number: int
    article: ArticleOut
    outlet: str

    @property
    def anchor(self) -> str:
        return f"src-{self.number}"

    @property
    def label(self) -> str:
        return f"[{self.number}]"


@dataclass(frozen=True)
class Ref:
    """A citation of one article id; ``source`` is None when the id names no article of the brief."""

    article_id: str
    source: Source | None

    @property
    def label(self) -> str:
        return str(self.source.number) if self.source else self.article_id


@dataclass(frozen=True)
class Flag:
    """A note on an article; ``ref`` points at another article the note is about (a copy's original)."""

    before: str
    ref: Source | None = None
    after: str = ""


@dataclass(frozen=True)
class Highlight:
    """A sentence split around the value a conflict side stands for; ``value`` is empty when it is absent."""

    before: str
    value: str
    after: str


class BriefView:
    """Numbers every article of the brief by its position in ``brief.articles`` (1, 2, 3, ...).

    Numbers are global rather than per story so that "[3]" means the same article everywhere in one brief.
    """

    def __init__(self, brief: Brief) -> None:
        self.brief = brief
        self._sources = {
            article.id: Source(number, article, article.source or "Unknown outlet")
            for number, article in enumerate(brief.articles, start=1)
        }
        languages = Counter(a.language for a in brief.articles if a.language)
        ranked = sorted(languages.items(), key=lambda item: (-item[1], item[0]))
        self._main_language = ranked[0][0] if ranked else None

    @property
    def sources(self) -> list[Source]:
        return list(self._sources.values())

    def source(self, article_id: str) -> Source | None:
        return self._sources.get(article_id)

    def refs(self, article_ids: Iterable[str]) -> list[Ref]:
        """Citations in source-list order; ids the brief does not know come last, as they are."""
        refs = [Ref(article_id, self._sources.get(article_id)) for article_id in dict.fromkeys(article_ids)]
        return sorted(refs, key=_ref_order)

    def story_sources(self, story: StoryOut) -> list[Source]:
        return [ref.source for ref in self.refs(story.article_ids) if ref.source]

    def unclustered(self) -> list[Source]:
        """Articles that belong to no story, so that none is silently missing from the output."""
        in_stories = {article_id for story in self.brief.stories for article_id in story.article_ids}
        return [s for s in self._sources.values() if s.article.id not in in_stories]

    def outlets(self, article_ids: Iterable[str]) -> list[str]:
        """Distinct outlets behind some articles, in source-list order."""
        return list(dict.fromkeys(ref.source.outlet for ref in self.refs(article_ids) if ref.source))

    def single_source_facts(self, story: StoryOut) -> list[FactOut]:
        """Facts only one independent outlet reports, whether flagged on the fact or listed by the story."""
        listed = set(story.single_source)
        return [fact for fact in story.facts if fact.single_source or fact.id in listed]

    def published_span(self, article_ids: Iterable[str]) -> str | None:
        """First and last publication date among some articles, when any has one."""
        dates = sorted(
            ref.source.article.published
            for ref in self.refs(article_ids)
            if ref.source and ref.source.article.published
        )
        if not dates:
            return None
        return dates[0] if dates[0] == dates[-1] else f"{dates[0]} – {dates[-1]}"

    def flags(self, article: ArticleOut) -> list[Flag]:
        """What a reader should know before trusting an article: copies, cleaning, language, missing date."""
        flags = [self._derivation_flag(d) for d in article.derivations]
        explained = {d.source for d in article.derivations}
        for source_id in article.derived_from:
            if source_id not in explained:
                flags.append(self._copy_flag("derived from", source_id, ""))
        if article.removed:
            count = len(article.removed)
            flags.append(Flag(f"{count} line{'s' if count != 1 else ''} removed"))
        if article.language and self._main_language and article.language != self._main_language:
            flags.append(Flag(f"language: {article.language}"))
        if not article.published:
            flags.append(Flag("no publication date"))
        flags.extend(Flag(note) for note in article.notes)
        return flags

    def _derivation_flag(self, derivation: Derivation) -> Flag:
        if derivation.kind == "rewrite":
            detail = f", {derivation.score:.0%} of sentences restated"
        elif derivation.kind == "near-duplicate":
            detail = f", {derivation.score:.0%} shared wording"
        else:
            detail = ""
        return self._copy_flag(f"{derivation.kind} of", derivation.source, detail)

    def _copy_flag(self, what: str, source_id: str, detail: str) -> Flag:
        original = self._sources.get(source_id)
        if original is None:
            return Flag(f"{what} {source_id}{detail}")
        return Flag(what, original, f" ({original.outlet}){detail}")


def _ref_order(ref: Ref) -> tuple[bool, int, str]:
    return (ref.source is None, ref.source.number if ref.source else 0, ref.article_id)


def highlight(text: str, value: str) -> Highlight:
    """Finds the disputed value in its sentence to emphasise: "24" marks "24 containers", not "in 2024"."""
    if not value:
        return Highlight(text, "", "")
    found = re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text, re.IGNORECASE) or re.search(
        re.escape(value), text, re.IGNORECASE
    )
    if found is None:
        return Highlight(text, "", "")
    return Highlight(text[: found.start()], found.group(), text[found.end() :])


def when(date: str, end: str | None = None, granularity: str = "day") -> str:
    """A date as a reader wants it, without depending on the machine's locale (output must be byte-stable)."""
    try:
        start = dt.date.fromisoformat(date)
        last = dt.date.fromisoformat(end) if end else None
    except ValueError:
        return f"{date} – {end}" if end else date
    if granularity == "year":
        return str(start.year)
    if granularity == "month":
        return f"{_MONTHS[start.month - 1]} {start.year}"
    if granularity == "week":
        return f"week of {start.isoformat()}"
    if last and last != start:
        return f"{_day(start)} – {_day(last)}"
    return _day(start)


def _day(day: dt.date) -> str:
    return f"{day.isoformat()} ({_WEEKDAYS[day.weekday()]})"


def entity_kind(kind: str) -> str:
    return _ENTITY_KINDS.get(kind, kind.lower())


def word_count(text: str) -> int:
    return len(text.split())


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]
