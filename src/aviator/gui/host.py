"""What the window hosts: a collector (here the demo's, with its simulator), run on a thread of its
own so that the UI thread never waits for workers, processes or the database.

That thread lives as long as the collector: its processes are started with PR_SET_PDEATHSIG,
which the kernel fires when the *thread* that started them ends, not only the process.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from aviator.orchestration.collector_app import CollectorApp
from aviator.orchestration.demo import Demo, DemoOptions


class DemoHost:
    """The demo's simulated bookmakers and their collector, for `aviator gui --demo`."""

    def __init__(self, options: DemoOptions) -> None:
        self.options = options
        self.demo = Demo(options)
        self.app: CollectorApp = self.demo.app
        self.error: str | None = None
        self.started = threading.Event()  # the workers look (or the start failed: see `error`)
        self._stop_asked, self._stopped = threading.Event(), threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, done: Callable[[], None] = lambda: None) -> None:
        """Starts the simulator and the workers in the background; `done` is called once they run."""
        self._thread = threading.Thread(target=self._run, args=(done,), name="gui-collector", daemon=True)
        self._thread.start()

    def _run(self, done: Callable[[], None]) -> None:
        try:
            self.demo.start()
        except Exception as error:  # shown in the window: the workers could not start
            self.error = f"{type(error).__name__}: {error}"
        self.started.set()
        done()
        self._stop_asked.wait()
        try:
            self.demo.stop()
        finally:
            self._stopped.set()

    def stop(self) -> None:
        """As Ctrl-C in `aviator demo`: the simulator, then the workers' last looks, then every
        record written. Blocks until done: call it off the UI thread."""
        if self._thread is None:
            return  # never started
        self._stop_asked.set()
        self._stopped.wait()

    def close(self) -> None:
        self.demo.close()
