"""Throughput and peak memory of the whole pipeline, stage by stage, on 100 / 1,000 (/ 10,000) articles.

The articles are the title + text records of ``clustering-allsides/articles.jsonl`` (8,277 short excerpts, about
58 words each), taken in file order (the file is already shuffled). For 10,000 the file is read again from the
start with new ids: those 1,723 articles are exact copies, which the copy detector is expected to find.

Each size runs in a fresh subprocess so that its peak memory (``ru_maxrss``) is its own. In that process a warm-up
run on 3 other articles loads the models first (its time is reported as "cold start"), then the measured run goes
through ``newsweave.pipeline.run`` with a progress callback: the time between two progress messages is the time
of the stage the first one announced, so the stages measured are exactly the pipeline's own, in its own order.
Rendering the result into the published ``Brief`` is timed as a last stage.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console

from benchmarks import _common

NAME = "speed"
WARM_UP = 3
PROGRESS = "speed-progress: "  # worker stderr lines naming the stage it has reached


def load_records(path: Path, size: int) -> list[dict[str, str]]:
    """``size`` records in file order, cycling with new ids when the file is shorter; ``WARM_UP`` more are
    returned first for the warm-up run (taken from the end of the file, so they are not in the measured set)."""
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    records = []
    for i in range(size):
        row = rows[i % len(rows)]
        suffix = "" if i < len(rows) else f"-copy{i // len(rows)}"
        records.append({"id": row["article_id"] + suffix, "title": row["title"], "text": row["text"]})
    warm = [{"id": f"warm-{r['article_id']}", "title": r["title"], "text": r["text"]} for r in rows[-WARM_UP:]]
    return warm + records


def _rss_mb() -> float:
    """Resident memory now (Linux), MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _stage(message: str) -> str:
    """'cleaning 100 articles' -> 'cleaning'; 'cross-checking story 3 of 9' -> 'cross-checking story'."""
    return re.sub(r"\s*\d.*$", "", message).strip()


def measure(records: list[dict[str, str]]) -> dict[str, Any]:
    """Run in the worker process: warm-up, then the timed run."""
    from newsweave.compose.output import to_brief
    from newsweave.config import Settings
    from newsweave.pipeline import run

    settings = Settings()
    warm, measured = records[:WARM_UP], records[WARM_UP:]
    start = time.perf_counter()
    run(warm, settings)
    cold = time.perf_counter() - start
    rss_after_warm = _rss_mb()

    marks: list[tuple[str, float, float, float]] = []  # stage, wall clock, CPU time of the process, RSS

    def progress(message: str) -> None:
        marks.append((_stage(message), time.perf_counter(), time.process_time(), _rss_mb()))
        if len(marks) == 1 or marks[-1][0] != marks[-2][0]:  # tell the parent where we are, in case it stops us
            name, wall, cpu, rss = marks[-1]
            reached = {"stage": name, "at_seconds": wall - start, "at_cpu_seconds": cpu - cpu_start, "rss_mb": rss}
            print(PROGRESS + json.dumps(reached), file=sys.stderr, flush=True)

    start, cpu_start = time.perf_counter(), time.process_time()
    corpus = run(measured, settings, progress)
    marks.append(("render brief", time.perf_counter(), time.process_time(), _rss_mb()))
    to_brief(corpus)
    end, cpu_end = time.perf_counter(), time.process_time()
    marks.append(("end", end, cpu_end, _rss_mb()))

    stages: dict[str, dict[str, float]] = {}
    for (name, t0, c0, _), (_, t1, c1, rss1) in zip(marks, marks[1:], strict=False):
        s = stages.setdefault(name, {"seconds": 0.0, "cpu_seconds": 0.0, "rss_mb_after": 0.0})
        s["seconds"] += t1 - t0
        s["cpu_seconds"] += c1 - c0
        s["rss_mb_after"] = max(s["rss_mb_after"], rss1)
    sentences = sum(len(a.sentences) for a in corpus.analyses)
    for s in stages.values():
        s["articles_per_second"] = len(measured) / s["seconds"] if s["seconds"] else float("inf")
        s["sentences_per_second"] = sentences / s["seconds"] if s["seconds"] else float("inf")
    return {
        "articles": len(measured),
        "articles_kept": len(corpus.analyses),
        "skipped": len(corpus.skipped),
        "sentences": sentences,
        "stories": len(corpus.stories),
        "copies": len(corpus.copies),
        "cold_start_seconds": cold,
        "rss_mb_after_warm_up": rss_after_warm,
        "total_seconds": end - start,
        "total_cpu_seconds": cpu_end - cpu_start,
        "stages": stages,
        "peak_rss_mb": _common.peak_rss_mb(),
    }


