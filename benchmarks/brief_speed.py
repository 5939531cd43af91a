"""Wall time and peak memory of `newsweave.brief`: the seeds cold and warm, and a 50-article batch.

Cold = a new Python process: imports, model loading and the brief. Warm = a second call in that process. Each case
runs in its own child process so peak memory (ru_maxrss) belongs to that case alone.

    python -m benchmarks.brief_speed [--seeds DIR] [--data EVAL_DIR] [--articles 50]

Targets (2 cores): seeds cold <= 10 s, warm <= 2 s, peak memory <= 1.5 GB.
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

from benchmarks._common import ROOT, parser, peak_rss_mb, print_table, require, save

TARGETS = {"cold_s": 10.0, "warm_s": 2.0, "peak_mb": 1536.0}


def _child(kind: str, source: str, articles: int, seed: int) -> None:
    """Runs in the child process: time the first and second brief, print one JSON line."""
    start = time.perf_counter()
    import newsweave

    if kind == "seeds":
        inputs: list = [Path(source)]
    else:
        with open(Path(source) / "clustering-allsides" / "articles.jsonl", encoding="utf-8") as handle:
            records = [json.loads(line) for line in handle]
        random.Random(seed).shuffle(records)
        inputs = [{"id": r["article_id"], "title": r["title"], "text": r["text"]} for r in records if r["text"]][
            :articles
        ]
    first = newsweave.brief(inputs)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    newsweave.brief(inputs)
    warm = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result = {
        "cold_s": cold,
        "warm_s": warm,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "load_average": os.getloadavg()[0],
        "peak_mb": peak_rss_mb(),
        "articles": len(first.articles),
        "stories": len(first.stories),
    }
    print(json.dumps(result))


def _measure(kind: str, source: Path, articles: int, seed: int) -> dict:
    command = [
        sys.executable,
        "-m",
        "benchmarks.brief_speed",
        "--child",
        kind,
        "--source",
        str(source),
        "--articles",
        str(articles),
        "--seed",
        str(seed),
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> dict:
    p = parser("brief_speed", __doc__.splitlines()[0])
    p.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    p.add_argument("--articles", type=int, default=50, help="size of the larger batch")
    p.add_argument("--child", choices=["seeds", "batch"], help=argparse_hidden())
    p.add_argument("--source", help=argparse_hidden())
    args = p.parse_args(argv)
    if args.child:
        _child(args.child, args.source, args.articles, args.seed)
        return {}
    seeds = _measure("seeds", require(args.seeds), args.articles, args.seed)
    batch = _measure("batch", require(args.data), args.articles, args.seed)
    rows = [
        [
            f"{name} ({run['articles']} articles, {run['stories']} stories)",
            run["cold_s"],
            run["warm_s"],
            run["cpu_s"],
            run["peak_mb"],
            run["load_average"],
        ]
        for name, run in (("seeds", seeds), ("batch", batch))
    ]
    rows.append(["target (seeds)", TARGETS["cold_s"], TARGETS["warm_s"], "-", TARGETS["peak_mb"], "-"])
    columns = ["input", "cold s", "warm s", "CPU s (both calls)", "peak MB", "load average"]
    print_table("newsweave brief: wall time and peak memory", columns, rows)
    results = {
        "seeds": seeds,
        "batch": batch,
        "targets": TARGETS,
        "meets_targets": seeds["cold_s"] <= TARGETS["cold_s"]
        and seeds["warm_s"] <= TARGETS["warm_s"]
        and max(seeds["peak_mb"], batch["peak_mb"]) <= TARGETS["peak_mb"],
    }
    save("brief_speed", results, args)
    return results


def argparse_hidden() -> str:
    import argparse

    return argparse.SUPPRESS


if __name__ == "__main__":
    main()
