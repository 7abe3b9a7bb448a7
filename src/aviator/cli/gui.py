"""`aviator gui --demo`: the control panel, a PySide6 window hosting the demo's collector."""

from __future__ import annotations

import argparse
import logging
import signal
import sys

from aviator.cli.arguments import add_verbose
from aviator.cli.betting_arguments import add_strategy_arguments
from aviator.cli.demo import add_demo_arguments, demo_options, report


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "gui",
        help="the control panel: a window with the bookmakers, betting and the log",
        description="A PySide6 window hosting the collector: every bookmaker's phase, multiplier, "
        "worker and last crashes, pause and resume, paper betting with its kill switch, the log. "
        "Closing it stops the collector as Ctrl-C does: every round recorded is written.",
    )
    parser.add_argument(
        "--demo", action="store_true", required=True, help="simulated bookmakers (the demo's options below)"
    )
    add_demo_arguments(parser)
    add_strategy_arguments(parser)
    add_verbose(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from aviator.gui.bridge import LogBridge
    from aviator.gui.host import DemoHost
    from aviator.gui.main_window import MainWindow

    options = demo_options(args)
    qt = QApplication.instance() or QApplication(sys.argv[:1])
    logs = LogBridge()
    logging.getLogger().addHandler(logs)
    host = DemoHost(options)
    window = MainWindow(host, logs)
    window.resize(1400, 900)
    window.show()
    window.start()
    for stop in (signal.SIGINT, signal.SIGTERM):  # as closing the window: nothing recorded is lost
        signal.signal(stop, lambda *_: window.close())
    awake = QTimer()
    awake.start(200)  # Python runs its signal handlers between Qt's events only
    qt.exec()
    logging.getLogger().removeHandler(logs)
    try:
        failed = report(host.demo, options)
    finally:
        host.close()
    return failed or (1 if host.error else 0)