def _peak_rss_of(pid: int) -> float:
    """Peak resident memory so far of another process (Linux VmHWM), MB; 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_size(data: Path, size: int, timeout: float, max_rss_mb: float) -> dict[str, Any]:
    """One size in a new interpreter; its last stdout line is the JSON result.

    The worker is stopped when it runs past ``timeout`` or its memory passes ``max_rss_mb`` (the machine is
    shared); the result then says so, with the stage it had reached and the memory it had used.
    """
    cmd = [sys.executable, "-m", "benchmarks.speed", "--data", str(data), "--worker", str(size)]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True, cwd=_common.ROOT)
        start, peak, stopped = time.monotonic(), 0.0, None
        while proc.poll() is None:
            peak = max(peak, _peak_rss_of(proc.pid))
            if time.monotonic() - start > timeout:
                stopped = f"stopped after {timeout:.0f} s"
            elif peak > max_rss_mb:
                stopped = f"stopped at {peak:.0f} MB resident (limit --max-rss-mb {max_rss_mb:.0f})"
            if stopped:
                proc.kill()
                proc.wait()
                break
            time.sleep(0.5)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    seconds = time.monotonic() - start
    if proc.returncode == 0 and not stopped:
        return json.loads(stdout.strip().splitlines()[-1])
    reached = [json.loads(line[len(PROGRESS):]) for line in stderr.splitlines() if line.startswith(PROGRESS)]
    last_error = next((line for line in reversed(stderr.splitlines()) if line.strip()), "failed")
    return {"articles": size, "error": stopped or last_error, "seconds_before_stop": seconds,
            "last_stage": reached[-1]["stage"] if reached else None, "stages_reached": reached,
            "peak_rss_mb_seen": peak}


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    p = _common.parser(NAME, __doc__.splitlines()[0])
    p.add_argument("--sizes", default="100,1000", help="comma-separated article counts (10000 takes long)")
    p.add_argument("--timeout", type=float, default=3600, help="seconds allowed per size")
    p.add_argument("--max-rss-mb", type=float, default=12000, help="stop a size whose memory passes this")
    p.add_argument("--worker", type=int, default=None, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    path = _common.require(args.data / "clustering-allsides" / "articles.jsonl")
    if args.worker is not None:
        print(json.dumps(measure(load_records(path, args.worker))))
        return {}
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.limit is not None:
        sizes = sorted({min(s, args.limit) for s in sizes})
    load_before = os.getloadavg()
    runs = [run_size(args.data, size, args.timeout, args.max_rss_mb) for size in sizes]
    load_after = os.getloadavg()

    columns = ["articles", "stage", "seconds", "CPU s", "articles/s", "sentences/s", "RSS after (MB)"]
    rows: list[list[Any]] = []
    for r in runs:
        if "error" in r:
            rows.append([r["articles"], f"FAILED in stage: {r['last_stage']}", r["error"][:80], "", "", "",
                         f"peak {r['peak_rss_mb_seen']:.0f}"])
            continue
        rows.append([r["articles"], "cold start (warm-up run, 3 articles)", r["cold_start_seconds"], "", "", "",
                     f"{r['rss_mb_after_warm_up']:.0f}"])
        for name, s in r["stages"].items():
            rows.append(["", name, s["seconds"], s["cpu_seconds"], f"{s['articles_per_second']:.1f}",
                         f"{s['sentences_per_second']:.1f}", f"{s['rss_mb_after']:.0f}"])
        rows.append(["", f"TOTAL ({r['sentences']} sentences, {r['stories']} stories)", r["total_seconds"],
                     r["total_cpu_seconds"],
                     f"{r['articles'] / r['total_seconds']:.1f}", f"{r['sentences'] / r['total_seconds']:.1f}",
                     f"peak {r['peak_rss_mb']:.0f}"])
    _common.print_table("newsweave pipeline speed (2 threads; each size in its own process)", columns, rows,
                        Console(width=160))
    if not args.quiet:
        print(f"load average (1 min) before: {load_before[0]:.2f}, after: {load_after[0]:.2f} on {os.cpu_count()} "
              "CPUs; wall times are only comparable on an otherwise idle machine, CPU times less affected")
    results = {"sizes": sizes, "runs": runs, "records": "clustering-allsides/articles.jsonl, file order",
               "load_average_before_after": [load_before, load_after]}
    _common.save(NAME, results, args)
    return results


if __name__ == "__main__":
    main()
