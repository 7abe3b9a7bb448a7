"""MainWindow: the control panel's tabs around one collector. Closing it stops the collector as
Ctrl-C does (the simulator, the workers' last looks, every record written), off the UI thread."""

from __future__ import annotations

import threading

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget

from aviator.config.collector_settings import CollectorSettings
from aviator.config.layouts import Rect
from aviator.gui.betting_tab import BettingTab
from aviator.gui.bookmakers_tab import BookmakersTab
from aviator.gui.bridge import LogBridge, QtBridge
from aviator.gui.host import Host
from aviator.gui.log_tab import LogTab
from aviator.gui.settings_tab import SettingsTab, share_settings
from aviator.gui.setup_tab import SetupTab
from aviator.gui.statistics_tab import StatisticsTab
from aviator.gui.tools_tab import ToolsTab


class MainWindow(QMainWindow):
    """The tabs: bookmakers, statistics, setup, betting, tools, settings, log; the status bar shows the
    last alert."""

    stopped = Signal()  # the collector has stopped and written everything
    host_started = Signal(str)  # '' once the workers look, else why they could not start

    def __init__(self, host: Host, logs: LogBridge) -> None:
        super().__init__()
        self.host, self.log_bridge, self.closing, self.done = host, logs, False, False
        self.bridge = QtBridge(host.app.bus)
        self.setWindowTitle("aviator — control panel (paper mode by default)")
        self.tabs = QTabWidget()
        self.bookmakers = BookmakersTab(host.app, self.bridge)
        self.betting = BettingTab(host.app.betting, self.bridge)
        self.statistics = StatisticsTab(host.db)
        self.setup_tab = self._setup_tab(host)
        self.tools = ToolsTab(host.app.state, self.bridge, db=host.db)
        self.settings = SettingsTab(
            host.setup.run_settings if host.setup else CollectorSettings(), host.setup_path
        )
        share_settings(self.settings, self.setup_tab)
        self.log = LogTab(logs)
        tabs = (
            (self.bookmakers, "Bookmakers"),
            (self.statistics, "Statistics"),
            (self.setup_tab, "Setup"),
            (self.betting, "Betting"),
            (self.tools, "Tools"),
            (self.settings, "Settings"),
            (self.log, "Log"),
        )
        for widget, name in tabs:
            self.tabs.addTab(widget, name)
        self.setCentralWidget(self.tabs)
        self.alert = QLabel("starting the collector…")
        self.statusBar().addWidget(self.alert)
        self.bridge.alert.connect(lambda source, message: self.alert.setText(f"alert {source}: {message}"))
        self.host_started.connect(self._on_started)
        self.stopped.connect(self._on_stopped)

    @staticmethod
    def _setup_tab(host: Host) -> SetupTab:
        """The setup's editor and live crops, on the screen the workers read."""
        grab = host.screen()
        width, height = host.screen_size()
        tab = SetupTab(host.setup_path, host.setup, lambda: grab(Rect(0, 0, width, height)), grab)
        if host.setup_path is None:  # the demo: its games are in shared memory, not on a display
            tab.calibrate_button.setEnabled(False)
            tab.calibrate_button.setToolTip("the demo's games are not on a display: calibrate with --config")
        return tab

    def start(self) -> None:
        self.host.start(lambda: self.host_started.emit(self.host.error or ""))

    def _on_started(self, error: str) -> None:
        self.alert.setText(f"the collector could not start: {error}" if error else "recording")

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.done:
            event.accept()
            return
        event.ignore()  # closes once everything recorded is written
        if not self.closing:
            self.closing = True
            self.alert.setText("stopping: the workers take their last looks and every record is written…")
            threading.Thread(target=self._stop, name="gui-stop", daemon=True).start()

    def _stop(self) -> None:
        self.host.stop()
        self.stopped.emit()

    def _on_stopped(self) -> None:
        self.done = True
        self.close()
