"""Speed of the web UI: a 50-article story page, the stories list of a 10,000-article store, 50 concurrent clients.

    python -m benchmarks.web_speed [--workdir DIR] [--articles 10000] [--clients 50] [--requests 20]

Targets (2 cores): story page of 50 articles <= 200 ms warm; stories list of a 10,000-article store <= 150 ms; 50
concurrent clients on cached story pages with no error.

The stores are built once in ``--workdir`` (default: a folder under the system's temporary folder) and reused:

* a story of 50 articles: 50 variants of one example article (the Northsea Wire report in examples/aurelia-bay, the
  project's own fictional corpus) under 50 outlets and ids, each missing one paragraph (near-duplicates, not
  repeats the store would refuse). Variants of several different articles split into several stories, so this is
  the one way to get a single 50-article story from the examples; it is also the heaviest page of that size (every
  claim is cited by up to 50 articles, and the provenance graph has an edge per copy). Its brief is computed once
  (timed: "first brief").
* 10,000 articles: the title + text records of ``clustering-allsides/articles.jsonl`` from the evaluation data
  that have at least 25 words (shorter ones would be skipped as "no story text"), cycled with new ids past the end
  of the file with new ids under a "mirror" outlet (the same text and outlet again would be a repeat, not stored); the
  copies are found as duplicates and filed with their originals.

Each server runs in its own process (uvicorn, one worker) so that the clients do not share its interpreter. "Warm"
is after three requests of the same page; the story page is measured twice: rendered on every request (page cache
off: reading the stored brief, finding every cited sentence, drawing the charts) and from the page cache. All
traffic goes to 127.0.0.1, every loop is bounded, and the rate limits are off: the clients all come from one address,
which the per-client limits would otherwise (rightly) throttle.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx

from benchmarks._common import ROOT, parser, print_table, save

NAME = "web_speed"
TARGETS = {"story_page_ms": 200.0, "stories_list_ms": 150.0, "concurrent_errors": 0}
WARM_UP = 3
STORY_ARTICLES = 50
_MIN_WORDS = 25  # the pipeline skips an article whose clean text is shorter than Settings.min_words (20)
_STORY_BASE = "northsea-wire_ship-aground"


def main(argv: Sequence[str] | None = None) -> None:
    p = parser(NAME, __doc__.splitlines()[0])
    p.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "newsweave-web-bench")
    p.add_argument("--articles", type=int, default=10_000, help="size of the store behind the stories list")
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--requests", type=int, default=20, help="requests per client, and samples per timed page")
    p.add_argument("--serve", nargs=2, metavar=("URL", "PORT"), help=argparse.SUPPRESS)
    p.add_argument("--no-cache", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.serve:
        _serve(args.serve[0], int(args.serve[1]), args.no_cache)
        return
    args.workdir.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {}
    story_db, story_id, results["story"] = _story_store(args.workdir)
    with _Server(story_db, 8771, cache=False) as server:
        results["story_page_uncached_ms"] = _timed(server.url + f"/stories/{story_id}", args.requests)
    with _Server(story_db, 8772, cache=True) as server:
        page = server.url + f"/stories/{story_id}"
        results["story_page_cached_ms"] = _timed(page, args.requests)
        results["concurrent_story"] = _hammer([page], args.clients, args.requests)
    list_db = _list_store(args.workdir, args.articles, args.data)
    if list_db is not None:
        results["list_store"] = _size(list_db)
        with _Server(list_db, 8773, cache=True) as server:
            results["stories_list_ms"] = _timed(server.url + "/", args.requests)
            results["stories_list_search_ms"] = _timed(server.url + "/?q=climate&min_sources=2", args.requests)
            results["api_stories_ms"] = _timed(server.url + "/api/stories?limit=50", args.requests)
            results["stories_list_page_40_ms"] = _timed(server.url + "/?page=40", args.requests)
    _report(results, args)


# --- stores ----------------------------------------------------------------------------------------------------


def _story_store(workdir: Path) -> tuple[str, str, dict[str, Any]]:
    """A store whose largest story has (about) 50 articles, and that story's id; its brief computed once."""
    from newsweave.store import Store

    url = f"sqlite:///{workdir / 'story50.db'}"
    with Store.open(url) as store:
        info: dict[str, Any] = {}
        if store.count_stories() == 0:
            start = time.perf_counter()
            store.ingest(_variants(STORY_ARTICLES))
            info["ingest_s"] = round(time.perf_counter() - start, 1)
        biggest = max(store.list_stories(limit=200), key=lambda row: row.article_count)
        start = time.perf_counter()
        store.story_brief(biggest.id)
        info.update(first_brief_s=round(time.perf_counter() - start, 1), articles=biggest.article_count)
    return url, biggest.id, info


