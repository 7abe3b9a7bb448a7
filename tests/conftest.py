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


# Minutes of waiting on four browsers (about half a core), and long tests that load the machine no
# more than any user's workload does (no busy loops, kills or outages): run beside everything else.
BESIDE = (
    "tests/e2e/test_web_sites.py::",
    "tests/e2e/test_collector_on_real_display.py::",
    "tests/e2e/test_live_betting.py::",
    "tests/e2e/test_gui_on_real_display.py::",
    "tests/e2e/test_fleet.py::",
    "tests/e2e/test_kill_switch.py::",
    "tests/orchestration/test_collection.py::",
    "tests/orchestration/test_demo.py::",
    "tests/cli/test_demo_verbose.py::",
)


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`make test` runs two pytest-xdist workers: the tests in BESIDE on one, everything else in
    its usual order on the other, as one sequence, so no two of the tests that load the machine on
    purpose (kills, outages, busy CPUs) ever run at once."""
    from xdist.scheduler import LoadScopeScheduling  # only where xdist runs the tests

    class TwoLanes(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "beside" if nodeid.startswith(BESIDE) else "suite"

    return TwoLanes(config, log)


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
