"""ProcessManager: spawns the per-bookmaker processes, gives each its own pipe to the hub and its
own control queue, and can start one again with the same arguments (the HealthMonitor's restart)."""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from aviator.core.communication.outbox import Outbox

CONTEXT = mp.get_context("spawn")  # fresh interpreters: no threads or locks inherited by fork
# Each process reads with tiny matrix products: a BLAS thread pool per process would only spin on
# the cores the other workers need (seen slowing reads on two cores).
CHILD_ENVIRONMENT = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}


@dataclass
class ManagedProcess:
    name: str
    process: mp.process.BaseProcess
    control: mp.Queue
    target: Callable[..., None]
    args: tuple[Any, ...]
    inbox: Connection | None = None  # the reading end of its pipe (the hub reads it)

    def send(self, command: object) -> None:
        self.control.put(command)


class ProcessManager:
    def __init__(self, attach: Callable[[Connection, str], None]) -> None:
        """`attach` receives the reading end of each new process's pipe and the process's name
        (the hub's `attach`, which reads a restarted process's pipe only after its predecessor's)."""
        self.attach = attach
        self.processes: dict[str, ManagedProcess] = {}

    def spawn(self, name: str, target: Callable[..., None], *args: Any) -> ManagedProcess:
        """Starts `target(*args, outbox, control)` in a new process called `name`."""
        for key, value in CHILD_ENVIRONMENT.items():
            os.environ.setdefault(key, value)  # a spawned interpreter inherits the environment
        reader, writer = CONTEXT.Pipe(duplex=False)
        control = CONTEXT.Queue()
        process = CONTEXT.Process(
            target=target, args=(*args, Outbox(writer), control), name=name, daemon=True
        )
        process.start()
        writer.close()  # the child holds the writing end now: its exit ends the pipe
        self.attach(reader, name)
        managed = ManagedProcess(name, process, control, target, args, reader)
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
