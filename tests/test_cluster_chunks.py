"""The batch clusterer's chunked steps give exactly what one unchunked pass gives (chunk sizes forced small)."""

from __future__ import annotations

import numpy as np
import pytest

from newsweave.cluster import batch, score
from newsweave.cluster.batch import candidate_pairs, cluster_articles
from newsweave.cluster.score import key_matrix, pair_key_similarity
from newsweave.config import Settings

WORDS = [f"w{i}" for i in range(60)]


def _stories(n: int, seed: int = 3) -> tuple[np.ndarray, list[frozenset[str]]]:
    """Unit vectors around a few story centres, and key sets drawn from per-story vocabularies."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(n // 6, 32))
    story = rng.integers(0, len(centres), size=n)
    vectors = centres[story] + rng.normal(scale=0.6, size=(n, 32))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    keys = [
        frozenset(WORDS[(s * 7 + int(j)) % len(WORDS)] for j in rng.integers(0, 10, size=rng.integers(0, 6)))
        for s in story.tolist()
    ]
    return vectors, keys


def _unchunked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "_SELECT_CELLS", 10**9)
    monkeypatch.setattr(batch, "_PAIRS", 10**9)
    monkeypatch.setattr(score, "_PAIRS", 10**9)


def _tiny_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "_SELECT_CELLS", 1)  # top-k selection one row at a time
    monkeypatch.setattr(batch, "_PAIRS", 7)
    monkeypatch.setattr(score, "_PAIRS", 5)


def test_candidate_pairs_chunked_equal_unchunked_and_brute_force(monkeypatch: pytest.MonkeyPatch) -> None:
    vectors, _ = _stories(150)
    monkeypatch.setattr(batch, "_BLOCK", 40)  # several blocks, the last one short
    _unchunked(monkeypatch)
    a, b, cosine = candidate_pairs(vectors, 6)
    _tiny_chunks(monkeypatch)
    a2, b2, cosine2 = candidate_pairs(vectors, 6)
    assert np.array_equal(a, a2) and np.array_equal(b, b2)
    assert np.array_equal(cosine, cosine2)  # bitwise: the chunks are row by row
    # and both are what a full similarity matrix says
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -np.inf)
    top = np.argsort(-sims, axis=1, kind="stable")[:, :6]
    expected = {(min(i, int(j)), max(i, int(j))) for i in range(len(vectors)) for j in top[i]}
    assert set(zip(a.tolist(), b.tolist(), strict=True)) == expected
    assert np.allclose(cosine, sims[a, b], atol=1e-5)


def test_windowed_candidates_chunked_equal_unchunked_and_brute_force(monkeypatch: pytest.MonkeyPatch) -> None:
    vectors, _ = _stories(150)
    days = np.random.default_rng(5).integers(0, 40, size=len(vectors))
    days[::17] = -1  # some undated
    monkeypatch.setattr(batch, "_BLOCK", 40)
    _unchunked(monkeypatch)
    a, b, _ = candidate_pairs(vectors, 6, days, 4)
    _tiny_chunks(monkeypatch)
    a2, b2, _ = candidate_pairs(vectors, 6, days, 4)
    assert np.array_equal(a, a2) and np.array_equal(b, b2)
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -np.inf)
    apart = (days[:, None] >= 0) & (days[None, :] >= 0) & (np.abs(days[:, None] - days[None, :]) > 4)
    sims[apart] = -np.inf
    top = np.argsort(-sims, axis=1, kind="stable")[:, :6]
    expected = {
        (min(i, int(j)), max(i, int(j))) for i in range(len(vectors)) for j in top[i] if np.isfinite(sims[i, j])
    }
    assert set(zip(a.tolist(), b.tolist(), strict=True)) == expected


def test_pair_key_similarity_chunked_equals_unchunked(monkeypatch: pytest.MonkeyPatch) -> None:
    _, keys = _stories(120)
    matrix = key_matrix(keys, prior=50.0)
    rng = np.random.default_rng(5)
    a, b = rng.integers(0, len(keys), size=(2, 333))
    _unchunked(monkeypatch)
    whole = pair_key_similarity(matrix, a, b)
    _tiny_chunks(monkeypatch)
    chunked = pair_key_similarity(matrix, a, b)
    assert np.array_equal(whole, chunked)
    dense = matrix.toarray()
    assert np.allclose(chunked, (dense[a] * dense[b]).sum(axis=1))
    assert pair_key_similarity(matrix, a[:0], b[:0]).shape == (0,)


def test_key_matrix_reads_a_generator_like_a_list() -> None:
    _, keys = _stories(80)
    from_list = key_matrix(keys, prior=50.0)
    from_generator = key_matrix((k for k in keys), prior=50.0)
    assert from_list.shape == from_generator.shape == (80, from_list.shape[1])
    assert (from_list != from_generator).nnz == 0
    assert key_matrix([], prior=50.0).shape == (0, 1)


def test_cluster_articles_labels_do_not_depend_on_chunk_sizes(monkeypatch: pytest.MonkeyPatch) -> None:
    vectors, keys = _stories(240)
    settings = Settings()
    _unchunked(monkeypatch)
    whole = cluster_articles(vectors, settings, entities=keys)
    _tiny_chunks(monkeypatch)
    chunked = cluster_articles(vectors, settings, entities=keys)
    assert chunked == whole
    assert 1 < max(whole) + 1 < len(vectors)  # the input does make stories, so equal labels say something


def test_many_copies_of_one_article_form_one_story() -> None:
    """A wire story republished by 60 outlets has 60 near-identical title+lead vectors: more copies than candidate
    neighbours. With only the top neighbours as candidates, most pairs of copies would count as probability 0 and
    average linkage would split them; the copies are all paired, so they stay one story."""
    rng = np.random.default_rng(5)
    base = rng.normal(size=32)
    copies = base + rng.normal(scale=0.02, size=(60, 32))  # cosine about 0.999 to each other
    others = rng.normal(size=(40, 32))
    vectors = np.vstack([copies, others])
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    settings = Settings()
    assert settings.story_neighbours < 59
    labels = cluster_articles(vectors, settings)
    assert len(set(labels[:60])) == 1
    assert not set(labels[:60]) & set(labels[60:])


def test_candidates_are_the_nearest_within_the_time_window() -> None:
    """Two reports of one event a day apart, each crowded by 30 look-alikes from other months: paired only when the
    nearest are looked for inside the window (and no pair then spans more than the window, nor an article itself)."""
    rng = np.random.default_rng(3)

    def around(axis: np.ndarray, n: int) -> np.ndarray:
        rows = axis + 0.05 * rng.standard_normal((n, len(axis)))
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    a = np.eye(8)[0]
    b = (a + 0.8 * np.eye(8)[1]) / np.linalg.norm(a + 0.8 * np.eye(8)[1])
    vectors = np.vstack([a, b, around(a, 30), around(b, 30)]).astype(np.float32)
    days = np.array([1000, 1001] + [1100] * 30 + [1200] * 30)
    plain = set(zip(*candidate_pairs(vectors, 20)[:2], strict=True))
    assert (0, 1) not in plain
    x, y, cosine = candidate_pairs(vectors, 20, days, 4)
    windowed = set(zip(x.tolist(), y.tolist(), strict=True))
    assert (0, 1) in windowed
    assert np.all(np.abs(days[x] - days[y]) <= 4) and np.all(x != y)
    undated = days.copy()
    undated[1] = -1  # an undated article may pair with anything
    assert (0, 1) in set(zip(*candidate_pairs(vectors, 20, undated, 4)[:2], strict=True))
