"""HealthMonitor with real processes: restart after kill -9, stale heartbeats, the crash-loop guard."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable

from aviator.core.communication.event_bus import EventBus
from aviator.core.communication.messages import Stop
from aviator.orchestration.health_monitor import (
    Alert,
    HealthMonitor,
    Lifecycle,
    ProcessResources,
    SystemHealth,
    WorkerStateChanged,
    restart_delay,
)
from aviator.orchestration.process_manager import ProcessManager
from tests.orchestration import fake_workers
from tests.orchestration.watch import WAIT, Watch


def _state(name: str, state: Lifecycle, restarts: int | None = None) -> Callable[[object], bool]:
    def match(e: object) -> bool:
        return (
            isinstance(e, WorkerStateChanged)
            and e.bookmaker == name
            and e.state is state
            and (restarts is None or e.restarts == restarts)
        )

    return match


def test_a_killed_worker_is_restarted(monitored: tuple[ProcessManager, EventBus, Watch]) -> None:
    manager, bus, watch = monitored
    monitor = HealthMonitor(manager, bus, report_every=0.2)
    manager.spawn("Admiral", fake_workers.beating, "Admiral")
    monitor.register("Admiral")
    monitor.start()
    watch.wait_for(_state("Admiral", Lifecycle.RUNNING))
    first = manager.processes["Admiral"].process.pid
    os.kill(first, signal.SIGKILL)
    watch.wait_for(_state("Admiral", Lifecycle.RESTARTING))
    watch.wait_for(_state("Admiral", Lifecycle.RUNNING, restarts=1))
    assert manager.processes["Admiral"].process.pid != first
    report = watch.wait_for(lambda e: isinstance(e, ProcessResources) and e.pid != first)
    assert report.rss_mb > 1
    monitor.stop()


def test_a_worker_that_keeps_crashing_is_left_crashed_with_an_alert(
    monitored: tuple[ProcessManager, EventBus, Watch],
) -> None:
    manager, bus, watch = monitored
    monitor = HealthMonitor(manager, bus, max_restarts=3, window=60)
    manager.spawn("Soccer", fake_workers.crashing, "Soccer")
    monitor.register("Soccer")
    monitor.start()
    watch.wait_for(_state("Soccer", Lifecycle.CRASHED))
    alert = watch.wait_for(lambda e: isinstance(e, Alert))
    assert "keeps crashing" in alert.message
    assert monitor.restarts("Soccer") == 2  # restarted twice, the third crash ends it
    monitor.stop()


def test_a_silent_worker_is_killed_and_restarted(monitored: tuple[ProcessManager, EventBus, Watch]) -> None:
    manager, bus, watch = monitored
    monitor = HealthMonitor(manager, bus, stale_after=0.5)
    manager.spawn("Mozzart", fake_workers.silent, "Mozzart")
    monitor.register("Mozzart")
    monitor.start()
    alert = watch.wait_for(lambda e: isinstance(e, Alert))
    assert "no heartbeat" in alert.message
    watch.wait_for(_state("Mozzart", Lifecycle.RESTARTING))
    monitor.stop()


def test_a_stopping_worker_is_not_restarted(monitored: tuple[ProcessManager, EventBus, Watch]) -> None:
    manager, bus, watch = monitored
    monitor = HealthMonitor(manager, bus)
    manager.spawn("Meridian", fake_workers.beating, "Meridian")
    monitor.register("Meridian")
    monitor.start()
    watch.wait_for(_state("Meridian", Lifecycle.RUNNING))
    monitor.set_state("Meridian", Lifecycle.STOPPING)
    manager.processes["Meridian"].send(Stop())
    assert manager.join("Meridian", timeout=WAIT)
    monitor.stop()  # joins the monitor thread: any restart would have happened by now
    assert monitor.restarts("Meridian") == 0
    assert not any(_state("Meridian", Lifecycle.RESTARTING)(e) for e in watch.events)


def test_the_probe_is_published_and_an_unreachable_database_alerts(
    monitored: tuple[ProcessManager, EventBus, Watch],
) -> None:
    manager, bus, watch = monitored
    seen: list[SystemHealth] = []
    bus.subscribe(SystemHealth, seen.append)
    monitor = HealthMonitor(manager, bus, report_every=0.05, probe=lambda: SystemHealth(7, (), False))
    monitor.start()
    alert = watch.wait_for(lambda e: isinstance(e, Alert) and e.source == "database")
    monitor.stop()
    assert "does not answer" in alert.message
    assert seen and seen[0].queue_depth == 7


def test_a_paused_worker_is_not_taken_for_dead(monitored: tuple[ProcessManager, EventBus, Watch]) -> None:
    manager, bus, watch = monitored
    monitor = HealthMonitor(manager, bus, stale_after=0.2, report_every=0.1)
    manager.spawn("BalkanBet", fake_workers.silent, "BalkanBet")
    monitor.register("BalkanBet")
    monitor.set_state("BalkanBet", Lifecycle.PAUSED)
    monitor.start()
    # Sync point: five resource reports, each long after a heartbeat check would have fired.
    watch.wait_for(lambda e: sum(isinstance(x, ProcessResources) for x in watch.events) >= 5)
    monitor.stop()
    assert not any(isinstance(e, Alert) for e in watch.events)
    assert monitor.state("BalkanBet") is Lifecycle.PAUSED and monitor.restarts("BalkanBet") == 0


def test_restarts_wait_only_when_deaths_follow_starts_closely() -> None:
    # A worker killed after a steady run comes back at once (each of the fault-injection test's
    # kills); one that dies again and again right after starting waits longer each time.
    assert [restart_delay(n) for n in range(6)] == [0.0, 0.0, 1.0, 2.0, 4.0, 8.0]
