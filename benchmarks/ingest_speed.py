"""Corpus-store ingest: speed at 1k / 10k (/ 100k) articles, re-ingest, and story clustering quality.

**Corpus.** Real articles from the shared evaluation sets, as JSON records: the 8,277 AllSides excerpts of
``clustering-allsides`` (title + ~58-word excerpt, no outlet, no date), the 924 full PolNeAR articles of
``polnear/{train,dev}`` (outlet, date, author and title from ``metadata.tsv``) and the 1,683 distinct FNC-1 bodies of
``fnc1`` (full articles; title = the first headline paired with the body that is not "unrelated", no outlet or
date): 10,884 articles. A size up to that is a seeded sample of them in shuffled order. A larger size (100k) is
synthesised by documented perturbation: each extra article copies a real one (the shuffled real articles in turn,
round K) under a new id (``ID~vK``) and outlet (``variant K``), its date (if any) moved K weeks later, and one
word in ten of its text replaced by a word drawn from the same text, which keeps it on-topic but breaks most 5-word
shingles, so it is neither a duplicate nor (usually) a near-duplicate of its original. The records are written
as JSONL files of 1,000 records each and ingested as a user would: ``Store.ingest([folder])``.

**Speed.** Each size runs in a fresh subprocess into a fresh SQLite file (models load inside the measured time,
so it is a cold run; ``--postgres URL`` uses that server instead, one new database per size). Reported: wall time;
CPU time of the process (user + system: what the run cost, whatever else shared the cores); articles/s; peak RSS;
and the wall and CPU seconds inside the main steps (timed by wrapping the store's calls, see ``STEPS``: cleaning,
features with the title+lead embedding inside them, online filing, duplicate detection, SQL writes, index loading,
the regrouping pass, the rewrite check; CPU seconds count the embedder's threads too). The run is measured in two
parts, which a default ``newsweave ingest`` does one after the other: the ingest proper with the rewrite check
deferred (``Store.ingest(..., defer_rewrites=True)``: clean, deduplicate, embed title and lead, cluster, store), then
the rewrite pass over every article it stored (``Store.check_rewrites()``). Then the same folder is ingested again (it
must add nothing) and that time is compared with the first ingest's.

**Quality.** The test half of ``clustering-allsides`` (the same seeded shuffle and story split as
``benchmarks.clustering``) is ingested date-free in shuffled order, once in one call and once in ten successive
calls (incremental: each regrouping pass only sees the stories the call touched and their neighbours). The stored
stories are scored with B-cubed against the gold stories; ``--baselines`` adds the baselines of
``benchmarks.clustering`` on the same half (newsweave's batch and online clusterers with the same Settings, TF-IDF
and embedding agglomerative clustering with thresholds tuned on the dev half; this embeds both halves again).

Two cores are shared with whatever else runs on the machine: the load average before and after each run is
recorded with it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks import _common

NAME = "ingest_speed"
# (where, function, label) of the steps timed inside a run; nested steps are inside the ones listed before them
STEPS = (
    ("ingest", "clean", "cleaning"),
    ("ingest", "featurise", "features"),
    ("prepare", "article_vectors", "embedding title+lead"),
    ("ingest", "stored_neighbours", "online filing"),
    ("ingest", "place", "online filing"),
    ("ingest", "find_copies", "duplicate detection"),
    ("rewrites", "find_rewrites", "rewrite check"),
    ("Ingester", "_write", "SQL writes"),
    ("CorpusIndex", "load", "index loading"),
    ("ingest", "regroup", "regrouping pass"),
)
SHARD = 1000
QUALITY_CHUNKS = 10


# --- the corpus --------------------------------------------------------------------------------------------------


def real_articles(data: Path) -> list[dict[str, Any]]:
    """Every real article of the three sets, as ingest records (see the module docstring)."""
    records: list[dict[str, Any]] = []
    allsides = _common.require(data / "clustering-allsides" / "articles.jsonl")
    for line in allsides.open(encoding="utf-8"):
        row = json.loads(line)
        records.append({"id": row["article_id"], "title": row["title"], "text": row["text"]})
    records.extend(_polnear(data / "polnear"))
    records.extend(_fnc(data / "fnc1" / "train.jsonl.gz"))
    return records


def _polnear(folder: Path) -> list[dict[str, Any]]:
    meta = {}
    lines = (folder / "metadata.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t"), strict=False))
        meta[row["filename"]] = row
    out = []
    for path in sorted(folder.glob("*/text/*.txt")):
        row = meta.get(path.stem, {})
        record = {"id": f"polnear-{path.stem}", "text": path.read_text(encoding="utf-8")}
        for field, key in (("title", "title"), ("source", "publisher"), ("published", "publication_date"),
                           ("author", "author")):
            if row.get(key) and row[key] != "None":
                record[field] = row[key]
        out.append(record)
    return out


def _fnc(path: Path) -> list[dict[str, Any]]:
    bodies: dict[int, dict[str, Any]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            entry = bodies.setdefault(row["body_id"], {"body": row["body"], "title": None, "first": row["headline"]})
            if entry["title"] is None and row["stance"] != "unrelated":
                entry["title"] = row["headline"].strip()
    return [
        {"id": f"fnc-{body_id}", "title": entry["title"] or entry["first"].strip(), "text": entry["body"]}
        for body_id, entry in sorted(bodies.items())
    ]


def corpus(real: Sequence[dict[str, Any]], size: int, seed: int) -> list[dict[str, Any]]:
    """``size`` records: a seeded shuffle of the real ones, then perturbed variants (module docstring)."""
    rng = random.Random(seed)
    shuffled = list(real)
    rng.shuffle(shuffled)
    out = shuffled[:size]
    variant = 0
    while len(out) < size:
        variant += 1
        for record in shuffled:
            if len(out) >= size:
                break
            out.append(perturb(record, variant, rng))
    return out


def perturb(record: dict[str, Any], variant: int, rng: random.Random) -> dict[str, Any]:
    import datetime as dt

    words = record["text"].split(" ")
    for i in range(len(words)):
        if rng.random() < 0.1:
            words[i] = rng.choice(words)
    out = dict(record, id=f"{record['id']}~v{variant}", text=" ".join(words), source=f"variant {variant}")
    if record.get("published"):
        out["published"] = (dt.date.fromisoformat(record["published"]) + dt.timedelta(weeks=variant)).isoformat()
    return out


def write_shards(records: Sequence[dict[str, Any]], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number, start in enumerate(range(0, len(records), SHARD)):
        with (folder / f"shard-{number:04d}.jsonl").open("w", encoding="utf-8") as out:
            for record in records[start : start + SHARD]:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return folder


# --- one measured run (in its own process) ---------------------------------------------------------------------


def _timed(owner: Any, name: str, totals: dict[str, list[float]], label: str) -> None:
    """Wrap ``owner.name`` (a module's function or a class's method) so that the wall and CPU seconds spent inside
    it add up in ``totals[label]``. CPU seconds count every thread of the process (the embedder's included)."""
    inner: Callable[..., Any] = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), _cpu_seconds()
        try:
            return inner(*args, **kwargs)
        finally:
            spent = totals.setdefault(label, [0.0, 0.0])
            spent[0] += time.perf_counter() - wall
            spent[1] += _cpu_seconds() - cpu

    setattr(owner, name, wrapper)


