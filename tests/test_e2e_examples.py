"""End to end on the project's own demo corpus, checked against the ground truth in examples/README.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import newsweave
from newsweave.render.schema import Brief

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "aurelia-bay"
README = CORPUS.parent / "README.md"


@pytest.fixture(scope="module")
def result() -> Brief:
    return newsweave.brief([CORPUS])


@pytest.fixture(scope="module")
def by_id(result: Brief) -> dict:
    return {a.id: a for a in result.articles}


def _boilerplate_table() -> list[tuple[str, str]]:
    """(article id, start of the boilerplate text) for every row of the README's line-by-line table."""
    section = README.read_text(encoding="utf-8").split("## Boilerplate, line by line", 1)[1]
    rows, current = [], None
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or cells[0].startswith("---") or cells[0] == "File":
            continue
        if cells[0]:
            names = re.findall(r"`([^`]+)`", cells[0])
            current = names[-1].removesuffix(".txt").removesuffix(".html")
        for quoted in re.findall(r"`([^`]+)`", cells[1]):
            rows.append((current, quoted.split("…")[0].strip()))
    return rows


def test_all_articles_form_one_story(result: Brief):
    assert len(result.articles) == 8
    assert len(result.stories) == 1
    assert sorted(result.stories[0].article_ids) == sorted(a.id for a in result.articles)
    assert result.skipped == []


@pytest.mark.parametrize("article_id, boilerplate", _boilerplate_table())
def test_each_documented_boilerplate_line_is_removed_with_a_reason(by_id, article_id, boilerplate):
    article = by_id[article_id]
    removed = [r for r in article.removed if boilerplate in r.text or r.text.strip() in boilerplate]
    assert removed, f"{article_id}: {boilerplate!r} was not removed"
    assert all(r.reason for r in removed)
    if len(boilerplate) > 25:
        assert boilerplate not in article.text


def test_every_story_line_of_the_text_files_is_kept(by_id):
    documented = [text for _, text in _boilerplate_table()]
    for path in sorted(CORPUS.glob("*.txt")):
        article = by_id[path.stem]
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            line = line.strip()
            if len(line.split()) < 8 or any(b and b in line for b in documented):
                continue
            story_part = re.sub(r"^[A-Z]+ \([^)]*\) [–-] ", "", line)
            story_part = re.split(r"(?<=[a-z0-9]\.)(?=[A-Z])", story_part)[0]  # a glued headline after the story
            assert story_part in article.text, f"{path.name}: lost {story_part[:60]!r}"


def test_duplicate_and_rewrite_are_found_with_direction_and_evidence(by_id):
    herald = by_id["coastal-herald_ship-aground"]
    assert herald.derived_from == ["northsea-wire_ship-aground"]
    assert herald.derivations[0].kind in {"duplicate", "near-duplicate"}
    rewrite = by_id["viraltide-cargo-ship-stuck"]
    assert rewrite.derived_from == ["kessford-courier_ship-aground"]
    assert rewrite.derivations[0].kind == "rewrite"
    assert len(rewrite.derivations[0].evidence) >= 5
    originals = set(by_id) - {"coastal-herald_ship-aground", "viraltide-cargo-ship-stuck"}
    assert all(by_id[a].derived_from == [] for a in originals)


def test_the_two_documented_conflicts_and_no_others(result: Brief, by_id):
    conflicts = {c.kind: c for c in result.stories[0].conflicts}
    assert sorted(conflicts) == ["date", "number"]
    date_sides = {s.article: s.value for s in conflicts["date"].sides}
    assert "2025-03-09" in date_sides["strait-observer_port-stays-shut"]
    assert any("2025-03-10" in v for a, v in date_sides.items() if a != "strait-observer_port-stays-shut")
    number_sides = {s.article: s.value for s in conflicts["number"].sides}
    assert number_sides["maritime-ledger_kessford-closure"].startswith("24")
    assert sum(v.startswith("42") for v in number_sides.values()) >= 3
    for conflict in conflicts.values():
        for side in conflict.sides:
            assert side.text in by_id[side.article].text


def test_quote_speakers(result: Brief):
    quotes = result.stories[0].quotes
    speakers = {q.speaker for q in quotes}
    assert {"Tomas Reyne", "Ilse Varga", "Dora Kell", "Anja Lorberg", "Nell Harrow"} <= speakers
    reyne = [q for q in quotes if q.speaker == "Tomas Reyne" and q.text.startswith("Nobody goes in or out")]
    assert reyne and len(reyne[0].sources) >= 3
    kell = [q for q in quotes if q.speaker == "Dora Kell" and q.text.startswith("We have boats")]
    assert kell and "containers break open" in kell[0].text  # the quote runs over two paragraphs


def test_summary_is_attributed_and_traceable(result: Brief, by_id):
    story = result.stories[0]
    assert 5 <= len(story.summary) <= 10
    for sentence in story.summary:
        assert sentence.sources and set(sentence.sources) <= set(story.article_ids)
        assert any(sentence.text in by_id[a].text for a in sentence.sources)
    assert story.summary[0].sources and len(story.summary[0].sources) >= 3


def test_timeline_resolves_relative_dates(result: Brief):
    dates = {e.date for e in result.stories[0].timeline}
    assert {"2025-03-09", "2025-03-10", "2025-03-11"} <= dates


def test_same_input_same_json(result: Brief):
    assert newsweave.brief([CORPUS]).to_json() == result.to_json()
