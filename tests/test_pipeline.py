"""Pipeline wiring: strays joining the story they restate, date borrowing, input handling."""

from __future__ import annotations

import datetime as dt

import pytest

from newsweave.config import Settings
from newsweave.pipeline import NoArticlesError, attach_strays, fallback_dates, read_inputs, run
from newsweave.sentence_table import SentenceTable
from tests.helpers import make_analysis

FLOOD = [
    "The river burst its banks on the north side of Elmford after three days of heavy rain.",
    "About two hundred homes were evacuated and the main bridge was closed to traffic.",
    "The town council opened the sports hall as a shelter for families who had to leave.",
]
FLOOD_SIDE_ANGLE = [
    "Volunteers at the Elmford sports hall served hot meals to evacuated families on Sunday.",
    "After three days of heavy rain the river burst its banks on the north side of Elmford.",
    "Around two hundred homes were evacuated, and the main bridge was shut to all traffic.",
    "The council opened the sports hall as a shelter for the families who had to leave home.",
]
CONCERT = [
    "The city orchestra announced a new conductor who will take over at the start of next season.",
    "Ticket prices for the autumn concerts will stay the same as last year, the orchestra said.",
    "The conductor has led ensembles in three countries and studied composition for six years.",
]


def test_a_stray_that_restates_a_story_joins_it_and_an_unrelated_one_does_not():
    flood_a = make_analysis("flood-a", FLOOD)
    flood_b = make_analysis("flood-b", [" ".join(FLOOD[::-1])])
    side = make_analysis("side", FLOOD_SIDE_ANGLE)
    concert = make_analysis("concert", CONCERT)
    analyses = [flood_a, flood_b, side, concert]
    table = SentenceTable.build(analyses)
    stories = [[flood_a.article, flood_b.article], [side.article], [concert.article]]
    merged, moved = attach_strays(stories, table, Settings())
    assert moved == ["side"]
    assert [[a.id for a in s] for s in merged] == [["flood-a", "flood-b", "side"], ["concert"]]


def test_undated_articles_borrow_their_story_date_with_a_note():
    dated = make_analysis("a", FLOOD, dt.date(2024, 3, 2)).article
    also = make_analysis("b", FLOOD, dt.date(2024, 3, 2)).article
    other = make_analysis("c", FLOOD, dt.date(2024, 3, 1)).article
    undated = make_analysis("d", FLOOD).article
    borrowed = fallback_dates([[dated, also, other, undated]])
    assert set(borrowed) == {"d"}
    date, note = borrowed["d"]
    assert date == dt.date(2024, 3, 2) and "2024-03-02" in note


def test_inputs_of_the_wrong_type_are_refused():
    with pytest.raises(TypeError):
        read_inputs([42], Settings())


def test_no_usable_input_raises_with_every_reason(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    with pytest.raises(NoArticlesError) as caught:
        run([tmp_path / "empty.txt"])
    assert [s.path for s in caught.value.skipped] == [str(tmp_path / "empty.txt")]
