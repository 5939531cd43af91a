"""CPU cost of the sentence embedder as shipped, beside the same model with every text padded to 128 tokens.

The packaged tokenizer pads to 128 tokens; newsweave switches that off (``Tokenizer.no_padding()``) so that each
batch is only as wide as its longest text. This measures what that saves, in one process, on real news sentences
(the sentences of ``clustering-allsides`` excerpts), each variant run twice in alternation so that a change in the
machine's load shows up as a difference between the two runs of one variant.

    python -m benchmarks.embed_speed [--limit 1500]
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Any

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


def measure(texts: list[str], padded: bool) -> dict[str, Any]:
    from newsweave.embed import Embedder

    embedder = Embedder()
    if padded:
        embedder._tokenizer.enable_padding(length=128)  # what the packaged tokenizer.json asks for
    embedder.encode(["warm-up"])
    cpu, wall = time.process_time(), time.perf_counter()
    embedder.encode(texts)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return {
        "variant": "padded to 128" if padded else "shipped (no padding)",
        "cpu_s": cpu,
        "wall_s": wall,
        "ms_cpu_per_sentence": 1000 * cpu / len(texts),
        "load_average": os.getloadavg()[0],
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    args = parser(NAME, __doc__ or "", default_limit=1500).parse_args(argv)
    texts = sentences(require(args.data / DATA), args.limit, args.seed)
    runs = [measure(texts, padded) for padded in (False, True, False, True)]
    result = {"sentences": len(texts), "runs": runs}
    if not args.quiet:
        rows = [[r["variant"], r["cpu_s"], r["wall_s"], r["ms_cpu_per_sentence"], r["load_average"]] for r in runs]
        print_table(
            f"Embedding {len(texts)} news sentences (MiniLM-L6 int8 ONNX, 2 threads)",
            ["variant", "CPU s", "wall s", "CPU ms / sentence", "load"],
            rows,
        )
    save(NAME, result, args)
    return result


if __name__ == "__main__":
    main()
