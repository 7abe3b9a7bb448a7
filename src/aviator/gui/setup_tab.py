"""The control panel's Setup tab: the region editor on a screenshot of the screen (taken again on
demand), the live crops of each region as the workers see them, and calibration on the live
screen: `aviator calibrate` as a child process (the UI never waits for it), its setup loaded into
the editor to be checked and saved there."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from PySide6.QtCore import QProcess, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from aviator.config.loader import ConfigError, load_setup
from aviator.config.setup import Setup
from aviator.gui.region_editor import RegionEditor
from aviator.gui.region_visualizer import Grab, Read, RegionVisualizer

CALIBRATE = (sys.executable, "-m", "aviator", "calibrate")  # `--out FILE --watch N` are added
NO_SETUP = (
    "No setup yet: open every bookmaker's game in a window of its own, side by side, and press "
    "“Calibrate on the live screen” (or write one with `aviator config example`)."
)
WATCH_HELP = (
    "0: one screenshot, for the simulator's own windows (aviator sim) only; real sites need watching "
    "through two rounds (up to 120 s), and then their fonts are learnt too"
)


class SetupTab(QWidget):
    """The setup of `setup_path` (or `setup`, already loaded) to edit and to watch live. `screenshot`
    grabs the whole screen (RGB), `grab` one rectangle of it, `read` reads a region's crop
    (see RegionVisualizer); `calibrate_command` is `aviator calibrate`'s."""

    saved = Signal(Path)  # the editor wrote the setup file
    calibrated = Signal(str)  # a calibration ended: '' once its setup is in the editor, else why not

    def __init__(
        self,
        setup_path: Path | None,
        setup: Setup | None,
        screenshot: Callable[[], np.ndarray],
        grab: Grab,
        read: Read | None = None,
        calibrate_command: Sequence[str] = CALIBRATE,
    ) -> None:
        super().__init__()
        self.path, self.take, self.grab_rect, self.read = setup_path, screenshot, grab, read
        self.command = calibrate_command
        self.editor: RegionEditor | None = None
        self.visualizer: RegionVisualizer | None = None
        self.folder = tempfile.TemporaryDirectory(prefix="aviator-calibration-")  # removed with the tab
        self.process = QProcess(self)
        self.process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        self.process.readyReadStandardOutput.connect(self._output)
        self.process.finished.connect(self._finished)
        self.process.errorOccurred.connect(self._not_started)
        self._make_widgets()
        setup = setup or self._opened()
        if setup is None:
            self.tabs.addTab(_note(NO_SETUP), "Regions")
        else:
            self.show_setup(setup)

    def _make_widgets(self) -> None:
        self.screenshot_button = QPushButton("Take screenshot")
        self.screenshot_button.clicked.connect(self.take_screenshot)
        self.calibrate_button = QPushButton("Calibrate on the live screen")
        self.calibrate_button.clicked.connect(self.calibrate)
        self.watch = QSpinBox()
        self.watch.setRange(0, 600)
        self.watch.setSuffix(" s")
        self.watch.setToolTip(WATCH_HELP)
        self.status, self.output, self.tabs = _note(""), QPlainTextEdit(), QTabWidget()
        self.output.setReadOnly(True)
        self.output.setMaximumHeight(140)
        self.output.setVisible(False)  # shown once a calibration runs: what it found, and what not
        line = QHBoxLayout()
        for widget in (self.screenshot_button, self.calibrate_button, QLabel("watching"), self.watch):
            line.addWidget(widget)
        line.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(line)
        layout.addWidget(self.status)
        layout.addWidget(self.output)
        layout.addWidget(self.tabs, 1)

    def _opened(self) -> Setup | None:
        if self.path is None or not self.path.is_file():
            return None
        try:
            return load_setup(self.path)
        except ConfigError as error:
            self.status.setText(f"the setup could not be opened: calibrate, or correct the file:\n{error}")
            return None

    def show_setup(self, setup: Setup) -> None:
        """Edits and shows `setup` from now on (opened, or calibrated); edits not saved are dropped."""
        if self.editor is None or self.visualizer is None:
            self.editor = RegionEditor(setup, self._screenshot(), self.path)
            self.editor.saved.connect(self._saved)
            self.visualizer = RegionVisualizer(self.grab_rect, setup, self.read)
            while self.tabs.count():  # the note saying there was no setup
                self.tabs.widget(0).deleteLater()
                self.tabs.removeTab(0)
            self.tabs.addTab(self.editor, "Regions")
            self.tabs.addTab(self.visualizer, "Live crops")
            return
        self.editor.set_screenshot(self._screenshot())
        self.editor.load(setup)
        self.visualizer.set_setup(setup)

    def _screenshot(self) -> np.ndarray | None:
        try:
            return self.take()
        except Exception as error:  # told, not raised: the editor works without one
            self.status.setText(f"could not take a screenshot: {error!r}")
            return None

    def take_screenshot(self) -> None:
        """Shows the screen as it is now under the regions."""
        image = self._screenshot()
        if image is not None and self.editor is not None:
            self.editor.set_screenshot(image)
            self.status.setText(f"screenshot taken ({image.shape[1]}x{image.shape[0]})")

    def _saved(self, path: Path) -> None:
        if self.editor is not None and self.visualizer is not None:
            self.path = path
            self.visualizer.set_setup(self.editor.setup)  # the workers' regions once they restart
        self.saved.emit(path)

    def calibration_file(self) -> Path:
        return Path(self.folder.name) / "calibrated.yaml"

    def calibrate(self) -> None:
        """Starts `aviator calibrate` on the live screen; its output shows as it comes."""
        self.calibration_file().unlink(missing_ok=True)  # a failed run must not load the last one's
        args = [*self.command[1:], "--out", str(self.calibration_file()), "--watch", str(self.watch.value())]
        display = self.editor.setup.display if self.editor is not None else None
        args += ["--display", display] if display else []
        self.output.clear()
        self.output.setVisible(True)
        self.calibrate_button.setEnabled(False)
        self.status.setText("calibrating: keep every game in view, and place no bet…")
        self.process.start(self.command[0], args)

    def _output(self) -> None:
        text = self.process.readAllStandardOutput().data().decode(errors="replace")
        if text:
            self.output.appendPlainText(text.rstrip("\n"))

    def _finished(self, code: int, status: QProcess.ExitStatus) -> None:
        self._output()  # whatever it printed last
        self.calibrate_button.setEnabled(True)
        if status != QProcess.ExitStatus.NormalExit or code != 0 or not self.calibration_file().is_file():
            self._calibrated(f"calibration failed (exit {code}): its output above says why")
            return
        try:
            setup = load_setup(self.calibration_file())
        except ConfigError as error:
            self._calibrated(f"calibration wrote a setup that does not hold:\n{error}")
            return
        self.show_setup(setup)
        where = self.path or "a file you choose"
        games = len(setup.bookmakers)
        self.status.setText(f"calibrated {games} games: check their regions, then Save (to {where})")
        self.calibrated.emit("")

    def _not_started(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:  # no `finished` follows
            self.calibrate_button.setEnabled(True)
            self._calibrated(f"calibration could not start: {self.process.errorString()}")

    def _calibrated(self, problem: str) -> None:
        self.status.setText(problem)
        self.calibrated.emit(problem)


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label
