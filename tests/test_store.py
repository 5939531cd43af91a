"""The corpus store against SQLite and PostgreSQL: idempotent ingest, copies, stories, briefs, search and export."""

from __future__ import annotations

import datetime as dt
import json
import time
from importlib.resources import files
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from newsweave.store import Store, UnknownStoryError
from tests.test_store_support import CORPUS, EVENTS, FERRY, TRAM, article, pg_url, store_url  # noqa: F401

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def store(store_url):  # noqa: F811
    with Store.open(store_url) as opened:
        yield opened


def _story_of(store: Store, article_id: str) -> str:
    record = store.get_article(article_id)
    assert record is not None, article_id
    return record.story_id


def test_ingest_files_each_event_as_one_story(store):
    report = store.ingest(CORPUS)
    assert sorted(report.added) == sorted(a["id"] for a in CORPUS)
    assert not report.duplicates and not report.skipped
    for event in EVENTS.values():
        assert len({_story_of(store, a["id"]) for a in event}) == 1
    assert len({_story_of(store, a["id"]) for a in CORPUS}) == 3
    assert sorted(report.stories_touched) == sorted({_story_of(store, a["id"]) for a in CORPUS})


def test_the_same_articles_again_are_reported_and_not_stored_twice(store):
    store.ingest(CORPUS)
    again = store.ingest(CORPUS)
    assert again.added == []
    assert [r.stored_id for r in again.duplicates] == [a["id"] for a in CORPUS]
    assert store.count_stories() == 3
    assert sum(s.article_count for s in store.list_stories()) == 9


def test_a_different_article_under_a_taken_id_is_kept_under_a_new_id(store):
    store.ingest(FERRY)
    changed = dict(FERRY[0], title="Skerra ferry suspended for a month after storm wrecks pier")
    report = store.ingest([changed])
    assert [(r.given_id, r.stored_id) for r in report.renamed] == [("ferry-harbour-post", "ferry-harbour-post-2")]
    kept = store.get_article("ferry-harbour-post-2")
    assert kept is not None and kept.title == changed["title"]
    assert any("already used by a different article" in note for note in kept.notes)
    assert store.get_article("ferry-harbour-post").title == FERRY[0]["title"]
    # the edited version is the same text under another headline: an exact copy of the clean text
    assert [(n.article, n.source) for n in report.exact_duplicates] == [("ferry-harbour-post-2", "ferry-harbour-post")]
    assert store.ingest([changed]).duplicates[0].stored_id == "ferry-harbour-post-2"


def test_malformed_records_are_skipped_with_reasons_and_the_rest_is_stored(store, tmp_path):
    feed = tmp_path / "feed.jsonl"
    lines = [json.dumps(TRAM[0]), "{not json", json.dumps({"title": "no text here"}), json.dumps(TRAM[1]), "[1, 2]"]
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = store.ingest([feed, tmp_path / "missing.txt"])
    assert sorted(report.added) == ["tram-harbour-post", "tram-metro-herald"]
    reasons = {s.path: s.reason for s in report.skipped}
    assert "malformed JSON" in reasons[f"{feed}:2"]
    assert "no article text" in reasons[f"{feed}:3"]
    assert f"{feed}:5" in reasons
    assert reasons[str(tmp_path / "missing.txt")] == "no such file or folder"


def test_a_short_record_is_stored_and_a_page_with_no_story_is_skipped(store, tmp_path):
    flash = {"id": "flash", "title": "Tram strike off", "text": "The Kessford tram strike is off, the union said."}
    page = tmp_path / "empty-page.html"
    page.write_text("<html><head><title>Live</title></head><body><article><p>Watch live.</p></article></body></html>")
    report = store.ingest([flash, page])
    assert report.added == ["flash"]
    assert store.get_article("flash").text == flash["text"]
    reasons = {s.path: s.reason for s in report.skipped}
    assert list(reasons) == [str(page)] and "min_words" in reasons[str(page)]


