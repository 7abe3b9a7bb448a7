"""One run of bench_gui, in a process of its own: the demo's collector with six simulated
bookmakers, headless or in the control panel, measured from inside for --seconds."""

from __future__ import annotations

import time

STARTED = time.monotonic()  # before the imports: the window's start-up includes them

import argparse  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

import psutil  # noqa: E402

from aviator.gui.host import DemoHost  # noqa: E402
from aviator.orchestration.demo import DemoOptions  # noqa: E402

TICK_MS = 10


def cpu_seconds() -> float:
    times = psutil.Process().cpu_times()
    return times.user + times.system


def headless(host: DemoHost, seconds: float) -> dict:
    host.start()
    host.started.wait()
    before, started = cpu_seconds(), time.monotonic()
    time.sleep(seconds)  # the collector works on its own threads meanwhile
    return {"cpu_percent": 100 * (cpu_seconds() - before) / (time.monotonic() - started)}


def with_window(host: DemoHost, seconds: float) -> dict:
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from aviator.gui.bridge import LogBridge
    from aviator.gui.main_window import MainWindow

    qt = QApplication.instance() or QApplication(["bench"])
    window = MainWindow(host, LogBridge())
    window.resize(1400, 900)
    window.show()
    qt.processEvents()
    up = time.monotonic() - STARTED
    window.start()
    while not host.started.is_set():
        qt.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    ticks: list[float] = []
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    before, started = cpu_seconds(), time.monotonic()
    timer.start(TICK_MS)
    QTimer.singleShot(int(seconds * 1000), qt.quit)
    qt.exec()
    cpu = 100 * (cpu_seconds() - before) / (time.monotonic() - started)
    late = sorted(max(0.0, (b - a) * 1000 - TICK_MS) for a, b in itertools.pairwise(ticks))
    return {"cpu_percent": cpu, "window_up_seconds": up, "ticks": len(ticks), "late_ms": late}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("headless", "gui"))
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--bookmakers", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        options = DemoOptions(
            bookmakers=args.bookmakers, db=Path(folder) / "run.db", truth=Path(folder) / "t.jsonl"
        )
        host = DemoHost(options)
        result = (headless if args.mode == "headless" else with_window)(host, args.seconds)
        host.stop()
        host.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
