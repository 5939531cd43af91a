"""The renderers on a hand-built brief: citations map to sources, conflicts show both sides, HTML is safe."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import jsonschema
import pytest

from newsweave.render import render
from newsweave.render.html import render_html
from newsweave.render.markdown import render_markdown
from newsweave.render.schema import (
    ArticleOut,
    Brief,
    ConflictOut,
    ConflictSideOut,
    Derivation,
    EntityOut,
    FactOut,
    QuoteOut,
    RemovedText,
    SentencePairOut,
    SkippedOut,
    StoryOut,
    SummarySentenceOut,
    TimelineEntry,
    json_schema,
)
from newsweave.render.view import highlight, when

HOSTILE_TITLE = "Port shut <script>alert(1)</script> & \"quoted\" 'title'"


@pytest.fixture(scope="module")
def brief() -> Brief:
    courier = ArticleOut(
        id="a-courier",
        title="Container ship runs aground, Kessford port shut",
        source="Kessford Courier",
        published="2025-03-10",
        author="Hanna Brell",
        url="https://courier.example.com/aground",
        path="examples/aurelia-bay/kessford-courier_ship-aground.txt",
        language="en",
        text="The ship struck Tallow Bank on Monday.\n\nThe coastguard said 42 containers fell overboard.",
        removed=[
            RemovedText(text="By Hanna Brell", reason="byline"),
            RemovedText(text="Also read: <b>Dredging</b> plan delayed", reason="link to another story"),
        ],
        derived_from=[],
    )
    observer = ArticleOut(
        id="b-observer",
        title=HOSTILE_TITLE,
        source="The Strait Observer",
        published=None,
        url="javascript:alert(2)",
        language="en",
        text="The ship became stuck in the early hours of Sunday.\n\nOnly 24 containers fell overboard.",
        removed=[RemovedText(text="<img src=x onerror=alert(3)>", reason="comment prompt")],
        derived_from=["a-courier"],
        derivations=[
            Derivation(
                source="a-courier",
                kind="rewrite",
                score=0.75,
                direction="published later",
                evidence=[
                    SentencePairOut(
                        article_sentence="The ship became stuck in the early hours of Sunday.",
                        source_sentence="The ship struck Tallow Bank on Monday.",
                        similarity=0.81,
                    )
                ],
            )
        ],
        notes=["no date found; relative dates resolved against the run date"],
    )
    story = StoryOut(
        id="s1",
        title="Aurelia Bay aground <i>in</i> the Marrow Strait",
        article_ids=["a-courier", "b-observer"],
        summary=[
            SummarySentenceOut(
                text="The Aurelia Bay ran aground on Tallow Bank.", sources=["b-observer", "a-courier"]
            ),
            SummarySentenceOut(
                text="Containers went overboard near the Hallam Islands.", sources=["a-courier"]
            ),
            SummarySentenceOut(text="Ferries to the islands <em>stopped</em>.", sources=["b-observer"]),
        ],
        facts=[
            FactOut(
                id="f1",
                text="The ship ran aground on Tallow Bank.",
                sources=["a-courier", "b-observer"],
                independent_sources=1,
                single_source=False,
            ),
            FactOut(
                id="f2",
                text="Islink Ferries suspended the ferry.",
                sources=["b-observer"],
                independent_sources=1,
                single_source=True,
            ),
        ],
        single_source=["f2"],
        conflicts=[
            ConflictOut(
                id="c1",
                kind="number",
                what="how many containers went overboard: 42 vs 24",
                sides=[
                    ConflictSideOut(
                        article="a-courier",
                        text="The coastguard said 42 containers fell overboard.",
                        value="42",
                    ),
                    ConflictSideOut(
                        article="b-observer", text="Only 24 containers fell overboard.", value="24"
                    ),
                ],
            )
        ],
        quotes=[
            QuoteOut(
                text="Nobody goes in or out of Kessford until we know that channel is safe",
                speaker="Tomas Reyne",
                sources=["b-observer", "a-courier"],
            ),
            QuoteOut(text="It's like someone <switched> the town off", speaker=None, sources=["b-observer"]),
        ],
        timeline=[
            TimelineEntry(date="2025-03-10", text="The ship runs aground.", sources=["a-courier"]),
            TimelineEntry(
                date="2025-03-17",
                end="2025-03-23",
                granularity="week",
                text="The port reopens to all ships.",
                sources=["a-courier"],
            ),
            TimelineEntry(
                date="2025-04-01",
                end="2025-04-30",
                granularity="month",
                text="The inquiry publishes a first report.",
                sources=["a-courier"],
            ),
        ],
        entities=[EntityOut(name="Tomas Reyne", aliases=["Reyne"], kind="PERSON")],
    )
    return Brief(
        articles=[courier, observer],
        stories=[story],
        skipped=[SkippedOut(path="inbox/photo.jpg", reason="binary file, not an article")],
    )


@pytest.fixture(scope="module")
def markdown(brief: Brief) -> str:
    return render_markdown(brief)


@pytest.fixture(scope="module")
def html(brief: Brief) -> str:
    return render_html(brief)


def _md_source_numbers(markdown: str) -> dict[str, int]:
    """Source number -> article id, read back from the Markdown source list."""
    return {
        m.group(2): int(m.group(1))
        for m in re.finditer(r"^- \*\*\[(\d+)\]\*\* .*id `([^`]+)`", markdown, re.M)
    }


def test_markdown_summary_sentences_cite_the_right_sources(brief: Brief, markdown: str) -> None:
    numbers = _md_source_numbers(markdown)
    assert numbers == {"a-courier": 1, "b-observer": 2}
    for sentence in brief.stories[0].summary:
        expected = ", ".join(str(n) for n in sorted(numbers[s] for s in sentence.sources))
        text = sentence.text.replace("<", "\\<").replace(">", "\\>")
        assert f"{text} [{expected}]" in markdown


def test_markdown_source_list_names_outlet_title_date_and_flags(markdown: str) -> None:
    assert (
        "**[1]** Kessford Courier: Container ship runs aground, Kessford port shut (2025-03-10;" in markdown
    )
    assert "  - 2 lines removed" in markdown
    assert "  - rewrite of [1] (Kessford Courier), 75% of sentences restated" in markdown
    assert "  - no publication date" in markdown
    assert "  - no date found; relative dates resolved against the run date" in markdown


def test_markdown_conflict_shows_both_sides_with_values_bold(markdown: str) -> None:
    conflicts = markdown.split("### Conflicts")[1].split("###")[0]
    assert "how many containers went overboard: 42 vs 24" in conflicts
    assert "[1] Kessford Courier: “The coastguard said **42** containers fell overboard.”" in conflicts
    assert "[2] The Strait Observer: “Only **24** containers fell overboard.”" in conflicts


def test_markdown_quotes_timeline_entities_single_source_and_skipped(markdown: str) -> None:
    assert (
        "- **Tomas Reyne**: “Nobody goes in or out of Kessford until we know that channel is safe” [1, 2]"
        in markdown
    )
    assert "- **Unattributed**: “It's like someone \\<switched\\> the town off” [2]" in markdown
    assert "- **2025-03-10 (Mon)**: The ship runs aground. [1]" in markdown
    assert "- **week of 2025-03-17**: The port reopens to all ships. [1]" in markdown
    assert "- **April 2025**: The inquiry publishes a first report. [1]" in markdown
    assert "- **Tomas Reyne** (person), also: Reyne" in markdown
    single = markdown.split("### Single-source claims")[1].split("###")[0]
    assert "Islink Ferries suspended the ferry. (The Strait Observer) [2]" in single
    assert "ran aground on Tallow Bank" not in single
    assert markdown.rstrip().endswith("## Skipped inputs\n\n- `inbox/photo.jpg`: binary file, not an article")


def test_markdown_escapes_markup_from_articles(markdown: str) -> None:
    assert "<script>" not in markdown
    assert "\\<script\\>alert(1)\\</script\\>" in markdown


class _Page(HTMLParser):
    """Collects what the safety and self-containment checks need from a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: list[str] = []
        self.errors: list[str] = []
        self.stack: list[str] = []

    _VOID = {"meta", "link", "br", "img", "hr", "input", "source", "wbr"}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids.append(attributes["id"] or "")
        if tag not in self._VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
            return
        self.stack.pop()


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def test_html_parses_with_balanced_tags_and_unique_ids(html: str) -> None:
    page = _parse(html)
    assert page.errors == []
    assert page.stack == []
    assert len(page.ids) == len(set(page.ids))
    assert html.startswith("<!DOCTYPE html>")


