"""`aviator gui`: a user's mistake or a missing display is one line and an exit code, never Qt's
abort or a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

AVIATOR = [sys.executable, "-m", "aviator"]


def gui(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run(
        [*AVIATOR, "gui", *args], capture_output=True, text=True, env={**environment, **env}
    )


def test_without_a_display_it_says_how_to_get_one() -> None:
    done = gui("--demo")
    assert done.returncode == 69 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        "aviator gui: no X display: DISPLAY is not set: use the desktop that shows the games, or a virtual "
        "one: `Xvfb :99 -screen 0 1920x1080x24 & export DISPLAY=:99` (Xvfb: `sudo make system`)"
    ]


def test_a_bad_setup_file_is_named_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "setup.yaml"
    bad.write_text("bookmakers:\n  - name: A\n    ofset: [0, 0]\n")
    done = gui("--config", str(bad), QT_QPA_PLATFORM="offscreen")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"{bad}:3: bookmakers.0.ofset: unknown key" in done.stderr


def test_it_needs_to_know_what_to_watch() -> None:
    done = gui(QT_QPA_PLATFORM="offscreen")
    assert done.returncode == 2 and "one of the arguments --demo --config is required" in done.stderr
