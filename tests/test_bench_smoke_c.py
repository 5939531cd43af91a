"""The scale and embedder benchmarks on tiny subsets, so that they cannot rot."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import embed_speed, scale


def test_scale_benchmark_runs_both_modes_and_compares_them(eval_dir: Path, tmp_path: Path) -> None:
    returned = scale.main(
        ["--data", str(eval_dir), "--out", str(tmp_path), "--limit", "2", "--workers", "1", "--quiet"]
    )
    saved = json.loads((tmp_path / "scale.json").read_text(encoding="utf-8"))
    assert saved["benchmark"] == "scale" and saved["runs"] == returned["runs"]
    assert [r["mode"] for r in saved["runs"]] == ["single", "dask"]
    assert saved["records"] == 6 and all(r["articles"] == 6 for r in saved["runs"])  # two whole stories of three
    assert saved["same_output"] is True
    assert not list(tmp_path.glob("scale-records.json"))  # the temporary input is cleaned up


def test_embed_speed_benchmark_times_both_variants_twice(eval_dir: Path, tmp_path: Path) -> None:
    returned = embed_speed.main(["--data", str(eval_dir), "--out", str(tmp_path), "--limit", "12", "--quiet"])
    saved = json.loads((tmp_path / "embed_speed.json").read_text(encoding="utf-8"))
    assert saved["sentences"] == 12 and saved["runs"] == returned["runs"]
    variants = [r["variant"] for r in saved["runs"]]
    assert variants[0] == variants[2] != variants[1] == variants[3]
    assert all(r["cpu_s"] > 0 and r["ms_cpu_per_sentence"] > 0 for r in saved["runs"])
