"""Article-pair similarity on SemEval-2022 Task 8 training pairs: Pearson r with the human Overall score.

Overall runs from 1 (very similar) to 4 (very dissimilar), so every system's similarity is correlated with -Overall:
a positive r means agreement. Reported on the English-English pairs (the main row) and on all pairs (16 language
pairs; newsweave's embedding model is English-only, so the other languages mostly measure its limits). All rows of
the file are used, including the 40 pair ids that occur twice. Nothing is tuned on this data.

Published (official evaluation set, a different set of pairs, so not directly comparable): best system 0.818 on all
pairs, 0.872 on English-English.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from benchmarks import _common
from benchmarks.cluster_metrics import pearson
from newsweave.cluster import article_similarity
from newsweave.embed import get_embedder

NAME = "similarity"
DATA = Path("semeval8-pairs") / "train.jsonl"
PREFIX_CHARS = 512
PUBLISHED = {"en_en": 0.872, "all": 0.818}  # best system, official evaluation set
COLUMNS = [("system", "system"), ("r en-en", "pearson_en"), ("r all pairs", "pearson_all"), ("pairs/s", "pairs_per_s")]
log = logging.getLogger(__name__)

Pair = dict[str, Any]


def load(path: Path, limit: int | None, seed: int) -> list[Pair]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if limit is not None and limit < len(rows):
        keep = sorted(np.random.default_rng(seed).choice(len(rows), size=limit, replace=False).tolist())
        rows = [rows[i] for i in keep]
    return rows


def tfidf_cosine(pairs: Sequence[Pair]) -> list[float]:
    """TF-IDF (sublinear tf, fitted on every text of the pairs) cosine of each pair."""
    texts = [p["text1"] for p in pairs] + [p["text2"] for p in pairs]
    matrix = TfidfVectorizer(sublinear_tf=True).fit_transform(texts)
    n = len(pairs)
    return np.asarray(matrix[:n].multiply(matrix[n:]).sum(axis=1)).ravel().tolist()


def prefix_embedding_cosine(pairs: Sequence[Pair]) -> list[float]:
    """Cosine of the embeddings of each text's first 512 characters."""
    embedder = get_embedder()
    a = embedder.encode([p["text1"][:PREFIX_CHARS] for p in pairs])
    b = embedder.encode([p["text2"][:PREFIX_CHARS] for p in pairs])
    return np.einsum("ij,ij->i", a, b).tolist()


def newsweave(pairs: Sequence[Pair]) -> list[float]:
    return [article_similarity(p["text1"], p["text2"]) for p in pairs]


SYSTEMS: dict[str, Callable[[Sequence[Pair]], list[float]]] = {
    "newsweave article_similarity": newsweave,
    "TF-IDF cosine": tfidf_cosine,
    "embedding cosine, first 512 chars": prefix_embedding_cosine,
}


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    args = _common.start(NAME, __doc__, argv)
    pairs = load(_common.require(args.data / DATA), args.limit, args.seed)
    english = [i for i, p in enumerate(pairs) if p["lang1"] == "en" and p["lang2"] == "en"]
    target = [-p["Overall"] for p in pairs]
    results = []
    for name, system in SYSTEMS.items():
        with _common.stopwatch() as t:
            predicted = system(pairs)
        results.append({
            "system": name,
            "pearson_en": pearson([predicted[i] for i in english], [target[i] for i in english]),
            "pearson_all": pearson(predicted, target),
            "pairs_per_s": len(pairs) / max(t["seconds"], 1e-9),
        })
    record = {
        "data": str(DATA),
        "pairs": {"all": len(pairs), "en_en": len(english)},
        "target": "-Overall (1 = very similar, 4 = very dissimilar)",
        "published_other_set": PUBLISHED,
        "results": results,
    }
    title = f"SemEval-2022 Task 8 train pairs: Pearson r with -Overall ({len(english)} en-en of {len(pairs)} pairs)"
    published = ["published best, official test set (other pairs)", PUBLISHED["en_en"], PUBLISHED["all"], "-"]
    return _common.finish(NAME, args, title, COLUMNS, record, [published])

if __name__ == "__main__":
    main()
