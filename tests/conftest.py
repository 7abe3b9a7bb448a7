"""Shared fixtures: paths to the repository and to the real data beside it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
REAL_DATA = REPO.parent / "shared" / "data" / "real"


# `make test` runs three pytest-xdist workers, each one lane of tests in their usual order. Most of
# the long tests wait on games played in real time, so three lanes finish sooner than two on two
# cores; the lanes are balanced by the loaded check's durations (about 1,000-1,200 s each).
# Minutes of waiting on browsers and on windows played in real time:
REAL_TIME = (
    "tests/e2e/test_web_sites.py::",
    "tests/e2e/test_live_betting.py::",
    "tests/e2e/test_kill_switch.py::",
    "tests/e2e/test_gui_on_real_display.py::",
    "tests/api/test_served_",
)
# Every test that loads the machine on purpose (busy loops, kills, outages) is here, one after the
# other, so no two of them ever run at once; with them the long demos that load it no more than a
# user's workload does.
LOADED = (
    "tests/orchestration/test_fault_injection.py::",
    "tests/e2e/test_application_restart.py::",
    "tests/orchestration/test_plain_strip_demo.py::",
    "tests/orchestration/test_postgres_outage.py::",
    "tests/orchestration/test_self_learning_demo.py::",
    "tests/orchestration/test_application_kill.py::",
    "tests/e2e/test_fleet.py::",
    "tests/e2e/test_collector_on_real_display.py::",
    "tests/orchestration/test_collection.py::",
    "tests/orchestration/test_demo.py::",
    "tests/cli/test_demo_verbose.py::",
)


def lane(nodeid: str) -> str:
    """The lane of a test: real-time, loaded, or the rest (unit tests and short demos)."""
    if nodeid.startswith(REAL_TIME):
        return "real-time"
    return "loaded" if nodeid.startswith(LOADED) else "rest"


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """One lane per pytest-xdist worker (see `lane`)."""
    from xdist.scheduler import LoadScopeScheduling  # only where xdist runs the tests

    class Lanes(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return lane(nodeid)

    return Lanes(config, log)


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
