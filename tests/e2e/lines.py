"""Following a child process's output line by line, waiting for explicit lines as sync points."""

from __future__ import annotations

import queue
import subprocess
import threading
import time
from collections.abc import Callable


class Lines:
    """Every line a process prints, collected by a thread; `until` waits for a condition on them."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.process = process
        self.seen: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def expect(self, start: str, timeout: float) -> str:
        """Waits until a line starting with `start` was printed; returns it."""
        self.until(lambda seen: any(s.startswith(start) for s in seen), timeout, f"line {start!r}")
        return next(s for s in self.seen if s.startswith(start))

    def until(self, done: Callable[[list[str]], bool], timeout: float, what: str) -> None:
        """Waits until `done(every line printed so far)` holds."""
        deadline = time.monotonic() + timeout
        while not done(self.seen):
            try:
                line = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                line = None
            if line is None:
                raise AssertionError(f"no {what} in time; output so far:\n" + "\n".join(self.seen))
            self.seen.append(line)
