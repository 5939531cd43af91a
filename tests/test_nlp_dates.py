"""Time expressions resolved against the article's date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsweave.config import Settings
from newsweave.model import Analysis, Article, DateMention, Sentence
from newsweave.nlp import analyse
from newsweave.nlp.dates import resolve_dates

THURSDAY = dt.date(2024, 3, 14)  # a Thursday


def _dates(text: str, reference: dt.date | None = THURSDAY) -> list[DateMention]:
    return resolve_dates([Sentence("a", 3, 0, 100, 100 + len(text), text)], reference)


def _one(text: str, reference: dt.date | None = THURSDAY) -> tuple[str, dt.date, dt.date, str]:
    (found,) = _dates(text, reference)
    return found.text, found.start, found.end, found.granularity


def _day(text: str) -> dt.date:
    _, start, end, granularity = _one(text)
    assert start == end and granularity == "day"
    return start


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The council met on Monday.", dt.date(2024, 3, 11)),
        ("The council met Thursday.", THURSDAY),  # the reference day itself
        ("Crowds gathered on Friday night.", dt.date(2024, 3, 8)),
        ("After Tuesday’s vote, the mayor resigned.", dt.date(2024, 3, 12)),
        ("The council will meet on Monday.", dt.date(2024, 3, 18)),
        ("The minister is expected to arrive on Saturday.", dt.date(2024, 3, 16)),
        ("She plans to travel on Thursday.", THURSDAY),
        ("The ferry is due to arrive on Monday.", dt.date(2024, 3, 18)),
        ("The port closed on Monday due to the storm.", dt.date(2024, 3, 11)),
        ("The talks were set to resume on Saturday.", dt.date(2024, 3, 9)),
        ("They met last Thursday.", dt.date(2024, 3, 7)),
        ("They meet next Thursday.", dt.date(2024, 3, 21)),
        ("The ferry left yesterday.", dt.date(2024, 3, 13)),
        ("The ferry leaves tomorrow.", dt.date(2024, 3, 15)),
        ("Voting ends today.", THURSDAY),
        ("The bridge opened three days ago.", dt.date(2024, 3, 11)),
        ("The ruling came on 2 March 2023.", dt.date(2023, 3, 2)),
        ("The ruling came on March 2, 2023.", dt.date(2023, 3, 2)),
        ("The ruling came on Sept. 9.", dt.date(2023, 9, 9)),  # no year: the latest on or before the reference
        ("The hearing will resume on Sept. 9.", dt.date(2024, 9, 9)),
        ("The hearing resumed on 9 March.", dt.date(2024, 3, 9)),
    ],
)
def test_days(text: str, expected: dt.date) -> None:
    assert _day(text) == expected


def test_weekday_is_resolved_by_the_nearest_tense_cue() -> None:
    # "said" is nearest to "on Monday"; the future "would" later in the sentence is about something else.
    assert _day("The agency said on Monday that the plant would close.") == dt.date(2024, 3, 11)
    # the future cue is in another clause
    assert _day("He left on Monday and had been expected to return.") == dt.date(2024, 3, 11)


@pytest.mark.parametrize(
    ("text", "start", "end", "granularity"),
    [
        ("Talks continued this week.", dt.date(2024, 3, 11), dt.date(2024, 3, 17), "week"),
        ("Talks ended last week.", dt.date(2024, 3, 4), dt.date(2024, 3, 10), "week"),
        ("Talks resume next week.", dt.date(2024, 3, 18), dt.date(2024, 3, 24), "week"),
        ("He arrived earlier in the week.", dt.date(2024, 3, 11), dt.date(2024, 3, 17), "week"),
        ("Prices rose last month.", dt.date(2024, 2, 1), dt.date(2024, 2, 29), "month"),
        ("The deal was signed in January.", dt.date(2024, 1, 1), dt.date(2024, 1, 31), "month"),
        ("The deal was signed in October.", dt.date(2023, 10, 1), dt.date(2023, 10, 31), "month"),
        ("The envoy is expected to visit in October.", dt.date(2024, 10, 1), dt.date(2024, 10, 31), "month"),
        ("The envoy will visit in January.", dt.date(2025, 1, 1), dt.date(2025, 1, 31), "month"),
        ("His first visit was in June 1999.", dt.date(1999, 6, 1), dt.date(1999, 6, 30), "month"),
        ("The plant was built in 1987.", dt.date(1987, 1, 1), dt.date(1987, 12, 31), "year"),
        ("Sales fell last year.", dt.date(2023, 1, 1), dt.date(2023, 12, 31), "year"),
    ],
)
def test_spans(text: str, start: dt.date, end: dt.date, granularity: str) -> None:
    assert _one(text)[1:] == (start, end, granularity)


def test_expression_text_and_offsets_are_kept() -> None:
    (found,) = _dates("The envoy is expected to visit in October.")
    assert (found.text, found.article_id, found.sentence) == ("in October", "a", 3)
    assert (found.start_char, found.end_char) == (100 + 31, 100 + 41)


@pytest.mark.parametrize(
    "text",
    [
        "Mayor Lin, 52, said the plan works.",
        "The range is 2,000 km and the jet is an Su-35.",
        "Unemployment was high in the 1930s.",
        "The stadium holds 2024 people.",
        "Officials may decide later.",
        "Protesters march to the square.",
        "August Wilson wrote plays.",
    ],
)
def test_things_that_are_not_dates(text: str) -> None:
    assert _dates(text) == []


def test_without_reference_only_self_dated_expressions_resolve() -> None:
    found = _dates("The plant opened in 1987 and closed on Friday.", None)
    assert [(d.text, d.granularity) for d in found] == [("in 1987", "year")]


def test_fallback_reference_date_is_used_and_noted_and_own_date_wins() -> None:
    undated = Article(id="u", title="t", paragraphs=("The harbour reopened on Monday after the storm.",))
    dated = Article(id="d", title="t", paragraphs=undated.paragraphs, published=dt.date(2024, 3, 21))
    fallback = {"u": (THURSDAY, "date of other articles on the story"), "d": (THURSDAY, "unused")}
    by_id: dict[str, Analysis] = {a.article.id: a for a in analyse([undated, dated], Settings(), fallback)}
    assert by_id["u"].reference_date == THURSDAY
    assert by_id["u"].reference_note == "date of other articles on the story"
    assert by_id["u"].dates[0].start == dt.date(2024, 3, 11)
    assert by_id["d"].reference_date == dt.date(2024, 3, 21) and by_id["d"].reference_note is None
    assert by_id["d"].dates[0].start == dt.date(2024, 3, 18)


def test_article_without_any_date_is_noted() -> None:
    article = Article(id="n", title="t", paragraphs=("The harbour reopened on Monday after the storm in 1987.",))
    (analysis,) = analyse([article], Settings())
    assert analysis.reference_date is None
    assert [d.text for d in analysis.dates] == ["in 1987"]
    assert any("relative dates" in note for note in analysis.article.notes)


@pytest.fixture(scope="module")
def seed_dates(seeds_dir: Path) -> dict[str, list[DateMention]]:
    articles = []
    for path in sorted(seeds_dir.glob("*.txt")):
        lines = tuple(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
        articles.append(Article(id=path.stem[:3], title=lines[0], paragraphs=lines))
    fallback = {a.id: (dt.date(2023, 9, 15), "seed date") for a in articles}
    return {a.article.id: list(a.dates) for a in analyse(articles, Settings(), fallback)}


def _resolved(dates: list[DateMention], text: str) -> set[tuple[dt.date, dt.date, str]]:
    return {(d.start, d.end, d.granularity) for d in dates if d.text == text}


def test_seed_dates_resolve_against_friday_15_september_2023(seed_dates: dict[str, list[DateMention]]) -> None:
    day = dt.date
    assert _resolved(seed_dates["000"], "on Friday") == {(day(2023, 9, 15), day(2023, 9, 15), "day")}
    assert _resolved(seed_dates["001"], "on Monday") == {(day(2023, 9, 11), day(2023, 9, 11), "day")}
    assert _resolved(seed_dates["003"], "on Sunday") == {(day(2023, 9, 10), day(2023, 9, 10), "day")}
    assert _resolved(seed_dates["002"], "on Wednesday") == {(day(2023, 9, 13), day(2023, 9, 13), "day")}
    assert _resolved(seed_dates["001"], "in October") == {(day(2023, 10, 1), day(2023, 10, 31), "month")}
    assert _resolved(seed_dates["003"], "in October") == {(day(2023, 10, 1), day(2023, 10, 31), "month")}
    assert _resolved(seed_dates["000"], "This week") == {(day(2023, 9, 11), day(2023, 9, 17), "week")}
    assert _resolved(seed_dates["003"], "in July 2000") == {(day(2000, 7, 1), day(2000, 7, 31), "month")}
    for dates in seed_dates.values():  # ages, decades and model numbers are not dates
        assert not [d for d in dates if "1950" in d.text or "39" in d.text or "35" in d.text]
