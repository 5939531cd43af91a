"""The summary's selection rules on hand-written facts: prominence, centrality, the opening sentence, the order by
support, redundancy and the word budget."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from newsweave.compose.summary import centrality, prominence, reading_order, select, standing, summarise
from newsweave.config import Settings
from newsweave.model import Claim, Fact


def _fact(text: str, *placed: tuple[str, int], independent: int | None = None) -> Fact:
    """A fact stated by the given (article, sentence index) claims, all with the same wording."""
    claims = tuple(Claim(article, index, text) for article, index in placed)
    sources = tuple(sorted({article for article, _ in placed}))
    return Fact(f"f-{text[:12]}", text, claims, sources,
                len(sources) if independent is None else independent)


def _unit(*rows: list[float]) -> np.ndarray:
    vectors = np.array(rows, dtype=float)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_prominence_is_highest_for_an_opening_sentence_in_any_article():
    assert prominence(_fact("The bridge over the Kessel river closed on Monday for repairs.", ("a", 3), ("b", 0))) == 1
    assert prominence(_fact("Engineers found cracks in two of the bridge's steel supports.", ("a", 2))) == 1 / 3


def test_centrality_is_the_mean_similarity_to_the_other_facts_only():
    story = _unit([1, 0], [1, 0.2], [0, 1])
    central = centrality(story, story)
    assert central[1] > central[2] and central[0] > central[2]
    assert central[0] == pytest.approx((story[0] @ story[1] + story[0] @ story[2]) / 2)
    assert centrality(story[:1], story[:1]).tolist() == [0.0]


def test_standing_is_centrality_plus_weighted_prominence():
    facts = [_fact("Late detail sentence number one about the town council.", ("a", 4)),
             _fact("Early sentence from the first outlet about the town council.", ("b", 0))]
    central = np.array([0.5, 0.1])
    assert standing(facts, central, dataclasses.replace(Settings(), summary_position=0.0)).tolist() == [0.5, 0.1]
    weighted = standing(facts, central, dataclasses.replace(Settings(), summary_position=0.5))
    assert weighted == pytest.approx([0.5 + 0.1, 0.1 + 0.5])


def test_the_opening_sentence_is_the_prominent_one_and_the_rest_follow_standing():
    facts = [_fact("A background paragraph about the river's long history of floods.", ("a", 5)),
             _fact("Officials closed the Kessel bridge on Monday after cracks appeared.", ("a", 0)),
             _fact("Traffic was diverted through the northern ring road all week.", ("b", 3))]
    scores = np.array([0.6, 0.4, 0.5])
    no_lead = dataclasses.replace(Settings(), summary_lead_position=0.0)
    assert reading_order(facts, scores, no_lead) == [0, 2, 1]
    assert reading_order(facts, scores, dataclasses.replace(no_lead, summary_lead_position=0.5)) == [1, 0, 2]


def test_more_independent_sources_always_come_first_whatever_the_standing():
    facts = [_fact("Officials closed the Kessel bridge on Monday after cracks appeared.", ("a", 0)),
             _fact("The bridge had been inspected last spring and was found safe.", ("a", 4), ("b", 6)),
             _fact("The repairs will cost the city about two million euros.", ("a", 5), ("b", 7), ("c", 2))]
    scores = np.array([0.9, 0.2, 0.1])
    assert reading_order(facts, scores, dataclasses.replace(Settings(), summary_lead_position=5.0)) == [2, 1, 0]


def test_select_skips_redundant_facts_and_stops_single_source_facts_at_the_budget():
    ten_words = "one two three four five six seven eight nine ten"
    facts = [_fact(f"{ten_words} {i}", (chr(97 + i), 0)) for i in range(6)]
    vectors = _unit([1, 0, 0], [1, 0.05, 0], [0, 1, 0], [0, 0, 1], [0, 1, 1], [1, 1, 0])
    settings = dataclasses.replace(Settings(), summary_min_sentences=2, summary_max_sentences=10,
                                   summary_words=30, summary_redundancy=0.9)
    # 1 is a near-copy of 0; after 0, 2 and 3 the summary has 2 sentences and 33 words, so 4 and 5 are not needed.
    assert select(range(6), facts, vectors, settings) == [0, 2, 3]
    assert select(range(6), facts, vectors, dataclasses.replace(settings, summary_words=40)) == [0, 2, 3, 4]


def test_select_keeps_cross_checked_facts_past_the_budget_up_to_the_maximum():
    ten_words = "one two three four five six seven eight nine ten"
    facts = [_fact(f"{ten_words} {i}", ("a", i), ("b", i)) for i in range(5)]
    vectors = np.eye(5)
    settings = dataclasses.replace(Settings(), summary_min_sentences=1, summary_max_sentences=4, summary_words=10)
    assert select(range(5), facts, vectors, settings) == [0, 1, 2, 3]


def test_summarise_opens_with_the_event_and_leaves_out_a_restatement():
    facts = [
        _fact("The city council of Kessford will vote on the new harbour budget next Tuesday evening.", ("a", 3)),
        _fact("Storm Elna flooded the harbour district of Kessford on Saturday, forcing 300 people from their "
              "homes.", ("a", 0)),
        _fact("On Saturday Storm Elna flooded Kessford's harbour district and forced 300 people out of their "
              "homes.", ("b", 0)),
        _fact("Rescue teams used boats to reach residents trapped in the flooded harbour streets.", ("c", 1)),
        _fact("He said the damage would take months to repair.", ("c", 2)),
    ]
    summary = summarise(facts, dataclasses.replace(Settings(), summary_lead_position=0.5, summary_redundancy=0.8))
    texts = [s.text for s in summary]
    assert texts[0].startswith(("Storm Elna flooded", "On Saturday Storm Elna"))
    assert sum("Storm Elna" in t for t in texts) == 1  # the second wording of the event is redundant
    assert "He said the damage would take months to repair." not in texts  # does not stand alone
    by_text = {f.text: f for f in facts}
    assert all(by_text[s.text].sources == s.sources and by_text[s.text].id == s.fact_id for s in summary)
