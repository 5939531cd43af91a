"""Entity pages and search over a corpus nobody has browsed: the background worker (or ``analyse``) files the entities
of every story, results say honestly how many stories are not analysed yet, and a read-only server writes nothing.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import lxml.html
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newsweave.cli import app as cli
from newsweave.store import Coverage, Store
from newsweave.web import WebSettings, create_app
from newsweave.web.background import Activity
from tests.test_store_support import CORPUS, article

T = TypeVar("T")
# idle after 50 ms without requests; never polls on its own within a test, so only a wake-up finds new stories
_SETTINGS = WebSettings(
    requests_per_minute=0, heavy_per_minute=0, analyse_idle_seconds=0.05, analyse_poll_seconds=3600.0
)
# written for this test: an event none of the stored stories is about
LIGHTHOUSE = article(
    "lighthouse-gull-gazette", "Gull Gazette", "Volunteers relight the Hesketh Point lighthouse",
    "Volunteers relit the Hesketh Point lighthouse on Saturday, forty years after the coastguard switched it off.\n\n"
    "Ilse Marrow, who chairs the Hesketh Point Lighthouse Trust, said the lamp would shine every night in winter.",
    "2024-03-16",
)


@pytest.fixture(scope="module")
def unanalysed_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three stories ingested, none briefed yet: what a user has right after ``newsweave ingest``."""
    path = tmp_path_factory.mktemp("entities") / "corpus.db"
    with Store.open(str(path)) as store:
        store.ingest(CORPUS)
    return path


@pytest.fixture
def db_path(unanalysed_corpus: Path, tmp_path: Path) -> Path:
    """A private copy, since the tests write to it."""
    for suffix in ("", "-wal"):
        source = Path(f"{unanalysed_corpus}{suffix}")
        if source.exists():
            shutil.copy(source, tmp_path / f"corpus.db{suffix}")
    return tmp_path / "corpus.db"


def _wait_for(condition: Callable[[], T], timeout: float = 180.0) -> T:
    """Poll until ``condition()`` is true (briefing the first story loads the NLP models: allow for it)."""
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)
    return result


def _entity(client: TestClient, query: str) -> dict:
    items = client.get("/api/entities", params={"q": query}).json()["items"]
    return next(item for item in items if query.casefold() in item["name"].casefold())


def _text(html: str) -> str:
    return " ".join(lxml.html.fromstring(html).text_content().split())


def test_the_background_worker_files_entities_of_stories_nobody_opened(db_path):
    app = create_app(f"sqlite:///{db_path}", settings=_SETTINGS, background_analysis=True)
    state = app.state.web
    with TestClient(app) as client:
        assert state.analyser.running
        _wait_for(lambda: state.store.coverage().unanalysed == 0)
        body = client.get("/api/entities", params={"q": "velden"}).json()
        assert body["coverage"] == {"stories": 3, "unanalysed": 0}
        velden = client.get(f"/api/entities/{_entity(client, 'velden')['id']}").json()
        [tram] = [row.id for row in state.store.list_stories(query="Brennick")]
        assert [story["id"] for story in velden["stories"]] == [tram]
        assert "not analysed" not in _text(client.get(f"/entities/{velden['id']}").text)

        # a story added through the API wakes the worker (it would not look again for an hour on its own)
        assert client.post("/api/articles", json={"articles": [LIGHTHOUSE]}).status_code == 200
        _wait_for(lambda: state.store.coverage() == Coverage(stories=4, unanalysed=0))
        assert _entity(client, "hesketh")
        started = time.monotonic()
    assert not state.analyser.running  # stopped on shutdown...
    assert time.monotonic() - started < 10  # ...without waiting out its hour-long pause


