"""The whole application under the demo's load, 6 and 12 simulated bookmakers side by side in one run.

    .venv/bin/python -m benchmarks.bench_app [--bookmakers 6 12] [--seconds 60] [--speed 1] [--db URL]

For each size the application runs in a process of its own (benchmarks.app_child) and is watched
from outside:
- CPU % of one core, averaged over the window from `started` to `finished`, and RSS summed over its
  process tree (sampled every second), split into the collector (main process, workers, resource
  tracker: what runs on a user's machine) and the simulator (which stands in for the browsers);
- rounds missed, exact and extra against the simulator's truth log;
- crash on screen to row committed: the truth log's crash time against the moment a reader of the
  database first sees the row (polled every POLL_SECONDS, so the figures are late by at most that).
At 10 looks per second (speed 1) the clock of the truth log is the wall clock, so the two compare.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
from benchmarks.common import machine, spread, write_result

from aviator.analysis.truth_compare import TOLERANCE_SECONDS, compare
from aviator.data.backends import open_database
from aviator.data.export import iter_rounds, last_round_id
from aviator.sim.truth_log import read_truth

POLL_SECONDS = 0.005
SAMPLE_SECONDS = 1.0


def _title(process: psutil.Process, root: int) -> str:
    """The process's title (workers and the simulator set one), or what it is."""
    command = " ".join(process.cmdline()).strip()  # setproctitle pads the title with spaces
    if process.pid == root:
        return "main"
    return command if command.startswith("aviator:") else "resource tracker"


def _role(title: str) -> str:
    return "simulator" if title == "aviator: simulator" else "collector"


@dataclass
class TreeWatch:
    """CPU seconds and RSS of a process tree, by role, between `begin` and the last `sample`."""

    root: psutil.Process
    cpu_start: dict[int, float] = field(default_factory=dict)
    cpu_last: dict[int, float] = field(default_factory=dict)
    titles: dict[int, str] = field(default_factory=dict)
    rss: list[dict[str, float]] = field(default_factory=list)
    pss: list[float] = field(default_factory=list)
    last_rss: dict[str, float] = field(default_factory=dict)  # by title
    began: float = 0.0
    ended: float = 0.0

    def begin(self) -> None:
        self.began = time.monotonic()
        self.sample()
        self.cpu_start = dict(self.cpu_last)  # a process born later starts from zero

    def sample(self) -> None:
        rss, pss = {"collector": 0.0, "simulator": 0.0}, 0.0
        for process in [self.root, *self.root.children(recursive=True)]:
            try:
                title = self.titles[process.pid] = _title(process, self.root.pid)  # set once spawned
                times = process.cpu_times()
                self.cpu_last[process.pid] = times.user + times.system
                self.last_rss[title] = process.memory_info().rss / 2**20
                rss[_role(title)] += self.last_rss[title]
                pss += process.memory_full_info().pss / 2**20 if _role(title) == "collector" else 0.0
            except psutil.Error:
                continue  # it left between the listing and the look
        self.rss.append(rss)
        self.pss.append(pss)
        self.ended = time.monotonic()

    def summary(self) -> dict[str, Any]:
        seconds = self.ended - self.began
        cpu = {"collector": 0.0, "simulator": 0.0}
        for pid, last in self.cpu_last.items():
            cpu[_role(self.titles[pid])] += last - self.cpu_start.get(pid, 0.0)
        return {
            "window_seconds": round(seconds, 1),
            "worker_processes": sum(title.startswith("aviator: worker") for title in self.titles.values()),
            **{f"cpu_pct_{role}": round(100 * used / seconds, 1) for role, used in cpu.items()},
            **{f"rss_mb_{role}_mean": round(sum(s[role] for s in self.rss) / len(self.rss)) for role in cpu},
            **{f"rss_mb_{role}_max": round(max(s[role] for s in self.rss)) for role in cpu},
            # RSS counts shared pages (libraries, the screen) once per process; PSS shares them out
            "pss_mb_collector_mean": round(sum(self.pss) / len(self.pss)),
            "rss_mb_by_process": {title: round(mb) for title, mb in sorted(self.last_rss.items())},
        }


