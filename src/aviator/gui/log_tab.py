"""The log view: the collector's log lines (its workers' notes among them), filtered by level."""

from __future__ import annotations

import logging
from collections import deque

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from aviator.gui.bridge import LogBridge

LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}
KEEP = 5000  # lines kept in the view


class LogTab(QWidget):
    """Every record at or above the chosen level, as it comes; earlier ones too when the level drops."""

    def __init__(self, logs: LogBridge) -> None:
        super().__init__()
        self.lines: deque[tuple[int, str]] = deque(maxlen=KEEP)
        self.level = QComboBox()
        self.level.addItems(list(LEVELS))
        self.level.setCurrentText("info")
        self.level.currentTextChanged.connect(lambda _: self._redraw())
        self.view = QPlainTextEdit()
        self.view.setReadOnly(True)
        self.view.setMaximumBlockCount(KEEP)
        top = QHBoxLayout()
        top.addWidget(QLabel("level"))
        top.addWidget(self.level)
        top.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view)
        logs.record.connect(self.add)

    def add(self, level: int, line: str) -> None:
        self.lines.append((level, line))
        if level >= LEVELS[self.level.currentText()]:
            self.view.appendPlainText(line)

    def _redraw(self) -> None:
        wanted = LEVELS[self.level.currentText()]
        self.view.setPlainText("\n".join(line for level, line in self.lines if level >= wanted))