def test_html_escapes_untrusted_text_and_forbids_scripts(html: str) -> None:
    page = _parse(html)
    assert [
        tag for tag, _ in page.tags if tag in {"script", "img", "iframe", "object", "embed", "b", "em", "i"}
    ] == []
    assert "Port shut &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quoted&#34; &#39;title&#39;" in html
    assert "&lt;img src=x onerror=alert(3)&gt;" in html
    csp = [
        a["content"]
        for tag, a in page.tags
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert len(csp) == 1
    assert "script-src 'none'" in (csp[0] or "")
    assert not any(
        value and value.strip().lower().startswith("javascript:")
        for _, attrs in page.tags
        for value in attrs.values()
    )


def test_html_is_self_contained(html: str) -> None:
    page = _parse(html)
    assert not any(tag == "link" for tag, _ in page.tags)
    assert not any("src" in attrs for _, attrs in page.tags)
    assert "@import" not in html and "url(" not in html
    external = [a["href"] for tag, a in page.tags if tag == "a" and not (a.get("href") or "").startswith("#")]
    assert external == ["https://courier.example.com/aground"]


def test_html_citations_link_to_the_right_sources(brief: Brief, html: str) -> None:
    page = _parse(html)
    anchors = {a["id"]: a for tag, a in page.tags if tag == "article" and a.get("id", "").startswith("src-")}
    assert set(anchors) == {"src-1", "src-2"}
    for sentence in brief.stories[0].summary:
        numbers = sorted({"a-courier": 1, "b-observer": 2}[s] for s in sentence.sources)
        links = ", ".join(f'<a href="#src-{n}" title="[^"]*">{n}</a>' for n in numbers)
        text = sentence.text.replace("<", "&lt;").replace(">", "&gt;")
        assert re.search(
            re.escape(f'<span class="sentence">{text}</span><sup class="cite">[') + links + r"\]</sup>", html
        )
    hrefs = {a["href"] for tag, a in page.tags if tag == "a" and (a.get("href") or "").startswith("#")}
    targets = set(page.ids)
    assert {h[1:] for h in hrefs} <= targets


def test_html_conflict_sides_and_details(html: str) -> None:
    assert "The coastguard said <mark>42</mark> containers fell overboard." in html
    assert "Only <mark>24</mark> containers fell overboard." in html
    assert html.count('<figure class="side">') == 2
    assert "<summary>Removed by cleaning (2)</summary>" in html
    assert "Also read: &lt;b&gt;Dredging&lt;/b&gt; plan delayed" in html
    assert '<span class="reason">byline</span>' in html
    assert "<summary>Clean text (14 words)</summary>" in html
    assert '<ol class="timeline">' in html
    assert "<code>inbox/photo.jpg</code>: binary file, not an article" in html
    assert "prefers-color-scheme: dark" in html


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_rendering_is_deterministic(brief: Brief, fmt: str) -> None:
    again = Brief.model_validate_json(brief.to_json())
    assert render(brief, fmt) == render(brief, fmt) == render(again, fmt)


def test_json_round_trips_and_follows_the_schema(brief: Brief) -> None:
    text = render(brief, "json")
    assert Brief.model_validate_json(text) == brief
    jsonschema.Draft202012Validator.check_schema(json_schema())
    jsonschema.validate(json.loads(text), json_schema(), cls=jsonschema.Draft202012Validator)


def test_render_dispatches_and_rejects_unknown_formats(brief: Brief, markdown: str, html: str) -> None:
    assert render(brief, "md") == markdown
    assert render(brief, "html") == html
    with pytest.raises(ValueError, match="unknown output format 'pdf'"):
        render(brief, "pdf")  # type: ignore[arg-type]


def test_empty_brief_renders() -> None:
    empty = Brief(articles=[], stories=[], skipped=[])
    assert render_markdown(empty) == "# newsweave brief\n\n0 stories · 0 articles\n"
    assert _parse(render_html(empty)).errors == []


def test_highlight_prefers_the_whole_value() -> None:
    mark = highlight("In 2024 the ship lost 24 containers.", "24")
    assert (mark.before, mark.value, mark.after) == ("In 2024 the ship lost ", "24", " containers.")
    assert highlight("It grounded on SUNDAY night.", "Sunday").value == "SUNDAY"
    assert highlight("No number here.", "42").value == ""


def test_markdown_names_a_value_missing_from_its_sentence() -> None:
    article = ArticleOut(
        id="x", title="T", source=None, published=None, text="Body.", removed=[], derived_from=["gone"]
    )
    conflict = ConflictOut(
        id="c",
        kind="date",
        what="when",
        sides=[ConflictSideOut(article="x", text="It was early.", value="Sunday")],
    )
    story = StoryOut(
        id="s",
        title="S",
        article_ids=["x"],
        summary=[],
        facts=[],
        conflicts=[conflict],
        quotes=[],
        timeline=[],
        entities=[],
    )
    text = render_markdown(Brief(articles=[article], stories=[story], skipped=[]))
    assert "  - [1] Unknown outlet: “It was early. (says **Sunday**)”" in text
    assert "  - derived from gone" in text
    assert "### Single-source claims\n\nNone found." in text


def test_dates_read_naturally_without_locale() -> None:
    assert when("2025-03-09") == "2025-03-09 (Sun)"
    assert when("2025-03-10", "2025-03-12") == "2025-03-10 (Mon) – 2025-03-12 (Wed)"
    assert when("2025-03-10", "2025-03-16", "week") == "week of 2025-03-10"
    assert when("2025-01-01", "2025-12-31", "year") == "2025"
    assert when("sometime") == "sometime"
