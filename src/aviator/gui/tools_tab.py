"""The tools tab: the seed's diagnostic (each worker's CPU, memory, looks and rejected readings; the
hub's backlog, each writer's backlog and failures, the database's health, from the HealthMonitor),
a quick OCR test of an image file, read off the UI thread, a new skin's templates learnt from a folder of
its crops (LearnSkin: `aviator ocr learn`), and the phase classifier trained on the colour samples the
workers recorded (`aviator train phase`); both learners run as processes of their own."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image
from PySide6.QtCore import QObject, QProcess, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aviator.core.communication.shared_state import SharedGameState
from aviator.core.ocr.kinds import KINDS, reader_for
from aviator.gui.bridge import QtBridge
from aviator.gui.learn_skin import LearnSkin
from aviator.orchestration.health_monitor import SystemHealth

REFRESH_MS = 1000
PHASE_MODEL = Path("storage/phase_classifier.npz")
WORKER_COLUMNS = ("bookmaker", "worker", "CPU %", "MB", "looks", "rejected")
WRITER_COLUMNS = ("table", "backlog", "written", "failures", "spilled", "rejected")


class _Result(QObject):
    """Carries an OCR test's answer from its thread to the UI thread."""

    done = Signal(str)


def table(columns: tuple[str, ...]) -> QTableWidget:
    widget = QTableWidget(0, len(columns))
    widget.setHorizontalHeaderLabels(list(columns))
    widget.verticalHeader().setVisible(False)
    return widget


def fill(widget: QTableWidget, rows: list[tuple[object, ...]]) -> None:
    widget.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            widget.setItem(r, c, QTableWidgetItem("-" if value is None else str(value)))


class ToolsTab(QWidget):
    """Diagnostics of every process of the collector, and an OCR test on a file."""

    def __init__(
        self,
        state: SharedGameState,
        bridge: QtBridge,
        choose_file: Callable[[], str] | None = None,
        db: str | Path | None = None,
        model: Path = PHASE_MODEL,
    ) -> None:
        super().__init__()
        self.training, self.skin_learning = PhaseTraining(db, model), LearnSkin()
        self.state, self.choose_file = state, choose_file or self._dialog
        self.workers, self.writers = table(WORKER_COLUMNS), table(WRITER_COLUMNS)
        self.system = QLabel("hub and database: waiting for the first health check")
        self.kind = QComboBox()
        self.kind.addItems(list(KINDS))
        self.read_button, self.reading = QPushButton("Read an image…"), QLabel("")
        self.read_button.clicked.connect(self.read_file)
        self._result = _Result()
        self._result.done.connect(self.reading.setText)
        self._lay_out()
        bridge.system_health.connect(self.show_health)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.timer.start(REFRESH_MS)
        self.refresh()

    def _lay_out(self) -> None:
        ocr = QHBoxLayout()
        for widget in (QLabel("OCR test:"), self.kind, self.read_button, self.reading):
            ocr.addWidget(widget)
        ocr.addStretch()
        layout = QVBoxLayout(self)
        for widget in (QLabel("workers"), self.workers, self.system, QLabel("writers"), self.writers):
            layout.addWidget(widget)
        layout.addLayout(ocr)
        layout.addWidget(self.skin_learning)
        layout.addWidget(self.training)

    def refresh(self) -> None:
        rows = [
            (s.bookmaker, s.state, _round(s.cpu_percent), _round(s.rss_mb), s.looks, s.rejected)
            for s in self.state.snapshot()
        ]
        fill(self.workers, rows)

    def show_health(self, health: SystemHealth) -> None:
        reachable = "reachable" if health.database_reachable else "NOT REACHABLE: records wait in memory"
        self.system.setText(f"hub backlog {health.queue_depth:,} bytes; database {reachable}")
        fill(
            self.writers,
            [(w.table, w.backlog, w.written, w.failures, w.spilled, w.rejected) for w in health.writers],
        )

    def _dialog(self) -> str:
        return QFileDialog.getOpenFileName(self, "An image to read", "", "Images (*.png *.jpg *.jpeg *.bmp)")[
            0
        ]

    def read_file(self) -> None:
        path = self.choose_file()
        if path:
            self.reading.setText(f"reading {Path(path).name}…")
            kind = self.kind.currentText()
            threading.Thread(target=self._read, args=(Path(path), kind), daemon=True).start()

    def _read(self, path: Path, kind: str) -> None:
        """Off the UI thread: Tesseract may take a while on a large screenshot."""
        try:
            image = np.asarray(Image.open(path).convert("RGB"))
        except (OSError, ValueError) as error:
            self._result.done.emit(f"cannot read {path.name}: {error}")
            return
        result = reader_for(kind)(image)
        outcome = result.get("rejected") or f"= {result['value']}"
        self._result.done.emit(
            f"{path.name}: {result['text']!r} {outcome} ({result['engine']}, {result['ms']:.1f} ms)"
        )


class PhaseTraining(QWidget):
    """Trains the K-means phase classifier on the database's colour samples, in a process of its
    own (`aviator train phase --db`), showing its output as it comes."""

    def __init__(self, db: str | Path | None, model: Path) -> None:
        super().__init__()
        self.db, self.model, self.lines = db, model, []
        self.button, self.output = QPushButton("Train the phase classifier"), QLabel("")
        self.button.setEnabled(db is not None)
        self.button.clicked.connect(self.train)
        self.process = QProcess(self)
        self.process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        self.process.readyReadStandardOutput.connect(self._read)
        self.process.finished.connect(lambda *_: self.button.setEnabled(True))
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        for widget in (self.button, self.output):
            line.addWidget(widget)
        line.addStretch()

    def train(self) -> None:
        self.button.setEnabled(False)
        self.lines = []
        self.output.setText(f"training on the colour samples of {self.db}…")
        arguments = ["-m", "aviator", "train", "phase", "--db", str(self.db), "--out", str(self.model)]
        self.process.start(sys.executable, arguments)

    def _read(self) -> None:
        text = bytes(self.process.readAllStandardOutput().data()).decode(errors="replace")
        self.lines += [line for line in text.splitlines() if line.strip()]
        self.output.setText("\n".join(self.lines))


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
