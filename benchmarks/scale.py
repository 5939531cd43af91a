"""The same brief in one process and on a local Dask cluster: wall time, CPU time and whether the outputs agree.

Input: a seeded sample of whole AllSides stories from ``clustering-allsides`` (three articles each, given as
records), so that the per-story stages have many stories to spread over workers. Each mode runs in a fresh process
(imports and model loading included, as a user's run would); CPU seconds include the worker processes.

    python -m benchmarks.scale [--stories 100] [--workers 2] [--data EVAL_DIR]

On a machine of N cores, more than N workers only adds model copies; the point of the Dask path is a cluster of
several machines, which this single-machine table can only hint at.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks._common import ROOT, parser, print_table, require, save

NAME = "scale"
DATA = Path("clustering-allsides") / "articles.jsonl"


def sample(path: Path, stories: int, seed: int) -> list[dict[str, str]]:
    """``stories`` whole gold stories, their articles as newsweave records, in a seeded shuffled order."""
    by_story: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["text"]:
                by_story[str(record["story_id"])].append(record)
    rng = random.Random(seed)
    chosen = rng.sample(sorted(by_story), min(stories, len(by_story)))
    records = [r for story in chosen for r in by_story[story]]
    rng.shuffle(records)
    return [{"id": r["article_id"], "title": r["title"], "text": r["text"]} for r in records]


def _child(mode: str, records_path: Path, workers: int) -> None:
    """Runs in the child process: one brief, its wall time and a digest of its JSON."""
    start = time.perf_counter()
    import newsweave
    from newsweave.scale import brief_on_dask, connect

    records = json.loads(records_path.read_text(encoding="utf-8"))
    if mode == "single":
        result = newsweave.brief(records)
    else:
        with connect(f"local:{workers}") as client:
            result = brief_on_dask(records, client)
    seconds = time.perf_counter() - start
    digest = hashlib.sha256(result.to_json().encode("utf-8")).hexdigest()
    print(
        json.dumps(
            {"seconds": seconds, "digest": digest, "articles": len(result.articles), "stories": len(result.stories)}
        )
    )


def _measure(mode: str, records_path: Path, workers: int) -> dict[str, Any]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    command = [sys.executable, "-m", "benchmarks.scale", "--child", mode, str(records_path), str(workers)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"mode": mode, "cpu_s": cpu, "load_average_before": load, **json.loads(done.stdout.strip().splitlines()[-1])}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = parser(NAME, __doc__ or "")
    p.add_argument("--stories", type=int, default=100, help="whole AllSides stories to brief (3 articles each)")
    # --limit (every benchmark's subset option) caps the stories too, so CI's smoke run stays small

    p.add_argument("--workers", type=int, default=2, help="worker processes of the local Dask cluster")
    p.add_argument("--child", nargs=3, metavar=("MODE", "RECORDS", "WORKERS"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        mode, records_path, workers = args.child
        _child(mode, Path(records_path), int(workers))
        return {}
    stories = min(args.stories, args.limit) if args.limit else args.stories
    records = sample(require(args.data / DATA), stories, args.seed)
    records_path = Path(args.out) / f"{NAME}-records.json"
    records_path.parent.mkdir(parents=True, exist_ok=True)
    records_path.write_text(json.dumps(records), encoding="utf-8")
    try:
        runs = [_measure(mode, records_path, args.workers) for mode in ("single", "dask")]
    finally:
        records_path.unlink()
    single, dask = runs
    result = {
        "stories_sampled": stories,
        "records": len(records),
        "workers": args.workers,
        "runs": runs,
        "same_output": single["digest"] == dask["digest"],
        "speedup": single["seconds"] / dask["seconds"],
    }
    if not args.quiet:
        rows = [
            [
                f"{r['mode']}" + (f" (local:{args.workers})" if r["mode"] == "dask" else ""),
                r["articles"],
                r["stories"],
                r["seconds"],
                r["cpu_s"],
                r["load_average_before"],
            ]
            for r in runs
        ]
        print_table(
            f"One brief of {len(records)} articles, single process vs Dask; same JSON: {result['same_output']}",
            ["mode", "articles", "stories", "wall s", "CPU s", "load"],
            rows,
        )
    save(NAME, result, args)
    return result


if __name__ == "__main__":
    main()
