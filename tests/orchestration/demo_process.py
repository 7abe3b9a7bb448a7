"""The demo as a subprocess, followed through its log lines (the tests' sync points)."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

AVIATOR = [sys.executable, "-m", "aviator"]


def start_demo(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    files = ("--db", str(tmp_path / "run.db"), "--truth", str(tmp_path / "truth.jsonl"))
    return subprocess.Popen(
        [*AVIATOR, "demo", *files, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def next_line(demo: subprocess.Popen[str], prefix: str) -> str:
    """Reads the demo's log until a line starting with `prefix`."""
    for line in demo.stdout:
        if line.startswith(prefix):
            return line
    raise AssertionError(f"the demo ended before a line starting {prefix!r}")


def worker_pids(demo: subprocess.Popen[str]) -> dict[str, int]:
    """From the start line: 'started N workers: Name pid P, ...'."""
    line = next_line(demo, "started ")
    pairs = [item.split(" pid ") for item in line.split(": ", 1)[1].strip().split(", ")]
    return {name: int(pid) for name, pid in pairs}


def export_rounds(tmp_path: Path) -> list[dict[str, str]]:
    out = subprocess.run(
        [*AVIATOR, "export", "rounds", "--db", str(tmp_path / "run.db"), "--format", "csv"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return list(csv.DictReader(io.StringIO(out)))
