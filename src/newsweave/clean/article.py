"""Cleaning one article: decide, line by line, what is story text, and record every removal with its reason.

The work is a fixed sequence of small steps over a draft (:data:`STEPS`). Each step only ever removes a line
it can name a reason for, or cuts a part off a line (a dateline prefix, a glued headline) and keeps the rest;
a line no step claims is story text. Metadata found on the way (author, publication date, outlet) fills the
article's fields when its source did not already provide them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from newsweave.clean.bylines import byline_author, is_name_line
from newsweave.clean.dateline import split_dateline
from newsweave.clean.dates import parse_date_line
from newsweave.clean.glued import split_glued_headline
from newsweave.clean.rules import COMMENT, DONATION, PAYWALL, match_line
from newsweave.clean.text import ends_sentence, is_story_paragraph, line_key, word_count
from newsweave.config import Settings
from newsweave.model import Article, RawArticle, Removal

HEADLINE = "headline (moved to title)"
REPEATED_TITLE = "repeated title"
REPEATED_SUBTITLE = "repeated subtitle"
REPEATED_PARAGRAPH = "repeated paragraph (kept once)"
OUTLET_REPEAT = "repeated across this outlet's articles"
BYLINE = "byline (moved to author)"
DATE_USED = "date line (moved to published)"
DATE_KNOWN = "date line (publication date already known)"
DATE_NO_YEAR = "date line without a year: a site header, not used as the publication date"
DATELINE = "dateline (moved to metadata)"
GLUED_SUFFIX = "glued to the last sentence"
GLUED = f"headline of another story {GLUED_SUFFIX}"
HEADER_CAPTION = "photo caption (short line between the byline and the story)"
SECTION_LABEL = "section label (short line above the story)"

_EMPTY = "empty line"  # not a removal: there is nothing to record
_BLOCK_REASONS = (DONATION, PAYWALL)  # appeals that run over several paragraphs
_BLOCK_GAP = 2  # at most this many unmatched lines between two lines of one appeal
_METADATA_REASONS = (BYLINE, DATE_USED, DATE_KNOWN, COMMENT)  # what a page prints between headline and story
_HEADLINE_MAX_WORDS = 25
_LABEL_MAX_WORDS = 3
_TITLE_WORDS = 15
_LONG_PARAGRAPH_WORDS = 25  # a repeated paragraph this long is a copy, not a refrain
_FIRST_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_LIST_ITEM = re.compile(r"^\s*(?:[-–•*·]|\d{1,2}[.)])\s")


@dataclass
class _Draft:
    """The article being cleaned: current text of each line, and why each removed line went."""

    raw: RawArticle
    repeated: frozenset[str]
    text: list[str]
    reasons: list[str | None]
    title: str | None
    author: str | None
    published: dt.date | None
    source: str | None
    removals: list[Removal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def kept(self, stop: int | None = None) -> list[int]:
        end = len(self.text) if stop is None else stop
        return [i for i in range(end) if self.reasons[i] is None]

    def drop(self, i: int, reason: str) -> None:
        self.reasons[i] = reason
        self.removals.append(Removal(self.text[i], reason, i))

    def cut(self, i: int, removed: str, remaining: str, reason: str) -> None:
        self.text[i] = remaining
        self.removals.append(Removal(removed, reason, i))

    def body_start(self) -> int | None:
        """The first kept line that reads like running story text; what comes before it is the page header."""
        return next((i for i in self.kept() if is_story_paragraph(self.text[i])), None)

    def body_end(self) -> int | None:
        """The last kept line that reads like running story text."""
        return next((i for i in reversed(self.kept()) if is_story_paragraph(self.text[i])), None)

    def header(self) -> list[int]:
        start = self.body_start()
        return [] if start is None else self.kept(start)


def headline_index(lines: Sequence[str]) -> int | None:
    """Where an article's headline is, when nothing but its text says: a line above the story that is not
    boilerplate, a date or a byline, preferring one longer than a section label ("Coast", "World news").

    None when the text opens straight with the story: its first paragraph is then story text, not a headline.
    """
    candidates: list[int] = []
    for i, line in enumerate(lines):
        if not line.strip() or match_line(line) or parse_date_line(line) or byline_author(line):
            continue
        if is_story_paragraph(line):
            break
        if word_count(line) <= _HEADLINE_MAX_WORDS:
            candidates.append(i)
    longer = [i for i in candidates if word_count(lines[i]) > _LABEL_MAX_WORDS]
    return (longer or candidates or [None])[0]


def _drop_pattern_lines(d: _Draft) -> None:
    for i, line in enumerate(d.text):
        if not line.strip():
            d.reasons[i] = _EMPTY
            continue
        reason = match_line(line)
        if reason is not None:
            d.drop(i, reason)


def _close_appeal_blocks(d: _Draft) -> None:
    """Fill short gaps in a multi-paragraph appeal: paragraphs between two of its lines are part of it."""
    for reason in _BLOCK_REASONS:
        marked = [i for i, r in enumerate(d.reasons) if r == reason]
        for a, b in zip(marked, marked[1:], strict=False):
            if b - a - 1 <= _BLOCK_GAP:
                for i in range(a + 1, b):
                    if d.reasons[i] is None:
                        d.drop(i, f"{reason} (inside the appeal)")


def _take_date_lines(d: _Draft) -> None:
    """Date lines above or below the story are page stamps; inside it they are a timeline's subheadings and stay."""
    start, end = d.body_start(), d.body_end()
    for i in d.kept():
        if start is not None and end is not None and start < i < end:
            continue
        found = parse_date_line(d.text[i])
        if found is None:
            continue
        if not found.has_year:
            d.drop(i, DATE_NO_YEAR)
        elif d.published is None:
            d.published = found.date
            d.drop(i, DATE_USED)
        else:
            d.drop(i, DATE_KNOWN)


