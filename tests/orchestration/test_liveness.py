"""The HealthMonitor kills a worker whose heartbeat is late only if it is hung (liveness.py):
a late main process or a working, starved worker is spared; a stopped or idle one is killed."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable

from aviator.config.settings import GamePhase
from aviator.core.communication.event_bus import EventBus
from aviator.core.communication.messages import WorkerStatus
from aviator.orchestration.health_monitor import Alert, HealthMonitor, Lifecycle
from aviator.orchestration.liveness import Progress, Silence, judge
from aviator.orchestration.process_manager import ProcessManager
from tests.orchestration import fake_workers
from tests.orchestration.test_health_monitor import _state
from tests.orchestration.watch import Watch

STALE, LIMIT = 10.0, 60.0
SLEEPING, WORKING, STOPPED = (
    Progress(False, False, 1.0),
    Progress(False, False, 1.5),
    Progress(False, True, 1.0),
)
RUNNABLE = Progress(True, False, 1.0)


def _silence(seconds: float, now: Progress, unread: int = 0, watched_for: float = 5.0) -> Silence:
    return Silence(seconds, unread, SLEEPING, watched_for, now)


def test_the_rule() -> None:
    assert judge(_silence(9.9, STOPPED), STALE, LIMIT) is None  # not silent long enough
    assert judge(_silence(10.1, STOPPED), STALE, LIMIT).kill  # SIGSTOP: hung
    assert not judge(_silence(10.1, STOPPED, unread=120), STALE, LIMIT).kill  # the main process is late
    assert not judge(_silence(10.1, WORKING), STALE, LIMIT).kill  # a long step: CPU time advances
    assert not judge(_silence(10.1, RUNNABLE), STALE, LIMIT).kill  # starved: waiting for a CPU
    assert judge(_silence(10.1, SLEEPING), STALE, LIMIT).kill  # asleep, no CPU used: a deadlock
    assert judge(_silence(60.1, WORKING), STALE, LIMIT).kill  # working forever without a beat: a bug
    assert judge(_silence(10.1, SLEEPING, watched_for=0.2), STALE, LIMIT) is None  # a glimpse decides nothing
    assert judge(_silence(10.1, None), STALE, LIMIT) is None  # gone: its sentinel tells


def _alert(name: str, words: str) -> Callable[[object], bool]:
    return lambda e: isinstance(e, Alert) and e.source == name and words in e.message


def _killed(watch: Watch) -> list[Alert]:
    return [e for e in watch.events if isinstance(e, Alert) and e.message.endswith("killed")]


def test_a_starved_worker_whose_cpu_time_advances_is_spared_up_to_the_hang_limit(
    monitored: tuple[ProcessManager, EventBus, Watch],
) -> None:
    """The injected kernel view: a silent process, not runnable at each glimpse, whose CPU time
    advances between glimpses (a worker the machine runs a little, in a long step)."""
    manager, bus, watch = monitored
    cpu = iter(range(10**6))
    monitor = HealthMonitor(
        manager,
        bus,
        stale_after=0.5,
        hang_limit=3.0,
        inspect=lambda pid: Progress(False, False, next(cpu) / 100),
    )
    manager.spawn("Left", fake_workers.silent, "Left")
    monitor.register("Left")
    monitor.start()
    spared = watch.wait_for(_alert("Left", "not killed: it is working"))
    assert manager.processes["Left"].process.is_alive() and _killed(watch) == []
    killed = watch.wait_for(_alert("Left", "silent for more than 3 s: killed"))
    monitor.stop()
    assert watch.events.index(spared) < watch.events.index(killed)
    assert float(killed.message.split()[3]) >= 3.0  # "no heartbeat for X s, …", X rounded


def test_a_worker_computing_without_beating_is_spared_then_killed_at_the_hang_limit(
    monitored: tuple[ProcessManager, EventBus, Watch],
) -> None:
    """The same with the real kernel's view of a process that spins on a CPU."""
    manager, bus, watch = monitored
    monitor = HealthMonitor(manager, bus, stale_after=0.5, hang_limit=3.0)
    manager.spawn("Left", fake_workers.spinning, "Left")
    monitor.register("Left")
    monitor.start()
    watch.wait_for(_alert("Left", "not killed"))
    assert _killed(watch) == []
    watch.wait_for(_alert("Left", "silent for more than 3 s: killed"))
    watch.wait_for(_state("Left", Lifecycle.RESTARTING))
    monitor.stop()


def test_a_stopped_worker_is_killed_and_restarted(monitored: tuple[ProcessManager, EventBus, Watch]) -> None:
    """SIGSTOP: the kernel says stopped; killed once silent for stale_after, not at the hang limit."""
    manager, bus, watch = monitored
    monitor = HealthMonitor(manager, bus, stale_after=0.5, hang_limit=3600.0)
    manager.spawn("Right", fake_workers.beating, "Right")
    monitor.register("Right")
    monitor.start()
    watch.wait_for(_state("Right", Lifecycle.RUNNING))
    os.kill(manager.processes["Right"].process.pid, signal.SIGSTOP)
    watch.wait_for(_alert("Right", "its process is stopped: killed"))
    watch.wait_for(_state("Right", Lifecycle.RUNNING, restarts=1))
    monitor.stop()


def test_a_late_main_process_gets_no_worker_killed(
    monitored: tuple[ProcessManager, EventBus, Watch],
) -> None:
    """The hub is stuck dispatching (a late main process) while the worker beats on: its heartbeats
    wait unread in its pipe. Spared, with an alert that says why; the beats count once read."""
    manager, bus, watch = monitored
    stuck, release = threading.Event(), threading.Event()

    def slow(status: WorkerStatus) -> None:
        if not stuck.is_set():
            stuck.set()
            release.wait(30)

    bus.subscribe(WorkerStatus, slow, priority=10)  # before the monitor hears the beat
    monitor = HealthMonitor(manager, bus, stale_after=0.5, hang_limit=3600.0)
    manager.spawn("Centre", fake_workers.beating, "Centre")
    monitor.register("Centre")
    monitor.start()
    assert stuck.wait(30)
    watch.wait_for(_alert("Centre", "not killed: its messages wait unread: the main process is late"))
    release.set()
    watch.wait_for(_state("Centre", Lifecycle.RUNNING))
    monitor.stop()
    assert _killed(watch) == [] and monitor.restarts("Centre") == 0


def test_only_the_current_process_heartbeat_marks_a_worker_running(
    monitored: tuple[ProcessManager, EventBus, Watch],
) -> None:
    """A killed worker's last statuses are read after its death; one from another process than the
    current one (a predecessor's) must not mark the worker, still starting, as running."""
    manager, bus, _ = monitored
    monitor = HealthMonitor(manager, bus)
    manager.spawn("Left", fake_workers.silent, "Left")
    monitor.register("Left")
    pid = manager.processes["Left"].process.pid
    bus.publish(WorkerStatus("Left", GamePhase.BETTING, None, 0, 0, 0, pid=pid + 100_000))  # a predecessor
    assert monitor.state("Left") is Lifecycle.STARTING
    bus.publish(WorkerStatus("Left", GamePhase.BETTING, None, 0, 0, 0, pid=pid))
    assert monitor.state("Left") is Lifecycle.RUNNING
    monitor.stop()
