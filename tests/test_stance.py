"""Headline-body stance: one written case per class, plus the model file's round trip."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newsweave.align.stance import FEATURES, STANCES, StanceModel, default_model, features, sentences, stance

# Written for these tests (fictional events).
HEADLINE = "Lake Varna monster caught on camera by fisherman"
AGREE = (
    "The Lake Varna monster has been caught on camera. Fisherman Tomas Reyk filmed the huge creature swimming next "
    "to his boat on Sunday morning. The clip shows the monster's long neck rising out of the water twice. Reyk's "
    "video is the first footage of the animal ever recorded."
)
DISAGREE = (
    "Footage said to show the Lake Varna monster, which spread widely online this week, is a hoax. The fisherman "
    "who posted it admitted the creature was a rubber model towed behind his boat. Park officials denied that any "
    "unknown animal lives in the lake and said the video was fake. Fact-checkers debunked the claim within hours."
)
DISCUSS = (
    "A video that reportedly shows the Lake Varna monster is circulating on social media. According to local "
    "reports, a fisherman claims he filmed the creature on Sunday, but the footage could not be verified. "
    "Some residents say the shape may be a log or a large fish. It is unclear whether the video is authentic, "
    "and experts have not yet examined it."
)
UNRELATED = (
    "The city council approved a new budget on Tuesday that raises spending on public transport by eight percent. "
    "The plan adds two bus lines and extends tram service into the evening. Council members voted 31 to 9 in favour "
    "after a long debate about road repairs."
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [(AGREE, "agree"), (DISAGREE, "disagree"), (DISCUSS, "discuss"), (UNRELATED, "unrelated")],
)
def test_one_case_per_stance(body: str, expected: str) -> None:
    assert stance(HEADLINE, body) == expected


def test_features_are_finite_and_named() -> None:
    x = features(HEADLINE, AGREE)
    assert x.shape == (len(FEATURES),)
    assert np.isfinite(x).all()
    related, unrelated = features(HEADLINE, AGREE), features(HEADLINE, UNRELATED)
    assert related[FEATURES.index("cos_best")] > unrelated[FEATURES.index("cos_best")]
    assert related[FEATURES.index("key_coverage")] > unrelated[FEATURES.index("key_coverage")]
    refuted = features(HEADLINE, DISAGREE)
    assert refuted[FEATURES.index("refute_aligned")] > related[FEATURES.index("refute_aligned")]


def test_empty_body_still_gets_a_stance() -> None:
    assert stance(HEADLINE, "") in STANCES


def test_sentences_split_and_cap() -> None:
    assert sentences("One here. Two there!\nThree") == ["One here.", "Two there!", "Three"]
    assert len(sentences(" ".join(f"Sentence {i}." for i in range(100)))) == 40


def test_weights_round_trip(tmp_path: Path) -> None:
    model = default_model()
    path = tmp_path / "weights.json"
    model.save(path)
    again = StanceModel.load(path)
    x = np.stack([features(HEADLINE, b) for b in (AGREE, DISAGREE, DISCUSS, UNRELATED)])
    assert again.predict(x) == model.predict(x)
