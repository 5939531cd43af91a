"""The brief as Markdown: readable as plain text in a terminal, and as rendered Markdown anywhere else.

Citations are the numbers of the source list in square brackets, "[1, 3]": compact in a terminal, unambiguous
(numbers are global to the brief), and not Markdown link syntax, so no renderer swallows them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsweave.render.schema import Brief, ConflictOut, EntityOut, QuoteOut, StoryOut, TimelineEntry
from newsweave.render.view import BriefView, Flag, Source, entity_kind, highlight, when

_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_SPACE = re.compile(r"\s+")  # one line per item: a quote over two paragraphs must not break the list


def render_markdown(brief: Brief) -> str:
    """The whole brief as one Markdown document; the same brief always gives the same text."""
    view = BriefView(brief)
    blocks = [_header(view)]
    for number, story in enumerate(brief.stories, start=1):
        blocks.extend(_story(view, number, story))
    unclustered = view.unclustered()
    if unclustered:
        blocks.append("## Articles in no story")
        blocks.append(_source_list(view, unclustered))
    if brief.skipped:
        blocks.append("## Skipped inputs")
        blocks.append("\n".join(f"- `{_code(s.path)}`: {_md(s.reason)}" for s in brief.skipped))
    return "\n\n".join(blocks) + "\n"


def _header(view: BriefView) -> str:
    brief = view.brief
    counts = [
        _plural(len(brief.stories), "story", "stories"),
        _plural(len(brief.articles), "article", "articles"),
    ]
    if brief.skipped:
        counts.append(_plural(len(brief.skipped), "skipped input", "skipped inputs"))
    return "# newsweave brief\n\n" + " · ".join(counts)


def _story(view: BriefView, number: int, story: StoryOut) -> list[str]:
    blocks = [f"## {number}. {_md(story.title)}", _story_meta(view, story)]
    if story.summary:
        blocks.append("### Summary")
        blocks.append(" ".join(f"{_md(s.text)} {_cite(view, s.sources)}" for s in story.summary))
    blocks.append("### Conflicts")
    blocks.append("\n".join(_conflict(view, c) for c in story.conflicts) or "None found.")
    blocks.append("### Single-source claims")
    blocks.append(_single_source(view, story) or "None found.")
    if story.quotes:
        blocks.append("### Key quotes")
        blocks.append("\n".join(_quote(view, q) for q in story.quotes))
    if story.reported:
        blocks.append("### Reported statements")
        blocks.append("\n".join(_reported(view, r) for r in story.reported))
    if story.timeline:
        blocks.append("### Timeline")
        blocks.append("\n".join(_event(view, t) for t in story.timeline))
    if story.entities:
        blocks.append("### Entities")
        blocks.append("\n".join(_entity(e) for e in story.entities))
    blocks.append("### Sources")
    blocks.append(_source_list(view, view.story_sources(story)))
    return blocks


def _story_meta(view: BriefView, story: StoryOut) -> str:
    meta = (
        f"{_plural(len(story.article_ids), 'article', 'articles')} from "
        f"{_plural(len(view.outlets(story.article_ids)), 'outlet', 'outlets')}"
    )
    span = view.published_span(story.article_ids)
    return f"*{meta}, published {span}.*" if span else f"*{meta}.*"


def _conflict(view: BriefView, conflict: ConflictOut) -> str:
    lines = [f"- **{_md(conflict.kind.capitalize())}**: {_md(conflict.what)}"]
    for side in conflict.sides:
        source = view.source(side.article)
        who = f"{source.label} {_md(source.outlet)}" if source else _md(side.article)
        if side.attributed_to:
            who += f" (attributed to {_md(', '.join(side.attributed_to))})"
        mark = highlight(side.text, side.value)
        if mark.value:
            sentence = f"{_md(mark.before)}**{_md(mark.value)}**{_md(mark.after)}"
        else:
            sentence = f"{_md(side.text)} (says **{_md(side.value)}**)"
        lines.append(f"  - {who}: “{sentence}”")
    return "\n".join(lines)


def _single_source(view: BriefView, story: StoryOut) -> str:
    lines = []
    for fact in view.single_source_facts(story):
        outlets = ", ".join(view.outlets(fact.sources)) or "unknown outlet"
        said = f"; attributed to {', '.join(fact.attributed_to)}" if fact.attributed_to else ""
        lines.append(f"- {_md(fact.text)} ({_md(outlets + said)}) {_cite(view, fact.sources)}")
    return "\n".join(lines)


def _quote(view: BriefView, quote: QuoteOut) -> str:
    speaker = _md(quote.speaker) if quote.speaker else "Unattributed"
    return f"- **{speaker}**: “{_md(quote.text)}” {_cite(view, quote.sources)}"


def _reported(view: BriefView, statement: QuoteOut) -> str:
    """Reported speech keeps the source's paraphrase and no quotation marks: these are not the speaker's words."""
    speaker = _md(statement.speaker or "Unattributed")
    return f"- **{speaker}** (reported): {_md(statement.text)} {_cite(view, statement.sources)}"


def _event(view: BriefView, entry: TimelineEntry) -> str:
    day = when(entry.date, entry.end, entry.granularity)
    return f"- **{day}**: {_md(entry.excerpt or entry.text)} {_cite(view, entry.sources)}"


def _entity(entity: EntityOut) -> str:
    aliases = f", also: {_md(', '.join(entity.aliases))}" if entity.aliases else ""
    return f"- **{_md(entity.name)}** ({entity_kind(entity.kind)}){aliases}"


def _source_list(view: BriefView, sources: Iterable[Source]) -> str:
    entries = []
    for source in sources:
        article = source.article
        line = (
            f"- **{source.label}** {_md(source.outlet)}: {_md(article.title)} "
            f"({article.published or 'date unknown'}; id `{_code(article.id)}`)"
        )
        entries.append("\n".join([line, *(f"  - {_flag(f)}" for f in view.flags(article))]))
    return "\n".join(entries)


def _flag(flag: Flag) -> str:
    ref = f" {flag.ref.label}" if flag.ref else ""
    return f"{_md(flag.before)}{ref}{_md(flag.after)}"


def _cite(view: BriefView, article_ids: Iterable[str]) -> str:
    refs = view.refs(article_ids)
    return "[" + ", ".join(_md(r.label) for r in refs) + "]" if refs else "[no source]"


def _md(text: str) -> str:
    """Escapes what Markdown would read as markup or raw HTML; article text is untrusted and often odd."""
    return _SPECIAL.sub(r"\\\1", _SPACE.sub(" ", text))


def _code(text: str) -> str:
    return text.replace("`", "'")


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"
