"""Fields the setup editors share: a label for the problems of the field beside it, and a spin box
of whole pixels."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSpinBox

MAX_PIXELS = 100_000  # a typed box or offset may leave the game or screen: Save names it, the field does not


class ErrorLabel(QLabel):
    """The problems of the field beside it, in red; hidden while there are none."""

    def __init__(self) -> None:
        super().__init__()
        self.setStyleSheet("color: #d33")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setVisible(False)

    def show_problems(self, reasons: list[str]) -> None:
        self.setText("\n".join(reasons))
        self.setVisible(bool(reasons))


def pixel_spin(value: int, least: int) -> QSpinBox:
    """A spin box of whole pixels from `least`, showing `value`."""
    spin = QSpinBox()
    spin.setRange(least, MAX_PIXELS)
    spin.setValue(value)
    return spin
