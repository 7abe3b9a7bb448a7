"""`aviator sim` refuses options it cannot honour in one line, before any window opens."""

from __future__ import annotations

import os
import subprocess
import sys

from aviator.sim.private_display import private_display

AVIATOR = [sys.executable, "-m", "aviator", "sim"]


def refused(*args: str, env: dict[str, str] | None = None) -> str:
    """Exit code 2 and one line on stderr, no traceback; returns the line."""
    done = subprocess.run([*AVIATOR, *args], capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    (line,) = done.stderr.splitlines()
    return line


def test_a_web_layout_that_does_not_exist_is_named_with_the_choices() -> None:
    line = refused("--web", "--layout", "official", "--layout", "desktop")
    assert "--layout desktop: not a web layout; choose from official, mobile, strip-below" in line


def test_one_layout_per_window() -> None:
    line = refused("--web", "--bookmakers", "3", "--layout", "mobile", "--layout", "official")
    assert "--bookmakers 3 but 2 --layout: give one --layout per window" in line


def test_windows_that_do_not_fit_the_screen_are_refused_before_any_opens() -> None:
    with private_display() as display:
        line = refused("--web", *["--layout", "official"] * 5, env={**os.environ, "DISPLAY": display})
    assert "the official window (840x560) does not fit on the 1920x1080 screen" in line


def test_the_qt_windows_take_one_grid() -> None:
    assert "give one grid of 2x2, 3x2, 4x2 (or --web)" in refused("--layout", "official")
