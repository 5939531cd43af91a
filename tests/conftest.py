"""Shared fixtures: where the read-only shared data lives, and the project's own example corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def _shared_dir() -> Path:
    return Path(os.environ.get("NEWSWEAVE_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The five real seed articles; tests that need them skip cleanly when ../shared is absent."""
    path = _shared_dir() / "seeds"
    if not path.is_dir() or not any(path.glob("*.txt")):
        pytest.skip(f"seed articles not found at {path} (set NEWSWEAVE_SHARED to the shared folder)")
    return path


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    """The public evaluation data; benchmark smoke tests skip cleanly when it is absent."""
    path = Path(os.environ.get("NEWSWEAVE_EVAL", _shared_dir() / "eval"))
    if not path.is_dir():
        pytest.skip(f"evaluation data not found at {path} (set NEWSWEAVE_EVAL)")
    return path


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES
