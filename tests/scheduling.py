"""How `make test`'s two pytest-xdist workers share the tests: longest first, handed out as the
workers free up, and no two tests that load the machine on purpose ever at once.

A scope is a unit one worker runs whole: a test module, except that the tests that load the machine
on purpose (two busy processes, kills, outages) are one scope, run one after the other, and the
served-API modules one scope (they share one demo). Scopes go out longest first (the seconds each
took in a run of `make test` on this 2-core machine, 2026-12-07), so the minutes-long ones start at
once and the many short ones fill in at the end: the two workers finish together (longest
processing time first), about 300 s sooner than two fixed lanes.
"""

from __future__ import annotations

LOADED = (
    "tests/orchestration/test_fault_injection.py::",
    "tests/e2e/test_application_restart.py::",
    "tests/orchestration/test_plain_strip_demo.py::",
    "tests/orchestration/test_self_learning_demo.py::",
    "tests/orchestration/test_postgres_outage.py::",
    "tests/orchestration/test_application_kill.py::",
)
SHARED = ("tests/api/test_served_",)  # modules that share a package fixture: one scope

# Seconds a scope took (the long ones); every other scope: a few seconds, after these.
EXPECTED = {
    "tests/e2e/test_web_sites.py": 660,
    "loaded": 520,
    "tests/e2e/test_live_betting.py": 250,
    "tests/api/test_served_": 150,
    "tests/e2e/test_fleet.py": 125,
    "tests/orchestration/test_paper_betting.py": 120,
    "tests/orchestration/test_demo.py": 80,
    "tests/e2e/test_collector_on_real_display.py": 75,
    "tests/e2e/test_gui_on_real_display.py": 60,
    "tests/e2e/test_kill_switch.py": 47,
    "tests/orchestration/test_collection.py": 41,
    "tests/cli/test_demo_verbose.py": 36,
    "tests/api/test_mqtt_demo.py": 36,
    "tests/sim/web/test_site.py": 22,
    "tests/cli/test_demo_api.py": 17,
}


def scope(nodeid: str) -> str:
    """The scope of a test (see the module)."""
    if nodeid.startswith(LOADED):
        return "loaded"
    shared = next((prefix for prefix in SHARED if nodeid.startswith(prefix)), None)
    return shared if shared is not None else nodeid.split("::", 1)[0]


def longest_first(nodeids: list[str]) -> list[int]:
    """The order to collect the tests in (indexes into `nodeids`): the longest scopes first, a
    scope's tests together in their usual order."""
    return sorted(range(len(nodeids)), key=lambda i: -EXPECTED.get(scope(nodeids[i]), 0))