def _take_bylines(d: _Draft) -> None:
    for i in d.header():
        author = byline_author(d.text[i])
        if author is None and _above_date_line(d, i) and is_name_line(d.text[i]):
            author = d.text[i].strip()
        if author is not None:
            d.author = d.author or author
            d.drop(i, BYLINE)


def _above_date_line(d: _Draft, i: int) -> bool:
    after = next((j for j in range(i + 1, len(d.text)) if d.reasons[j] != _EMPTY), None)
    return after is not None and (d.reasons[after] or "").startswith("date line")


def _take_title(d: _Draft) -> None:
    kept = d.kept()
    if not kept:
        return
    if d.title is None:
        found = headline_index([d.text[i] for i in kept])
        if found is None:
            d.title = _title_from_sentence(d.text[kept[0]])
            return
        d.title = d.text[kept[found]].strip()
    title_key = line_key(d.title)
    body = d.body_start()
    for n, i in enumerate(i for i in kept if line_key(d.text[i]) == title_key and title_key):
        in_header = body is None or i < body
        d.drop(i, HEADLINE if n == 0 and in_header else REPEATED_TITLE)


def _title_from_sentence(line: str) -> str:
    """A title for an article that has none: its first sentence, shortened."""
    words = _FIRST_SENTENCE.split(line.strip(), maxsplit=1)[0].split()
    return " ".join(words[:_TITLE_WORDS]) + ("…" if len(words) > _TITLE_WORDS else "")


def _drop_section_labels(d: _Draft) -> None:
    """Words above everything else ("Coast", "Analysis", "World news"): a site section, not story text.

    Only the top of the page counts, up to the first longer line, and never a list item: an article may open on a
    short bulleted list.
    """
    for i in d.header():
        line = d.text[i]
        if word_count(line) > _LABEL_MAX_WORDS or ends_sentence(line) or _LIST_ITEM.match(line):
            return
        d.drop(i, SECTION_LABEL)


def _drop_header_captions(d: _Draft) -> None:
    """A short unpunctuated line under the byline/date block and above the story is a photo/video caption."""
    start = d.body_start()
    if start is None:
        return
    after_meta = False
    for i in range(start):
        reason = d.reasons[i] or ""
        if reason in _METADATA_REASONS:
            after_meta = True
        elif d.reasons[i] is None and after_meta:
            line = d.text[i]
            if not ends_sentence(line) and word_count(line) <= _HEADLINE_MAX_WORDS:
                d.drop(i, HEADER_CAPTION)