def _cpu_seconds() -> float:
    """User + system CPU time of this process: what the run cost, whatever else shares the cores."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_one(folder: Path, url: str) -> dict[str, Any]:
    """Ingest ``folder`` into ``url`` with the rewrite check deferred, run the rewrite pass, then ingest the folder
    again; the first ingest's time includes loading the models."""
    from newsweave.store import Store, prepare, rewrites
    from newsweave.store import ingest as ingest_module

    owners = {"prepare": prepare, "ingest": ingest_module, "rewrites": rewrites, "Ingester": ingest_module.Ingester,
              "CorpusIndex": ingest_module.CorpusIndex}
    totals: dict[str, list[float]] = {}
    for owner, name, label in STEPS:
        _timed(owners[owner], name, totals, label)
    load_before = os.getloadavg()
    with Store.open(url) as store:
        ingest, report = _measured(lambda: store.ingest([folder], defer_rewrites=True))
        ingest_peak = _common.peak_rss_mb()
        check, found = _measured(store.check_rewrites)
    again_time, (again, stories) = _measured(lambda: _reingest(url, folder))
    added = len(report.added)
    return {
        "articles_added": added,
        "skipped": len(report.skipped),
        "exact_duplicates": len(report.exact_duplicates),
        "near_duplicates": len(report.near_duplicates) + len(found.near_duplicates),
        "rewrites": len(found.rewrites),
        "rewrites_checked": found.checked,
        "stories": stories,
        "seconds": ingest[0],
        "cpu_seconds": ingest[1],
        "articles_per_s": (added + len(report.duplicates)) / ingest[0],
        "rewrite_pass_seconds": check[0],
        "rewrite_pass_cpu_seconds": check[1],
        "total_seconds": ingest[0] + check[0],
        "total_cpu_seconds": ingest[1] + check[1],
        "steps_seconds": {label: wall for label, (wall, _) in totals.items()},
        "steps_cpu_seconds": {label: cpu for label, (_, cpu) in totals.items()},
        "reingest_added": len(again.added),
        "reingest_duplicates": len(again.duplicates),
        "reingest_seconds": again_time[0],
        "reingest_ratio": again_time[0] / ingest[0],
        "ingest_peak_rss_mb": ingest_peak,
        "peak_rss_mb": _common.peak_rss_mb(),
        "load_average_before_after": [load_before, os.getloadavg()],
    }


