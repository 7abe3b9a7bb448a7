"""Shared fixtures: paths to the repository and to the real data beside it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.scheduling import longest_first, scope

REPO = Path(__file__).resolve().parents[1]
REAL_DATA = REPO.parent / "shared" / "data" / "real"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The longest scopes first (tests/scheduling.py); the same order on every worker."""
    order = longest_first([item.nodeid for item in items])
    items[:] = [items[i] for i in order]


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`make test`'s workers take whole scopes, longest first, as they free up (tests/scheduling.py)."""
    from xdist.scheduler import LoadScopeScheduling  # only where xdist runs the tests

    class LongestFirst(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return scope(nodeid)

    config.option.loadscopereorder = False  # the collection's order (longest first), not by size
    return LongestFirst(config, log)


@pytest.fixture(scope="session")
def real_data() -> Path:
    assert REAL_DATA.is_dir(), f"real data expected at {REAL_DATA} (../shared beside the repository)"
    return REAL_DATA


BUSY_LOOP = "import os\nwhile True:\n    os.urandom(64)\n"


@pytest.fixture
def busy_cpus() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Two processes that keep both cores busy at normal priority, as a user's browsers do.

    The guarantees (every round once, exact times, recovery) must hold on a loaded machine, so the
    tests of faults, outages, restarts and self-learning run beside these competitors.
    """
    hogs = [subprocess.Popen([sys.executable, "-c", BUSY_LOOP]) for _ in range(2)]
    try:
        yield hogs
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
