"""ProcessManager: spawns the per-bookmaker processes, talks to each through its own queue, and
can start one again with the same arguments (the HealthMonitor's restart)."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

CONTEXT = mp.get_context("spawn")  # fresh interpreters: no threads or locks inherited by fork


@dataclass
class ManagedProcess:
    name: str
    process: mp.process.BaseProcess
    control: mp.Queue
    target: Callable[..., None]
    args: tuple[Any, ...]

    def send(self, command: object) -> None:
        self.control.put(command)


class ProcessManager:
    def __init__(self) -> None:
        self.hub: mp.Queue = CONTEXT.Queue()
        self.processes: dict[str, ManagedProcess] = {}

    def spawn(self, name: str, target: Callable[..., None], *args: Any) -> ManagedProcess:
        """Starts `target(*args, control)` in a new process called `name`."""
        control = CONTEXT.Queue()
        process = CONTEXT.Process(target=target, args=(*args, control), name=name, daemon=True)
        process.start()
        managed = ManagedProcess(name, process, control, target, args)
        self.processes[name] = managed
        return managed

    def respawn(self, name: str) -> ManagedProcess:
        """Starts process `name` again with the arguments it was first given."""
        old = self.processes[name]
        if old.process.is_alive():
            old.process.kill()
        old.process.join()
        return self.spawn(name, old.target, *old.args)

    def event(self) -> Any:
        return CONTEXT.Event()

    def join(self, name: str, timeout: float) -> bool:
        """Waits for one process to leave; kills it if it will not. True if it left by itself."""
        process = self.processes[name].process
        process.join(timeout)
        if process.is_alive():
            process.kill()
            process.join()
            return False
        return True
