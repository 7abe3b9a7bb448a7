"""The region visualizer against a fake screen whose every grab is a fresh random crop: what it
shows is the last crop of each region, pixel for pixel, and what the reader said of it."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage, QPixmap
from pytestqt.qtbot import QtBot

from aviator.config.layouts import Rect
from aviator.core.capture.regions import GameRegions
from aviator.gui.region_visualizer import RegionVisualizer
from tests.gui.test_region_editor import a_setup

MOZZART_GAME = Rect(652, 40, 616, 496)


class FakeScreen:
    """Every grab a new random crop of the rectangle's size, remembered to compare with the shown one."""

    def __init__(self) -> None:
        self.rng = np.random.default_rng(3)
        self.grabs: list[tuple[Rect, np.ndarray]] = []
        self.broken: Exception | None = None

    def grab(self, rect: Rect) -> np.ndarray:
        if self.broken is not None:
            raise self.broken
        crop = self.rng.integers(0, 256, (rect.height, rect.width, 3), dtype=np.uint8)
        self.grabs.append((rect, crop))
        return crop

    def last(self, rect: Rect) -> np.ndarray:
        return next(crop for grabbed, crop in reversed(self.grabs) if grabbed == rect)


def pixels(pixmap: QPixmap) -> np.ndarray:
    image = pixmap.toImage().convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : 3 * image.width()].reshape(image.height(), image.width(), 3).copy()  # image dies here


def read(name: str, crop: np.ndarray) -> str:
    """A reader of the multiplier only, whose reading tells which crop it was given."""
    return f"{crop.shape[1]}x{crop.shape[0]}, first pixel {crop[0, 0, 0]}" if name == "multiplier" else ""


def test_each_region_shows_its_last_crop_at_its_size_and_what_was_read(qtbot: QtBot) -> None:
    screen = FakeScreen()
    visualizer = RegionVisualizer(screen.grab, a_setup(), read)
    qtbot.addWidget(visualizer)
    regions = GameRegions.for_tile(MOZZART_GAME).named()
    assert visualizer.grid.regions == regions
    assert regions["multiplier"] == Rect(652 + 24, 40 + 133, 567, 100)
    for name, rect in regions.items():
        shown = visualizer.grid.images[name].pixmap()
        assert (shown.width(), shown.height()) == (rect.width, rect.height)
        assert np.array_equal(pixels(shown), screen.last(rect))
    first = screen.last(regions["multiplier"])[0, 0, 0]
    assert visualizer.grid.readings["multiplier"].text() == f"567x100, first pixel {first}"
    assert visualizer.grid.readings["history"].text() == ""


def test_the_crops_are_grabbed_again_while_shown_only(qtbot: QtBot) -> None:
    screen = FakeScreen()
    visualizer = RegionVisualizer(screen.grab, a_setup(), None)
    qtbot.addWidget(visualizer)
    count = len(GameRegions.for_tile(MOZZART_GAME).named())
    assert len(screen.grabs) == count and not visualizer.timer.isActive()
    visualizer.show()
    qtbot.waitUntil(lambda: len(screen.grabs) >= 3 * count, timeout=5000)  # two refreshes of the timer
    multiplier = visualizer.grid.regions["multiplier"]
    assert np.array_equal(pixels(visualizer.grid.images["multiplier"].pixmap()), screen.last(multiplier))
    assert visualizer.grid.readings["multiplier"].text() == ""  # no reader: nothing read
    visualizer.hide()
    assert not visualizer.timer.isActive()


def test_choosing_another_bookmaker_shows_its_regions(qtbot: QtBot) -> None:
    screen = FakeScreen()
    visualizer = RegionVisualizer(screen.grab, a_setup(), read)
    qtbot.addWidget(visualizer)
    visualizer.chooser.setCurrentIndex(1)
    assert visualizer.grid.regions == GameRegions.for_tile(Rect(6, 576, 616, 496)).named()
    assert screen.grabs[-1][0] == visualizer.grid.regions["panel2.button"]  # grabbed at once, in order


def test_a_screen_that_cannot_be_grabbed_is_said_and_tried_again(qtbot: QtBot) -> None:
    screen = FakeScreen()
    visualizer = RegionVisualizer(screen.grab, a_setup(), read)
    qtbot.addWidget(visualizer)
    screen.broken = OSError("the display is gone")
    visualizer.refresh()
    assert visualizer.problem.text() == "could not grab or read the screen: OSError('the display is gone')"
    screen.broken = None
    visualizer.refresh()
    assert visualizer.problem.isHidden() and visualizer.problem.text() == ""
