"""The timeline: one entry per date, and a sentence that dates several events shows each event's own clause."""

from __future__ import annotations

import datetime as dt

from newsweave.align.timeline import ELLIPSIS, build_timeline
from tests.helpers import make_analysis

FRIDAY = dt.date(2025, 3, 14)
TRAVEL = (
    "The envoy reached the border by train on Tuesday, met the minister on Wednesday in the capital and spent most "
    "of Thursday touring the container port before flying home, 900 km to the north, on Friday."
)


def _timeline(*paragraphs: str):
    return build_timeline([make_analysis("a", paragraphs, published=FRIDAY)], facts=[], origin={})


def test_a_sentence_with_several_dates_gives_each_date_its_own_clause():
    events = {e.date.strftime("%a"): e for e in _timeline(TRAVEL)}
    assert sorted(events) == ["Fri", "Thu", "Tue", "Wed"]
    assert events["Tue"].excerpt == f"The envoy reached the border by train on Tuesday {ELLIPSIS}"
    assert events["Wed"].excerpt == f"{ELLIPSIS} met the minister on Wednesday in the capital {ELLIPSIS}"
    assert events["Thu"].excerpt == f"{ELLIPSIS} spent most of Thursday touring the container port {ELLIPSIS}"
    # "on Friday." alone says nothing: it takes in the clauses before it until it can stand alone.
    assert events["Fri"].excerpt == f"{ELLIPSIS} flying home, 900 km to the north, on Friday."
    for event in events.values():  # the citation still rests on the whole sentence, word for word
        assert event.text == TRAVEL
        assert event.excerpt.strip(f" {ELLIPSIS}") in TRAVEL


def test_a_sentence_with_one_date_is_shown_whole():
    (event,) = _timeline("The port reopened to ships on Thursday after divers checked the channel.")
    assert event.excerpt is None and event.date == dt.date(2025, 3, 13)
