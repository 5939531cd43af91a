"""All of newsweave's tunable settings in one object.

Thresholds live here rather than in the stage modules so that a run is described by one value that can be logged,
compared and passed to Dask workers; benchmarks sweep these fields, never module constants.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    # --- reading -----------------------------------------------------------------------------------------------
    max_bytes: int = 10 * 1024 * 1024  # larger files are skipped with a message naming the limit
    encoding: str | None = None  # force a text encoding; None = UTF-8, with a clear error when it is not
    # A web page whose extracted, cleaned body is shorter is skipped as "no story text" (the extraction most likely
    # failed); an article given as text (a file, a record, a feed entry) is kept if a word of story is left.
    min_words: int = 20

    # --- cleaning ----------------------------------------------------------------------------------------------
    repeated_line_min_articles: int = 2  # a line an outlet repeats in this many of its articles is boilerplate

    # --- copies ------------------------------------------------------------------------------------------------
    near_duplicate_jaccard: float = 0.8  # MinHash Jaccard on word 5-shingles
    minhash_permutations: int = 128
    # Claim similarity (align.similarity: 0.8 MiniLM cosine + 0.2 content-word Dice) of two sentences judged to say
    # the same thing in a rewrite: a little looser than align_similarity, since content farms reword more freely
    # and the one-to-one, exceptional-coverage test of dedup.rewrite supplies the precision.
    rewrite_pair_similarity: float = 0.65
    rewrite_coverage: float = 0.4  # share of an article's sentences restated by another's to call it a rewrite
    rewrite_max_verbatim: float = 0.5  # above this shingle overlap it is a near-duplicate, not a rewrite

    # --- stories -----------------------------------------------------------------------------------------------
    stray_min_sentences: int = 3  # a lone article restating this many of a story's sentences joins it
    # Batch and online clustering (newsweave.cluster.score explains the formula; fitted on the dev half of the
    # AllSides clustering benchmark with `python -m benchmarks.clustering --fit`).
    story_key_weight: float = 1.104  # weight of the IDF-weighted key cosine beside the embedding cosine
    story_density_neighbours: int = 8  # an article's density is its score to its k-th best neighbour
    story_density_weight: float = 1.183  # how much a crowded neighbourhood raises the bar for a link
    story_density_cap: float = 0.739  # density never counts above this (a big tight story must not split itself)
    story_density_floor: float = 0.479  # density never counts below this (small batches have no neighbourhood)
    story_score_scale: float = 12.983  # slope of the link probability in score units
    story_score_offset: float = -0.01  # score margin at which a link is even odds
    story_link_threshold: float = 0.7  # average link probability two stories need to be merged
    # StoryClusterer's bar: mean link probability an arriving article needs to its best story. Higher than the batch
    # one because an online join is greedy and never undone by a later merge.
    story_online_link_threshold: float = 0.9
    story_neighbours: int = 20  # candidate pairs per article (nearest by embedding)
    story_window_days: int = 4  # articles dated further apart are never linked directly
    story_idf_prior: float = 50.0  # pseudo-documents in the key IDF (see score.idf)

    # --- alignment ---------------------------------------------------------------------------------------------
    align_similarity: float = 0.68  # claim similarity for two claims to be one fact (MSRP dev-tuned optimum: 0.669)
    # Looser: two claims about the same event may disagree in their details ("became stuck ... in the early hours of
    # Sunday" vs "ran aground ... on Monday" score 0.36); the event frames of align.conflicts supply the precision.
    conflict_similarity: float = 0.3

    # --- brief -------------------------------------------------------------------------------------------------
    summary_min_sentences: int = 5
    summary_max_sentences: int = 10
    summary_redundancy: float = 0.8  # a candidate this similar to a chosen sentence is redundant (train-fit)
    summary_words: int = 100  # single-source facts fill the summary up to this many words (or the minimum count)
    summary_position: float = 0.01  # weight of prominence (1 = an article's first sentence) beside centrality
    summary_lead_position: float = 0.5  # extra weight of prominence when choosing the first sentence (train-fit)
    key_quotes: int = 8
