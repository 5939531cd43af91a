"""Copy detection: duplicates, near-duplicates, rewrites, and which way the copy runs."""

from __future__ import annotations

import datetime as dt

from newsweave.config import Settings
from newsweave.dedup import find_copies, origins
from newsweave.dedup.fingerprint import exact_hash, jaccard, shingles
from newsweave.model import CopyLink
from tests.helpers import make_analysis

ORIGINAL = [
    "The river burst its banks on the north side of Elmford after three days of heavy rain.",
    "About two hundred homes were evacuated and the main bridge was closed to traffic.",
    "The town council opened the sports hall as a shelter for families who had to leave.",
    "Forecasters expect the water level to fall slowly over the weekend as the rain eases.",
]
REWRITE = [
    "After three days of downpours, the river overflowed along the northern edge of Elmford.",
    "Roughly 200 households had to leave their homes, and the central bridge was shut to vehicles.",
    "Families forced out of their houses were given shelter in the sports hall by the council.",
    "Meteorologists think the river will drop gradually during the weekend as the rainfall weakens.",
]
UNRELATED = [
    "The city orchestra announced a new conductor who will take over at the start of next season.",
    "Ticket prices for the autumn concerts will stay the same as last year, the orchestra said.",
    "The conductor has led ensembles in three countries and studied composition for six years.",
]


def test_fingerprints_ignore_case_punctuation_and_spacing():
    assert exact_hash("The river, it rose!") == exact_hash("the  river it ROSE")
    assert jaccard(shingles(" ".join(ORIGINAL)), shingles(" ".join(ORIGINAL))) == 1.0
    assert jaccard(shingles(" ".join(ORIGINAL)), shingles(" ".join(REWRITE))) < 0.1


def test_exact_duplicate_points_to_the_earlier_article():
    early = make_analysis("early", ORIGINAL, dt.date(2024, 3, 1))
    late = make_analysis("late", [p.upper() for p in ORIGINAL], dt.date(2024, 3, 2))
    links = find_copies([late, early], Settings())
    assert [(c.article, c.source, c.kind) for c in links] == [("late", "early", "duplicate")]
    assert "published later" in links[0].direction


def test_near_duplicate_with_an_extra_sentence():
    a = make_analysis("a", ORIGINAL)
    b = make_analysis(
        "b", [*ORIGINAL, "Residents were told to check the council website for updates on road closures."]
    )
    links = find_copies([a, b], Settings())
    assert len(links) == 1 and links[0].kind == "near-duplicate" and links[0].score >= 0.8
    # Without dates, the article fully contained in the other is taken as the copy (copies trim, rarely add).
    assert (links[0].article, links[0].source) == ("a", "b")


def test_rewrite_is_found_with_aligned_evidence_and_unrelated_is_not():
    original = make_analysis("orig", ORIGINAL, dt.date(2024, 3, 1))
    rewrite = make_analysis("farm", REWRITE, dt.date(2024, 3, 2))
    other = make_analysis("other", UNRELATED, dt.date(2024, 3, 1))
    links = find_copies([original, rewrite, other], Settings())
    assert [(c.article, c.source, c.kind) for c in links] == [("farm", "orig", "rewrite")]
    evidence = links[0].evidence
    assert len(evidence) >= 3
    assert all(p.a[0] == "farm" and p.b[0] == "orig" for p in evidence)


def test_origins_follow_chains_without_looping():
    links = [
        CopyLink("c", "b", "rewrite", 0.7, ""),
        CopyLink("b", "a", "duplicate", 1.0, ""),
        CopyLink("a", "c", "rewrite", 0.5, ""),  # a cycle must not hang
    ]
    resolved = origins(links)
    assert resolved["c"] in {"a", "b", "c"} and set(resolved) == {"a", "b", "c"}
