"""Shared fixtures. Tests that need ../shared skip cleanly where it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "000_8005024c63a3e7b3.txt"
SAMPLES = REPO / "corpora" / "samples"


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("needs ../shared/seed (the third-party seed report)")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    d = SHARED / "data"
    if not d.exists():
        pytest.skip("needs ../shared/data")
    return d
