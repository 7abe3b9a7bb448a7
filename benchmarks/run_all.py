"""Every benchmark, one after the other, each writing its JSON under benchmarks/results/, then the
issue's targets checked against what they measured (results/summary.json).

    .venv/bin/python -m benchmarks.run_all [--only app bus ...] [--quick]

Each benchmark runs in a process of its own, so one that fails does not stop the others (the run
exits non-zero at the end). `--quick` shortens the long ones, for trying the harness, not for figures.
"""

from __future__ import annotations

import argparse
import json
import operator
import subprocess
import sys
from collections.abc import Callable
from typing import Any

from benchmarks.common import RESULTS, machine, write_result

# name -> (module and arguments, the same with --quick)
BENCHMARKS: dict[str, tuple[list[str], list[str]]] = {
    "worker_cycle": (["benchmarks.bench_worker"], ["benchmarks.bench_worker", "--seconds", "30"]),
    "bus": (["benchmarks.bench_bus"], ["benchmarks.bench_bus", "--events", "20000", "--paced-rate", "500"]),
    "app": (["benchmarks.bench_app"], ["benchmarks.bench_app", "--seconds", "20"]),
    "writer": (
        ["benchmarks.bench_writer"],
        ["benchmarks.bench_writer", "--rows", "120000", "--repeat", "1", "--messages", "batch"],
    ),
    "ocr": (["benchmarks.ocr_benchmark"], ["benchmarks.ocr_benchmark", "--per-group", "10", "--slow", "5"]),
    "restart": (["benchmarks.bench_restart"], ["benchmarks.bench_restart", "--kills", "3"]),
    "sim": (["benchmarks.bench_sim"], ["benchmarks.bench_sim", "--frames", "30", "--seconds", "5"]),
    "web_sim": (
        ["benchmarks.bench_web_sim"],
        ["benchmarks.bench_web_sim", "--seconds", "10", "--windows", "1"],
    ),
    "amounts": (
        ["benchmarks.bench_amounts"],
        ["benchmarks.bench_amounts", "--rounds", "12", "--seconds", "30"],
    ),
}
JSON_LINES = ("sim", "web_sim")  # these print one JSON object per line instead of writing a file


def run_one(name: str, quick: bool) -> bool:
    command = [sys.executable, "-m", *BENCHMARKS[name][quick]]
    print(f"== {name}: {' '.join(command[2:])}", flush=True)
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    if name in JSON_LINES and done.returncode == 0:
        lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
        write_result(name, {"results": lines})
    return done.returncode == 0


# (target, where its figure is: result file and keys, comparison, bound)
TARGETS: tuple[tuple[str, tuple[str, ...], Callable[[Any, Any], bool], float], ...] = (
    ("six bookmakers <= 25 % of one core", ("app", "runs", "6", "cpu_pct_collector"), operator.le, 25),
    ("six bookmakers <= 500 MB RSS in total", ("app", "runs", "6", "rss_mb_collector_max"), operator.le, 500),
    ("a killed worker runs again in < 2 s", ("restart", "kill_to_running_s", "max"), operator.lt, 2),
    ("twelve bookmakers: zero missed rounds", ("app", "runs", "12", "missed_rounds"), operator.eq, 0),
    (
        "bus >= 50,000 events/s",
        ("bus", "in_process_app_subscribers", "events_per_second"),
        operator.ge,
        50_000,
    ),
    (
        "writer >= 100,000 rows/s into SQLite from 6 producer processes",
        ("writer", "results", "rgb_samples", "batch", "sqlite", "rows_per_second"),
        operator.ge,
        100_000,
    ),
    (
        "writer >= 50,000 rows/s into PostgreSQL from 6 producer processes",
        ("writer", "results", "rgb_samples", "batch", "postgresql", "rows_per_second"),
        operator.ge,
        50_000,
    ),
    (
        "amount read <= 1 ms (median, 2x2 tiles)",
        ("amounts", "tiles", "2x2", "read_ms", "median"),
        operator.le,
        1,
    ),
    (
        "a self-learning worker <= 50 MB RSS once learnt",
        ("amounts", "self_learning_rss_mb", "workers", "Admiral", "learnt"),
        operator.le,
        50,
    ),
    ("bus p99 delivery < 10 ms (hub, paced)", ("bus", "hub_paced", "latency_ms", "p99"), operator.lt, 10),
    (
        "crash to row committed p99 <= 250 ms (6 bookmakers)",
        ("app", "runs", "6", "crash_to_committed_ms", "p99"),
        operator.le,
        250,
    ),
)


def figure(keys: tuple[str, ...]) -> Any:
    """The value at `keys` in results/<first key>.json; None if that benchmark did not run."""
    path = RESULTS / f"{keys[0]}.json"
    value = json.loads(path.read_text()) if path.exists() else None
    for key in keys[1:]:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def summary() -> dict[str, Any]:
    targets = {}
    for target, keys, compare, bound in TARGETS:
        value = figure(keys)
        met = value is not None and compare(value, bound)
        targets[target] = {"measured": value, "met": met}
        print(f"{'not run' if value is None else 'met' if met else 'MISSED':8}{target}: {value}")
    return {"targets": targets}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=list(BENCHMARKS), default=list(BENCHMARKS))
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    before = machine()
    failed = [name for name in args.only if not run_one(name, args.quick)]
    write_result("summary", {"load_average_before": before["load_average"], "failed": failed, **summary()})
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
