"""Geometry of the two server-drawn charts of a story page: the timeline and the provenance graph.

Both are SVG written by a template from the shapes computed here: no script, nothing to load, and every label goes
through the template's autoescaping. The timeline uses an ordinal axis (one column per distinct date, a visible break
over long gaps) because a story's dates range from "in 2009" to this morning: on a linear axis the event itself would
be one crowded pixel.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from newsweave.render.schema import ArticleOut, TimelineEntry
from newsweave.render.view import Source

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Timeline
_COLUMN = 76  # horizontal room per date
_BREAK = 28  # extra room where the axis skips a long gap
_GAP_DAYS = 45  # columns further apart than this get a break mark
_PAD = 24
_MARK = 16  # vertical room per event in a column
_MAX_STACK = 8  # events drawn per column; more are counted in a "+N" label

# Provenance graph
_NODE_W = 210
_NODE_H = 46
_LAYER_GAP = 110  # room for an edge label ("near-duplicate") beside its arrowhead
_ROW_GAP = 16
_GRID_COLUMNS = 3
_OUTLET_CHARS = 28
_TITLE_CHARS = 34


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    entry: TimelineEntry
    index: int  # position in story.timeline, for the link to the list entry
    span: bool  # a week, month or year rather than a day


@dataclass(frozen=True)
class Column:
    x: float
    label: str
    sublabel: str
    marks: tuple[Mark, ...]
    hidden: int  # events of this date not drawn


@dataclass(frozen=True)
class TimelineChart:
    width: float
    height: float
    axis_y: float
    columns: tuple[Column, ...]
    breaks: tuple[float, ...]  # x of each "long gap" mark on the axis


def timeline_chart(entries: Sequence[TimelineEntry]) -> TimelineChart | None:
    """One column per distinct (date, end, granularity), oldest first; None when nothing is dated."""
    groups: dict[tuple[str, str | None, str], list[int]] = {}
    for index, entry in enumerate(entries):
        groups.setdefault((entry.date, entry.end, entry.granularity), []).append(index)
    if not groups:
        return None
    keys = sorted(groups, key=lambda k: (k[0], k[1] or "", k[2]))
    stack = min(_MAX_STACK, max(len(v) for v in groups.values()))
    axis_y = _PAD + stack * _MARK + 8
    columns: list[Column] = []
    breaks: list[float] = []
    x = _PAD + _COLUMN / 2
    previous: dt.date | None = None
    for key in keys:
        start = _date(key[0])
        if previous and start and (start - previous).days > _GAP_DAYS:
            breaks.append(x - _COLUMN / 2 + _BREAK / 2)
            x += _BREAK
        previous = start or previous
        indices = groups[key]
        marks = tuple(
            Mark(x, axis_y - 12 - row * _MARK, entries[i], i, key[2] != "day" or bool(key[1] and key[1] != key[0]))
            for row, i in enumerate(indices[:_MAX_STACK])
        )
        label, sublabel = _labels(key[0], key[2])
        columns.append(Column(x, label, sublabel, marks, len(indices) - len(marks)))
        x += _COLUMN
    width = x - _COLUMN / 2 + _PAD
    return TimelineChart(width, axis_y + 44, axis_y, tuple(columns), tuple(breaks))


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _labels(text: str, granularity: str) -> tuple[str, str]:
    """Two short lines under the axis: "10 Mar" / "2025", "Jan" / "2025", "2009" / ""."""
    day = _date(text)
    if day is None:
        return text[:10], ""
    if granularity == "year":
        return str(day.year), ""
    if granularity == "month":
        return _MONTHS[day.month - 1], str(day.year)
    if granularity == "week":
        return f"wk {day.day} {_MONTHS[day.month - 1]}", str(day.year)
    return f"{day.day} {_MONTHS[day.month - 1]}", str(day.year)


@dataclass(frozen=True)
class Node:
    source: Source
    x: float
    y: float
    outlet: str
    title: str  # both cut to fit the box; the full title is the node's tooltip

    @property
    def width(self) -> int:
        return _NODE_W

    @property
    def height(self) -> int:
        return _NODE_H


@dataclass(frozen=True)
class Edge:
    path: str  # SVG path data, from the original to the copy
    label: str
    label_x: float
    label_y: float
    kind: str


@dataclass(frozen=True)
class ProvenanceGraph:
    width: float
    height: float
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    independent_y: float | None  # where the grid of articles nobody copied (and that copy nobody) starts


def provenance_graph(sources: Sequence[Source]) -> ProvenanceGraph:
    """Originals on the left, each copy one layer right of what it copies; unrelated articles in a grid below."""
    by_id = {s.article.id: s for s in sources}
    links = _links(sources, by_id)
    linked = {a for pair in links for a in pair[:2]}
    depth: dict[str, int] = {}
    for article_id in sorted(linked, key=lambda i: by_id[i].number):
        _depth(article_id, links, depth, set())
    layers: dict[int, list[Source]] = {}
    for article_id in sorted(linked, key=lambda i: by_id[i].number):
        layers.setdefault(depth[article_id], []).append(by_id[article_id])
    nodes: dict[str, Node] = {}
    for layer, members in layers.items():
        for row, source in enumerate(members):
            x = _PAD + layer * (_NODE_W + _LAYER_GAP)
            nodes[source.article.id] = _node(source, x, _PAD + row * (_NODE_H + _ROW_GAP))
    edges = tuple(_edge(nodes[copy], nodes[original], kind) for copy, original, kind in links)
    graph_bottom = max((n.y + _NODE_H for n in nodes.values()), default=0.0)
    loose = [s for s in sources if s.article.id not in linked]
    independent_y = None
    if loose:
        independent_y = graph_bottom + 34 if nodes else _PAD
        for i, source in enumerate(loose):
            column, row = i % _GRID_COLUMNS, i // _GRID_COLUMNS
            x = _PAD + column * (_NODE_W + _ROW_GAP)
            nodes[source.article.id] = _node(source, x, independent_y + 12 + row * (_NODE_H + _ROW_GAP))
    width = max(n.x + _NODE_W for n in nodes.values()) + _PAD if nodes else 2 * _PAD
    height = max(n.y + _NODE_H for n in nodes.values()) + _PAD if nodes else 2 * _PAD
    ordered = tuple(sorted(nodes.values(), key=lambda n: n.source.number))
    return ProvenanceGraph(width, height, ordered, edges, independent_y)


def _links(sources: Sequence[Source], by_id: dict[str, Source]) -> list[tuple[str, str, str]]:
    """(copy, original, kind) for every derivation between two articles of the story."""
    links: list[tuple[str, str, str]] = []
    for source in sources:
        article: ArticleOut = source.article
        kinds = {d.source: d.kind for d in article.derivations}
        for original in dict.fromkeys([*kinds, *article.derived_from]):
            if original in by_id and original != article.id:
                links.append((article.id, original, kinds.get(original, "derived")))
    return links


def _depth(article_id: str, links: Sequence[tuple[str, str, str]], depth: dict[str, int], seen: set[str]) -> int:
    """1 + the depth of the deepest original this article copies; a cycle (A copies B copies A) stops at 0."""
    if article_id in depth:
        return depth[article_id]
    if article_id in seen:
        return 0
    seen.add(article_id)
    originals = [original for copy, original, _ in links if copy == article_id]
    depth[article_id] = 1 + max((_depth(o, links, depth, seen) for o in originals), default=-1)
    return depth[article_id]


def _node(source: Source, x: float, y: float) -> Node:
    return Node(
        source,
        x,
        y,
        _cut(f"[{source.number}] {source.outlet}", _OUTLET_CHARS),
        _cut(source.article.title, _TITLE_CHARS),
    )


def _edge(copy: Node, original: Node, kind: str) -> Edge:
    if copy.x > original.x:  # the usual case: copy one layer to the right
        x1, y1 = original.x + _NODE_W, original.y + _NODE_H / 2
        x2, y2 = copy.x, copy.y + _NODE_H / 2
        bend = (x2 - x1) / 2
        path = f"M{x1:.0f},{y1:.0f} C{x1 + bend:.0f},{y1:.0f} {x2 - bend:.0f},{y2:.0f} {x2:.0f},{y2:.0f}"
    else:  # a cycle put both in one layer: loop round the right-hand side
        x1, y1 = original.x + _NODE_W, original.y + _NODE_H / 2
        x2, y2 = copy.x + _NODE_W, copy.y + _NODE_H / 2
        reach = x1 + _LAYER_GAP / 2
        path = f"M{x1:.0f},{y1:.0f} C{reach:.0f},{y1:.0f} {reach:.0f},{y2:.0f} {x2:.0f},{y2:.0f}"
    return Edge(path, kind, x2 - 8, y2 - 8, kind)  # labelled beside its arrowhead: labels of crossing edges stay apart


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
