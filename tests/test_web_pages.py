"""The HTML pages, read as HTML: citations that land on their sentence, conflicts, charts, removals, escaping."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import lxml.html
import pytest
from fastapi.testclient import TestClient

from newsweave.web import WebSettings, create_app
from tests.test_web_api import HOSTILE, stored_corpus

_SETTINGS = WebSettings(requests_per_minute=0, heavy_per_minute=0, max_body_bytes=400_000, max_articles=20)


@pytest.fixture(scope="module")
def client(tmp_path_factory, examples_dir):
    app = create_app(stored_corpus(tmp_path_factory, examples_dir), settings=_SETTINGS)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def aurelia(client) -> str:
    found = client.get("/api/stories", params={"q": "Kessford"}).json()["items"]
    return found[0]["id"]


def _page(client, path: str, status: int = 200):
    response = client.get(path)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    _assert_no_inline_code(response.text)
    return lxml.html.fromstring(response.text)


def _assert_no_inline_code(html: str) -> None:
    """Scripts only from our own file; no inline handlers or styles (the CSP would block them anyway)."""
    scripts = re.findall(r"<script\b[^>]*>", html, re.IGNORECASE)
    assert all(re.search(r'\bsrc="/static/newsweave\.js\?v=\w+"', tag) for tag in scripts), scripts
    assert not re.search(r"<[a-z][^>]*\s(on\w+|style)\s*=", html, re.IGNORECASE)


def _text(element) -> str:
    return " ".join(element.text_content().split())


# --- stories list ----------------------------------------------------------------------------------------------


def test_stories_list_shows_counts_and_filters(client, aurelia):
    client.get(f"/stories/{aurelia}")  # computes the brief, and with it the conflict counts
    doc = _page(client, "/")
    rows = doc.cssselect("table.stories tbody tr")
    assert len(rows) == 2
    cells = [_text(td) for td in rows[1].cssselect("td")]
    assert cells[2:4] == ["7", "8"] and int(cells[4]) >= 1
    filtered = _page(client, "/?q=Kessford&since=&until=&outlet=&min_sources=1")
    assert len(filtered.cssselect("table.stories tbody tr")) == 1
    assert "1 story matches" in _text(filtered.cssselect(".counts")[0])
    assert _page(client, "/?q=zzzunheardofword").cssselect("p.none")


def test_stories_list_pages(tmp_path_factory, examples_dir):
    settings = WebSettings(requests_per_minute=0, heavy_per_minute=0, page_size=1)
    with TestClient(create_app(stored_corpus(tmp_path_factory, examples_dir), settings=settings)) as client:
        first = _page(client, "/")
        older = first.cssselect("a[rel=next]")[0].get("href")
        second = _page(client, older)
        assert second.cssselect("a[rel=prev]") and not second.cssselect("a[rel=next]")
        assert _text(first.cssselect("td.title")[0]) != _text(second.cssselect("td.title")[0])


# --- a story ---------------------------------------------------------------------------------------------------


def test_citations_open_the_sentence_they_cite(client, aurelia):
    doc = _page(client, f"/stories/{aurelia}")
    summary = doc.cssselect("#summary .sentence")
    assert summary
    checked = 0
    for sentence in summary:
        links = sentence.getnext().cssselect("a")
        assert links
        for link in links:
            parts = urlsplit(link.get("href"))
            assert parts.path.startswith("/articles/")
            if not parts.fragment:  # the source says it too differently to point at one sentence, and says so
                assert "approx" in link.get("class") and "opens the article" in link.get("title")
                continue
            assert re.fullmatch(r"s-\d+", parts.fragment)
            if "approx" in (link.get("class") or "") or parts.query:
                continue
            article = _page(client, parts.path)
            target = article.get_element_by_id(parts.fragment)
            assert _text(target) == " ".join(sentence.text_content().split())
            checked += 1
    assert checked >= 3


def test_reported_statements_cite_the_sentence_that_reports_them(client, aurelia):
    (story,) = client.get(f"/api/stories/{aurelia}").json()["brief"]["stories"]
    reported = story["reported"]
    assert reported, "the example corpus reports speech without quotation marks"
    items = _page(client, f"/stories/{aurelia}").cssselect("ul.reported li")
    assert len(items) == len(reported)
    first = items[0]
    assert _text(first.cssselect("strong")[0]) == reported[0]["speaker"] and "(reported)" in _text(first)
    link = first.cssselect("a")[0]
    parts = urlsplit(link.get("href"))
    target = _page(client, parts.path).get_element_by_id(parts.fragment)
    assert reported[0]["text"] in _text(target)


def test_conflicts_show_both_sides_with_the_difference_marked(client, aurelia):
    doc = _page(client, f"/stories/{aurelia}")
    conflicts = doc.cssselect("#conflicts .conflict")
    assert conflicts
    numbers = next(c for c in conflicts if "containers" in _text(c.cssselect(".what")[0]))
    columns = numbers.cssselect(".column")
    assert len(columns) == 2
    marks = [[_text(m) for m in column.cssselect("mark")] for column in columns]
    assert {m for side in marks for m in side} == {"24 containers", "42 containers"}
    assert all(side for side in marks)
    ledger = [_text(a) for a in columns[0].cssselect("figcaption a")]
    assert any("Maritime Ledger" in name for name in ledger)
    # the sides say whom their article cites for the figure ("According to the coastguard, 24 containers ...")
    captions = [_text(f) for f in numbers.cssselect("figcaption")]
    assert any("Maritime Ledger" in c and "(attributed to Coastguard)" in c for c in captions)


def test_timeline_chart_and_provenance_graph(client, aurelia):
    doc = _page(client, f"/stories/{aurelia}")
    chart = doc.cssselect("#timeline svg")[0]
    marks = chart.cssselect("a.mark")
    entries = doc.cssselect("ol.timeline li")
    assert len(marks) >= 5 and len(entries) >= len(marks)
    for mark in marks:
        assert doc.get_element_by_id(mark.get("href")[1:]) is not None
    graph = doc.cssselect("#sources svg")[0]
    assert {_text(t) for t in graph.cssselect("text.edge-label")} == {"duplicate", "rewrite"}
    assert len(graph.cssselect("a")) == 8  # every article is a node that links to its page


def test_entities_link_to_their_pages(client, aurelia):
    doc = _page(client, f"/stories/{aurelia}")
    link = next(a for a in doc.cssselect("#entities a") if _text(a) == "Tomas Reyne")
    entity = _page(client, link.get("href"))
    assert _text(entity.cssselect("h1")[0]).startswith("Tomas Reyne")
    assert any(a.get("href") == f"/stories/{aurelia}" for a in entity.cssselect("a"))
    assert any("Nobody goes in or out of Kessford" in _text(q) for q in entity.cssselect("blockquote"))
    reported = [_text(li) for li in entity.cssselect("ul.reported li")]
    assert any(r.startswith("the port will stay closed until divers have surveyed the channel") for r in reported)
    assert not any("Nobody goes in or out" in r for r in reported)  # quotations stay under Quotes


def test_a_multi_sentence_citation_highlights_each_sentence(client):
    doc = _page(client, "/articles/kessford-courier_ship-aground?hl=1-2")
    assert [e.get("id") for e in doc.cssselect(".clean .s.hl")] == ["s-1", "s-2"]


# --- an article ------------------------------------------------------------------------------------------------


def test_article_shows_clean_text_beside_removals_with_reasons(client):
    doc = _page(client, "/articles/viraltide-cargo-ship-stuck")
    removed = {
        _text(li.cssselect(".text")[0]): _text(li.cssselect(".reason")[0]) for li in doc.cssselect("ul.removed li")
    }
    assert "Share this story with your friends!" in removed and all(removed.values())
    clean = _text(doc.cssselect("section.clean")[0])
    assert "Share this story" not in clean and "Aurelia Bay" in clean
    assert doc.cssselect(".clean .s#s-0")
    assert any(a.get("href") == "/articles/kessford-courier_ship-aground" for a in doc.cssselect("dl a"))


# --- untrusted text --------------------------------------------------------------------------------------------


def test_markup_in_articles_is_shown_as_text(client):
    listing = client.get("/").text
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in listing
    story_id = client.get("/api/articles/hostile-script").json()["story_id"]
    for path in (f"/stories/{story_id}", "/articles/hostile-script"):
        html = client.get(path).text
        _assert_no_inline_code(html)
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>Outlet</b>" not in html
        assert "javascript:" not in " ".join(a.get("href") or "" for a in lxml.html.fromstring(html).cssselect("a"))
    article = _page(client, "/articles/hostile-script")
    assert HOSTILE["title"] in _text(article.cssselect("h1")[0])
    assert "onerror=alert('text')" in _text(article.cssselect("section.clean")[0])


def test_unknown_ids_are_404_pages(client):
    for path in ("/stories/nope", "/articles/nope", "/entities/nope", "/no/such/page"):
        doc = _page(client, path, 404)
        assert "404" in _text(doc.cssselect("h1")[0])


def test_ids_with_odd_characters_round_trip(client):
    doc = _page(client, "/articles/" + "hostile%2Fnot-there", 404)
    assert "hostile/not-there" in _text(doc.cssselect(".error-box")[0])


# --- brief without storing -------------------------------------------------------------------------------------


def _uploads(examples_dir):
    return [("files", (p.name, p.read_bytes())) for p in sorted((examples_dir / "aurelia-bay").glob("*.txt"))]


def test_brief_page_briefs_uploaded_files_with_in_page_citations(client, examples_dir):
    assert _page(client, "/brief").cssselect("form.brief textarea[name=text]")
    response = client.post("/brief", files=_uploads(examples_dir), data={"format": "page"})
    assert response.status_code == 200, response.text[:500]
    _assert_no_inline_code(response.text)
    doc = lxml.html.fromstring(response.text)
    assert "Brief of 4 articles" in _text(doc.cssselect("h1")[0])
    links = [a.get("href") for a in doc.cssselect("#story-1-summary sup.cite a")]
    assert links and all(re.fullmatch(r"#src-\d+(-s-\d+)?", href) for href in links)
    for href in links:
        assert doc.get_element_by_id(href[1:]) is not None
    assert doc.cssselect("#articles ul.removed li .reason")
    assert "newsweave-upload" not in response.text  # the server's temporary folder stays private
    assert client.get("/api/stories").json()["total"] == 2  # nothing was stored


def test_brief_page_downloads(client, examples_dir):
    text = "\n---\n".join(
        f"{p.stem}\nSource: {p.stem.split('_')[0]}\n\n{p.read_text(encoding='utf-8')}"
        for p in sorted((examples_dir / "aurelia-bay").glob("*.txt"))[:2]
    )
    as_json = client.post("/brief", data={"text": text, "format": "json"})
    assert as_json.headers["content-disposition"] == 'attachment; filename="newsweave-brief.json"'
    assert len(json.loads(as_json.text)["articles"]) == 2
    as_md = client.post("/brief", data={"text": text, "format": "md"})
    assert as_md.headers["content-type"].startswith("text/markdown") and "# " in as_md.text


def test_brief_page_explains_bad_input_and_keeps_it(client):
    response = client.post("/brief", data={"text": '[{"title": "broken', "format": "page"})
    assert response.status_code == 400
    doc = lxml.html.fromstring(response.text)
    assert "not valid" in _text(doc.cssselect(".error-box")[0])
    assert doc.cssselect("textarea[name=text]")[0].text == '[{"title": "broken'
    empty = client.post("/brief", data={"text": "", "format": "page"})
    assert empty.status_code == 400 and "no articles" in empty.text
    furniture = client.post("/brief", data={"text": "A title\nSign up for our newsletter", "format": "page"})
    assert furniture.status_code == 422 and "No article could be briefed" in furniture.text
    assert "no story text left" in furniture.text


def test_brief_page_refuses_oversize_uploads(client):
    response = client.post("/brief", files=[("files", ("big.txt", b"word " * 100_000))], data={"format": "page"})
    assert response.status_code == 413


def test_server_without_corpus_sends_you_to_brief():
    with TestClient(create_app(open_store=False, settings=_SETTINGS)) as client:
        response = client.get("/", follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/brief"


# --- the API reference -----------------------------------------------------------------------------------------


def test_docs_page_lists_the_endpoints(client):
    doc = _page(client, "/docs")
    headings = {_text(h) for h in doc.cssselect(".endpoint h3")}
    assert "POST/api/brief" in {h.replace(" ", "") for h in headings}
    assert len(headings) == 7


def test_static_files_are_served_with_the_policy(client):
    css = client.get("/static/newsweave.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert "script-src 'self'" in css.headers["content-security-policy"]
    for path in ("/static/../app.py", "/static/%2E%2E/app.py", "/static/..%2Fapp.py"):
        assert client.get(path).status_code == 404
