"""Shared fixtures: paths to the repository and to the real data beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
REAL_DATA = REPO.parent / "shared" / "data" / "real"


@pytest.fixture(scope="session")
def real_data() -> Path:
    assert REAL_DATA.is_dir(), f"real data expected at {REAL_DATA} (../shared beside the repository)"
    return REAL_DATA
