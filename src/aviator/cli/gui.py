"""`aviator gui --demo | --config FILE`: the control panel, a PySide6 window hosting the collector."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from aviator.cli.arguments import add_verbose
from aviator.cli.betting_arguments import add_strategy_arguments
from aviator.cli.commands import HELP
from aviator.cli.demo import add_demo_arguments, demo_options, report
from aviator.cli.output import print_alert, print_bet_steps, print_failures, print_round
from aviator.cli.preflight import require_display, require_postgres
from aviator.cli.remote import Remote, add_remote_arguments
from aviator.config.layouts import Rect
from aviator.core.communication.event_bus import EventBus
from aviator.core.communication.messages import RecordedBatch, RoundRecorded
from aviator.orchestration.health_monitor import Alert

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from aviator.core.communication.clock import ScaledClock
    from aviator.gui.host import Host

CLOCK_WAIT = 600.0  # seconds the workers wait for a simulator to publish its clock


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "gui",
        help=HELP["gui"],
        description="A PySide6 window hosting the collector: every bookmaker's phase, multiplier, "
        "worker and last crashes, pause and resume, statistics, the region editor, betting with its "
        "kill switch, diagnostics and skin learning, settings, the log. Closing it stops the collector "
        "as Ctrl-C does: every round recorded is written.",
    )
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--demo", action="store_true", help="simulated bookmakers (the demo's options)")
    what.add_argument(
        "--config", type=Path, metavar="FILE", help="the bookmakers of a setup file, on the display"
    )
    add_demo_arguments(parser)
    add_strategy_arguments(parser)
    parser.add_argument("--live", action="store_true", help="with --config: as `aviator run --live`")
    parser.add_argument(
        "--sim-clock",
        type=Path,
        metavar="FILE",
        help="with --config: simulated games' time axis (aviator sim)",
    )
    # --db: storage/demo.db with --demo; with --config the setup's `settings: database:` (storage/aviator.db)
    parser.set_defaults(db=None, handler=run)
    add_remote_arguments(parser, node_default="the setup's `node:`, else the host name")
    add_verbose(parser)


def run(args: argparse.Namespace) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from aviator.gui.bridge import LogBridge
    from aviator.gui.main_window import MainWindow

    if "QT_QPA_PLATFORM" not in os.environ:  # Qt aborts the process without a display: say so first
        require_display()
    host, after, games = _host(args)
    if not sys.stdout.isatty():  # a line per round, bet step and alert, for a pipe or a log file
        follow_in_lines(host.app.bus)
    remote = _serve(args, host)
    qt = QApplication.instance() or QApplication(sys.argv[:1])
    logs = LogBridge()
    logging.getLogger().addHandler(logs)
    window = MainWindow(host, logs)
    _show_beside(window, games)
    window.start()
    for stop in (signal.SIGINT, signal.SIGTERM):  # as closing the window: nothing recorded is lost
        signal.signal(stop, lambda *_: window.close())
    awake = QTimer()
    awake.start(200)  # Python runs its signal handlers between Qt's events only
    qt.exec()
    logging.getLogger().removeHandler(logs)
    try:
        failed = after()
    finally:
        host.close()
        remote.close()
    return failed or (1 if host.error else 0)


def _serve(args: argparse.Namespace, host: Host) -> Remote:
    """The MQTT bridge and the API, if asked for, before the collector starts (it sees every event)."""
    remote = Remote()
    try:
        remote.start(args, host.app, host.db, host.setup.node if host.setup else None)
    except BaseException:
        remote.close()
        host.close()
        raise
    return remote


def _host(args: argparse.Namespace) -> tuple[Host, Callable[[], int], list[Rect]]:
    """The collector to host, and what to print once the window closed (returns an exit code)."""
    from aviator.gui.host import DemoHost

    if args.demo:
        args.db = args.db or "storage/demo.db"
        host = DemoHost(demo_options(args))
        return host, lambda: report(host.demo, host.options), []  # its games are not on the display
    return _setup_host(args)


def _setup_host(args: argparse.Namespace) -> tuple[Host, Callable[[], int], list[Rect]]:
    from aviator.cli.run import _betting_mode, _setup
    from aviator.core.communication.clock import ScaledClock
    from aviator.gui.host import SetupHost, SetupRun

    setup = _setup(args.config)
    args.db = args.db or setup.run_settings.database
    require_postgres(args.db)
    mode = _betting_mode(setup, args.live)
    clock = (lambda: sim_clock(args.sim_clock)) if args.sim_clock else ScaledClock
    host = SetupHost(
        SetupRun(
            setup,
            args.db,
            args.speed,
            mode,
            args.betting_state,
            clock=clock,
            path=args.config,
            node=args.node,
            ready=lambda: print("workers ready", flush=True),  # the sync point of a script or a test
        )
    )
    games = [setup.game_rect(entry) for entry in setup.bookmakers]
    return host, lambda: print_failures(host.app.failures, alerted=True), games


def sim_clock(path: Path) -> ScaledClock:
    """The simulator's time axis, once it has published it (it does when its games start)."""
    from aviator.core.communication.clock import ScaledClock

    deadline = time.monotonic() + CLOCK_WAIT
    while not path.is_file():
        if time.monotonic() > deadline:
            raise TimeoutError(f"no simulator clock at {path} after {CLOCK_WAIT:.0f} s")
        time.sleep(0.1)  # the simulator writes it when its games start
    return ScaledClock.load(path)


def _show_beside(window: QWidget, games: list[Rect]) -> None:
    """Shows the window where it covers no game (the workers read their pixels), else minimized."""
    from PySide6.QtGui import QGuiApplication

    from aviator.gui.placement import free_band

    desktop = QGuiApplication.primaryScreen().virtualGeometry()
    screen = Rect(desktop.x(), desktop.y(), desktop.width(), desktop.height())
    band = free_band(screen, games) if games else Rect(0, 0, 1400, 900)
    if band is None:
        print("the panel would cover the games it watches: it starts minimized; open it on another screen")
        window.showMinimized()
        return
    window.setGeometry(band.left, band.top, band.width, band.height)
    window.show()


def follow_in_lines(bus: EventBus) -> None:
    bus.subscribe(RoundRecorded, print_round)
    bus.subscribe(RecordedBatch, print_bet_steps)
    bus.subscribe(Alert, print_alert)
