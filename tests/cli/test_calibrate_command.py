"""`aviator calibrate` on a screen it cannot calibrate says so in one line with the fix, exit 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from aviator.sim.private_display import private_display


def calibrate(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "aviator", "calibrate", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env, timeout=120)


@pytest.mark.parametrize("option", ["--watch", "--learn"])
def test_a_negative_time_is_refused_in_one_line(tmp_path: Path, option: str) -> None:
    done = calibrate("--out", "setup.yaml", option, "-5", env=dict(os.environ), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == f"aviator calibrate: {option} -5: give a number of seconds, 0 or more\n"


def test_an_empty_screen_names_what_calibration_needs(tmp_path: Path) -> None:
    with private_display() as display:
        done = calibrate("--out", "setup.yaml", env={**os.environ, "DISPLAY": display}, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("aviator calibrate: no game found: no window shows a green bet button")
    assert "Traceback" not in done.stderr and not (tmp_path / "setup.yaml").exists()
