"""The ingest benchmark runs end to end on a tiny corpus and writes a sane result (it runs newsweave's store, so a
broken store fails here)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

from benchmarks import ingest_speed
from newsweave.embed import DIMENSIONS
from newsweave.store import index as index_module
from newsweave.store.index import CorpusIndex


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


def test_the_batched_neighbour_search_finds_what_a_search_per_article_finds(monkeypatch):
    """Ingest's speed rests on searching a whole batch at once, in blocks; the answer must be the plain one."""
    monkeypatch.setattr(index_module, "_CELLS", 1000)  # blocks of 3 queries against 300 rows
    rng = np.random.default_rng(5)

    def unit(n: int) -> np.ndarray:
        v = rng.normal(size=(n, DIMENSIONS)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    def ordinal(i: int) -> float:
        return np.nan if i % 5 == 0 else float(dt.date(2024, 1, 1).toordinal() + i % 17)

    index = CorpusIndex()
    for i, vector in enumerate(unit(300)):
        date = None if np.isnan(ordinal(i)) else dt.date.fromordinal(int(ordinal(i)))
        index.add(f"a{i}", "", None, date, frozenset(), vector, f"s{i}", np.zeros(0, dtype=np.float32))
    queries, ordinals = unit(40), np.array([ordinal(i + 3) for i in range(40)])
    for query, day, (rows, cosine) in zip(queries, ordinals, index.nearest_to(queries, ordinals, 7, 4), strict=True):
        sims = index.matrix @ query
        ok = np.flatnonzero(np.isnan(day) | np.isnan(index.ordinals) | (np.abs(index.ordinals - day) <= 4))
        expected = ok[np.argsort(-sims[ok], kind="stable")[:7]]
        assert rows.tolist() == expected.tolist()
        np.testing.assert_allclose(cosine, sims[expected], rtol=1e-5)