def test_near_duplicates_are_found_against_a_store_reopened_later(store_url):  # noqa: F811
    with Store.open(store_url) as first:
        first.ingest([FERRY[0]])
    copy = dict(FERRY[0], id="ferry-copycat", source="Copycat News", published="2024-03-08")
    copy["text"] = copy["text"].replace("late on Wednesday night", "late on Wednesday night, witnesses said")
    with Store.open(store_url) as second:
        report = second.ingest([copy])
        assert [(n.article, n.source) for n in report.near_duplicates] == [("ferry-copycat", "ferry-harbour-post")]
        record = second.get_article("ferry-copycat")
        link = record.derived_from[0]
        assert (link.source, link.kind) == ("ferry-harbour-post", "near-duplicate")
        assert link.score >= 0.8 and "published later" in link.direction
        assert second.get_article("ferry-harbour-post").copied_by == ("ferry-copycat",)


def test_examples_give_the_copies_and_the_one_story_of_their_ground_truth(store):
    report = store.ingest([EXAMPLES])
    assert len(report.added) == 8
    stored = {(a, link.source, link.kind) for a in report.added for link in store.get_article(a).derived_from}
    assert stored == {  # examples/README.md, "Derived articles"
        ("coastal-herald_ship-aground", "northsea-wire_ship-aground", "duplicate"),
        ("viraltide-cargo-ship-stuck", "kessford-courier_ship-aground", "rewrite"),
    }
    [row] = store.list_stories()  # examples/README.md: all eight articles belong to one story
    assert set(row.article_ids) == set(report.added)
    assert row.conflict_count is None
    brief = store.story_brief(row.id)
    story = brief.stories[0]
    assert story.id == row.id and set(story.article_ids) == set(row.article_ids)
    values = [" vs ".join(sorted(side.value for side in c.sides)) for c in story.conflicts]
    assert any("Monday" in v and "Sunday" in v for v in values), values
    assert any("42" in v and "24" in v for v in values), values
    assert story.summary and all(set(s.sources) <= set(row.article_ids) for s in story.summary)
    rewrite = next(a for a in brief.articles if a.derivations and a.derivations[0].kind == "rewrite")
    assert rewrite.derivations[0].evidence, "evidence sentences survive the store"
    [row] = store.list_stories()
    assert row.conflict_count == len(story.conflicts)
    assert row.single_source_count == len(story.single_source)
    assert store.story_brief(row.id) == brief


def test_entities_and_quotes_are_filed_from_computed_briefs(store):
    store.ingest([EXAMPLES])
    assert store.list_entities() == []
    [row] = store.list_stories()
    brief = store.story_brief(row.id)
    speakers = {q.speaker for q in brief.stories[0].quotes if q.speaker}
    entities = store.list_entities(limit=500)
    assert entities and all(e.story_count == 1 for e in entities)
    person = next(e for e in entities if e.name in speakers)
    record = store.entity(person.id)
    assert record.stories == ((row.id, row.title),)
    assert record.quotes and all(q.story_id == row.id and q.article_ids for q in record.quotes)
    filed = {(q.text, q.direct) for q in record.quotes}
    story = brief.stories[0]
    assert {(q.text, True) for q in story.quotes if q.speaker == person.name} <= filed
    assert {(r.text, False) for r in story.reported if r.speaker == person.name} <= filed
    reporters = {r.speaker for r in story.reported} & {e.name for e in entities}
    assert reporters and any(not q.direct for name in reporters for q in store.entity(
        next(e.id for e in entities if e.name == name)).quotes)
    assert person.id == record.name.casefold().replace(" ", "-") + "-" + record.kind.casefold()
    assert [e.id for e in store.list_entities(query=person.name.split()[-1].upper())][:1] == [person.id]
    assert store.entity("nobody-person") is None


def test_story_ids_stay_stable_as_stories_grow(store):
    store.ingest([FERRY[0], TRAM[0]])
    ferry, tram = _story_of(store, FERRY[0]["id"]), _story_of(store, TRAM[0]["id"])
    store.ingest(FERRY[1:] + TRAM[1:])
    assert {_story_of(store, a["id"]) for a in FERRY} == {ferry}
    assert {_story_of(store, a["id"]) for a in TRAM} == {tram}
    assert ferry != tram


