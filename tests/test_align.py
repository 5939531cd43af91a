"""Fact alignment and conflict detection on hand-written sentences."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from newsweave.align.conflicts import find_conflicts
from newsweave.align.facts import align_facts
from newsweave.align.frames import parse_frames
from newsweave.align.similarity import combine, cosine_floor
from newsweave.config import Settings
from newsweave.sentence_table import SentenceTable
from tests.helpers import make_analysis

FRIDAY = dt.date(2024, 5, 17)


def _conflicts(*analyses):
    table = SentenceTable.build(analyses)
    return find_conflicts(analyses, table, lambda name: None, Settings())


def test_frames_read_giver_things_and_part_of_whole():
    frames = {f.event: f for f in parse_frames("The mayor gave a lantern and a bicycle to the visiting queen.")}
    give = frames["give"]
    assert {t.head for t in give.themes} == {"lantern", "bicycle"}
    part = next(f for f in parse_frames("The mayor gifted the queen a wheel from a bicycle.") if f.event == "give")
    assert [(t.head, t.part_of) for t in part.themes] == [("wheel", "bicycle")]


def test_part_for_whole_is_an_object_conflict_with_both_sides():
    a = make_analysis("a", ["At the ceremony the mayor gave a bicycle and a lantern to the visiting queen."], FRIDAY)
    b = make_analysis("b", ["At the ceremony the mayor also gifted the visiting queen a wheel from a bicycle."], FRIDAY)
    conflicts = _conflicts(a, b)
    assert [c.kind for c in conflicts] == ["object"]
    values = {s.article_id: s.value for s in conflicts[0].sides}
    assert values["a"].endswith("bicycle") and "wheel" in values["b"]


def test_different_day_for_the_same_departure_is_a_date_conflict():
    a = make_analysis("a", ["The envoy left Lisbon on Monday and flew on to the summit in Oslo."], FRIDAY)
    b = make_analysis("b", ["After the envoy departed from Lisbon on Sunday, talks began in Oslo."], FRIDAY)
    conflicts = _conflicts(a, b)
    assert [c.kind for c in conflicts] == ["date"]
    assert sorted(s.value.split(" (")[0] for s in conflicts[0].sides) == ["on Monday", "on Sunday"]
    assert {s.article_id for s in conflicts[0].sides} == {"a", "b"}


@pytest.mark.parametrize(
    "first, second",
    [
        # Same day said two ways: agreement.
        ("The envoy left Lisbon on Monday for the summit in Oslo.", "The envoy departed Lisbon on Monday for Oslo."),
        # Different events on different days: no conflict.
        ("The envoy arrived in Oslo on Tuesday for the summit.", "The envoy met the prime minister on Wednesday."),
        # The same thing given, in other words: agreement.
        ("The mayor gave a rifle to the queen at the ceremony.", "The mayor presented the queen with a fine rifle."),
    ],
)
def test_agreeing_or_unrelated_pairs_are_not_conflicts(first, second):
    assert _conflicts(make_analysis("a", [first], FRIDAY), make_analysis("b", [second], FRIDAY)) == []


def test_different_counts_of_the_same_thing_are_a_number_conflict():
    a = make_analysis("a", ["The coastguard said 42 containers fell into the sea when the ship tilted."], FRIDAY)
    b = make_analysis("b", ["The coastguard said 24 containers fell into the sea as the ship tilted."], FRIDAY)
    conflicts = _conflicts(a, b)
    assert [c.kind for c in conflicts] == ["number"]
    assert sorted(s.value for s in conflicts[0].sides) == ["24 containers", "42 containers"]


def test_facts_join_paraphrases_and_count_independent_sources():
    a = make_analysis(
        "a",
        [
            "The harbour was closed to all shipping after the storm damaged the pier. "
            "The fishing fleet stayed in port for a second day."
        ],
    )
    b = make_analysis("b", ["After the storm damaged the pier, the harbour was closed to all shipping."])
    c = make_analysis("c", ["Officials closed the harbour to all shipping after storm damage to the pier."])
    table = SentenceTable.build([a, b, c])
    facts = align_facts([a, b, c], table, {"c": "b"}, Settings())
    top = facts[0]
    assert top.sources == ("a", "b", "c")
    assert top.independent == 2  # c copies b
    single = [f for f in facts if f.sources == ("a",)]
    assert single and "fishing fleet" in single[0].text


def test_no_pair_below_the_cosine_floor_reaches_the_bar():
    for bar in (0.5, 0.65, 0.68, 0.9):
        floor = cosine_floor(bar)
        below, at = np.array([floor - 1e-6]), np.array([floor + 1e-6])
        assert combine(below, np.array([1.0]))[0] < bar <= combine(at, np.array([1.0]))[0]
