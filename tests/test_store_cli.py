"""The store's commands: ingest (summary, exit codes), stories (table and JSON), show, export."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newsweave.cli import EXIT_NO_ARTICLES, app
from newsweave.cli_store import EXIT_DATABASE
from tests.test_store_support import CORPUS, FERRY

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _feed(tmp_path: Path, records: list[dict]) -> Path:
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_ingest_then_stories_show_and_export(tmp_path):
    db = tmp_path / "news.db"
    result = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "added 8 articles" in result.stderr
    assert "1 rewrites: viraltide-cargo-ship-stuck of kessford-courier_ship-aground" in result.stderr
    again = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(db)])
    assert again.exit_code == 0 and "added 0 articles" in again.stderr and "8 already in the store" in again.stderr

    listing = runner.invoke(app, ["stories", "--db", str(db), "--format", "json"])
    assert listing.exit_code == 0, listing.output
    [story] = json.loads(listing.stdout)
    assert set(story) >= {"id", "title", "article_ids", "first_date", "last_date", "source_count"}
    assert "kessford-courier_ship-aground" in story["article_ids"]  # a file keeps its stem as id
    assert (story["first_date"], story["last_date"], story["source_count"]) == ("2025-03-10", "2025-03-11", 7)
    table = runner.invoke(app, ["stories", "--db", str(db)])
    assert table.exit_code == 0 and story["id"] in table.stdout
    for option, value in (("--since", "2025-03-12"), ("--until", "2025-03-09"), ("--min-sources", "8")):
        filtered = runner.invoke(app, ["stories", "--db", str(db), "-f", "json", option, value])
        assert filtered.exit_code == 0 and json.loads(filtered.stdout) == [], option

    shown = runner.invoke(app, ["show", story["id"], "--db", str(db), "--format", "json"])
    assert shown.exit_code == 0, shown.output
    brief = json.loads(shown.stdout)
    assert brief["stories"][0]["id"] == story["id"] and brief["stories"][0]["summary"]
    markdown = runner.invoke(app, ["show", story["id"], "--db", str(db)])
    assert markdown.exit_code == 0 and story["title"].split(",")[0] in markdown.stdout
    html = tmp_path / "story.html"
    assert runner.invoke(app, ["show", story["id"], "--db", str(db), "-f", "html", "-o", str(html)]).exit_code == 0
    assert html.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")

    out = tmp_path / "articles.parquet"
    exported = runner.invoke(app, ["export", str(out), "--db", str(db)])
    assert exported.exit_code == 0 and "wrote 8 articles" in exported.stderr and out.stat().st_size > 0


def test_deferred_rewrites_wait_for_the_rewrites_command(tmp_path):
    db = tmp_path / "later.db"
    result = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(db), "--defer-rewrites"])
    assert result.exit_code == 0, result.output
    assert "rewrites:" not in result.stderr
    assert "8 articles wait for the rewrite check: run `newsweave rewrites`" in result.stderr
    checked = runner.invoke(app, ["rewrites", "--db", str(db)])
    assert checked.exit_code == 0, checked.output
    assert "checked 8 articles" in checked.stderr
    assert "1 rewrites: viraltide-cargo-ship-stuck of kessford-courier_ship-aground" in checked.stderr
    again = runner.invoke(app, ["rewrites", "--db", str(db), "-q"])
    assert again.exit_code == 0 and again.output == ""
    assert runner.invoke(app, ["rewrites", "--db", str(tmp_path / "none.db")]).exit_code == EXIT_NO_ARTICLES


def test_ingest_reports_skipped_inputs_and_fails_when_nothing_is_usable(tmp_path):
    db = tmp_path / "news.db"
    feed = _feed(tmp_path, [FERRY[0], {"title": "empty"}])
    result = runner.invoke(app, ["ingest", str(feed), "--db", str(db)])
    assert result.exit_code == 0
    assert "1 skipped" in result.stderr and f"{feed}:2" in result.stderr
    nothing = runner.invoke(app, ["ingest", str(tmp_path / "missing"), "--db", str(db), "--quiet"])
    assert nothing.exit_code == EXIT_NO_ARTICLES
    assert "no such file or folder" in nothing.stderr


def test_quiet_ingest_prints_nothing(tmp_path):
    result = runner.invoke(app, ["ingest", str(_feed(tmp_path, CORPUS[:2])), "--db", str(tmp_path / "n.db"), "-q"])
    assert result.exit_code == 0 and result.stdout == "" and "added" not in result.stderr


def test_read_commands_need_an_existing_store_and_a_known_story(tmp_path):
    missing = runner.invoke(app, ["stories", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == EXIT_NO_ARTICLES and "no store at" in missing.stderr
    assert not (tmp_path / "none.db").exists()
    db = tmp_path / "news.db"
    runner.invoke(app, ["ingest", str(_feed(tmp_path, FERRY)), "--db", str(db), "-q"])
    unknown = runner.invoke(app, ["show", "s-nothing", "--db", str(db)])
    assert unknown.exit_code == EXIT_NO_ARTICLES and "no story 's-nothing'" in unknown.stderr
    bad_date = runner.invoke(app, ["stories", "--db", str(db), "--since", "March"])
    assert bad_date.exit_code == 2


def test_a_database_fault_exits_with_its_own_code(tmp_path):
    result = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(tmp_path / "no" / "such" / "folder.db")])
    assert result.exit_code == EXIT_DATABASE
    assert "does not exist" in result.stderr


def test_the_database_url_can_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSWEAVE_DB", f"sqlite:///{tmp_path / 'env.db'}")
    assert runner.invoke(app, ["ingest", str(_feed(tmp_path, FERRY)), "-q"]).exit_code == 0
    assert (tmp_path / "env.db").exists()
    assert len(json.loads(runner.invoke(app, ["stories", "-f", "json"]).stdout)) == 1


def test_entity_shows_who_said_what_once_stories_are_briefed(tmp_path):
    db = tmp_path / "who.db"
    assert runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(db), "-q"]).exit_code == 0
    before = runner.invoke(app, ["entity", "Reyne", "--db", str(db)])
    assert before.exit_code == EXIT_NO_ARTICLES and "not briefed yet" in before.output
    assert runner.invoke(app, ["analyse", "--db", str(db), "-q"]).exit_code == 0
    found = runner.invoke(app, ["entity", "reyne", "--db", str(db), "-f", "json"])
    assert found.exit_code == 0, found.output
    record = json.loads(found.stdout)
    assert record["name"] == "Tomas Reyne" and record["stories"]
    kinds = {q["direct"] for q in record["quotes"]}
    assert kinds == {True, False}  # quotations and reported statements
    text = runner.invoke(app, ["entity", record["id"], "--db", str(db)]).stdout
    assert "Reported statements" in text and "Quotes" in text and "“" in text
    several = runner.invoke(app, ["entity", "e", "--db", str(db)])  # a letter of many names
    assert several.exit_code == 2 and "give one id" in several.output
    assert runner.invoke(app, ["entity", "nobody at all", "--db", str(db)]).exit_code == EXIT_NO_ARTICLES