class CommitWatch(threading.Thread):
    """Notes the wall time at which each round row first becomes visible to a reader."""

    def __init__(self, db: str, after_id: int) -> None:
        super().__init__(name="commit-watch", daemon=True)
        self.db, self.after_id, self.seen = db, after_id, []
        self.stop = threading.Event()

    def run(self) -> None:
        database, last = open_database(self.db), self.after_id
        try:
            while not self.stop.wait(POLL_SECONDS):
                rows = database.query("SELECT id, bookmaker, ended_at FROM rounds WHERE id > ?", (last,))
                now = datetime.now(UTC)
                self.seen.extend((bookmaker, _when(ended), now) for _, bookmaker, ended in rows)
                last = max([last, *(row[0] for row in rows)])
        finally:
            database.close()


def _when(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def latencies(truth: list[dict[str, Any]], seen: list[tuple[str, datetime, datetime]]) -> dict[str, Any]:
    """Crash on screen to first look and to row committed, for every row matched to a truth round."""
    crashes: dict[str, list[datetime]] = {}
    for round_ in truth:
        crashes.setdefault(round_["bookmaker"], []).append(_when(round_["crashed_at"]))
    first_look, committed = [], []
    for bookmaker, ended, visible in seen:
        crash = min(crashes.get(bookmaker, []), key=lambda c: abs((c - ended).total_seconds()), default=None)
        if crash is not None and abs((crash - ended).total_seconds()) <= TOLERANCE_SECONDS:
            first_look.append((ended - crash).total_seconds())
            committed.append((visible - crash).total_seconds())
    if not committed:
        return {"rounds": 0}
    return {
        "crash_to_first_look_ms": spread(first_look, 1000, 1),
        "crash_to_committed_ms": spread(committed, 1000, 1),
        "poll_ms": POLL_SECONDS * 1000,
    }


def run_one(bookmakers: int, seconds: float, speed: float, db: str, tmp: Path) -> dict[str, Any]:
    truth_path = tmp / f"truth-{bookmakers}.jsonl"
    command = [sys.executable, "-m", "benchmarks.app_child", "--bookmakers", str(bookmakers)]
    command += ["--seconds", str(seconds), "--speed", str(speed), "--db", db, "--truth", str(truth_path)]
    before, after_id = machine(), _last_round_id(db)
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    watch, commits = TreeWatch(psutil.Process(child.pid)), CommitWatch(db, after_id)
    _expect(child, "started")
    watch.begin()
    commits.start()
    _sample_until_finished(child, watch)
    if child.wait() != 0:
        raise RuntimeError(f"the application exited with {child.returncode}")
    commits.stop.set()
    commits.join()
    return _report(bookmakers, before, watch, commits, db, truth_path)


def _last_round_id(db: str) -> int:
    """Rows already in a database given by URL are not this run's."""
    with open_database(db) as database:
        return last_round_id(database)


def _expect(child: subprocess.Popen[str], word: str) -> None:
    """Sync point: the child's own announcement on its stdout."""
    line = child.stdout.readline().strip() if child.stdout else ""
    if line != word:
        child.kill()
        raise RuntimeError(f"expected {word!r} from the application, got {line!r}")


def _sample_until_finished(child: subprocess.Popen[str], watch: TreeWatch) -> None:
    finished = threading.Thread(target=_expect, args=(child, "finished"), daemon=True)
    finished.start()
    while finished.is_alive():
        finished.join(SAMPLE_SECONDS)
        watch.sample()


def _report(
    bookmakers: int, before: dict, watch: TreeWatch, commits: CommitWatch, db: str, truth_path: Path
) -> dict[str, Any]:
    truth = read_truth(truth_path)
    with open_database(db) as database:
        comparison = compare(truth, list(iter_rounds(database, after_id=commits.after_id)))
    return {
        "bookmakers": bookmakers,
        "load_average_before": before["load_average"],
        **watch.summary(),
        "truth_rounds": comparison.total("truth"),
        "missed_rounds": comparison.total("truth") - comparison.total("captured"),
        "inexact_rounds": comparison.total("captured") - comparison.total("exact"),
        "extra_rounds": comparison.total("extra"),
        **latencies(truth, commits.seen),
    }


def run(sizes: list[int], seconds: float, speed: float, db: str | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        runs = {
            str(n): run_one(n, seconds, speed, db or str(Path(tmp) / f"app-{n}.db"), Path(tmp)) for n in sizes
        }
    return {"seconds": seconds, "speed": speed, "looks_per_second": min(100, 10 * speed), "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookmakers", type=int, nargs="+", default=[6, 12])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--speed", type=float, default=1.0)
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file per run)")
    args = parser.parse_args()
    result = run(args.bookmakers, args.seconds, args.speed, args.db)
    print(write_result("app", result).read_text())


if __name__ == "__main__":
    main()
