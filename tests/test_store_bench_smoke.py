"""The ingest benchmark runs end to end on a tiny corpus and writes a sane result (it runs newsweave's store, so a
broken store fails here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import ingest_speed


def test_corpus_sampling_and_perturbation_are_deterministic():
    real = [{"id": f"a{i}", "title": f"t{i}", "text": "one two three four five six seven eight nine ten",
             "published": "2024-01-01"} for i in range(5)]
    first = ingest_speed.corpus(real, 12, seed=3)
    assert first == ingest_speed.corpus(real, 12, seed=3)
    assert len(first) == 12 and len({r["id"] for r in first}) == 12
    assert {r["id"] for r in first[:5]} == {r["id"] for r in real}
    variant = first[5]
    assert variant["id"].endswith("~v1") and variant["source"] == "variant 1"
    assert variant["published"] == "2024-01-08"


@pytest.mark.slow
def test_ingest_speed_benchmark_on_a_tiny_corpus(eval_dir: Path, tmp_path: Path) -> None:
    returned = ingest_speed.main(
        ["--data", str(eval_dir), "--out", str(tmp_path), "--quiet", "--sizes", "40", "--limit", "30", "--baselines"]
    )
    saved = json.loads((tmp_path / "ingest_speed.json").read_text(encoding="utf-8"))
    assert saved["benchmark"] == "ingest_speed" and returned["runs"] == saved["runs"]
    [run] = saved["runs"]
    assert run["size"] == 30 and run["articles_added"] + run["skipped"] == 30
    assert run["reingest_added"] == 0 and run["reingest_duplicates"] == run["articles_added"]
    assert run["seconds"] > 0 and run["peak_rss_mb"] > 0
    assert "embedding title+lead" in run["steps_seconds"]
    assert [q["chunks"] for q in saved["quality"]] == [1, ingest_speed.QUALITY_CHUNKS]
    for q in saved["quality"]:
        assert 0.0 <= q["f1"] <= 1.0 and 0 < q["articles"] < 30  # the test half of about 30
    assert len(saved["baselines"]) == 4 and all(0.0 <= b["f1"] <= 1.0 for b in saved["baselines"])
