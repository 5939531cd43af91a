"""End to end in headless Chromium: a real server on a store holding the seeds and the example corpus.

Debian's chromium is driven by Playwright's Python package (no browser download). Screenshots of every step are
saved under test-artifacts/web/ so a person can look at what the tests saw.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_web_api import HOSTILE

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "web"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, examples_dir, request) -> tuple[str, bool]:
    """A store with examples/aurelia-bay, the hostile article and, when ../shared is there, the seeds."""
    if not CHROMIUM.exists():
        pytest.skip("headless browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
    from newsweave.store import Store

    try:
        seeds = request.getfixturevalue("seeds_dir")
    except pytest.skip.Exception:
        seeds = None
    url = f"sqlite:///{tmp_path_factory.mktemp('browser-store') / 'corpus.db'}"
    with Store.open(url) as store:
        store.ingest([examples_dir / "aurelia-bay", HOSTILE, *([seeds] if seeds else [])])
    return url, seeds is not None


@pytest.fixture(scope="module")
def server(corpus) -> Iterator[str]:
    import uvicorn

    from newsweave.web import WebSettings, create_app

    app = create_app(corpus[0], settings=WebSettings(requests_per_minute=0, heavy_per_minute=0))
    sock = socket.create_server(("127.0.0.1", 0))
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    uvicorn_server = uvicorn.Server(config)
    thread = threading.Thread(target=uvicorn_server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uvicorn_server.started:
        assert time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    uvicorn_server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, server):
    """A fresh page that records CSP violations, script errors and dialogs (an escaped ``alert`` must never run)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    tab.on("pageerror", lambda e: problems.append(str(e)))
    tab.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    tab.set_default_timeout(60_000)
    yield tab
    context.close()
    assert problems == []


def _shot(page, name: str, selector: str | None = None) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = page.locator(selector).first if selector else page
    target.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def _open_story(page, title_words: str) -> None:
    page.goto("/")
    page.get_by_role("link", name=re.compile(title_words)).first.click()
    page.wait_for_selector("#summary")


def test_a_citation_opens_its_source_sentence(page):
    _open_story(page, "Marrow Strait")
    _shot(page, "story")
    sentence = page.locator("#summary .sentence").first
    cited = " ".join(sentence.inner_text().split())
    exact = sentence.locator("xpath=following-sibling::sup[1]/a[not(contains(@class, 'approx'))]").first
    exact.click()
    page.wait_for_url(re.compile(r"/articles/[^#]+#s-\d+$"))
    target = page.locator(":target")
    assert " ".join(target.inner_text().split()) == cited
    assert target.is_visible() and target.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    box = target.bounding_box()
    assert box and 0 <= box["y"] < 900  # scrolled into view
    _shot(page, "citation-target")


def test_both_sides_of_a_conflict(page):
    _open_story(page, "Marrow Strait")
    conflict = page.locator(".conflict", has_text="containers").first
    conflict.scroll_into_view_if_needed()
    columns = conflict.locator(".column")
    assert columns.count() == 2
    assert columns.nth(0).locator("mark").first.is_visible() and columns.nth(1).locator("mark").first.is_visible()
    marks = {" ".join(m.split()) for m in conflict.locator("mark").all_inner_texts()}
    assert marks == {"24 containers", "42 containers"}
    _shot(page, "conflict", ".conflict >> nth=0")
    _shot(page, "conflict-numbers", ".conflict:has-text('containers')")


def test_timeline_chart_leads_to_its_entry(page):
    _open_story(page, "Marrow Strait")
    mark = page.locator("#timeline svg a.mark").first
    mark.scroll_into_view_if_needed()
    _shot(page, "timeline", "#timeline")
    mark.click()
    assert re.search(r"#t-\d+$", page.url)
    assert page.locator(":target").is_visible()
    _shot(page, "provenance", "#sources")


def test_a_removal_with_its_reason(page):
    page.goto("/articles/viraltide-cargo-ship-stuck")
    removal = page.locator("ul.removed li", has_text="Share this story with your friends!")
    assert removal.is_visible()
    assert removal.locator(".reason").inner_text().strip()
    assert "Share this story" not in page.locator("section.clean").inner_text()
    _shot(page, "article-removals")


def test_script_in_a_title_is_shown_as_text(page):
    page.goto("/")
    link = page.get_by_role("link", name=re.compile("Harbour chief quits"))
    assert "<script>alert('title')</script>" in link.inner_text()
    link.click()
    page.wait_for_selector("#summary")
    assert "<script>" in page.locator("h1").inner_text()
    page.locator("#sources a", has_text="Evil <b>Outlet</b>").first.click()
    assert page.locator("h1").inner_text() == HOSTILE["title"]
    assert "onerror=alert('text')" in page.locator("section.clean").inner_text()
    assert page.locator("a[href^='javascript']").count() == 0
    _shot(page, "hostile-article")


def test_the_seed_story_cross_checks_real_articles(page, corpus):
    if not corpus[1]:
        pytest.skip("the seed articles (../shared/seeds) are not available")
    _open_story(page, "Kim")
    assert page.locator("#sources ol.sources > li").count() >= 2
    citations = page.locator("#summary sup.cite a")
    assert citations.count() >= 3
    _shot(page, "seed-story")
    citations.first.click()
    page.wait_for_url(re.compile(r"/articles/"))
    _shot(page, "seed-article")


def test_brief_pasted_articles_without_storing(page, examples_dir):
    pasted = "\n---\n".join(
        f"{p.stem}\nSource: {p.stem.split('_')[0]}\n\n{p.read_text(encoding='utf-8')}"
        for p in sorted((examples_dir / "aurelia-bay").glob("*.txt"))
    )
    page.goto("/brief")
    page.fill("textarea[name=text]", pasted)
    _shot(page, "brief-form")
    page.click("button[value=page]")
    page.wait_for_selector("h1:has-text('Brief of 4 articles')")
    link = page.locator("#story-1-summary sup.cite a").first
    link.click()
    assert page.locator(":target").is_visible()
    _shot(page, "brief-result")
    page.goto("/")
    assert page.get_by_role("link", name=re.compile("Marrow Strait")).count() == 1  # nothing new was stored
