"""The benchmark metrics on cases small enough to work out by hand."""

from __future__ import annotations

import math

import pytest

from benchmarks.metrics import (
    best_threshold,
    binary_scores,
    bootstrap_std,
    extraction_scores,
    first_words,
    match_spans,
    page_precision,
    page_recall,
    prf,
    rouge_f1,
    rouge_n,
    rouge_tokenizer,
    shingle_match,
    shingle_prf,
    shingles,
    span_overlap,
    tokens_overlap,
    trim_span,
    word_tokens,
)

# --- extraction shingles --------------------------------------------------------------------------


def test_tokens_are_word_runs_and_keep_case() -> None:
    assert word_tokens("Don't stop—now, 2024!") == ["Don", "t", "stop", "now", "2024"]
    assert word_tokens(None) == []


def test_shingles_of_short_and_empty_texts() -> None:
    assert shingles("") == {}
    assert shingles("one two") == {("one", "two"): 1}
    assert shingles("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    assert shingles("x y z w x y z w")[("x", "y", "z", "w")] == 2


def test_shingle_match_is_normalised_per_page() -> None:
    # truth: abcd, bcde; pred: abcd, bcdx -> TP 1, FP 1, FN 1 -> thirds
    assert shingle_match("a b c d e", "a b c d x") == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert shingle_match("a b c d", "a b c d") == (1.0, 0.0, 0.0)
    assert shingle_match("a b c d", "") == (0.0, 0.0, 1.0)
    assert shingle_match("", "a b c d") == (0.0, 1.0, 0.0)
    assert shingle_match("", "") == (0.0, 0.0, 0.0)


def test_case_is_not_folded() -> None:
    assert shingle_match("The cat sat here", "the cat sat here") == (0.0, 0.5, 0.5)


def test_page_conventions() -> None:
    assert page_precision(0, 0, 0) == 1.0 and page_recall(0, 0, 0) == 1.0  # FP = FN = 0
    assert page_precision(0, 0, 1) == 0.0  # TP = FP = 0: empty prediction
    assert page_recall(0, 1, 0) == 0.0  # TP = FN = 0: empty truth
    assert page_precision(0.5, 0, 0.5) == 1.0 and page_recall(0.5, 0, 0.5) == 0.5


def test_corpus_means_skip_pages_without_shingles() -> None:
    matches = [
        shingle_match("", ""),  # ignored by both means
        shingle_match("a b c d", ""),  # recall 0, not in the precision mean
        shingle_match("a b c d", "a b c d"),  # perfect
    ]
    scores = shingle_prf(matches)
    assert scores["precision"] == 1.0
    assert scores["recall"] == 0.5
    assert scores["f1"] == pytest.approx(2 * 1.0 * 0.5 / 1.5)


def test_f1_is_harmonic_mean_of_means_not_mean_of_f1() -> None:
    # page 1: P 1, R 0.5 (pred covers half); page 2: P 0.5, R 1 -> mean P = mean R = 0.75 -> F1 0.75
    p1 = shingle_match("a b c d e f g", "a b c d e")  # truth 4 shingles, pred 2 (both true)
    p2 = shingle_match("a b c d e", "a b c d e f g")
    scores = shingle_prf([p1, p2])
    assert scores["precision"] == pytest.approx(0.75)
    assert scores["recall"] == pytest.approx(0.75)
    assert scores["f1"] == pytest.approx(0.75)
    per_page_f1 = [2 * 1 * 0.5 / 1.5, 2 * 0.5 * 1 / 1.5]
    assert scores["f1"] != pytest.approx(sum(per_page_f1) / 2)


def test_extraction_scores_accuracy_and_bootstrap() -> None:
    s = extraction_scores(["a b c d", "x y"], ["a, b. c d", "y x"], n_bootstrap=50, seed=1)
    assert s["accuracy"] == 0.5  # punctuation does not matter, word order does
    assert 0 < s["f1"] < 1
    assert s["f1_std"] >= 0


# --- ROUGE ----------------------------------------------------------------------------------------


def test_rouge_tokenizer_matches_rouge_155_rules() -> None:
    tok = rouge_tokenizer()
    # lower case, non-alphanumerics split, Porter for tokens longer than 3, WordNet exceptions first
    assert tok.tokenize("The U.S. cities' running-mates said") == ["the", "u", "s", "citi", "run", "mate", "say"]
    assert tok.tokenize("was") == ["was"]  # 3 characters: left alone


def test_first_words_counts_whitespace_words() -> None:
    assert first_words("a , b c", 3) == "a , b"
    assert first_words("a b", None) == "a b"


def test_rouge_n_single_reference() -> None:
    r1 = rouge_n("the cat sat", ["the cat ran"], 1)
    assert (r1.recall, r1.precision) == pytest.approx((2 / 3, 2 / 3))
    r2 = rouge_n("the cat sat", ["the cat ran"], 2)
    assert (r2.recall, r2.precision, r2.f) == pytest.approx((0.5, 0.5, 0.5))
    assert rouge_n("", ["the cat"], 1).f == 0.0


def test_rouge_n_pooled_versus_mean_of_references() -> None:
    refs = ["a b c d", "a"]  # hits: 2 of 4, then 1 of 1
    pooled = rouge_n("a b", refs, 1, pooled=True)
    mean = rouge_n("a b", refs, 1, pooled=False)
    assert pooled.recall == pytest.approx(3 / 5)
    assert mean.recall == pytest.approx(0.75)
    assert pooled.precision == pytest.approx(3 / 4)  # 3 hits / (2 references x 2 peer unigrams)


def test_rouge_n_word_limit_cuts_both_sides() -> None:
    assert rouge_n("x y z", ["x y q"], 1, max_words=2).recall == 1.0


def test_rouge_f1_identical_and_disjoint() -> None:
    assert rouge_f1("Police said the fire spread.", "Police said the fire spread.") == pytest.approx(
        {"rouge1": 1.0, "rouge2": 1.0, "rougeL": 1.0})
    assert rouge_f1("alpha beta", "gamma delta")["rouge1"] == 0.0


# --- spans ----------------------------------------------------------------------------------------


def test_span_overlap_is_intersection_over_union() -> None:
    assert span_overlap(((0, 10),), ((5, 15),)) == pytest.approx(5 / 15)
    assert span_overlap(((0, 4), (10, 14)), ((0, 14),)) == pytest.approx(8 / 14)
    assert span_overlap((), ()) == 0.0


def test_match_spans_is_one_to_one_and_thresholded() -> None:
    gold = [((0, 10),), ((10, 20),)]
    assert match_spans([((0, 20),)], gold) == [(0, 0)]  # 0.5 each: counted once
    assert match_spans([((0, 9),), ((12, 20),)], gold) == [(0, 0), (1, 1)]
    assert match_spans([((0, 4),)], gold) == []  # 0.4 < 0.5
    assert match_spans([((0, 5),)], gold, threshold=0.5) == [(0, 0)]  # exactly 0.5 counts


def test_trim_span() -> None:
    text = '“Yes, we can.” he said'
    assert trim_span(text, (0, 14), '“”., ') == (1, 12)
    assert trim_span("...", (0, 3), ".") == (3, 3)


def test_tokens_overlap_ignores_case() -> None:
    assert tokens_overlap("Hillary Clinton", "clinton")
    assert not tokens_overlap("he", "Donald Trump")
    assert not tokens_overlap(None, "Trump")


def test_prf_counts() -> None:
    assert prf(2, 4, 8) == {"precision": 0.5, "recall": 0.25, "f1": pytest.approx(1 / 3), "tp": 2, "pred": 4,
                            "gold": 8}
    assert prf(0, 0, 0)["f1"] == 0.0


# --- decisions ------------------------------------------------------------------------------------


def test_binary_scores() -> None:
    s = binary_scores([True, True, False, False], [True, False, True, False])
    assert s == {"accuracy": 0.5, "precision": 0.5, "recall": 0.5, "f1": 0.5}


def test_best_threshold_separates_classes() -> None:
    assert best_threshold([0.1, 0.4, 0.6, 0.9], [False, False, True, True]) == pytest.approx(0.5)
    # all positive: a cut below every score is best
    assert best_threshold([0.2, 0.3], [True, True]) < 0.2


def test_bootstrap_std() -> None:
    assert bootstrap_std([0.3] * 20) == pytest.approx(0.0, abs=1e-12)
    spread = bootstrap_std([0.0, 1.0] * 50, n_bootstrap=500, seed=3)
    assert math.isclose(spread, 0.05, rel_tol=0.2)  # sd of a mean of 100 draws of p = 0.5
