"""The REST API, every endpoint, against a store holding the example corpus and one hostile article.

Each endpoint is also fed bad input: malformed JSON, bodies over the limit, unknown ids, wrong fields and values.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsweave.web import WebSettings, create_app

HOSTILE = {
    "id": "hostile-script",
    "title": "<script>alert('title')</script> Harbour chief quits over dredging plan",
    "source": "Evil <b>Outlet</b>",
    "url": "javascript:alert('url')",
    "published": "2025-04-02",
    "text": (
        "The harbour chief of Grimsholt resigned on Wednesday after the council rejected his dredging plan "
        "<img src=x onerror=alert('text')> for the third time this year.\n\n"
        "He said the port could not stay open to large ships without deeper channels, and that the council had "
        "ignored three reports from its own engineers about silting near the outer breakwater."
    ),
}
_BUILT: dict[str, str] = {}


def stored_corpus(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> str:
    """The URL of a store with examples/aurelia-bay and the hostile article, ingested once per test session."""
    if "url" not in _BUILT:
        from newsweave.store import Store

        url = f"sqlite:///{tmp_path_factory.mktemp('web-store') / 'corpus.db'}"
        with Store.open(url) as store:
            report = store.ingest([examples_dir / "aurelia-bay", HOSTILE])
            assert len(report.added) == 9, report
        _BUILT["url"] = url
    return _BUILT["url"]


@pytest.fixture(scope="module")
def client(tmp_path_factory, examples_dir):
    app = create_app(stored_corpus(tmp_path_factory, examples_dir), settings=_settings())
    with TestClient(app) as test_client:
        yield test_client


def _settings(**changes) -> WebSettings:
    base = {"requests_per_minute": 0, "heavy_per_minute": 0, "max_body_bytes": 200_000, "max_articles": 20}
    return WebSettings(**{**base, **changes})


@pytest.fixture(scope="module")
def aurelia(client) -> str:
    """The id of the story of the example corpus."""
    found = client.get("/api/stories", params={"q": "Kessford"}).json()["items"]
    return found[0]["id"]


def _problem(response, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail
    return detail


# --- stories ---------------------------------------------------------------------------------------------------


def test_stories_newest_first_with_counts(client):
    body = client.get("/api/stories").json()
    assert body["total"] == 2 and body["limit"] == 50 and body["offset"] == 0
    ids = [item["id"] for item in body["items"]]
    assert len(ids) == 2
    hostile = body["items"][0]
    assert hostile["article_ids"] == ["hostile-script"]  # dated 2025-04-02: newer than the March story
    aurelia = body["items"][1]
    assert aurelia["article_count"] == 8 and aurelia["source_count"] == 7


def test_story_filters(client):
    def ids(**params):
        return [item["article_count"] for item in client.get("/api/stories", params=params).json()["items"]]

    assert ids(q="Kessford") == [8]
    assert ids(q="dredging plan rejected") == [1]
    assert ids(min_sources=3) == [8]
    assert ids(until="2025-03-31") == [8]
    assert ids(since="2025-04-01") == [1]
    assert ids(outlet="ViralTide") == [8]
    assert ids(q="zzzunheardofword") == []
    page = client.get("/api/stories", params={"limit": 1, "offset": 1}).json()
    assert page["total"] == 2 and len(page["items"]) == 1


@pytest.mark.parametrize(
    "params", [{"since": "last tuesday"}, {"limit": 0}, {"limit": 10_000}, {"offset": -1}, {"min_sources": "many"}]
)
def test_story_list_rejects_bad_parameters(client, params):
    detail = _problem(client.get("/api/stories", params=params), 422)
    assert next(iter(params)) in detail


def test_one_story_with_its_brief(client, aurelia):
    body = client.get(f"/api/stories/{aurelia}").json()
    assert body["id"] == aurelia
    brief = body["brief"]
    assert [s["id"] for s in brief["stories"]] == [aurelia]
    story = brief["stories"][0]
    assert {c["kind"] for c in story["conflicts"]} >= {"number"}
    assert len(brief["articles"]) == 8 and story["summary"]


def test_unknown_story_is_404(client):
    assert "no-such-story" in _problem(client.get("/api/stories/no-such-story"), 404)


# --- articles --------------------------------------------------------------------------------------------------


def test_article_with_removals_and_copies(client):
    body = client.get("/api/articles/viraltide-cargo-ship-stuck").json()
    assert body["source"] == "ViralTide"
    assert {"text": "Share this story with your friends!", "reason": body["removed"][0]["reason"]} in body["removed"]
    assert all(r["reason"] for r in body["removed"])
    assert [c["source"] for c in body["derived_from"]] == ["kessford-courier_ship-aground"]
    assert body["derived_from"][0]["kind"] == "rewrite"
    assert "Share this story" in body["raw"] and "Share this story" not in body["text"]
    original = client.get("/api/articles/kessford-courier_ship-aground").json()
    assert "viraltide-cargo-ship-stuck" in original["copied_by"]


def test_unknown_article_is_404(client):
    assert "nope" in _problem(client.get("/api/articles/nope"), 404)


# --- entities --------------------------------------------------------------------------------------------------


def test_entities_of_computed_briefs(client, aurelia):
    client.get(f"/api/stories/{aurelia}")  # entities are filed when a story's brief is computed
    items = client.get("/api/entities", params={"q": "reyne"}).json()["items"]
    assert items and items[0]["name"] == "Tomas Reyne" and items[0]["story_count"] >= 1
    entity = client.get(f"/api/entities/{items[0]['id']}").json()
    assert entity["name"] == "Tomas Reyne"
    assert [s["id"] for s in entity["stories"]] == [aurelia]
    assert any("Nobody goes in or out of Kessford" in q["text"] for q in entity["quotes"])


def test_entity_list_limits_and_unknown_entity(client):
    _problem(client.get("/api/entities", params={"limit": 0}), 422)
    _problem(client.get("/api/entities/nobody-at-all"), 404)


# --- ingest ----------------------------------------------------------------------------------------------------

NEW = {
    "title": "Ferry service to the Hallam Islands resumes",
    "source": "Island Gazette",
    "published": "2025-03-14",
    "text": (
        "Islink Ferries restarted its service to the Hallam Islands on Friday after four days of suspension, "
        "the company said.\n\nThe first crossing carried about 200 passengers and several supply trucks, and "
        "residents said shops had begun to run short of fresh food."
    ),
}


def test_ingest_adds_then_recognises_a_repeat(tmp_path):
    app = create_app(f"sqlite:///{tmp_path / 'new.db'}", settings=_settings())
    with TestClient(app) as client:
        first = client.post("/api/articles", json={"articles": [NEW]})
        assert first.status_code == 200, first.text
        report = first.json()
        assert len(report["added"]) == 1 and report["stories_touched"]
        again = client.post("/api/articles", json={"articles": [NEW]}).json()
        assert again["added"] == [] and [d["stored_id"] for d in again["duplicates"]] == report["added"]
        assert client.get("/api/stories").json()["total"] == 1


def test_ingest_refused_when_read_only(tmp_path):
    app = create_app(f"sqlite:///{tmp_path / 'ro.db'}", read_only=True, settings=_settings())
    with TestClient(app) as client:
        assert "read-only" in _problem(client.post("/api/articles", json={"articles": [NEW]}), 403)
        assert client.get("/api/stories").json()["total"] == 0


def test_ingest_rejects_bad_bodies(client):
    _problem(client.post("/api/articles", content=b"{not json", headers={"content-type": "application/json"}), 400)
    assert "text" in _problem(client.post("/api/articles", json={"articles": [{"title": "only a title"}]}), 422)
    assert "txt" in _problem(client.post("/api/articles", json={"articles": [{"title": "t", "txt": "typo"}]}), 422)
    _problem(client.post("/api/articles", json={"articles": []}), 422)


# --- brief without storing -------------------------------------------------------------------------------------


def _records(examples_dir: Path) -> list[dict]:
    """The example corpus's plain-text articles as API records."""
    out = []
    for path in sorted((examples_dir / "aurelia-bay").glob("*.txt")):
        outlet = path.stem.split("_")[0].replace("-", " ").title()
        out.append({"id": path.stem, "title": path.stem, "source": outlet, "text": path.read_text(encoding="utf-8")})
    return out


