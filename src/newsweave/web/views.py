"""What the story and article pages show, worked out before the template lays it out.

A story page reuses the renderer's :class:`BriefView` (numbering, flags, single-source facts, outlets) and adds what
only a browsable page has: citation links to the exact sentence of each source, conflicts grouped into columns by
the value each side stands for, and the two charts. Where links point depends on the page: a stored story links to
``/articles/{id}#s-N``; a brief made on the fly (nothing stored) links to the article further down the same page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Protocol
from urllib.parse import quote

from newsweave.render.schema import Brief, ConflictOut, EntityOut, StoryOut
from newsweave.render.view import BriefView, Source
from newsweave.web.anchors import Target, locate, sentence_map
from newsweave.web.charts import ProvenanceGraph, TimelineChart, provenance_graph, timeline_chart
from newsweave.web.differ import Piece, mark_differences

if TYPE_CHECKING:
    from newsweave.store import Coverage


class Links(Protocol):
    """Where a page's links go."""

    def article(self, article_id: str, number: int | None = None) -> str: ...

    def sentence(self, article_id: str, target: Target, number: int | None = None) -> str: ...

    def entity(self, entity: EntityOut) -> str | None: ...


class StoreLinks:
    """Links between the pages of a stored corpus."""

    def entity(self, entity: EntityOut) -> str | None:
        from newsweave.store.briefs import entity_id  # the id the store files a brief's entities under

        return f"/entities/{quote(entity_id(entity.name, entity.kind), safe='')}"

    def article(self, article_id: str, number: int | None = None) -> str:
        return f"/articles/{quote(article_id, safe='')}"

    def sentence(self, article_id: str, target: Target, number: int | None = None) -> str:
        base = self.article(article_id)
        if target.last != target.first:
            base += f"?hl={target.first}-{target.last}"
        return f"{base}#{target.fragment}"


class InPageLinks:
    """Links inside one page that carries the articles themselves (the brief of pasted or uploaded articles)."""

    def article(self, article_id: str, number: int | None = None) -> str:
        return f"#src-{number}"

    def sentence(self, article_id: str, target: Target, number: int | None = None) -> str:
        return f"#src-{number}-{target.fragment}"

    def entity(self, entity: EntityOut) -> str | None:
        return None  # entities have pages only in a stored corpus


@dataclass(frozen=True)
class Cite:
    """One number of a citation such as [1, 3]: where it goes and what its tooltip says."""

    label: str
    href: str | None
    title: str
    exact: bool


@dataclass(frozen=True)
class Side:
    source: Source | None
    article_id: str
    pieces: tuple[Piece, ...]
    href: str | None
    attributed_to: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConflictColumn:
    value: str
    sides: tuple[Side, ...]


