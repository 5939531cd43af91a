"""Does our ROUGE reproduce ROUGE-1.5.5? DUC 2004 Task 2, 13 systems x 50 topics x 4 references.

``rouge.res`` was made with ``ROUGE-1.5.5 -n 4 -m -l 100 -p 0.5 -f A`` (stop words kept). Three ways of computing
the same numbers are compared with it, system by system:

* ``rouge-score``: Google's package as is (``use_stemmer=True``), every summary cut to its first 100 words,
  scores averaged over the four references;
* ``+exceptions``: the same with ROUGE-1.5.5's WordNet exception lookup before Porter stemming
  (``said`` -> ``say``), which ROUGE does and ``rouge-score`` does not;
* ``checked``: ``+exceptions`` with ``-f A`` computed as ROUGE-1.5.5 computes it (hits and counts summed over the
  references, :func:`benchmarks.metrics.rouge_n`). This is the implementation the other benchmarks use.

The published values are parsed from ``rouge.res``, never typed in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console

from benchmarks import _common
from benchmarks.metrics import first_words, rouge_n, rouge_tokenizer

NAME = "rouge_check"
MAX_WORDS = 100
TOLERANCE = 0.5  # points (x100)

_AVERAGE = re.compile(r"^(\S+) ROUGE-(\d) Average_([RPF]): ([\d.]+)")
_EVAL = re.compile(r"^(\S+) ROUGE-(\d) Eval (\S+)\.\S+ R:([\d.]+) P:([\d.]+) F:([\d.]+)")


def parse_rouge_res(path: Path) -> tuple[dict[tuple[str, int, str], float], dict[tuple[str, int, str], float]]:
    """Averages {(system, n, R|P|F): value} and per-topic recalls {(system, n, topic): R}."""
    averages: dict[tuple[str, int, str], float] = {}
    per_topic: dict[tuple[str, int, str], float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if m := _AVERAGE.match(line):
            averages[(m[1], int(m[2]), m[3])] = float(m[4])
        elif m := _EVAL.match(line):
            per_topic[(m[1], int(m[2]), m[3])] = float(m[4])
    return averages, per_topic


def load_duc(root: Path, topics: Sequence[str], systems: Sequence[str]) -> tuple[dict, dict]:
    """({topic: [reference texts]}, {(system, topic): peer text})."""
    refs = {t: [p.read_text(encoding="utf-8") for p in sorted((root / "models-txt").glob(f"{t}.m.100.t.*"))]
            for t in topics}
    peers = {(s, t): (root / "peers-txt" / f"{t}.{s}").read_text(encoding="utf-8") for s in systems for t in topics}
    return refs, peers


def package_scores(peer: str, refs: Sequence[str], scorer: Any) -> dict[int, tuple[float, float]]:
    """rouge-score as is: {n: (mean recall, mean F)} over the references, after the 100-word cut."""
    peer = first_words(peer, MAX_WORDS)
    per_ref = [scorer.score(first_words(r, MAX_WORDS), peer) for r in refs]
    return {n: (float(np.mean([s[f"rouge{n}"].recall for s in per_ref])),
                float(np.mean([s[f"rouge{n}"].fmeasure for s in per_ref]))) for n in (1, 2)}


def score_systems(refs: dict, peers: dict, topics: Sequence[str], systems: Sequence[str]) -> dict[str, dict]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    checked_tok = rouge_tokenizer(stem=True, exceptions=True)
    out: dict[str, dict] = {}
    for system in systems:
        rows: dict[str, list[float]] = {}
        per_topic: dict[str, dict[int, float]] = {}
        for topic in topics:
            peer, models = peers[(system, topic)], refs[topic]
            pkg = package_scores(peer, models, scorer)
            per_topic[topic] = {}
            for n in (1, 2, 3, 4):
                checked = rouge_n(peer, models, n, MAX_WORDS, checked_tok, pooled=True)
                rows.setdefault(f"checked_R{n}", []).append(checked.recall)
                rows.setdefault(f"checked_P{n}", []).append(checked.precision)
                rows.setdefault(f"checked_F{n}", []).append(checked.f)
                per_topic[topic][n] = checked.recall
            for n in (1, 2):
                mean_refs = rouge_n(peer, models, n, MAX_WORDS, checked_tok, pooled=False)
                rows.setdefault(f"exceptions_R{n}", []).append(mean_refs.recall)
                rows.setdefault(f"exceptions_F{n}", []).append(mean_refs.f)
                rows.setdefault(f"package_R{n}", []).append(pkg[n][0])
                rows.setdefault(f"package_F{n}", []).append(pkg[n][1])
        out[system] = {k: 100 * float(np.mean(v)) for k, v in rows.items()} | {"per_topic_recall": per_topic}
    return out


def compare(ours: dict[str, dict], published: dict, per_topic_pub: dict) -> dict[str, dict[str, float]]:
    """Published value beside each variant, and the worst absolute differences (points)."""
    table: dict[str, dict[str, float]] = {}
    for system, s in ours.items():
        row: dict[str, float] = {}
        for n in (1, 2, 3, 4):
            for kind in ("R", "P", "F"):
                row[f"published_{kind}{n}"] = 100 * published[(system, n, kind)]
                row[f"checked_{kind}{n}"] = s[f"checked_{kind}{n}"]
        for n in (1, 2):
            for kind in ("R", "F"):
                row[f"package_{kind}{n}"] = s[f"package_{kind}{n}"]
                row[f"exceptions_{kind}{n}"] = s[f"exceptions_{kind}{n}"]
        for variant in ("package", "exceptions", "checked"):
            row[f"{variant}_max_diff_R1R2"] = max(abs(row[f"{variant}_{k}"] - row[f"published_{k}"])
                                                  for k in ("R1", "R2", "F1", "F2"))
        row["checked_max_diff_all"] = max(abs(row[f"checked_{k}{n}"] - row[f"published_{k}{n}"])
                                          for k in "RPF" for n in (1, 2, 3, 4))
        topic_diffs = [abs(100 * r - 100 * per_topic_pub[(system, n, t)])
                       for t, by_n in s["per_topic_recall"].items() for n, r in by_n.items()
                       if (system, n, t) in per_topic_pub]
        row["checked_max_topic_diff"] = max(topic_diffs) if topic_diffs else float("nan")
        table[system] = row
    return table


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    p = _common.parser(NAME, __doc__.splitlines()[0])
    args = p.parse_args(argv)
    root = _common.require(args.data / "duc2004-rouge")
    published, per_topic_pub = parse_rouge_res(root / "rouge.res")
    systems = sorted({k[0] for k in published})
    all_topics = sorted({path.name.split(".")[0] for path in (root / "peers-txt").iterdir()})
    topics = _common.seeded_subset(all_topics, args.limit, args.seed)
    refs, peers = load_duc(root, topics, systems)
    with _common.stopwatch() as t:
        table = compare(score_systems(refs, peers, topics, systems), published, per_topic_pub)

    columns = ["system", "R-1 R pub", "ours", "pkg", "R-2 R pub", "ours", "pkg", "R-1 F pub", "ours",
               "R-2 F pub", "ours", "max |Δ| ours", "max |Δ| pkg", "max |Δ| R1-4 RPF"]
    rows = [[s, r["published_R1"], r["checked_R1"], r["package_R1"], r["published_R2"], r["checked_R2"],
             r["package_R2"], r["published_F1"], r["checked_F1"], r["published_F2"], r["checked_F2"],
             r["checked_max_diff_R1R2"], r["package_max_diff_R1R2"], r["checked_max_diff_all"]]
            for s, r in sorted(table.items(), key=lambda kv: kv[1]["published_R2"])]
    worst = {v: max(r[f"{v}_max_diff_R1R2"] for r in table.values()) for v in ("package", "exceptions", "checked")}
    full = len(topics) == len(all_topics)
    subset_note = "" if full else f" ({len(topics)} of {len(all_topics)} topics: published values are over all)"
    _common.print_table(f"ROUGE-1.5.5 reproduction, DUC 2004, x100{subset_note}", columns, rows,
                        Console(width=200))
    verdict = {v: bool(w <= TOLERANCE) for v, w in worst.items()}
    if not args.quiet:
        for variant, w in worst.items():
            print(f"{variant:>10}: worst |Δ| on R-1/R-2 recall and F = {w:.2f} points "
                  f"({'within' if verdict[variant] else 'NOT within'} {TOLERANCE})")
    results = {
        "topics": len(topics),
        "systems": table,
        "worst_abs_diff_points": worst,
        "within_tolerance": verdict,
        "tolerance_points": TOLERANCE,
        "seconds": t["seconds"],
        "settings": "ROUGE-1.5.5 -n 4 -m -l 100 -p 0.5 -f A (stopwords kept); values x100",
    }
    _common.save(NAME, results, args)
    return results


if __name__ == "__main__":
    main()