def _strip_dateline(d: _Draft) -> None:
    start = d.body_start()
    found = split_dateline(d.text[start]) if start is not None else None
    if start is None or found is None:
        return
    d.cut(start, found.prefix, found.rest, DATELINE)
    if d.source is None:
        d.source = found.agency
    elif d.source.casefold() != found.agency.casefold():
        d.notes.append(f"the dateline credits {found.agency}: the story may come from that agency")


def _split_glued_headlines(d: _Draft) -> None:
    for i in d.kept():
        glued = split_glued_headline(d.text[i])
        if glued is not None:
            rule = match_line(glued.headline)
            d.cut(i, glued.headline, glued.sentence, f"{rule} {GLUED_SUFFIX}" if rule else GLUED)


def _drop_duplicates(d: _Draft) -> None:
    """Remove a line the article already has: a repeated title or subtitle, or a long paragraph's second copy.

    Short lines that recur in the body (an interview's question, a recipe's step, a table header) are story
    text and stay; a long paragraph printed twice is an extraction or page-layout copy.
    """
    title_key = line_key(d.title) if d.title else ""
    body = d.body_start()
    seen: set[str] = set()
    for i in d.kept():
        key = line_key(d.text[i])
        if not key:
            continue
        if key == title_key:
            d.drop(i, REPEATED_TITLE)
        elif key not in seen:
            seen.add(key)
        elif body is None or i < body:
            d.drop(i, REPEATED_SUBTITLE)
        elif word_count(d.text[i]) >= _LONG_PARAGRAPH_WORDS:
            d.drop(i, REPEATED_PARAGRAPH)


def _drop_outlet_repeats(d: _Draft) -> None:
    """Lines the outlet repeats, where page furniture sits: in the run of such lines that opens or closes the body.

    One between two story lines is kept: there it is more likely text two of the outlet's stories share (a
    standing information block, a recurring subheading) than a header or footer the extractor let through.
    """
    kept = d.kept()
    repeated = [line_key(d.text[i]) in d.repeated for i in kept]
    if all(repeated):
        edge = set(kept)
    else:
        first = repeated.index(False)
        last = len(repeated) - 1 - repeated[::-1].index(False)
        edge = set(kept[:first]) | set(kept[last + 1 :])
    for i, is_repeated in zip(kept, repeated, strict=True):
        if is_repeated and i in edge:
            d.drop(i, OUTLET_REPEAT)


STEPS: tuple[Callable[[_Draft], None], ...] = (
    _drop_pattern_lines,
    _close_appeal_blocks,
    _take_date_lines,
    _take_title,
    _take_bylines,
    _drop_section_labels,
    _drop_header_captions,
    _strip_dateline,
    _split_glued_headlines,
    _drop_duplicates,
    _drop_outlet_repeats,
)


def clean_article(raw: RawArticle, settings: Settings, repeated: frozenset[str] = frozenset()) -> Article:
    """Strip what is not the story from one article; ``repeated`` holds the line keys its outlet repeats.

    ``settings`` is taken so every stage has the same signature; the per-article rules have no thresholds.
    """
    d = _Draft(
        raw=raw,
        repeated=repeated,
        text=list(raw.lines),
        reasons=[None] * len(raw.lines),
        title=raw.title.strip() if raw.title and raw.title.strip() else None,
        author=raw.author,
        published=raw.published,
        source=raw.source,
    )
    for step in STEPS:
        step(d)
    return _finish(d)


def _finish(d: _Draft) -> Article:
    raw = d.raw
    paragraphs = tuple(d.text[i].strip() for i in d.kept() if d.text[i].strip())
    removals = sorted(d.removals, key=lambda r: -1 if r.line is None else r.line)
    return Article(
        id=raw.id,
        title=d.title or "",
        paragraphs=paragraphs,
        removed=tuple(removals),
        path=raw.path,
        source=d.source,
        url=raw.url,
        published=d.published,
        author=d.author,
        notes=raw.notes + tuple(d.notes),
    )


def is_cut(removal: Removal) -> bool:
    """True for a part cut off a kept line (a dateline prefix, a glued headline), not a whole line removed."""
    return removal.reason == DATELINE or removal.reason.endswith(GLUED_SUFFIX)


def lines_removed(article: Article) -> int:
    """How many source lines cleaning removed whole."""
    return len({r.line for r in article.removed if r.line is not None and not is_cut(r)})
