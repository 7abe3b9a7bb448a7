"""The tools tab's skin learning: templates for a site's font never seen before, learnt from a folder
of its multiplier crops (or frames, a known interval apart) by `aviator ocr learn --progress` in a
process of its own, its progress lines feeding a progress bar; the UI never waits for it."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QProcess
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

# Not settings.LEARNED_TEMPLATES (storage/templates): the workers keep there the fonts they teach
# themselves, one file per bookmaker, and would take a file of this skin's name for a bookmaker's. A
# skin learnt here is a file of its own that the user names in the setup (a bookmaker's `templates:`).
SKINS = Path("storage/skins")
PROGRESS = re.compile(r"progress (\d+)/(\d+)")


class LearnSkin(QWidget):
    """Learns a new skin's templates from a folder of multiplier crops or frames, showing the
    learner's progress, then what it learnt and where it wrote it (or why it could not)."""

    def __init__(self, out: Path = SKINS, choose_folder: Callable[[], str] | None = None) -> None:
        super().__init__()
        self.out, self.choose_folder = out.resolve(), choose_folder or self._dialog
        self.folder: Path | None = None
        self.lines: list[str] = []
        self._partial = ""  # a line the pipe delivered only part of so far
        self.choose_button, self.folder_label = QPushButton("Learn a skin…"), QLabel("no folder chosen")
        self.skin, self.interval = QLineEdit(), QDoubleSpinBox()
        self.skin.setPlaceholderText("skin name (the folder's)")
        self.interval.setRange(0.0, 60.0)
        self.interval.setSingleStep(0.1)
        self.interval.setSpecialValueText("crops, not timed frames")  # shown at 0: no --interval
        self.learn_button, self.bar, self.output = QPushButton("Learn"), QProgressBar(), QLabel("")
        self.learn_button.setEnabled(False)  # until a folder is chosen
        self.choose_button.clicked.connect(self.choose)
        self.learn_button.clicked.connect(self.learn)
        self.process = QProcess(self)
        self.process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)  # errors too
        self.process.readyReadStandardOutput.connect(self._read)
        self.process.finished.connect(self._finished)
        self.process.errorOccurred.connect(self._failed)
        self._lay_out()

    def _lay_out(self) -> None:
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        for widget in (self.choose_button, self.folder_label, QLabel("skin:"), self.skin):
            controls.addWidget(widget)
        for widget in (QLabel("seconds between frames:"), self.interval, self.learn_button):
            controls.addWidget(widget)
        controls.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        note = f"templates are written to {self.out}/<skin>.npz: name that file as a bookmaker's `templates:`"
        for widget in (self.bar, self.output, QLabel(f"{note} in the setup")):
            layout.addWidget(widget)

    def _dialog(self) -> str:
        return QFileDialog.getExistingDirectory(self, "A folder of multiplier crops or frames")

    def choose(self) -> None:
        chosen = self.choose_folder()
        if chosen:
            self.folder = Path(chosen)
            self.folder_label.setText(str(self.folder))
            self.skin.setText(self.folder.name)  # the default name; the user may change it
            self.learn_button.setEnabled(self.process.state() == QProcess.ProcessState.NotRunning)

    def arguments(self) -> list[str]:
        """`python -m aviator ocr learn` on the chosen folder, for the process."""
        skin = self.skin.text().strip() or (self.folder.name if self.folder else "")
        arguments = ["-m", "aviator", "ocr", "learn", str(self.folder), "--out", str(self.out)]
        arguments += ["--skin", skin, "--progress"]
        if self.interval.value() > 0:
            arguments += ["--interval", str(self.interval.value())]
        return arguments

    def learn(self) -> None:
        if self.folder is None:
            return
        self.learn_button.setEnabled(False)
        self.lines, self._partial = [], ""
        self.bar.reset()
        self.output.setText(f"learning from {self.folder}…")
        self.process.start(sys.executable, self.arguments())

    def _read(self) -> None:
        text = self._partial + bytes(self.process.readAllStandardOutput().data()).decode(errors="replace")
        *complete, self._partial = text.split("\n")
        for line in complete:
            self._take(line.strip())

    def _take(self, line: str) -> None:
        """A progress line moves the bar; any other (the learner's report, the result, an error) is shown."""
        if progress := PROGRESS.fullmatch(line):
            self.bar.setMaximum(int(progress[2]))
            self.bar.setValue(int(progress[1]))
        elif line:
            self.lines.append(line)
            self.output.setText("\n".join(self.lines))

    def _finished(self, code: int, status: QProcess.ExitStatus) -> None:
        self._read()
        self._take(self._partial.strip())
        self._partial = ""
        if code != 0 or status != QProcess.ExitStatus.NormalExit:
            self.output.setText("\n".join([f"learning failed (exit code {code}):", *self.lines]))
        self.learn_button.setEnabled(self.folder is not None)

    def _failed(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:  # no `finished` follows: nothing ran
            self.output.setText(f"could not start {sys.executable}: {self.process.errorString()}")
            self.learn_button.setEnabled(True)