def test_a_merged_story_redirects_to_the_survivor(store, monkeypatch):
    store.ingest([FERRY[0]])
    store.ingest([TRAM[0]])
    first, second = _story_of(store, FERRY[0]["id"]), _story_of(store, TRAM[0]["id"])
    assert first != second
    # The next pass sees one event in everything (as if the two stories had converged).
    monkeypatch.setattr("newsweave.store.regroup.cluster_articles", lambda vectors, *a, **k: [0] * len(vectors))
    report = store.ingest([FERRY[1]])
    assert report.merged == {second: first}
    assert store.resolve_story_id(second) == first
    assert store.resolve_story_id(first) == first
    assert store.resolve_story_id("s-unknown") is None
    assert [s.id for s in store.list_stories()] == [first]
    assert set(store.list_stories()[0].article_ids) == {FERRY[0]["id"], FERRY[1]["id"], TRAM[0]["id"]}
    assert store.story_brief(second).stories[0].id == first
    with pytest.raises(UnknownStoryError):
        store.story_brief("s-unknown")


def test_a_story_that_drifted_is_split_and_keeps_its_id_on_the_larger_part(store, monkeypatch):
    monkeypatch.setattr("newsweave.store.regroup.cluster_articles", lambda vectors, *a, **k: [0] * len(vectors))
    store.ingest(FERRY + [TRAM[0]])
    [story] = {_story_of(store, a["id"]) for a in [*FERRY, TRAM[0]]}
    monkeypatch.setattr(
        "newsweave.store.regroup.cluster_articles",
        lambda vectors, settings, entities=None, dates=None: [0 if "ferry" in " ".join(e) else 1 for e in entities],
    )
    report = store.ingest([FERRY[2] | {"id": "ferry-late", "source": "Late News"}])
    assert {_story_of(store, a["id"]) for a in FERRY} == {story}
    new = _story_of(store, TRAM[0]["id"])
    assert new != story and report.split == {story: [new]}
    assert store.resolve_story_id(new) == new


def test_list_filters_and_full_text_search(store):
    store.ingest(CORPUS)
    rows = store.list_stories()
    assert [r.last_date for r in rows] == sorted((r.last_date for r in rows), reverse=True)
    fire = _story_of(store, "fire-metro-herald")
    ferry = _story_of(store, "ferry-harbour-post")
    tram = _story_of(store, "tram-harbour-post")
    assert [r.id for r in store.list_stories(query="reservoir")] == [fire]
    assert [r.id for r in store.list_stories(query="Water-bombing aircraft")] == [fire]
    assert [r.id for r in store.list_stories(query="landing stage")] == [ferry]
    assert store.list_stories(query="reservoir tram") == []
    assert store.list_stories(query="   ") == []
    assert store.count_stories(query="councillor") == 1
    assert {r.id for r in store.list_stories(since=dt.date(2024, 3, 8))} == {ferry, fire}
    assert {r.id for r in store.list_stories(until=dt.date(2024, 3, 6))} == {tram}
    assert {r.id for r in store.list_stories(outlet="metro herald")} == {tram, fire}
    assert store.count_stories(min_sources=3) == 3
    assert store.count_stories(min_sources=4) == 0
    assert len(store.list_stories(limit=2)) == 2
    assert [r.id for r in store.list_stories(limit=2, offset=2)] == [rows[2].id]


def test_get_article_keeps_what_was_read_and_what_cleaning_did(store, tmp_path):
    page = tmp_path / "coast-daily_pier.txt"
    lines = [FERRY[2]["title"], "", "By Anna Holt", "", *FERRY[2]["text"].split("\n\n"), "",
             "Sign up for our morning newsletter"]
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store.ingest([page])
    record = store.get_article("coast-daily_pier")
    assert record.path == str(page)
    assert "Sign up for our morning newsletter" in record.raw
    assert record.author == "Anna Holt"
    assert any(text == "Sign up for our morning newsletter" and "newsletter" in why for text, why in record.removed)
    assert record.text == "\n\n".join(record.paragraphs)
    assert "newsletter" not in record.text
    assert record.language == "en" and record.story_id
    assert store.get_article("nope") is None


