"""Chromium windows, one per site as a user opens them: Debian's `chromium` in app mode, each
with a profile of its own, all in one process group that ends with the command."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from aviator.config.layouts import Rect
from aviator.core.requirements import MissingRequirement

BROWSERS = ("chromium", "chromium-browser")
# Measured on Xvfb: no GPU, no shared memory, no background work, and no throttling of a page
# that another window covers (a collector watches every page at once).
FLAGS = (
    "--test-type",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-translate",
    "--disable-features=Translate,MediaRouter",
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
    "--password-store=basic",
    "--force-device-scale-factor=1",
)


def require_chromium() -> str:
    """The path of Debian's chromium, or one line saying how to install it."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise MissingRequirement(
        "Chromium is not installed (the Debian package chromium)",
        "install it: `sudo make system`, or as root: apt-get install chromium",
    )


def _with_parent(command: list[str]) -> list[str]:
    """The command, ended by the kernel if this process dies (even by kill -9): util-linux's
    setpriv sets that before it executes the browser, where a preexec function in this
    multi-threaded process could deadlock."""
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "KILL", *command] if setpriv else command


class BrowserWindows:
    """The Chromium processes of one run; `close` ends every one of them and their profiles."""

    def __init__(self, executable: str, display: str) -> None:
        self.executable, self.display = executable, display
        self.processes: list[subprocess.Popen[bytes]] = []
        self._profiles = tempfile.TemporaryDirectory(prefix="aviator-web-")

    def open(self, url: str, window: Rect) -> subprocess.Popen[bytes]:
        profile = Path(self._profiles.name) / str(len(self.processes))
        command = [
            self.executable,
            f"--app={url}",
            f"--user-data-dir={profile}",
            f"--window-position={window.left},{window.top}",
            f"--window-size={window.width},{window.height}",
            *FLAGS,
            *(["--no-sandbox"] if os.geteuid() == 0 else []),  # Chromium refuses root otherwise
        ]
        log = (Path(self._profiles.name) / f"{len(self.processes)}.log").open("wb")
        process = subprocess.Popen(
            _with_parent(command),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "DISPLAY": self.display},
            process_group=0,  # its own group: `close` ends the renderers and helpers with it
        )
        log.close()
        self.processes.append(process)
        return process

    def close(self) -> None:
        """Ends every browser's whole process group (renderers, GPU and zygote processes too)."""
        for process in self.processes:
            _signal_group(process, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait(5)
            _signal_group(process, signal.SIGKILL)  # what the browser left behind in its group
        self._profiles.cleanup()


def _signal_group(process: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)
