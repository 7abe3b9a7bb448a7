"""The last crashes as the game's own history strip shows them: coloured bubbles, newest first."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

BUBBLE_W, BUBBLE_H, GAP = 46, 18, 3


def bubble_colour(crash: float) -> QColor:
    """The real game's colours: below 2x, 2x to 10x, from 10x."""
    if crash < 2.0:
        return QColor("#34b4ff")
    return QColor("#913ef8") if crash < 10.0 else QColor("#c017b4")


class CrashBubbles(QWidget):
    """Paints `crashes` (oldest first) newest on the left, as many as fit."""

    def __init__(self) -> None:
        super().__init__()
        self.crashes: list[float] = []
        self.setMinimumHeight(BUBBLE_H + 4)

    def show_crashes(self, crashes: list[float]) -> None:
        if crashes != self.crashes:
            self.crashes = list(crashes)
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(10 * (BUBBLE_W + GAP), BUBBLE_H + 4)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        x = 0.0
        for crash in reversed(self.crashes):
            if x + BUBBLE_W > self.width():
                break
            rect = QRectF(x, 2, BUBBLE_W, BUBBLE_H)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(bubble_colour(crash))
            painter.drawRoundedRect(rect, 8, 8)
            painter.setPen(QColor("white"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"{crash:.2f}x")
            x += BUBBLE_W + GAP
        painter.end()
