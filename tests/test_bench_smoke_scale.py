"""The scale benchmark on a tiny subset, so that it cannot rot: both modes run and their briefs agree."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import scale


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