def test_brief_returns_the_json_contract(client, examples_dir):
    from jsonschema import validate

    from newsweave.render.schema import json_schema

    response = client.post("/api/brief", json={"articles": _records(examples_dir)})
    assert response.status_code == 200, response.text
    body = response.json()
    validate(body, json_schema())
    assert len(body["articles"]) == 4 and body["stories"]
    assert client.get("/api/stories").json()["total"] == 2  # nothing was stored


def test_brief_of_nothing_usable_is_422_with_reasons(client):
    response = client.post("/api/brief", json={"articles": [{"title": "t", "text": "Sign up for our newsletter"}]})
    assert _problem(response, 422)
    assert "no story text left" in response.json()["skipped"][0]["reason"]


def test_brief_keeps_a_short_article_given_as_text(client):
    flash = "Kessford port closed after fuel spill, officials say."
    response = client.post("/api/brief", json={"articles": [{"title": "Port closed", "text": flash}]})
    assert response.status_code == 200, response.text
    assert response.json()["skipped"] == []


def test_brief_rejects_malformed_json_with_its_position(client):
    detail = _problem(
        client.post("/api/brief", content=b'{"articles": [', headers={"content-type": "application/json"}), 400
    )
    assert "not valid JSON" in detail


def test_brief_rejects_oversize_bodies(client):
    big = {"articles": [{"title": "t", "text": "word " * 60_000}]}
    assert "limit" in _problem(client.post("/api/brief", json=big), 413)


