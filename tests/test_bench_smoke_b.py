"""The clustering, similarity and stance benchmarks run end to end on tiny seeded subsets."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from benchmarks import clustering, clustering_dated, similarity, stance
from newsweave.config import Settings


def _run(main, eval_dir: Path, tmp_path: Path, limit: int, name: str, *extra: str) -> dict:  # type: ignore[no-untyped-def]
    record = main(["--data", str(eval_dir), "--limit", str(limit), "--out", str(tmp_path), "--quiet", *extra])
    saved = json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8"))
    assert saved["benchmark"] == name and saved["subset"]["limit"] == limit
    return record


def test_clustering_smoke(eval_dir: Path, tmp_path: Path) -> None:
    record = _run(clustering.main, eval_dir, tmp_path, 60, "clustering")
    systems = {r["system"]: r for r in record["results"]}
    assert len(systems) == 6
    assert all(0.0 <= r["f1"] <= 1.0 for r in systems.values())
    assert record["articles"]["dev"] + record["articles"]["test"] == 60


def test_clustering_dated_smoke(eval_dir: Path, tmp_path: Path) -> None:
    record = _run(clustering_dated.main, eval_dir, tmp_path, 12, "clustering_dated")
    assert record["stories"] == 12 and record["articles"] >= 24
    rows = {r["system"]: r for r in record["results"]}
    assert len(rows) == 3 and all(0.0 <= r["f1"] <= 1.0 for r in rows.values())
    # filing through the store regroups with the batch clusterer: about its quality on the same dated articles
    store, batch = rows["newsweave store (ingest), with dates"], rows["newsweave cluster_articles, with dates"]
    assert abs(store["f1"] - batch["f1"]) <= 0.05


def test_clustering_fit_smoke(eval_dir: Path, tmp_path: Path) -> None:
    record = _run(clustering.main, eval_dir, tmp_path, 60, "clustering", "--fit")
    fitted, shipped = record["settings"], dataclasses.asdict(Settings())
    assert fitted.keys() == shipped.keys()
    assert fitted["story_link_threshold"] in clustering.LINK_THRESHOLDS
    assert fitted["story_online_link_threshold"] in clustering.ONLINE_LINK_THRESHOLDS
    assert fitted["story_density_floor"] <= fitted["story_density_cap"]
    assert fitted["story_score_scale"] > 0 and fitted["story_key_weight"] > 0  # a cosine and a key overlap both help


def test_similarity_smoke(eval_dir: Path, tmp_path: Path) -> None:
    record = _run(similarity.main, eval_dir, tmp_path, 40, "similarity")
    assert record["pairs"]["all"] == 40
    assert all(-1.0 <= r["pearson_all"] <= 1.0 for r in record["results"])


def test_stance_smoke(eval_dir: Path, tmp_path: Path) -> None:
    record = _run(stance.main, eval_dir, tmp_path, 12, "stance")
    assert record["bodies"]["train"] + record["bodies"]["report"] == 12
    majority = record["results"][0]
    assert majority["f1_agree"] == 0.0 and 0.0 < majority["fnc_score"] < 100.0
