"""Analysing stored stories ahead of time (``Store.analyse``, ``newsweave analyse``, ``ingest --analyse``): every
story's entities filed, newest first, one transaction per story, nothing done twice, nothing written when read-only.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsweave.cli import EXIT_NO_ARTICLES, app
from newsweave.store import AnalyseReport, Coverage, FailedStory, Store, StoreReadOnlyError, briefs
from tests.test_store_support import CORPUS, FERRY, TRAM, store_url  # noqa: F401

runner = CliRunner()


@pytest.fixture
def store(store_url):  # noqa: F811
    with Store.open(store_url) as opened:
        yield opened


def _entity_stories(store: Store) -> set[str]:
    """Every story that some filed entity names."""
    return {sid for row in store.list_entities(limit=500) for sid, _ in store.entity(row.id).stories}


def _story_of(store: Store, article_id: str) -> str:
    return store.get_article(article_id).story_id


def test_analyse_files_the_entities_of_every_story_newest_first(store):
    store.ingest(CORPUS)
    newest_first = [row.id for row in store.list_stories()]
    assert store.coverage() == Coverage(stories=3, unanalysed=3)
    assert store.unanalysed() == newest_first and store.list_entities() == []
    calls: list[tuple[str, int, int]] = []
    report = store.analyse(progress=lambda *call: calls.append(call))
    assert report == AnalyseReport(analysed=newest_first, failed=[], up_to_date=0)
    assert calls == [("analysing", done, 3) for done in range(4)]
    assert store.coverage() == Coverage(stories=3, unanalysed=0)
    assert _entity_stories(store) == set(newest_first)
    assert all(row.conflict_count is not None for row in store.list_stories())


def test_analysing_again_does_nothing(store):
    store.ingest(CORPUS)
    store.analyse()
    assert store.analyse() == AnalyseReport(analysed=[], failed=[], up_to_date=3)
    assert store.unanalysed() == []


def test_only_the_stories_that_changed_are_analysed_again(store):
    store.ingest([*FERRY[:2], *TRAM])
    store.analyse()
    touched = store.ingest([FERRY[2]]).stories_touched
    ferry, tram = _story_of(store, FERRY[0]["id"]), _story_of(store, TRAM[0]["id"])
    assert touched == [ferry] and store.unanalysed() == [ferry]
    assert store.coverage() == Coverage(stories=2, unanalysed=1)
    assert store.analyse([tram, "no-such-story"]) == AnalyseReport(up_to_date=1)  # only what was asked, if stale
    assert store.analyse(touched).analysed == [ferry]
    assert store.coverage() == Coverage(stories=2, unanalysed=0)


def test_a_failing_story_is_reported_and_an_interruption_keeps_what_was_done(store, monkeypatch):
    store.ingest(CORPUS)
    first, second, third = store.unanalysed()
    compute = briefs.compute

    def failing(error: BaseException):
        def compute_or_fail(conn, story_id, settings):
            if story_id == second:
                raise error
            return compute(conn, story_id, settings)

        return compute_or_fail

    monkeypatch.setattr(briefs, "compute", failing(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        store.analyse()
    assert store.unanalysed() == [second, third]  # the first story was committed before the interruption

    monkeypatch.setattr(briefs, "compute", failing(ValueError("no sentences")))
    report = store.analyse()
    assert report.analysed == [third] and report.failed == [FailedStory(second, "ValueError: no sentences")]
    assert store.unanalysed() == [second]

    monkeypatch.setattr(briefs, "compute", compute)
    assert store.analyse().analysed == [second]


def test_a_read_only_store_computes_briefs_but_writes_nothing(store_url):  # noqa: F811
    with Store.open(store_url) as writer:
        writer.ingest(FERRY)
    with Store.open(store_url, read_only=True) as reader:
        [story] = reader.unanalysed()
        assert reader.story_brief(story).stories[0].id == story
        with pytest.raises(StoreReadOnlyError, match="read-only"):
            reader.analyse()
        with pytest.raises(StoreReadOnlyError, match="read-only"):
            reader.ingest(TRAM)
        assert reader.coverage() == Coverage(stories=1, unanalysed=1) and reader.list_entities() == []


# --- the commands ------------------------------------------------------------------------------------------------


def _feed(tmp_path: Path, name: str, records: list[dict]) -> Path:
    path = tmp_path / f"{name}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_analyse_command_briefs_what_is_missing_once(tmp_path):
    db = str(tmp_path / "news.db")
    missing = runner.invoke(app, ["analyse", "--db", db])
    assert missing.exit_code == EXIT_NO_ARTICLES and "no store at" in missing.stderr
    assert runner.invoke(app, ["ingest", str(_feed(tmp_path, "all", CORPUS)), "--db", db, "-q"]).exit_code == 0
    result = runner.invoke(app, ["analyse", "--db", db])
    assert result.exit_code == 0, result.output
    assert "analysed 3 stories" in result.stderr and "0 failed" in result.stderr
    again = runner.invoke(app, ["analyse", "--db", db])
    assert again.exit_code == 0 and "analysed 0 stories" in again.stderr
    assert "3 stories already up to date" in again.stderr
    quiet = runner.invoke(app, ["analyse", "--db", db, "--quiet"])
    assert quiet.exit_code == 0 and quiet.stdout == "" and quiet.stderr == ""


def test_ingest_can_analyse_the_stories_it_touched(tmp_path):
    db = str(tmp_path / "news.db")
    assert runner.invoke(app, ["ingest", str(_feed(tmp_path, "ferry", FERRY)), "--db", db, "-q"]).exit_code == 0
    result = runner.invoke(app, ["ingest", str(_feed(tmp_path, "tram", TRAM)), "--db", db, "--analyse"])
    assert result.exit_code == 0, result.output
    assert "added 3 articles" in result.stderr and "analysed 1 story" in result.stderr
    with Store.open(db) as store:
        assert store.unanalysed() == [_story_of(store, FERRY[0]["id"])]  # the ferry story was not touched
        assert _entity_stories(store) == {_story_of(store, TRAM[0]["id"])}