def test_brief_rejects_too_many_articles(client):
    many = {"articles": [{"title": f"t{i}", "text": "Some text."} for i in range(21)]}
    assert "at most 20" in _problem(client.post("/api/brief", json=many), 413)


def test_brief_does_not_fetch_urls_unless_enabled(client):
    detail = _problem(client.post("/api/brief", json={"articles": [{"url": "http://127.0.0.1:9/secret"}]}), 400)
    assert "does not fetch URLs" in detail


def test_url_fetching_never_reaches_private_addresses(tmp_path):
    listener = socket.create_server(("127.0.0.1", 0))  # something does listen there: only the address check refuses
    port = listener.getsockname()[1]
    app = create_app(open_store=False, allow_url_fetch=True, settings=_settings())
    try:
        with TestClient(app) as client:
            url = f"http://127.0.0.1:{port}/admin"
            assert "non-public" in _problem(client.post("/api/brief", json={"articles": [{"url": url}]}), 400)
    finally:
        listener.close()


def test_wrong_method_and_unknown_path(client):
    assert "GET" in _problem(client.get("/api/brief"), 405)
    _problem(client.get("/api/nothing-here"), 404)


# --- guards ----------------------------------------------------------------------------------------------------


def test_rate_limit_answers_429_with_retry_after(tmp_path):
    app = create_app(open_store=False, settings=_settings(heavy_per_minute=1, heavy_burst=1))
    with TestClient(app) as client:
        client.post("/api/brief", json={"articles": [{"title": "t", "text": "x"}]})
        response = client.post("/api/brief", json={"articles": [{"title": "t", "text": "x"}]})
        assert "too many requests" in _problem(response, 429)
        assert int(response.headers["retry-after"]) >= 1
        assert client.get("/openapi.json").status_code == 200  # reading is another, larger budget


def test_every_answer_carries_the_security_headers(client):
    for response in (client.get("/api/stories"), client.get("/api/articles/nope"), client.get("/openapi.json")):
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "default-src 'none'" in policy and "unsafe-inline" not in policy
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"


def test_a_loopback_server_answers_only_to_its_own_names():
    app = create_app(open_store=False, settings=_settings(), allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://rebound.example") as client:
        assert client.get("/brief").status_code == 400
    with TestClient(app, base_url="http://localhost:8000") as client:
        assert client.get("/brief").status_code == 200


def test_no_corpus_server_says_so(tmp_path):
    with TestClient(create_app(open_store=False, settings=_settings())) as client:
        assert "only briefs" in _problem(client.get("/api/stories"), 503)


def test_openapi_documents_every_endpoint(client):
    spec = client.get("/openapi.json").json()
    paths = {(method.upper(), path) for path, methods in spec["paths"].items() for method in methods}
    assert paths == {
        ("GET", "/api/stories"),
        ("GET", "/api/stories/{story_id}"),
        ("GET", "/api/articles/{article_id}"),
        ("POST", "/api/articles"),
        ("GET", "/api/entities"),
        ("GET", "/api/entities/{entity_id}"),
        ("POST", "/api/brief"),
    }
    assert "Brief" in json.dumps(spec["components"]["schemas"])
