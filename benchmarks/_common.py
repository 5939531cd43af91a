"""What every benchmark script shares: where the data is, how results are printed and saved.

Each benchmark is `python -m benchmarks.NAME [--data DIR] [--limit N] [--seed S] [--out DIR]`. It prints one table
(newsweave beside its baselines, measured in the same run) and writes the same numbers as JSON to
`benchmarks/results/NAME.json`, with the command, date, machine and subset used, so BENCHMARKS.md can cite them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import logging
import os
import platform
import random
import resource
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"

T = TypeVar("T")


def default_data_dir() -> Path:
    """`NEWSWEAVE_EVAL`, else `../shared/eval` beside the repository."""
    return Path(os.environ.get("NEWSWEAVE_EVAL", ROOT.parent / "shared" / "eval"))


def parser(name: str, description: str, default_limit: int | None = None) -> argparse.ArgumentParser:
    """The arguments every benchmark takes."""
    p = argparse.ArgumentParser(prog=f"python -m benchmarks.{name}", description=description)
    p.add_argument("--data", type=Path, default=default_data_dir(), help="the shared eval folder")
    p.add_argument("--limit", type=int, default=default_limit, help="use a seeded subset of this many items")
    p.add_argument("--seed", type=int, default=13, help="seed of the subset")
    p.add_argument("--out", type=Path, default=RESULTS, help="where the JSON results go")
    p.add_argument("--quiet", action="store_true", help="print only the table")
    p.set_defaults(source_at_start=source_state())  # the code a long run imported, not what it became
    return p


def start(
    name: str,
    doc: str | None,
    argv: Sequence[str] | None,
    default_limit: int | None = None,
    fit_help: str | None = None,
) -> argparse.Namespace:
    """Parse a benchmark's arguments (the common ones, plus `--fit` when ``fit_help`` says what it does) and set up
    logging: progress at INFO, or warnings only with `--quiet`. ``doc`` is the script's docstring (its first line
    is the description)."""
    p = parser(name, (doc or name).splitlines()[0], default_limit)
    if fit_help:
        p.add_argument("--fit", action="store_true", help=fit_help)
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(message)s")
    return args


def finish(
    name: str,
    args: argparse.Namespace,
    title: str,
    columns: Sequence[tuple[str, str]],
    record: dict[str, Any],
    extra_rows: Sequence[Sequence[Any]] = (),
) -> dict[str, Any]:
    """Print ``record["results"]`` as a table and save the record; returns it.

    ``columns`` are (header, field) pairs read from each result (a missing or None field prints as "-");
    ``extra_rows`` are appended as given (published figures that are not measured here)."""
    rows = [["-" if r.get(field) is None else r[field] for _, field in columns] for r in record["results"]]
    print_table(title, [header for header, _ in columns], [*rows, *extra_rows])
    save(name, record, args)
    return record


def require(path: Path) -> Path:
    """Exit with a clear message when a data set is missing."""
    if not path.exists():
        sys.exit(f"benchmark data not found: {path} (pass --data or set NEWSWEAVE_EVAL)")
    return path


@contextmanager
def stopwatch() -> Iterator[dict[str, float]]:
    """Wall time of a block: `with stopwatch() as t: ...; t["seconds"]`."""
    out: dict[str, float] = {}
    start = time.perf_counter()
    try:
        yield out
    finally:
        out["seconds"] = time.perf_counter() - start


def seeded_subset(items: Sequence[T], limit: int | None, seed: int) -> list[T]:
    """`limit` items drawn with `seed`, in their original order; all of them if `limit` is None or larger."""
    if limit is None or limit >= len(items):
        return list(items)
    keep = sorted(random.Random(seed).sample(range(len(items)), limit))
    return [items[i] for i in keep]


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def print_table(
    title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], console: Console | None = None
) -> None:
    table = Table(title=title)
    for col in columns:
        table.add_column(col, justify="left" if col == columns[0] else "right")
    for row in rows:
        table.add_row(*(f"{v:.3f}" if isinstance(v, float) else str(v) for v in row))
    (console or Console()).print(table)


def source_state() -> dict[str, Any]:
    """Which newsweave code a result was measured with: the git HEAD plus a digest of the working tree's
    `src/newsweave/**/*.py` (uncommitted edits change the digest) and the time of the newest source file."""
    files = sorted((ROOT / "src" / "newsweave").rglob("*.py"))
    digest = hashlib.sha256()
    for f in files:
        digest.update(str(f.relative_to(ROOT)).encode() + b"\0" + f.read_bytes() + b"\0")
    try:
        head = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, check=False).stdout.strip()
    except OSError:  # no git on this machine
        head = ""
    newest = max((f.stat().st_mtime for f in files), default=0.0)
    return {"git_head": head or None, "src_sha256": digest.hexdigest()[:16],
            "newest_source_file": dt.datetime.fromtimestamp(newest, dt.UTC).isoformat(timespec="seconds")}


def save(name: str, results: dict[str, Any], args: argparse.Namespace) -> Path:
    """Write results with enough context to reproduce them."""
    args.out.mkdir(parents=True, exist_ok=True)
    record = {
        "benchmark": name,
        "command": "python -m benchmarks." + name + " " + " ".join(sys.argv[1:]),
        "date": dt.date.today().isoformat(),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
                    # other jobs share the machine: wall times mean little without the load they ran under
                    "load_average_at_end": [round(x, 2) for x in os.getloadavg()]},
        "subset": {"limit": args.limit, "seed": args.seed},
        "newsweave_source": getattr(args, "source_at_start", None) or source_state(),
        **results,
    }
    path = args.out / f"{name}.json"
    path.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    if not getattr(args, "quiet", False):
        print(f"wrote {path}")
    return path
