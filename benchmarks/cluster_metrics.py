"""Metrics of the clustering, similarity and stance benchmarks (the other benchmarks' metrics are in metrics.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence

import numpy as np
from sklearn.metrics import adjusted_rand_score, f1_score

STANCES = ("agree", "disagree", "discuss", "unrelated")


def bcubed(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of a partition (each item counts itself), as the eval README defines them."""
    if len(predicted) != len(gold):
        raise ValueError("predicted and gold differ in length")
    if not gold:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    cluster, story, both = Counter(predicted), Counter(gold), Counter(zip(predicted, gold, strict=True))
    precision = float(np.mean([both[(p, g)] / cluster[p] for p, g in zip(predicted, gold, strict=True)]))
    recall = float(np.mean([both[(p, g)] / story[g] for p, g in zip(predicted, gold, strict=True)]))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def ari(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> float:
    """Adjusted Rand index (sklearn)."""
    return float(adjusted_rand_score(list(map(str, gold)), list(map(str, predicted))))


def pearson(x: Sequence[float], y: Sequence[float]) -> float:
    """Pearson correlation; 0.0 when either side is constant."""
    a, b = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if len(a) < 2 or a.std() == 0 or b.std() == 0:
        return 0.0
    return float(np.corrcoef(a, b)[0, 1])


def fnc_score(predicted: Sequence[str], gold: Sequence[str]) -> float:
    """FNC-1 weighted score relative to the best possible, in percent (0.25 related/unrelated + 0.75 exact stance)."""
    total = best = 0.0
    for p, g in zip(predicted, gold, strict=True):
        related_p, related_g = p != "unrelated", g != "unrelated"
        best += 0.25 if g == "unrelated" else 1.0
        if related_p == related_g:
            total += 0.25
        if related_g and p == g:
            total += 0.75
    return 100.0 * total / best if best else 0.0


def class_f1(predicted: Sequence[str], gold: Sequence[str]) -> dict[str, float]:
    """F1 of each FNC-1 class and their macro average."""
    scores = f1_score(list(gold), list(predicted), labels=list(STANCES), average=None, zero_division=0)
    out = {label: float(s) for label, s in zip(STANCES, scores, strict=True)}
    out["macro"] = float(np.mean(scores))
    return out
