"""End to end on the five real seed articles (read from ../shared; skipped when it is absent).

No seed text is copied here: the checks use names (facts), generic boilerplate patterns and structure.
"""

from __future__ import annotations

import re

import pytest

import newsweave
from newsweave.render.schema import Brief

BOILERPLATE = re.compile(
    r"favor to ask|support us monthly|Remind me later|commenting forum|Thank you for registering|logged in|"
    r"Full Story|already a subscriber|Click to log in|Also read|Leave a Reply|Required fields are marked|"
    r"Related Articles|^Read more$|^Comments$",
    re.IGNORECASE | re.MULTILINE,
)
CREDIT_AT_END = re.compile(r"\((AP|[^)]*REUTERS[^)]*)\)\s*$")


@pytest.fixture(scope="module")
def result(seeds_dir) -> Brief:
    return newsweave.brief([seeds_dir])


def _article(result: Brief, prefix: str):
    return next(a for a in result.articles if a.id.startswith(prefix))


def test_one_story_of_five(result: Brief):
    assert len(result.articles) == 5 and len(result.stories) == 1


def test_boilerplate_is_removed_and_nothing_is_lost(result: Brief, seeds_dir):
    for article in result.articles:
        assert not BOILERPLATE.search(article.text), article.id
        assert not any(CREDIT_AT_END.search(p) for p in article.text.split("\n\n")), article.id
        raw = (seeds_dir / f"{article.id}.txt").read_text(encoding="utf-8")
        removed = [r.text.strip() for r in article.removed]
        for line in raw.splitlines():
            line = line.strip()
            if len(line.split()) < 12 or line in removed:
                continue
            for cut in removed:  # a dateline taken off the front, a glued headline off the end
                if cut and line.startswith(cut):
                    line = line[len(cut) :].strip()
                elif cut and line.endswith(cut):
                    line = line[: -len(cut)].strip()
            assert line in article.text, f"{article.id}: lost {line[:50]!r}"
        assert all(r.reason for r in article.removed)


def test_glued_headline_is_cut_and_its_sentence_kept(result: Brief):
    reuters = _article(result, "002")
    glued = [r for r in reuters.removed if "glued" in r.reason]
    assert len(glued) == 1
    assert reuters.text.rstrip().endswith(".")
    assert glued[0].text not in reuters.text


def test_metadata_from_bylines_and_datelines(result: Brief):
    assert _article(result, "001").published == "2023-09-15"
    assert _article(result, "001").author
    assert _article(result, "002").source == "Reuters"


def test_the_two_known_conflicts_and_nothing_else(result: Brief):
    conflicts = result.stories[0].conflicts
    assert sorted(c.kind for c in conflicts) == ["date", "object"]
    date = next(c for c in conflicts if c.kind == "date")
    assert {"Monday" in s.value or "Sunday" in s.value for s in date.sides} == {True}
    assert any("2023-09-11" in s.value for s in date.sides) and any("2023-09-10" in s.value for s in date.sides)
    thing = next(c for c in conflicts if c.kind == "object")
    values = " ".join(s.value for s in thing.sides).casefold()
    assert "spacesuit" in values and "glove" in values
    assert len({s.article for s in thing.sides}) >= 2


def test_quote_speakers_are_resolved(result: Brief):
    speakers = {q.speaker for q in result.stories[0].quotes}
    assert {"Dmitry Peskov", "Denis Manturov", "Mikhail Degtyarev", "Bonnie Jenkins", "Chang Ho-jin"} <= speakers


def test_kim_is_one_entity_with_his_aliases(result: Brief):
    entities = result.stories[0].entities
    kim = next(e for e in entities if "Kim Jong-un" in [e.name, *e.aliases])
    assert {"Kim Jong Un", "Kim Jong-un", "Mr Kim"} <= {kim.name, *kim.aliases}
    assert "Kim Jong Il" not in {kim.name, *kim.aliases}


def test_a_content_farm_rewrite_is_flagged_with_evidence(result: Brief):
    derived = {a.id[:3]: a for a in result.articles if a.derived_from}
    assert "003" in derived
    assert len(derived["003"].derivations[0].evidence) >= 3
    assert not {"000", "001", "002"} & set(derived)


def test_summary_cites_articles_that_contain_its_sentences(result: Brief):
    story = result.stories[0]
    texts = {a.id: a.text for a in result.articles}
    assert 5 <= len(story.summary) <= 10
    for sentence in story.summary:
        assert any(sentence.text in texts[a] for a in sentence.sources)


def test_weekdays_resolve_against_the_dated_article(result: Brief):
    dates = {e.date for e in result.stories[0].timeline}
    assert {"2023-09-13", "2023-09-15"} <= dates
