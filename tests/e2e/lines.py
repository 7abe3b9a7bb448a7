"""Following a child process's output line by line, waiting for explicit lines as sync points."""

from __future__ import annotations

import queue
import subprocess
import threading
import time


class Lines:
    """Every line a process prints, collected by a thread; `expect` waits for one that matches."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.process = process
        self.seen: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def expect(self, start: str, timeout: float, count: int = 1) -> list[str]:
        """Waits until `count` lines starting with `start` were printed in all; returns them."""
        deadline = time.monotonic() + timeout
        while len(found := [s for s in self.seen if s.startswith(start)]) < count:
            try:
                line = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                line = None
            if line is None:
                raise AssertionError(
                    f"no {count} lines {start!r} in time; output so far:\n" + "\n".join(self.seen)
                )
            self.seen.append(line)
        return found
