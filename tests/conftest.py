"""Shared fixtures. Tests that read ../shared skip cleanly when it is absent."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SAMPLE_CORPUS = REPO / "corpus" / "sample"


@pytest.fixture
def shared_dir() -> Path:
    if not (SHARED / "corpus" / "dev").is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture
def sample_corpus() -> Path:
    return SAMPLE_CORPUS