def test_export_writes_every_article_as_jsonl_and_parquet(store, tmp_path):
    import pyarrow.parquet as pq

    store.ingest(CORPUS)
    assert store.export(tmp_path / "a.jsonl", "jsonl") == 9
    lines = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in lines] == [a["id"] for a in CORPUS]
    assert all(r["story_id"] and r["text"] and r["published"] and r["rewrite_checked"] for r in lines)
    assert store.export(tmp_path / "a.parquet", "parquet") == 9
    table = pq.read_table(tmp_path / "a.parquet")
    assert table.num_rows == 9 and table.column("id").to_pylist() == [a["id"] for a in CORPUS]
    body = "The harbour board of the town met on Tuesday evening and elected a new chair after a long debate. "
    late = article("late-one", "Late Wire", "Harbour board elects a new chair", body * 3)
    assert store.ingest([late], defer_rewrites=True).added == ["late-one"]
    store.export(tmp_path / "b.parquet", "parquet")
    assert pq.read_table(tmp_path / "b.parquet").column("rewrite_checked").to_pylist() == [True] * 9 + [False]


def test_an_undated_article_joins_a_dated_story(store):
    store.ingest(TRAM[:2])
    undated = article("tram-no-date", "Radio Brennick", TRAM[2]["title"], TRAM[2]["text"])
    store.ingest([undated])
    assert _story_of(store, "tram-no-date") == _story_of(store, TRAM[0]["id"])
    row = next(r for r in store.list_stories() if "tram-no-date" in r.article_ids)
    assert (row.first_date, row.last_date, row.source_count) == (dt.date(2024, 3, 5), dt.date(2024, 3, 5), 3)


def _downgrade(url: str, revision: str) -> dict[str, list[str]]:
    """Take the store's database down to an Alembic ``revision``; returns its tables with their columns."""
    config = Config()
    config.set_main_option("script_location", str(files("newsweave.store") / "migrations"))
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)
    inspector = sa.inspect(engine)
    inspector.clear_cache()
    found = {name: [c["name"] for c in inspector.get_columns(name)] for name in inspector.get_table_names()}
    engine.dispose()
    return found


def test_the_migrations_go_down_and_up_again(store_url):  # noqa: F811
    Store.open(store_url).close()
    assert set(_downgrade(store_url, "base")) <= {"alembic_version"}
    with Store.open(store_url) as store:
        assert store.ingest(FERRY).added and store.count_stories() == 1


def test_upgrading_to_reported_statements_briefs_stories_again(store_url):  # noqa: F811
    """A store briefed before revision 0003 has no reported statements: the upgrade drops its cached briefs."""
    with Store.open(store_url) as store:
        store.ingest([EXAMPLES])
        [row] = store.list_stories()
        store.story_brief(row.id)
        assert store.unanalysed() == []
    assert "direct" not in _downgrade(store_url, "0002")["entity_quotes"]
    with Store.open(store_url) as store:
        assert store.unanalysed() == [row.id]
        reported = store.story_brief(row.id).stories[0].reported
        assert reported
        filed = [q for e in store.list_entities(limit=500) for q in store.entity(e.id).quotes if not q.direct]
        assert filed and {q.text for q in filed} <= {r.text for r in reported}


def _links(store: Store, ids) -> set[tuple[str, str, str]]:
    return {(a, link.source, link.kind) for a in ids for link in store.get_article(a).derived_from}


