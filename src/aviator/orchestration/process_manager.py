"""ProcessManager: spawns the per-bookmaker processes and talks to each through its own queue."""

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

    def send(self, command: object) -> None:
        self.control.put(command)


class ProcessManager:
    def __init__(self) -> None:
        self.hub: mp.Queue = CONTEXT.Queue()
        self.processes: dict[str, ManagedProcess] = {}

    def spawn(self, name: str, target: Callable[..., None], *args: Any) -> ManagedProcess:
        control = CONTEXT.Queue()
        process = CONTEXT.Process(target=target, args=(*args, control), name=name, daemon=True)
        process.start()
        managed = ManagedProcess(name, process, control)
        self.processes[name] = managed
        return managed

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
