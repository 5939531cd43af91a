"""Each benchmark of part A runs end to end on a tiny subset and writes a sane JSON result.

These run newsweave itself, so they fail when a stage the benchmark calls is missing or broken (the benchmarks
themselves carry on and record the error; these tests do not let that pass).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from benchmarks import extraction, paraphrase, quotes, rouge_check, speed, summaries


def _run(main: Callable[[list[str]], dict[str, Any]], name: str, eval_dir: Path, out: Path, *extra: str) -> dict:
    returned = main(["--data", str(eval_dir), "--out", str(out), "--quiet", *extra])
    saved = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
    assert saved["benchmark"] == name
    assert saved["date"] and saved["machine"]["cpus"]
    if returned:
        assert json.loads(json.dumps(returned)) == {k: saved[k] for k in returned}
    return saved


def _unit(x: float) -> bool:
    return 0.0 <= x <= 1.0


def test_extraction(eval_dir: Path, tmp_path: Path) -> None:
    r = _run(extraction.main, "extraction", eval_dir, tmp_path, "--limit", "3", "--bootstrap", "5")
    assert r["pages"] == 3
    assert set(r["reference_check"]) == {"trafilatura", "rs_trafilatura", "newspaper", "readability_js", "justext"}
    assert r["newsweave_error"] is None
    assert {"newsweave", "readability-lxml"} <= set(r["systems"])
    for s in [*r["systems"].values(), *r["reference_check"].values()]:
        assert all(_unit(s[k]) for k in ("precision", "recall", "f1", "accuracy"))
    assert r["systems"]["newsweave"]["pages_per_second"] > 0


def test_rouge_check(eval_dir: Path, tmp_path: Path) -> None:
    r = _run(rouge_check.main, "rouge_check", eval_dir, tmp_path, "--limit", "3")
    assert r["topics"] == 3
    assert len(r["systems"]) == 13 and "Lead" in r["systems"]
    for row in r["systems"].values():
        assert 0 < row["checked_R1"] < 100 and 0 <= row["checked_R2"] < row["checked_R1"]
        assert 0 < row["published_R1"] < 100
    assert set(r["worst_abs_diff_points"]) == {"package", "exceptions", "checked"}


def test_summaries(eval_dir: Path, tmp_path: Path) -> None:
    r = _run(summaries.main, "summaries", eval_dir, tmp_path, "--limit", "3")
    assert r["stories"] == 3 and 40 < r["budget_words"] < 100
    assert r["newsweave_error"] is None
    expected = {"newsweave (cut to W)", "newsweave (uncut)", "lead", "oracle (extractive)", "LexRank (sumy)",
                "TextRank (sumy)"}
    assert expected == set(r["systems"])
    for name, s in r["systems"].items():
        assert all(_unit(s[k]) for k in ("rouge1", "rouge2", "rougeL")), name
        assert s["rouge2"] <= s["rouge1"]
        if name != "newsweave (uncut)":
            assert s["mean_words"] <= r["budget_words"]
    assert set(r["paired_newsweave_cut_minus"]) == {"lead", "oracle (extractive)", "LexRank (sumy)", "TextRank (sumy)"}
    lead = r["paired_newsweave_cut_minus"]["lead"]["rouge1"]["mean_diff"]
    assert lead == pytest.approx(r["systems"]["newsweave (cut to W)"]["rouge1"] - r["systems"]["lead"]["rouge1"])


def test_quotes(eval_dir: Path, tmp_path: Path) -> None:
    r = _run(quotes.main, "quotes", eval_dir, tmp_path, "--limit", "3")
    assert r["articles"] == 3
    assert r["newsweave_error"] is None
    assert "newsweave" in r["systems"]
    for s in r["systems"].values():
        c = s["counts"]
        assert c["tp"] <= min(c["pred"], c["gold"]) and c["exact"] <= c["tp"] and c["speaker"] <= c["tp"]
        assert c["gold_direct"] <= c["gold"]
        for gold_set in ("all_gold", "direct_gold"):
            assert all(_unit(v["f1"]) for v in s[gold_set].values())


def test_paraphrase(eval_dir: Path, tmp_path: Path) -> None:
    r = _run(paraphrase.main, "paraphrase", eval_dir, tmp_path, "--limit", "40")
    assert r["dev_pairs"] + r["test_pairs"] == 40
    assert r["newsweave_error"] is None
    assert {"newsweave same_claim (shipped threshold)", "MiniLM cosine, threshold tuned on dev",
            "TF-IDF cosine, threshold tuned on dev", "majority class (from dev)"} <= set(r["systems"])
    for s in r["systems"].values():
        assert _unit(s["accuracy"]) and _unit(s["f1"])


@pytest.mark.slow
def test_speed(eval_dir: Path, tmp_path: Path) -> None:
    r = _run(speed.main, "speed", eval_dir, tmp_path, "--sizes", "6")
    (run,) = r["runs"]
    assert "error" not in run, run.get("error")
    assert run["articles"] == 6 and run["sentences"] > 0
    assert run["peak_rss_mb"] > 50
    assert {"reading", "cleaning", "render brief"} <= set(run["stages"])
    assert sum(s["seconds"] for s in run["stages"].values()) == pytest.approx(run["total_seconds"], abs=0.05)