def _measured(call: Callable[[], Any]) -> tuple[tuple[float, float], Any]:
    """((wall seconds, CPU seconds), result) of one call."""
    wall, cpu = time.perf_counter(), _cpu_seconds()
    result = call()
    return (time.perf_counter() - wall, _cpu_seconds() - cpu), result


def _reingest(url: str, folder: Path) -> tuple[Any, int]:
    """The report of ingesting ``folder`` again in a newly opened store, and the stories it then holds."""
    from newsweave.store import Store

    with Store.open(url) as store:
        return store.ingest([folder]), store.count_stories()


def quality_one(rows_file: Path, url: str, chunks: int) -> dict[str, Any]:
    """Ingest the rows (already in shuffled order) in ``chunks`` calls; B-cubed of the stored stories.

    The runs of one process share the embedder's cache, so only the first pays for the embeddings (their time is
    not what this measures)."""
    from benchmarks.cluster_metrics import ari, bcubed
    from newsweave.config import Settings
    from newsweave.store import Store

    rows = [json.loads(line) for line in rows_file.open(encoding="utf-8")]
    records = [{"id": r["article_id"], "title": r["title"], "text": r["text"]} for r in rows]
    size = -(-len(records) // chunks)
    start = time.perf_counter()
    with Store.open(url, settings=Settings(min_words=1)) as store:
        for begin in range(0, len(records), size):
            store.ingest(records[begin : begin + size])
        story = {a: s.id for s in store.list_stories(limit=len(records)) for a in s.article_ids}
    seconds = time.perf_counter() - start
    # an article that could not be stored (empty text) counts as a story of its own
    predicted = [story.get(r["article_id"], f"unstored-{r['article_id']}") for r in rows]
    gold = [r["story_id"] for r in rows]
    scores = bcubed(predicted, gold)
    return {"chunks": chunks, "articles": len(rows), "stored": len(story), **scores, "ari": ari(predicted, gold),
            "clusters": len(set(predicted)), "seconds": seconds}


# --- orchestration ---------------------------------------------------------------------------------------------


def _subprocess(args: list[str]) -> Any:
    done = subprocess.run([sys.executable, "-m", "benchmarks.ingest_speed", *args], capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise RuntimeError(f"benchmark subprocess failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _database(work: Path, name: str, postgres: str | None) -> str:
    if postgres is None:
        return f"sqlite:///{work / (name + '.db')}"
    import sqlalchemy as sa

    engine = sa.create_engine(postgres, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    return sa.make_url(postgres).set(database=name).render_as_string(hide_password=False)


def quality_rows(data: Path, seed: int, limit: int | None, work: Path) -> Path:
    """The test half of the clustering benchmark, in its shuffled order, as a JSONL file."""
    from benchmarks.clustering import DATA, load, split

    rows = load(_common.require(data / DATA), limit, seed)
    _, test = split(rows, seed)
    path = work / "quality.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in test:
            out.write(json.dumps(rows[i], ensure_ascii=False) + "\n")
    return path


def baselines(data: Path, seed: int, limit: int | None) -> list[dict[str, Any]]:
    """The clustering baselines on the same test half: newsweave's batch and online clusterers with the store's
    Settings, and TF-IDF and embedding agglomerative clustering with their thresholds tuned on the dev half, as
    ``benchmarks.clustering`` does (embeddings of the raw title and text, as that benchmark computes them)."""
    from benchmarks.cluster_metrics import bcubed
    from benchmarks.clustering import (
        DATA,
        DISTANCE_THRESHOLDS,
        agglomerative_grid,
        best,
        half,
        load,
        split,
        tfidf_distances,
    )
    from newsweave.cluster import StoryClusterer, article_keys, article_vectors, cluster_articles
    from newsweave.config import Settings

    rows = load(_common.require(data / DATA), limit, seed)
    vectors = article_vectors([r["title"] for r in rows], [r["text"] for r in rows])
    keys = [article_keys(r["title"], r["text"]) for r in rows]
    dev_index, test_index = split(rows, seed)
    dev, test = half(rows, dev_index, vectors, keys), half(rows, test_index, vectors, keys)
    settings = Settings()
    online = StoryClusterer(settings)
    systems = {
        "newsweave cluster_articles (batch, Settings defaults)": cluster_articles(test.vectors, settings, test.keys),
        "newsweave StoryClusterer (online only)": [
            online.add(r["article_id"], v, k) for r, v, k in zip(test.rows, test.vectors, test.keys, strict=True)
        ],
    }
    tfidf, _ = best(agglomerative_grid(tfidf_distances(dev), DISTANCE_THRESHOLDS), dev.gold)
    systems[f"TF-IDF + agglomerative (dist {tfidf} tuned on dev)"] = agglomerative_grid(
        tfidf_distances(test), [tfidf])[tfidf]
    cosine, _ = best(agglomerative_grid(1.0 - dev.vectors @ dev.vectors.T, DISTANCE_THRESHOLDS), dev.gold)
    systems[f"embeddings + agglomerative (dist {cosine} tuned on dev)"] = agglomerative_grid(
        1.0 - test.vectors @ test.vectors.T, [cosine])[cosine]
    return [{"system": name, **bcubed(labels, test.gold)} for name, labels in systems.items()]


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    p = _common.parser(NAME, __doc__.splitlines()[0])
    p.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes (e.g. 1000,10000,100000)")
    p.add_argument("--no-quality", action="store_true", help="skip the clustering quality runs")
    p.add_argument("--postgres", help="a PostgreSQL server URL to run on instead of SQLite (e.g. "
                                      "postgresql+psycopg://postgres@127.0.0.1/test)")
    p.add_argument("--baselines", action="store_true", help="also run the clustering baselines on the test half")
    p.add_argument("--baselines-one", nargs=2, metavar=("DATA", "SEED"), help=argparse.SUPPRESS)
    p.add_argument("--run-one", nargs=2, metavar=("FOLDER", "URL"), help=argparse.SUPPRESS)
    p.add_argument("--quality-one", nargs="+", metavar="ROWS URL CHUNKS", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.run_one:
        folder, url = args.run_one
        print(json.dumps(run_one(Path(folder), url)))
        return {}
    if args.baselines_one:
        print(json.dumps(baselines(Path(args.baselines_one[0]), int(args.baselines_one[1]), args.limit)))
        return {}
    if args.quality_one:
        rows, *pairs = args.quality_one
        runs = zip(pairs[::2], pairs[1::2], strict=True)
        print(json.dumps([quality_one(Path(rows), url, int(n)) for url, n in runs]))
        return {}
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.limit is not None:
        sizes = [min(s, args.limit) for s in sizes]
    real = real_articles(args.data)
    runs, quality, reference = [], [], []
    with tempfile.TemporaryDirectory(prefix="newsweave-ingest-") as tmp:
        work = Path(tmp)
        for size in sizes:
            folder = write_shards(corpus(real, size, args.seed), work / f"corpus-{size}")
            url = _database(work, f"nw_bench_{size}", args.postgres)
            result = _subprocess(["--run-one", str(folder), url])
            runs.append({"size": size, "synthetic": max(0, size - len(real)), **result})
            if not args.quiet:
                print(f"{size}: ingest {result['seconds']:.1f} s, rewrite pass {result['rewrite_pass_seconds']:.1f} s, "
                      f"re-ingest {result['reingest_seconds']:.1f} s", flush=True)
        if not args.no_quality:
            rows = quality_rows(args.data, args.seed, args.limit, work)
            pairs = [[_database(work, f"nw_quality_{n}", args.postgres), str(n)] for n in (1, QUALITY_CHUNKS)]
            quality = _subprocess(["--quality-one", str(rows), *(x for pair in pairs for x in pair)])
            if args.baselines:
                limit = [] if args.limit is None else ["--limit", str(args.limit)]
                reference = _subprocess(["--baselines-one", str(args.data), str(args.seed), *limit])
    record = {"real_articles": len(real), "backend": "postgresql" if args.postgres else "sqlite", "runs": runs,
              "quality": quality, "baselines": reference}
    _report(record)
    _common.save(NAME, record, args)
    return record


def _report(record: dict[str, Any]) -> None:
    rows = [
        [r["size"], r["articles_added"], r["seconds"], r["cpu_seconds"], r["articles_per_s"],
         r["rewrite_pass_seconds"], r["rewrite_pass_cpu_seconds"], r["total_seconds"], r["reingest_seconds"],
         r["reingest_ratio"], r["ingest_peak_rss_mb"], r["peak_rss_mb"], r["stories"],
         " ".join(f"{k.split()[0]} {v:.0f}" for k, v in sorted(r["steps_cpu_seconds"].items()))]
        for r in record["runs"]
    ]
    _common.print_table(
        f"Ingest into the store ({record['backend']}), cold process, 2 shared cores",
        ["articles", "added", "ingest s", "ingest CPU s", "articles/s", "rewrite pass s", "rewrite pass CPU s",
         "total s", "re-ingest s", "re-ingest / ingest", "ingest peak MB", "peak MB", "stories", "inside (CPU s)"],
        rows,
    )
    if record["quality"]:
        table = [[f"newsweave store, {q['chunks']} ingest call(s)", q["precision"], q["recall"], q["f1"]]
                 for q in record["quality"]]
        table += [[b["system"], b["precision"], b["recall"], b["f1"]] for b in record["baselines"]]
        _common.print_table("Story clustering, AllSides test half, shuffled, date-free (B-cubed)",
                            ["system", "P", "R", "F1"], table)


if __name__ == "__main__":
    main()
