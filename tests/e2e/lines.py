"""Following a child process's output line by line, waiting for explicit lines as sync points."""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Callable


class Lines:
    """Every line a process prints, collected by a thread as it comes; `until` waits for a
    condition on them. `seen` is always up to date, so a test can also note where it stood."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.process = process
        self.seen: list[str] = []
        self.ended = False  # the process closed its output
        self._changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            with self._changed:
                self.seen.append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self.ended = True
            self._changed.notify_all()

    def expect(self, start: str, timeout: float) -> str:
        """Waits until a line starting with `start` was printed; returns it."""
        self.until(lambda seen: any(s.startswith(start) for s in seen), timeout, f"line {start!r}")
        return next(s for s in self.seen if s.startswith(start))

    def until(self, done: Callable[[list[str]], bool], timeout: float, what: str) -> None:
        """Waits until `done(every line printed so far)` holds."""
        with self._changed:
            self._changed.wait_for(lambda: self.ended or done(self.seen), timeout)
            if not done(self.seen):
                ended = "the process closed its output" if self.ended else f"{timeout} s passed"
                raise AssertionError(f"no {what} ({ended}); output so far:\n" + "\n".join(self.seen))

    def since(self, index: int) -> list[str]:
        """The lines printed after the first `index` ones (a position noted earlier: len(seen))."""
        with self._changed:
            return self.seen[index:]
