"""The embedder: its derived int8 model file, and vectors that depend on their text alone."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from newsweave import embed_model
from newsweave.embed import DIMENSIONS, Embedder, get_embedder

SENTENCES = [
    "The container ship ran aground on a sandbank early on Monday.",
    "Harbour officials closed the port while salvage crews prepared to refloat the vessel.",
    "A vessel got stuck on a sandbar, and the port was shut.",
    "Shares in the shipping line fell four percent.",
]


def test_vectors_are_unit_rows_in_input_order_and_similar_texts_score_higher() -> None:
    vectors = get_embedder().encode(SENTENCES)
    assert vectors.shape == (4, DIMENSIONS) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    same_event, unrelated = float(vectors[0] @ vectors[2]), float(vectors[0] @ vectors[3])
    assert same_event > unrelated + 0.1


def test_a_texts_vector_does_not_depend_on_the_texts_beside_it() -> None:
    """Dynamic int8 scales one call's activations together: a fresh embedder (no cache) must give each text the
    same bytes alone as among others, in any order."""
    together = Embedder(cache_size=0).encode(SENTENCES)
    reversed_order = Embedder(cache_size=0).encode(SENTENCES[::-1])[::-1]
    alone = np.stack([Embedder(cache_size=0).encode([s])[0] for s in SENTENCES[:2]])
    assert np.array_equal(together, reversed_order)
    assert np.array_equal(together[:2], alone)


def test_empty_input_and_empty_text() -> None:
    embedder = get_embedder()
    assert embedder.encode([]).shape == (0, DIMENSIONS)
    assert np.isfinite(embedder.encode([""])).all()


def test_the_int8_model_is_derived_once_into_the_cache_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NEWSWEAVE_CACHE", str(tmp_path / "cache"))
    first = embed_model.int8_model_path()
    assert first.parent == tmp_path / "cache" and first.stat().st_size > 1_000_000
    assert not [p for p in first.parent.iterdir() if p != first]  # no work files left behind
    stamp = first.stat().st_mtime_ns
    assert embed_model.int8_model_path() == first and first.stat().st_mtime_ns == stamp  # reused, not re-derived
    shipped = get_embedder().encode(SENTENCES[:1])
    assert np.array_equal(Embedder(model=first).encode(SENTENCES[:1]), shipped)  # the same bytes every derivation


def test_an_unusable_cache_folder_falls_back_to_the_temporary_folder(tmp_path: Path, monkeypatch) -> None:
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("NEWSWEAVE_CACHE", str(in_the_way / "cache"))
    monkeypatch.setattr(embed_model.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    path = embed_model.int8_model_path()
    assert path.is_relative_to(tmp_path / "tmp") and path.stat().st_size > 1_000_000