def test_the_background_worker_checks_deferred_rewrites(tmp_path):
    examples = Path(__file__).resolve().parents[1] / "examples"
    path = tmp_path / "deferred.db"
    with Store.open(str(path)) as store:
        assert store.ingest([examples], defer_rewrites=True).rewrites_pending == 8
    with TestClient(create_app(f"sqlite:///{path}", settings=_SETTINGS)) as client:
        waiting = client.get("/api/articles/viraltide-cargo-ship-stuck").json()
        assert waiting["rewrite_checked"] is False and waiting["derived_from"] == []
        assert "not checked yet (newsweave rewrites" in _text(client.get("/articles/viraltide-cargo-ship-stuck").text)
    app = create_app(f"sqlite:///{path}", settings=_SETTINGS, background_analysis=True)
    state = app.state.web
    with TestClient(app) as client:
        _wait_for(lambda: state.store.coverage().unanalysed == 0)
        assert state.store.pending_rewrites() == 0
        article = client.get("/api/articles/viraltide-cargo-ship-stuck").json()
        assert article["rewrite_checked"] is True
        assert "not checked yet" not in _text(client.get("/articles/viraltide-cargo-ship-stuck").text)
        assert [(d["source"], d["kind"]) for d in article["derived_from"]] == [
            ("kessford-courier_ship-aground", "rewrite")
        ]
        [story] = state.store.list_stories()
        brief = client.get(f"/api/stories/{story.id}").json()
        assert any(d["kind"] == "rewrite" for a in brief["brief"]["articles"] for d in a["derivations"])


def test_entity_results_say_how_many_stories_are_not_analysed_yet(db_path):
    with TestClient(create_app(f"sqlite:///{db_path}", settings=_SETTINGS)) as client:
        assert client.get("/api/entities").json() == {"items": [], "coverage": {"stories": 3, "unanalysed": 3}}
        tram = client.get("/api/stories", params={"q": "Brennick"}).json()["items"][0]["id"]
        assert client.get(f"/api/stories/{tram}").status_code == 200  # opening a story analyses it
        velden = _entity(client, "velden")
        assert client.get("/api/entities").json()["coverage"] == {"stories": 3, "unanalysed": 2}
        assert client.get(f"/api/entities/{velden['id']}").json()["coverage"] == {"stories": 3, "unanalysed": 2}
        assert "2 of 3 stories not analysed yet" in _text(client.get(f"/entities/{velden['id']}").text)
        missing = client.get("/api/entities/ostrava-ridge-gpe")
        assert missing.status_code == 404 and "2 of 3 stories not analysed yet" in missing.json()["detail"]

        result = CliRunner().invoke(cli, ["analyse", "--db", str(db_path), "--quiet"])
        assert result.exit_code == 0, result.output
        assert client.get("/api/entities").json()["coverage"] == {"stories": 3, "unanalysed": 0}
        assert _entity(client, "ostrava")  # a story nobody opened
        assert "not analysed" not in _text(client.get(f"/entities/{velden['id']}").text)  # partial: not cached


def test_a_read_only_server_writes_nothing(db_path):
    watcher = sqlite3.connect(db_path)  # its data_version changes when any other connection commits
    before = watcher.execute("PRAGMA data_version").fetchone()[0]
    app = create_app(f"sqlite:///{db_path}", settings=_SETTINGS, read_only=True, background_analysis=True)
    assert app.state.web.analyser is None
    with TestClient(app) as client:
        story = client.get("/api/stories").json()["items"][0]["id"]
        assert client.get(f"/stories/{story}").status_code == 200
        assert client.get(f"/api/stories/{story}").json()["brief"]["stories"][0]["id"] == story
        assert client.get("/api/entities").json() == {"items": [], "coverage": {"stories": 3, "unanalysed": 3}}
        assert client.post("/api/articles", json={"articles": [LIGHTHOUSE]}).status_code == 403
    assert watcher.execute("PRAGMA data_version").fetchone()[0] == before
    watcher.close()


def test_idle_means_no_request_in_flight_and_none_for_a_while():
    now = [100.0]
    activity = Activity(clock=lambda: now[0])
    assert activity.until_idle(2.0) == 2.0
    activity.begin()
    now[0] = 200.0
    assert activity.until_idle(2.0) == 2.0  # a request in flight: not idle however long ago the last one ended
    activity.end()
    now[0] = 201.5
    assert activity.until_idle(2.0) == pytest.approx(0.5)
    now[0] = 203.0
    assert activity.until_idle(2.0) == 0.0


def test_serve_offers_to_turn_background_analysis_off():
    result = CliRunner().invoke(cli, ["serve", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "--no-background-analysis" in result.output and "never with --read-only" in result.output
