"""The input lock: one owner of the mouse and keyboard across every process of the machine.

A bet transaction (click, type, click, type, click, read back) must not interleave with another
bookmaker's: the lock is an exclusive flock on a file named after the display, so any process
that opens the same file takes part, whoever started it; the kernel frees it if its owner dies.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

RETRY = 0.001  # seconds between attempts while another process holds the lock


class InputBusy(TimeoutError):
    """Another process held the mouse and keyboard for longer than we could wait."""


def lock_path(display: str | None) -> Path:
    name = (display or os.environ.get("DISPLAY", "")).replace(":", "_").replace("/", "_") or "default"
    return Path(tempfile.gettempdir()) / f"aviator-input{name}.lock"


class InputLock:
    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def hold(self, timeout: float) -> Iterator[None]:
        """Holds the lock for the `with` block; raises InputBusy after `timeout` seconds of waiting."""
        with self.path.open("a") as handle:
            self._acquire(handle.fileno(), timeout)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def _acquire(self, fd: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise InputBusy(f"the input lock {self.path} stayed busy for {timeout} s") from None
                time.sleep(RETRY)  # the holder's transaction lasts milliseconds
