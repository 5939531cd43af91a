"""The web UI's building blocks: sentence anchors, conflict marks, charts, limits, pasted input, URL fetching."""

from __future__ import annotations

import asyncio
import http.server
import threading
from collections.abc import Iterator

import pytest

from newsweave.render.schema import ArticleOut, Derivation, TimelineEntry
from newsweave.render.view import Source
from newsweave.web.anchors import locate, sentence_map
from newsweave.web.briefing import BadInput, parse_pasted
from newsweave.web.cache import PageCache
from newsweave.web.charts import provenance_graph, timeline_chart
from newsweave.web.differ import mark_differences
from newsweave.web.fetch import FetchError, fetch_page
from newsweave.web.security import BodyLimit, TokenBuckets
from newsweave.web.views import article_paragraphs

TEXT = (
    "The harbour closed on Monday. Ships waited at anchor for two days.\n\n"
    "“We will reopen soon,” said the harbour master. Nobody believed him."
)


# --- sentence anchors ------------------------------------------------------------------------------------------


def test_sentences_are_numbered_across_paragraphs():
    spans = sentence_map("a", TEXT).spans
    assert [TEXT[s:e] for s, e in spans] == [
        "The harbour closed on Monday.",
        "Ships waited at anchor for two days.",
        "“We will reopen soon,” said the harbour master.",
        "Nobody believed him.",
    ]


def test_an_exact_citation_finds_its_sentence():
    target = locate("a", TEXT, None, "Ships waited at anchor for two days.")
    assert (target.first, target.last, target.exact) == (1, 1, True)
    assert target.fragment == "s-1"


def test_typography_and_case_do_not_hide_a_quotation():
    target = locate("a", TEXT, "en", '"we will reopen soon," said the  harbour master.')
    assert (target.first, target.exact) == (2, True)


def test_a_citation_over_two_sentences_covers_both():
    target = locate("a", TEXT, None, "on Monday. Ships waited")
    assert (target.first, target.last) == (0, 1)


def test_a_reworded_claim_points_at_the_closest_sentence_and_says_so():
    target = locate("a", TEXT, None, "Vessels waited at anchor for two days off the port.")
    assert (target.first, target.exact) == (1, False)


def test_nothing_similar_is_not_claimed():
    assert locate("a", TEXT, None, "Quantum chromodynamics predicts gluon confinement.") is None


def test_article_paragraphs_keep_every_character_and_mark_the_highlight():
    paragraphs = article_paragraphs("a", TEXT, None, (2, 3))
    rebuilt = "\n\n".join(
        "".join(part if isinstance(part, str) else part.text for part in paragraph.parts) for paragraph in paragraphs
    )
    assert rebuilt == TEXT
    marked = [p.index for paragraph in paragraphs for p in paragraph.parts if not isinstance(p, str) and p.highlighted]
    assert marked == [2, 3]


# --- conflict marks --------------------------------------------------------------------------------------------


def _marked(pieces) -> list[str]:
    return [p.text for p in pieces if p.marked]


def test_the_value_is_marked_where_it_stands():
    pieces = mark_differences("In all 24 containers fell overboard in 2024.", "24 containers", ["42 containers"], [])
    assert _marked(pieces) == ["24 containers"]
    assert "".join(p.text for p in pieces) == "In all 24 containers fell overboard in 2024."


def test_a_resolved_date_value_marks_the_words_as_written():
    text = "The ship became stuck in the early hours of Sunday as it approached."
    assert _marked(mark_differences(text, "of Sunday (2025-03-09)", ["on Monday (2025-03-10)"], [])) == ["of Sunday"]


def test_words_only_this_side_has_are_marked_when_the_value_is_not_in_the_sentence():
    text = "Officials said the vessel left port on Sunday night."
    pieces = mark_differences(text, "departed Sunday", ["departed Monday"], [])
    assert _marked(pieces) == ["Sunday"]


def test_falls_back_to_a_word_diff_against_the_other_side():
    pieces = mark_differences(
        "The minister resigned after the vote.",
        "resignation",
        ["no resignation"],
        ["The minister stayed after the vote."],
    )
    assert _marked(pieces) == ["resigned"]


# --- charts ----------------------------------------------------------------------------------------------------


def _entry(date: str, granularity: str = "day", end: str | None = None) -> TimelineEntry:
    return TimelineEntry(text=f"Something on {date}.", sources=["a"], date=date, end=end, granularity=granularity)


def test_timeline_columns_are_ordered_stacked_and_broken_over_long_gaps():
    chart = timeline_chart(
        [_entry("2025-03-10"), _entry("2009-01-01", "year", "2009-12-31"), _entry("2025-03-10"), _entry("2025-03-11")]
    )
    assert [c.label for c in chart.columns] == ["2009", "10 Mar", "11 Mar"]
    xs = [c.x for c in chart.columns]
    assert xs == sorted(xs)
    assert len(chart.breaks) == 1 and xs[0] < chart.breaks[0] < xs[1]
    two = chart.columns[1]
    assert len(two.marks) == 2 and two.marks[0].y > two.marks[1].y  # stacked upwards
    assert chart.columns[0].marks[0].span and not two.marks[0].span
    assert [m.index for c in chart.columns for m in c.marks] == [1, 0, 2, 3]


def test_timeline_counts_what_it_cannot_draw():
    chart = timeline_chart([_entry("2025-03-10")] * 11)
    assert len(chart.columns[0].marks) == 8 and chart.columns[0].hidden == 3


def test_no_dates_no_chart():
    assert timeline_chart([]) is None


