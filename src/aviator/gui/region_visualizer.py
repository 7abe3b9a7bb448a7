"""The region visualizer: one bookmaker's regions as the workers see them, each region's live crop
of the screen at its own size (refreshed twice a second while shown: grabbing a few small crops
takes well under a millisecond), with what the reader read from it."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from aviator.config.layouts import Rect
from aviator.config.setup import Setup
from aviator.gui.region_editor import ErrorLabel, pixmap_of

REFRESH_MS = 500
Grab = Callable[[Rect], np.ndarray]  # a screen rectangle's pixels, RGB
Read = Callable[[str, np.ndarray], str]  # a region's name and crop -> what was read ('' : nothing)


class CropGrid(QWidget):
    """A row per region: its name and screen rectangle, its crop, and what was read from it."""

    def __init__(self, regions: dict[str, Rect]) -> None:
        super().__init__()
        self.regions = regions
        self.images: dict[str, QLabel] = {}
        self.readings: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        for row, (name, rect) in enumerate(regions.items()):
            where = f"{name}\n{rect.left},{rect.top} {rect.width}x{rect.height}"
            self.images[name], self.readings[name] = QLabel(), QLabel()
            self.readings[name].setStyleSheet("font-size: 16px; font-weight: bold")
            grid.addWidget(QLabel(where), row, 0)
            grid.addWidget(self.images[name], row, 1)
            grid.addWidget(self.readings[name], row, 2)
        grid.setColumnStretch(3, 1)

    def show_crop(self, name: str, crop: np.ndarray, reading: str) -> None:
        self.images[name].setPixmap(pixmap_of(crop))
        self.readings[name].setText(reading)


class RegionVisualizer(QWidget):
    """The chosen bookmaker's regions grabbed live by `grab`, and read by `read` when given (it
    says what it read of each region, '' for a region it does not read)."""

    def __init__(self, grab: Grab, setup: Setup, read: Read | None = None) -> None:
        super().__init__()
        self.grab_rect, self.read = grab, read
        self.chooser = QComboBox()
        self.chooser.currentIndexChanged.connect(lambda index: self.choose(index) if index >= 0 else None)
        self.problem = ErrorLabel()
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.chooser)
        layout.addWidget(self.problem)
        layout.addWidget(self.scroll)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.set_setup(setup)

    def set_setup(self, setup: Setup) -> None:
        """Shows the regions of `setup` (saved by the editor, or calibrated) from now on, of the
        bookmaker shown so far if it still has one at that place."""
        self.setup, shown = setup, max(0, self.chooser.currentIndex())
        self.chooser.blockSignals(True)
        self.chooser.clear()
        self.chooser.addItems([entry.name for entry in setup.bookmakers])
        self.chooser.blockSignals(False)
        self.choose(min(shown, len(setup.bookmakers) - 1))

    def choose(self, index: int) -> None:
        """Shows bookmaker `index`'s regions."""
        self.chooser.blockSignals(True)
        self.chooser.setCurrentIndex(index)
        self.chooser.blockSignals(False)
        entry = self.setup.bookmakers[index]
        has_regions = (entry.regions or self.setup.regions) is not None  # else Setup.problems names it
        self.grid = CropGrid(self.setup.game_regions(entry).named() if has_regions else {})
        self.scroll.setWidget(self.grid)  # the scroll area deletes the grid it showed before
        self.refresh()

    def refresh(self) -> None:
        """Grabs and reads every region of the chosen bookmaker once; a failure is shown, not raised
        (the display may be gone for a moment; the next refresh tries again)."""
        try:
            for name, rect in self.grid.regions.items():
                crop = self.grab_rect(rect)
                self.grid.show_crop(name, crop, self.read(name, crop) if self.read else "")
        except Exception as error:  # shown to the user: a timer's slot has no caller to raise to
            self.problem.show_problems([f"could not grab or read the screen: {error!r}"])
            return
        self.problem.show_problems([])

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.timer.start()  # only while shown: a hidden tab grabs nothing

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.timer.stop()