def _variants(count: int) -> list[dict[str, Any]]:
    """``count`` near-copies of one example article (copies of several articles would form several stories)."""
    from newsweave.config import Settings
    from newsweave.pipeline import read_inputs

    raws, _ = read_inputs([ROOT / "examples" / "aurelia-bay"], Settings())
    raw = next(r for r in raws if r.id == _STORY_BASE)
    records = []
    for variant in range(count):
        dropped = 3 + variant % max(1, len(raw.lines) - 3)  # never the title, byline or lead
        records.append(
            {
                "id": f"{raw.id}-v{variant}",
                "title": raw.title,
                "text": "\n\n".join(line for i, line in enumerate(raw.lines) if i != dropped),
                "source": f"{raw.source or 'Outlet'} {variant}",
                "published": "2025-03-10",
            }
        )
    return records


def _list_store(workdir: Path, articles: int, data: Path) -> str | None:
    from newsweave.store import Store

    source = data / "clustering-allsides" / "articles.jsonl"
    if not source.exists():
        print(f"skipping the stories list: {source} not found (pass --data)", file=sys.stderr)
        return None
    url = f"sqlite:///{workdir / f'corpus{articles}.db'}"
    with Store.open(url) as store:
        if store.count_stories() == 0:
            rows = [json.loads(line) for line in source.open(encoding="utf-8")]
            rows = [r for r in rows if len(r["text"].split()) >= _MIN_WORDS]  # shorter ones would be skipped
            records = []
            for i in range(articles):
                row, cycle = rows[i % len(rows)], i // len(rows)
                record = {"id": row["article_id"], "title": row["title"], "text": row["text"]}
                if cycle:  # the same text from another outlet: stored (as a copy), where a repeat would not be
                    record.update(id=f"{row['article_id']}-copy{cycle}", source=f"Mirror Outlet {cycle}")
                records.append(record)
            start = time.perf_counter()
            store.ingest(records)
            print(f"ingested {articles} articles in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return url


def _size(url: str) -> dict[str, int]:
    from newsweave.store import Store

    with Store.open(url) as store:
        stories = store.count_stories()
        articles = sum(row.article_count for row in store.list_stories(limit=stories))
    return {"articles": articles, "stories": stories}


# --- servers and clients ---------------------------------------------------------------------------------------


def _serve(url: str, port: int, no_cache: bool) -> None:
    import uvicorn

    from newsweave.web import WebSettings, create_app

    settings = WebSettings(requests_per_minute=0, heavy_per_minute=0, page_cache_entries=0 if no_cache else 256)
    uvicorn.run(create_app(url, settings=settings), host="127.0.0.1", port=port, log_level="warning")


class _Server:
    """The app on uvicorn in a child process, for the length of a ``with`` block."""

    def __init__(self, db: str, port: int, cache: bool) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.command = [sys.executable, "-m", "benchmarks.web_speed", "--serve", db, str(port)]
        if not cache:
            self.command.append("--no-cache")

    def __enter__(self) -> _Server:
        try:
            httpx.get(self.url, timeout=1)
        except httpx.HTTPError:
            pass
        else:
            raise RuntimeError(f"something already answers at {self.url}: stop it, or it would be measured instead")
        self.process = subprocess.Popen(self.command, cwd=ROOT)
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(self.url + "/static/newsweave.css", timeout=2).raise_for_status()
                return self
            except httpx.HTTPError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.process.kill()
                    raise RuntimeError(f"server {self.command} did not start") from None
                time.sleep(0.2)

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


def _timed(url: str, samples: int) -> dict[str, float]:
    """Median and 95th percentile of ``samples`` sequential requests, after ``WARM_UP`` unmeasured ones."""
    times = []
    with httpx.Client(timeout=120) as client:
        for i in range(WARM_UP + samples):
            start = time.perf_counter()
            client.get(url).raise_for_status()
            if i >= WARM_UP:
                times.append((time.perf_counter() - start) * 1000)
    return _stats(times)


def _hammer(urls: Sequence[str], clients: int, requests: int) -> dict[str, Any]:
    """``clients`` threads, each with its own connection, ``requests`` requests each, all at once."""
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    gate = threading.Barrier(clients)

    def client(number: int) -> None:
        with httpx.Client(timeout=60) as session:
            gate.wait()
            for i in range(requests):
                url = urls[(number + i) % len(urls)]
                start = time.perf_counter()
                try:
                    status = session.get(url).status_code
                    problem = None if status == 200 else f"HTTP {status}"
                except httpx.HTTPError as err:
                    problem = type(err).__name__
                with lock:
                    times.append((time.perf_counter() - start) * 1000)
                    if problem:
                        errors.append(problem)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    return {
        "clients": clients,
        "requests": len(times),
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
        "requests_per_s": round(len(times) / wall, 1),
        **_stats(times),
    }


def _stats(times: Sequence[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "median": round(statistics.median(ordered), 1),
        "p95": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1),
        "max": round(ordered[-1], 1),
    }


def _report(results: dict[str, Any], args: argparse.Namespace) -> None:
    story = results["story"]
    rows = [
        [f"story page, {story['articles']} articles, rendered (warm)", results["story_page_uncached_ms"]["median"],
         results["story_page_uncached_ms"]["p95"], f"<= {TARGETS['story_page_ms']:.0f} ms"],
        ["story page, from the page cache", results["story_page_cached_ms"]["median"],
         results["story_page_cached_ms"]["p95"], ""],
    ]  # fmt: skip
    if "stories_list_ms" in results:
        size = f"{results['list_store']['articles']:,}-article store"
        rows += [
            [f"stories list, {size}", results["stories_list_ms"]["median"], results["stories_list_ms"]["p95"],
             f"<= {TARGETS['stories_list_ms']:.0f} ms"],
            [f"stories list, search + filter, {size}", results["stories_list_search_ms"]["median"],
             results["stories_list_search_ms"]["p95"], ""],
            [f"stories list, page 40, {size}", results["stories_list_page_40_ms"]["median"],
             results["stories_list_page_40_ms"]["p95"], ""],
            [f"GET /api/stories, {size}", results["api_stories_ms"]["median"], results["api_stories_ms"]["p95"], ""],
        ]  # fmt: skip
    crowd = results["concurrent_story"]
    rows.append(
        [f"{crowd['clients']} concurrent clients, cached story page ({crowd['requests']} requests, "
         f"{crowd['requests_per_s']}/s, {crowd['errors']} errors)", crowd["median"], crowd["p95"], "0 errors"]
    )  # fmt: skip
    print_table("newsweave web speed (ms)", ["case", "median", "p95", "target"], rows)
    print(f"first brief of the {story['articles']}-article story: {story['first_brief_s']} s", file=sys.stderr)
    results["targets"] = TARGETS
    results["met"] = {
        "story_page": results["story_page_uncached_ms"]["median"] <= TARGETS["story_page_ms"],
        "stories_list": results.get("stories_list_ms", {}).get("median", float("inf")) <= TARGETS["stories_list_ms"],
        "concurrent": crowd["errors"] == 0,
    }
    save(NAME, results, args)


if __name__ == "__main__":
    main()
