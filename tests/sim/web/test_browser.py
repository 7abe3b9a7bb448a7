"""Chromium windows end with the command that opened them: on close, and when it is killed -9."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator

import psutil
import pytest

from aviator.config.layouts import Rect
from aviator.core.capture.window_titles import window_titles
from aviator.sim.private_display import private_display
from aviator.sim.web.browser import BrowserWindows, require_chromium

PAGE = "data:text/html,<title>Site</title><body style='background:%23123'>"
OPENER = f"""
import sys, time
from aviator.config.layouts import Rect
from aviator.sim.web.browser import BrowserWindows
windows = BrowserWindows({require_chromium()!r}, sys.argv[1])
windows.open({PAGE!r}, Rect(10, 20, 400, 300))
print("opened", flush=True)
time.sleep(600)
"""


@pytest.fixture
def display() -> Iterator[str]:
    with private_display() as name:
        yield name


def _until_titled(display: str, present: bool) -> None:
    deadline = time.monotonic() + 60
    while ("Site" in [title for _, title in window_titles(display)]) != present:
        assert time.monotonic() < deadline, f"the window {'never came' if present else 'stayed'}"
        time.sleep(0.1)  # the browser maps its window in its own time


@pytest.mark.timeout(180)
def test_close_ends_every_process_of_the_browser(display: str) -> None:
    windows = BrowserWindows(require_chromium(), display)
    main = windows.open(PAGE, Rect(10, 20, 400, 300))
    _until_titled(display, present=True)
    (rect,) = [r for r, title in window_titles(display) if title == "Site"]
    assert (rect.left, rect.top, rect.width, rect.height) == (10, 20, 400, 300)
    family = [psutil.Process(main.pid), *psutil.Process(main.pid).children(recursive=True)]
    assert len(family) >= 3  # the browser, its zygote, its renderer...
    windows.close()
    _, alive = psutil.wait_procs(family, timeout=10)
    assert alive == []


@pytest.mark.timeout(180)
def test_the_browsers_die_with_a_command_killed_by_sigkill(display: str) -> None:
    opener = subprocess.Popen([sys.executable, "-c", OPENER, display], stdout=subprocess.PIPE, text=True)
    try:
        assert opener.stdout.readline().strip() == "opened"
        _until_titled(display, present=True)
        family = psutil.Process(opener.pid).children(recursive=True)
        assert len(family) >= 3
    finally:
        opener.kill()
        opener.wait()
    _, alive = psutil.wait_procs(family, timeout=15)
    assert alive == []