class StoryPage:
    """One story of a brief, ready for the story template."""

    def __init__(self, brief: Brief, story: StoryOut, links: Links) -> None:
        self.brief = brief
        self.story = story
        self.view = BriefView(brief)
        self.links = links

    def cites(self, text: str, article_ids: Iterable[str]) -> list[Cite]:
        """A citation per article, each opening the sentence of that article that says ``text``."""
        out = []
        for ref in self.view.refs(article_ids):
            source = ref.source
            if source is None:
                out.append(Cite(ref.label, None, "not among the sources", False))
                continue
            target = self._locate(source, text)
            who = f"{source.outlet}: {source.article.title}"
            if target is None:
                href = self.links.article(source.article.id, source.number)
                out.append(Cite(ref.label, href, who + " (no sentence close enough: opens the article)", False))
                continue
            href = self.links.sentence(source.article.id, target, source.number)
            note = "" if target.exact else " (closest sentence: worded differently)"
            out.append(Cite(ref.label, href, who + note, target.exact))
        return out

    def _locate(self, source: Source, text: str) -> Target | None:
        article = source.article
        return locate(article.id, article.text, article.language, text)

    def article_href(self, article_id: str) -> str:
        source = self.view.source(article_id)
        return self.links.article(article_id, source.number if source else None)

    def entity_href(self, entity: EntityOut) -> str | None:
        return self.links.entity(entity)

    def conflict_columns(self, conflict: ConflictOut) -> list[ConflictColumn]:
        """The sides grouped by the value they stand for, in the order the conflict lists them."""
        groups: dict[str, list] = {}
        for side in conflict.sides:
            groups.setdefault(side.value, []).append(side)
        columns = []
        for value, sides in groups.items():
            other_values = [v for v in groups if v != value]
            other_texts = list(dict.fromkeys(s.text for v in other_values for s in groups[v]))
            columns.append(
                ConflictColumn(
                    value,
                    tuple(
                        self._side(s.article, s.text, value, other_values, other_texts, tuple(s.attributed_to))
                        for s in sides
                    ),
                )
            )
        return columns

    def _side(
        self,
        article_id: str,
        text: str,
        value: str,
        other_values: Sequence[str],
        other_texts: Sequence[str],
        attributed_to: tuple[str, ...],
    ) -> Side:
        source = self.view.source(article_id)
        href = None
        if source is not None:
            target = self._locate(source, text)
            href = (
                self.links.sentence(article_id, target, source.number)
                if target
                else self.links.article(article_id, source.number)
            )
        pieces = tuple(mark_differences(text, value, other_values, other_texts))
        return Side(source, article_id, pieces, href, attributed_to)

    @cached_property
    def sources(self) -> list[Source]:
        return self.view.story_sources(self.story)

    @cached_property
    def timeline(self) -> TimelineChart | None:
        return timeline_chart(self.story.timeline)

    @cached_property
    def provenance(self) -> ProvenanceGraph:
        return provenance_graph(self.sources)

    @cached_property
    def independent_outlets(self) -> int:
        """Outlets once copies are folded into their originals: what "N sources" should mean to a reader."""
        copies = {
            s.article.id for s in self.sources if any(o in self.story.article_ids for o in s.article.derived_from)
        }
        return len({s.outlet for s in self.sources if s.article.id not in copies})


@dataclass(frozen=True)
class Sentence:
    index: int
    text: str
    highlighted: bool


@dataclass(frozen=True)
class Paragraph:
    """A paragraph as sentences and the text between them (mostly single spaces), in reading order."""

    parts: tuple[Sentence | str, ...]


def article_paragraphs(
    article_id: str, text: str, language: str | None, highlight: tuple[int, int] | None = None
) -> list[Paragraph]:
    """The clean text cut into paragraphs of numbered sentences (ids ``s-N`` on the page)."""
    spans = sentence_map(article_id, text, language).spans
    low, high = highlight or (-1, -2)
    paragraphs: list[Paragraph] = []
    cursor = 0
    index = 0
    for paragraph in text.split("\n\n"):
        end = cursor + len(paragraph)
        parts: list[Sentence | str] = []
        position = cursor
        while index < len(spans) and spans[index][0] < end:
            start, stop = spans[index]
            if start > position:
                parts.append(text[position:start])
            parts.append(Sentence(index, text[start:stop], low <= index <= high))
            position = stop
            index += 1
        if position < end:
            parts.append(text[position:end])
        if parts:
            paragraphs.append(Paragraph(tuple(parts)))
        cursor = end + 2
    return paragraphs


def unanalysed_note(coverage: Coverage) -> str | None:
    """ "12 of 340 stories not analysed yet", or None once every story is: entity results are partial until then."""
    if not coverage.unanalysed:
        return None
    noun = "story" if coverage.stories == 1 else "stories"
    return f"{coverage.unanalysed} of {coverage.stories} {noun} not analysed yet"


def missing_entity(entity_id: str, coverage: Coverage) -> str:
    """Why an entity id names nothing: unknown, or perhaps only in a story nobody has analysed yet."""
    note = unanalysed_note(coverage)
    return f"no entity with id {entity_id!r}" + (f" ({note}: it may be named in one of them)" if note else "")
