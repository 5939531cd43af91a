"""Story clustering: events kept together, unrelated articles kept apart, stable output."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from newsweave.cluster import StoryClusterer, article_keys, article_similarity, article_vectors, cluster_articles
from newsweave.cluster.batch import average_linkage, first_appearance
from newsweave.cluster.represent import lead_text, normalise_keys, stem
from newsweave.config import Settings

# Written for these tests: two events reported by three outlets each, and three unrelated articles.
FLOOD = [
    ("Floods force 2,000 from homes in Marrowvale",
     "Heavy rain overnight sent the River Tamsin over its banks in Marrowvale on Tuesday, forcing about 2,000 "
     "residents to leave their homes. Mayor Ilse Brandt said rescue teams had reached every flooded street."),
    ("Marrowvale evacuates riverside districts as Tamsin bursts its banks",
     "Emergency crews in Marrowvale moved roughly 2,000 people to shelters after the Tamsin river flooded on "
     "Tuesday. Mayor Ilse Brandt thanked volunteers and warned that more rain was expected."),
    ("Thousands displaced by Tamsin river flooding",
     "About two thousand Marrowvale residents spent the night in school gyms after the Tamsin overflowed. "
     "City officials, led by Mayor Ilse Brandt, said damage would take weeks to assess."),
]
TRANSFER = [
    ("Okafor completes record move to Northport United",
     "Striker Daniel Okafor has joined Northport United for a club-record fee of 48 million euros, signing a "
     "five-year contract on Monday. The 24-year-old scored 31 goals last season."),
    ("Northport United sign Daniel Okafor in club-record deal",
     "Northport United confirmed the signing of forward Daniel Okafor on a five-year deal worth a record 48 "
     "million euros. Okafor said he was proud to join the club."),
    ("Record fee: Okafor heads to Northport",
     "Daniel Okafor's transfer to Northport United, for 48 million euros, is the biggest in the club's history. "
     "Manager Rosa Lindqvist called the striker a perfect fit."),
]
NOISE = [
    ("Central bank holds interest rates at 3.5 percent",
     "The central bank left its benchmark rate unchanged at 3.5 percent on Thursday, citing slowing inflation "
     "and a cooling labour market."),
    ("New species of tree frog found in cloud forest",
     "Biologists surveying a remote cloud forest have described a new species of tree frog, barely two "
     "centimetres long, whose call resembles a dripping tap."),
    ("Chip maker unveils low-power processor for laptops",
     "A semiconductor company presented a processor that it says doubles laptop battery life, with devices "
     "expected in stores next spring."),
]


def _embed(articles: list[tuple[str, str]]) -> tuple[np.ndarray, list[frozenset[str]]]:
    titles, leads = [t for t, _ in articles], [lead for _, lead in articles]
    return article_vectors(titles, leads), [article_keys(t, lead) for t, lead in articles]


def _groups(labels: list[int], names: list[str]) -> set[frozenset[str]]:
    out: dict[int, set[str]] = {}
    for label, name in zip(labels, names, strict=True):
        out.setdefault(label, set()).add(name)
    return {frozenset(g) for g in out.values()}


def _mixed() -> tuple[list[tuple[str, str]], list[str]]:
    articles = [FLOOD[0], TRANSFER[0], NOISE[0], FLOOD[1], NOISE[1], TRANSFER[1], FLOOD[2], NOISE[2], TRANSFER[2]]
    names = ["f0", "t0", "n0", "f1", "n1", "t1", "f2", "n2", "t2"]
    return articles, names


EXPECTED = {
    frozenset({"f0", "f1", "f2"}), frozenset({"t0", "t1", "t2"}),
    frozenset({"n0"}), frozenset({"n1"}), frozenset({"n2"}),
}


def test_two_events_and_noise_are_separated() -> None:
    articles, names = _mixed()
    vectors, keys = _embed(articles)
    labels = cluster_articles(vectors, Settings(), keys)
    assert _groups(labels, names) == EXPECTED


def test_events_group_without_keys_too() -> None:
    articles, names = _mixed()
    vectors, _ = _embed(articles)
    groups = _groups(cluster_articles(vectors, Settings()), names)
    assert frozenset({"f0", "f1", "f2"}) in groups and frozenset({"t0", "t1", "t2"}) in groups


def test_labels_numbered_by_first_appearance_and_deterministic() -> None:
    articles, names = _mixed()
    vectors, keys = _embed(articles)
    labels = cluster_articles(vectors, Settings(), keys)
    assert labels == cluster_articles(vectors, Settings(), keys)
    seen: list[int] = []
    for label in labels:
        if label not in seen:
            seen.append(label)
    assert seen == list(range(len(seen)))
    order = [8, 3, 5, 0, 7, 1, 6, 2, 4]
    shuffled = cluster_articles(vectors[order], Settings(), [keys[i] for i in order])
    assert _groups(shuffled, [names[i] for i in order]) == _groups(labels, names)


def test_articles_far_apart_in_time_do_not_join() -> None:
    vectors, keys = _embed(FLOOD)
    close = [dt.date(2026, 3, 3), dt.date(2026, 3, 3), dt.date(2026, 3, 4)]
    assert len(set(cluster_articles(vectors, Settings(), keys, close))) == 1
    apart = [dt.date(2026, 3, 3), dt.date(2026, 3, 3), dt.date(2026, 6, 20)]
    labels = cluster_articles(vectors, Settings(), keys, apart)
    assert labels[0] == labels[1] != labels[2]


def test_empty_and_single_inputs() -> None:
    assert cluster_articles(np.zeros((0, 384), dtype=np.float32), Settings()) == []
    vectors, keys = _embed(FLOOD[:1])
    assert cluster_articles(vectors, Settings(), keys) == [0]


def test_mismatched_entities_are_rejected() -> None:
    vectors, keys = _embed(FLOOD)
    with pytest.raises(ValueError, match="entity sets"):
        cluster_articles(vectors, Settings(), keys[:2])


def test_average_linkage_does_not_chain() -> None:
    # a-b and b-c are strong links but a-c is missing: average linkage keeps c out of {a, b} at this threshold,
    # where single linkage would join all three.
    a, b = np.array([0, 1]), np.array([1, 2])
    weights = np.array([0.9, 0.8])
    labels = first_appearance(average_linkage(3, a, b, weights, threshold=0.5))
    assert labels == [0, 0, 1]
    assert first_appearance(average_linkage(3, a, b, weights, threshold=0.4)) == [0, 0, 0]


def test_online_clusterer_groups_and_keeps_ids() -> None:
    articles, names = _mixed()
    vectors, keys = _embed(articles)
    clusterer = StoryClusterer(Settings())
    given = {}
    for name, vector, key in zip(names, vectors, keys, strict=True):
        given[name] = clusterer.add(name, vector, key, dt.date(2026, 3, 3))
    assert given["f0"] == given["f1"] == given["f2"]
    assert given["t0"] == given["t1"] == given["t2"]
    assert len(set(given.values())) == 5
    stories = clusterer.stories()
    assert stories[given["f0"]] == ["f0", "f1", "f2"]
    assert given["t0"] == "story-2"  # ids in order of creation, never renumbered
    later = clusterer.add("f3", vectors[0], keys[0], dt.date(2026, 3, 4))
    assert later == given["f0"]
    assert clusterer.stories()[given["t0"]] == ["t0", "t1", "t2"]


def test_online_clusterer_respects_the_window() -> None:
    vectors, keys = _embed(FLOOD)
    clusterer = StoryClusterer(Settings())
    first = clusterer.add("a", vectors[0], keys[0], dt.date(2026, 3, 3))
    assert clusterer.add("b", vectors[1], keys[1], dt.date(2026, 3, 4)) == first
    assert clusterer.add("c", vectors[2], keys[2], dt.date(2026, 9, 1)) != first


def test_article_similarity_ranks_same_story_higher() -> None:
    same = article_similarity("\n".join(FLOOD[0]), "\n".join(FLOOD[1]))
    other = article_similarity("\n".join(FLOOD[0]), "\n".join(TRANSFER[0]))
    assert 0.0 <= other < same <= 1.0
    assert same > other + 0.25


def test_keys_and_stems() -> None:
    assert stem("talks") == stem("talk") and stem("stories") == "story" and stem(stem("readings")) == stem("readings")
    keys = article_keys("Mayor’s office says 2,000 evacuated", "The mayor said on Tuesday that floods hit.")
    assert {"mayor", "2000", "flood"} <= keys
    assert not {"said", "tuesday", "the", "says"} & keys
    assert normalise_keys(["Ilse Brandt", "brandt"]) == frozenset({"ilse", "brandt"})
    assert lead_text("One. Two. Three. Four. Five. Six.") == "One. Two. Three. Four. Five."


def _seed_article(path: Path) -> tuple[str, str]:
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    title, rest = lines[0], [line for line in lines[1:] if line]
    return title, " ".join(rest)


def test_seed_articles_form_one_story(seeds_dir: Path) -> None:
    seeds = [_seed_article(p) for p in sorted(seeds_dir.glob("*.txt"))]
    vectors, keys = _embed(seeds)
    assert len(set(cluster_articles(vectors, Settings(), keys))) == 1
    mixed = seeds + TRANSFER + NOISE[:2]
    vectors, keys = _embed(mixed)
    labels = cluster_articles(vectors, Settings(), keys)
    assert len(set(labels[: len(seeds)])) == 1
    assert not set(labels[: len(seeds)]) & set(labels[len(seeds) :])
    assert len(set(labels[len(seeds) :])) == 3  # the transfer story and two unrelated articles


def test_settings_window_can_be_widened() -> None:
    vectors, keys = _embed(FLOOD)
    wide = dataclasses.replace(Settings(), story_window_days=400)
    apart = [dt.date(2026, 3, 3), dt.date(2026, 3, 3), dt.date(2026, 6, 20)]
    assert len(set(cluster_articles(vectors, wide, keys, apart))) == 1


def test_online_clusterer_has_its_own_threshold() -> None:
    """StoryClusterer joins by ``story_online_link_threshold``; the batch ``story_link_threshold`` does not reach it."""
    vectors, keys = _embed(FLOOD)

    def stories(settings: Settings) -> int:
        clusterer = StoryClusterer(settings)
        return len({clusterer.add(str(i), v, k) for i, (v, k) in enumerate(zip(vectors, keys, strict=True))})

    assert stories(dataclasses.replace(Settings(), story_link_threshold=1.0)) == 1
    assert stories(dataclasses.replace(Settings(), story_online_link_threshold=1.0)) == 3
