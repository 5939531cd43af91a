"""Story clustering with dates: the AllSides crawl (dated stories), clustered with and without the articles' dates.

The date-free clustering benchmark (``benchmarks.clustering``) cannot show what newsweave's time window
(``Settings.story_window_days``) does in real use, where articles carry publication dates. ``allsides-roundups/
crawled.jsonl`` gives each story the date of its AllSides roundup (2021-04-22 to 2021-10-18); every article gets its
story's date, so this is an upper bound of what dates give (the articles of one real event spread over a day or
two, within the four-day window). The same articles, in one seeded shuffled order, are clustered with and without
dates by the batch clusterer, and filed through a new SQLite store (online filing, then regrouping) with dates.
Shipped settings; nothing is tuned here. Caveat: the scoring weights were fitted on the dev half of
``benchmarks.clustering``, and 322 of these stories are NeuS train stories that half draws from.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import _common
from benchmarks.cluster_metrics import ari, bcubed
from newsweave.cluster import article_keys, article_vectors, cluster_articles
from newsweave.config import Settings

NAME = "clustering_dated"
DATA = Path("allsides-roundups") / "crawled.jsonl"
COLUMNS = [
    ("system", "system"), ("B3 P", "precision"), ("B3 R", "recall"), ("B3 F1", "f1"), ("ARI", "ari"),
    ("clusters", "clusters"), ("seconds", "seconds"),
]


def load(path: Path, limit: int | None, seed: int) -> list[dict[str, Any]]:
    """One record per outlet item of each dated story (``story`` = the gold label), in a seeded shuffled order."""
    stories = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = np.random.default_rng(seed)
    if limit is not None:
        stories = [stories[i] for i in sorted(rng.choice(len(stories), size=min(limit, len(stories)), replace=False))]
    rows = []
    for story in stories:
        date = dt.date.fromisoformat(story["date"][:10])
        for side, item in sorted((story.get("news") or {}).items()):
            title, text = (item.get("newsTitle") or "").strip(), " ".join(item.get("newBody") or []).strip()
            if title or text:
                rows.append({"id": f"{story['id']}-{side}", "story": story["id"], "title": title, "text": text,
                             "source": item.get("newsSource") or None, "published": date.isoformat()})
    return [rows[i] for i in rng.permutation(len(rows))]


def batch(rows: Sequence[dict[str, Any]], dated: bool) -> list[int]:
    vectors = article_vectors([r["title"] for r in rows], [r["text"] for r in rows])
    keys = [article_keys(r["title"], r["text"]) for r in rows]
    dates = [dt.date.fromisoformat(r["published"]) for r in rows] if dated else None
    return cluster_articles(vectors, Settings(), keys, dates)


def store(rows: Sequence[dict[str, Any]]) -> list[str]:
    """Each article's story after filing every record, dated, into a new store (the rewrite check left out)."""
    from newsweave.store import Store

    with tempfile.TemporaryDirectory() as folder, Store.open(str(Path(folder) / "dated.db")) as corpus:
        corpus.ingest(rows, defer_rewrites=True)
        story_of = {a: s.id for s in corpus.list_stories(limit=len(rows) + 1) for a in s.article_ids}
    return [story_of[r["id"]] for r in rows]


def measure(name: str, rows: Sequence[dict[str, Any]], run: Callable[[], Sequence[Any]]) -> dict[str, Any]:
    with _common.stopwatch() as t:
        labels = run()
    gold = [r["story"] for r in rows]
    return {"system": name, **bcubed(labels, gold), "ari": ari(labels, gold), "clusters": len(set(labels)),
            "seconds": t["seconds"]}


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    args = _common.start(NAME, __doc__, argv)
    rows = load(_common.require(args.data / DATA), args.limit, args.seed)
    results = [
        measure("newsweave cluster_articles, with dates", rows, lambda: batch(rows, dated=True)),
        measure("newsweave cluster_articles, without dates", rows, lambda: batch(rows, dated=False)),
        measure("newsweave store (ingest), with dates", rows, lambda: store(rows)),
    ]
    stories = len({r["story"] for r in rows})
    title = f"Story clustering with dates, AllSides crawl: {len(rows)} articles in {stories} dated stories"
    record = {"data": str(DATA), "articles": len(rows), "stories": stories, "results": results}
    return _common.finish(NAME, args, title, COLUMNS, record)


if __name__ == "__main__":
    main()
