"""Shared fixtures. Tests that read ../shared skip cleanly when it is absent."""
from __future__ import annotations

from pathlib import Path

import os

import pytest
from hypothesis import settings

# CI runs property tests with a fixed seed, so a red build is reproducible; locally they explore.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

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