def _source(number: int, article_id: str, derived: tuple[str, ...] = (), kind: str = "rewrite") -> Source:
    article = ArticleOut(
        id=article_id,
        title=f"Title {article_id}",
        source=f"Outlet {article_id}",
        published=None,
        text="x",
        removed=[],
        derived_from=list(derived),
        derivations=[Derivation(source=d, kind=kind, score=0.5, direction="later") for d in derived],
    )
    return Source(number, article, article.source)


def test_provenance_puts_copies_right_of_their_originals():
    graph = provenance_graph([_source(1, "a"), _source(2, "b", ("a",)), _source(3, "c", ("b",)), _source(4, "d")])
    x = {n.source.article.id: n.x for n in graph.nodes}
    assert x["a"] < x["b"] < x["c"]
    assert [e.kind for e in graph.edges] == ["rewrite", "rewrite"]
    loose = next(n for n in graph.nodes if n.source.article.id == "d")
    assert graph.independent_y is not None and loose.y > graph.independent_y


def test_provenance_survives_a_cycle():
    graph = provenance_graph([_source(1, "a", ("b",)), _source(2, "b", ("a",))])
    assert len(graph.nodes) == 2 and len(graph.edges) == 2


# --- limits ----------------------------------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_token_bucket_allows_a_burst_then_the_rate():
    clock = Clock()
    buckets = TokenBuckets(per_minute=60, burst=3, clock=clock)
    assert [buckets.take("x") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert buckets.take("x") == pytest.approx(1.0)
    assert buckets.take("y") == 0.0  # another client has its own budget
    clock.now = 1.0
    assert buckets.take("x") == 0.0


def test_body_limit_stops_a_chunked_body_that_grows_too_large():
    sent: list[dict] = []

    async def app(scope, receive, send):
        while (await receive()).get("more_body"):
            pass
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    chunks = iter([{"type": "http.request", "body": b"x" * 60, "more_body": True}] * 3)

    async def receive():
        return next(chunks)

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "path": "/api/brief", "headers": []}
    asyncio.run(BodyLimit(app, max_bytes=100)(scope, receive, send))
    assert sent[0]["status"] == 413


def test_page_cache_forgets_old_and_least_used_pages():
    clock = Clock()
    cache = PageCache(entries=2, seconds=10, clock=clock)
    cache.put("a", "A")
    cache.put("b", "B")
    cache.get("a")
    cache.put("c", "C")
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == ("A", None, "C")
    clock.now = 11
    assert cache.get("a") is None


def test_page_cache_is_bounded_by_size_too():
    cache = PageCache(entries=10, seconds=10, max_chars=10)
    cache.put("a", "aaaa")
    cache.put("b", "bbbb")
    cache.put("c", "cccc")  # 12 characters: the oldest goes
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (None, "bbbb", "cccc")
    cache.put("huge", "x" * 11)  # larger than the whole cache: not kept, and nothing else is evicted for it
    assert (cache.get("huge"), cache.get("b")) == (None, "bbbb")


# --- pasted input ----------------------------------------------------------------------------------------------


def test_pasted_articles_are_split_with_their_metadata():
    records = parse_pasted(
        "Port closes\nSource: Kessford Courier\nDate: 2025-03-10\n\nThe port closed.\n\nIt may reopen.\n---\n"
        "Second title\nThe text of the second."
    )
    assert records == [
        {"title": "Port closes", "source": "Kessford Courier", "published": "2025-03-10",
         "text": "The port closed.\n\nIt may reopen."},
        {"title": "Second title", "text": "The text of the second."},
    ]  # fmt: skip


def test_pasted_articles_from_a_browser_form_have_crlf_line_ends():
    records = parse_pasted("First\r\nSource: A\r\n\r\nOne text.\r\n---\r\nSecond\r\nTwo text.")
    assert [(r["title"], r.get("source"), r["text"]) for r in records] == [
        ("First", "A", "One text."),
        ("Second", None, "Two text."),
    ]


def test_pasted_json_and_json_lines_are_records():
    assert parse_pasted('[{"title": "a", "text": "b"}]') == [{"title": "a", "text": "b"}]
    assert parse_pasted('{"title": "a", "text": "b"}\n{"title": "c", "text": "d"}') == [
        {"title": "a", "text": "b"},
        {"title": "c", "text": "d"},
    ]


def test_broken_pasted_json_says_where():
    with pytest.raises(BadInput, match="line 1"):
        parse_pasted('[{"title": "a", ')


def test_nothing_pasted_is_no_records():
    assert parse_pasted("  \n ") == []


# --- URL fetching (only on servers that enable it) -------------------------------------------------------------


class _Page(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/article")
            self.end_headers()
            return
        body = "<html><body><h1>Über</h1><p>Text</p></body></html>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def page_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_fetch_refuses_loopback_addresses(page_server):
    with pytest.raises(FetchError, match="non-public"):
        fetch_page(page_server + "/article", timeout=5, max_bytes=10_000)


def test_fetch_follows_redirects_and_decodes(page_server):
    page = fetch_page(page_server + "/moved", timeout=5, max_bytes=10_000, allow_private=True)
    assert page.url.endswith("/article") and "Über" in page.text and page.html


def test_fetch_enforces_the_size_cap(page_server):
    with pytest.raises(FetchError, match="larger than"):
        fetch_page(page_server + "/article", timeout=5, max_bytes=10, allow_private=True)


def test_fetch_refuses_other_schemes():
    with pytest.raises(FetchError, match="only http"):
        fetch_page("file:///etc/passwd", timeout=5, max_bytes=10)