def test_a_deferred_rewrite_check_finds_what_ingest_finds(tmp_path, store_url):  # noqa: F811
    with Store.open(f"sqlite:///{tmp_path / 'now.db'}") as store:
        report = store.ingest([EXAMPLES])
        assert report.rewrites_pending == 0 and store.pending_rewrites() == 0
        expected = _links(store, report.added)
    with Store.open(store_url) as store:
        report = store.ingest([EXAMPLES], defer_rewrites=True)
        assert report.rewrites == [] and report.rewrites_pending == len(report.added) == 8
        assert [(n.article, n.source) for n in report.exact_duplicates] == [
            ("coastal-herald_ship-aground", "northsea-wire_ship-aground")
        ]
        assert store.get_article("viraltide-cargo-ship-stuck").derived_from == ()
        [before] = store.list_stories()
        brief = store.story_brief(before.id)
        assert not any(d.kind == "rewrite" for a in brief.articles for d in a.derivations)
        checked = store.check_rewrites()
        assert checked.checked == 8 and checked.pending == 0 and store.pending_rewrites() == 0
        assert [(n.article, n.source) for n in checked.rewrites] == [
            ("viraltide-cargo-ship-stuck", "kessford-courier_ship-aground")
        ]
        assert checked.stories_touched == {before.id}
        assert _links(store, report.added) == expected
        rebriefed = store.story_brief(before.id)  # the story changed, so its cached brief is stale
        assert any(d.kind == "rewrite" for a in rebriefed.articles for d in a.derivations)
        assert store.check_rewrites().checked == 0


def test_an_interrupted_rewrite_check_keeps_its_chunks_and_resumes(tmp_path, monkeypatch):
    from newsweave.store import rewrites

    monkeypatch.setattr(rewrites, "CHUNK", 3)
    real = rewrites.find_rewrites
    calls = []

    def failing_second_chunk(*args, **kwargs):
        calls.append(args[1])
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    with Store.open(f"sqlite:///{tmp_path / 'resume.db'}") as store:
        added = store.ingest([EXAMPLES], defer_rewrites=True).added
        monkeypatch.setattr(rewrites, "find_rewrites", failing_second_chunk)
        with pytest.raises(KeyboardInterrupt):
            store.check_rewrites()
        assert store.pending_rewrites() == 8 - 3
        monkeypatch.setattr(rewrites, "find_rewrites", real)
        assert store.check_rewrites(limit=2).pending == 8 - 5
        assert store.check_rewrites().checked == 3 and store.pending_rewrites() == 0
        assert ("viraltide-cargo-ship-stuck", "kessford-courier_ship-aground", "rewrite") in _links(store, added)
    assert [list(ids) for ids in calls] == [added[:3], added[3:6]]


def test_overlapping_batches_do_not_depend_on_which_finishes_first(tmp_path, monkeypatch):
    """Batch k+1 is prepared while batch k is stored. Whether batch k commits before or after batch k+1 looks up the
    store, a repeat of a batch-k article in batch k+1 is found and the stories come out the same."""
    from newsweave.store.ingest import Ingester

    records = [FERRY[0], FERRY[1], dict(FERRY[0]), *TRAM, FERRY[2]]  # FERRY[0] again, in the next batch

    def ingest_with(name: str, method: str) -> tuple[list, list, set[frozenset[str]]]:
        real = getattr(Ingester, method)

        def delayed(self, *args):
            time.sleep(0.3)
            return real(self, *args)

        with monkeypatch.context() as patch:
            patch.setattr(Ingester, method, delayed)
            with Store.open(f"sqlite:///{tmp_path / name}") as store:
                report = store.ingest(records, batch_size=2)
                story_of = {a["id"]: _story_of(store, a["id"]) for a in [*FERRY, *TRAM]}
        return report.added, [(r.input, r.stored_id) for r in report.duplicates], _partition(story_of)

    store_late = ingest_with("store-late.db", "_store")  # batch k+1 prepared before batch k commits
    prepare_late = ingest_with("prepare-late.db", "_prepare_batch")  # batch k commits first
    assert store_late == prepare_late
    added, repeats, stories = store_late
    assert sorted(added) == sorted(a["id"] for a in [*FERRY, *TRAM])
    assert [stored for _, stored in repeats] == ["ferry-harbour-post"]
    assert stories == {frozenset(a["id"] for a in FERRY), frozenset(a["id"] for a in TRAM)}


def _partition(story_of: dict[str, str]) -> set[frozenset[str]]:
    members: dict[str, set[str]] = {}
    for article_id, story in story_of.items():
        members.setdefault(story, set()).add(article_id)
    return {frozenset(m) for m in members.values()}
