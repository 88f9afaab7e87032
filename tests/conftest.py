"""Shared fixtures. Tests that read ../shared fail loudly under CI (CI=true) and skip elsewhere."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TIBAN_SHARED", REPO.parent / "shared"))


def _require(path: Path) -> Path:
    if path.exists():
        return path
    reason = f"{path} is missing: the real corpus lives in ../shared beside the repository"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared (taxonomy.csv, corpus/)."""
    return _require(SHARED)


@pytest.fixture(scope="session")
def dev_dir() -> Path:
    """../shared/corpus/dev: real report texts with gold JSON beside each."""
    return _require(SHARED / "corpus" / "dev")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """../shared/corpus/seeds: the five documents tiban was designed from."""
    return _require(SHARED / "corpus" / "seeds")
