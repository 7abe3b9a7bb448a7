"""Simulated bookmakers in real windows: one Qt process, one top-level window per bookmaker.

Each window shows a site embedding the game, tiled on the display like a user's browsers. It
takes real input events from the display (mouse clicks, keys) and nothing else; the truth log is
its only other output. One process draws every window: measured on this machine class, one Qt
process drawing six games costs about a tenth of a core, six browsers about half a core.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QImage, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QApplication, QWidget

from aviator.config.layouts import GridLayout, Rect
from aviator.core.communication.clock import HeldClock
from aviator.sim.engine import GameEngine
from aviator.sim.frames import Change, TileFrames
from aviator.sim.game import SimGame
from aviator.sim.renderer import TileRenderer
from aviator.sim.simulator import SimBookmaker
from aviator.sim.skins import SKINS
from aviator.sim.truth_log import TruthLog

ELEMENTS = ("stake", "auto_cashout", "button")


@dataclass(frozen=True)
class WindowsConfig:
    bookmakers: tuple[SimBookmaker, ...]
    layout: GridLayout
    truth_path: Path
    max_rounds: int | None = None
    fps: float = 30.0
    drop_keystroke: int | None = None  # fault injection: the first site loses its Nth typed character


def key_name(event: QKeyEvent) -> str:
    """The table's name of a key: a typed character, "ctrl+a" or "backspace"."""
    if event.key() == Qt.Key.Key_A and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
        return "ctrl+a"
    if event.key() == Qt.Key.Key_Backspace:
        return "backspace"
    return event.text()


class GameWindow(QWidget):
    """One bookmaker's site: shows its game's frames and hands clicks and keys to its table."""

    def __init__(self, game: SimGame, renderer: TileRenderer, tile: Rect) -> None:
        super().__init__(None, Qt.WindowType.FramelessWindowHint)
        self.game, self.renderer = game, renderer
        self.setWindowTitle(f"{game.name} - Aviator")
        self.setGeometry(tile.left, tile.top, tile.width, tile.height)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.frames = TileFrames(renderer, (game.view, game.table.view(game.view)))
        self._pixels = self.frames.image.tobytes()
        live = renderer.live
        self._live = QRect(live.left, live.top, live.width, live.height)
        self.painted = False  # the display has shown a frame of this window

    def show_frame(self, t: float) -> None:
        change = self.frames.advance(self.game.advance(t))
        self.game.shown(t)  # the display paints it a few ms later (measured ~6 ms): close enough here
        if change is Change.NONE:
            return
        self._pixels = self.frames.image.tobytes()
        self.update(self._live if change is Change.LIVE else self.rect())

    def paintEvent(self, event: QPaintEvent) -> None:
        width, height = self.renderer.width, self.renderer.height
        image = QImage(self._pixels, width, height, 4 * width, QImage.Format.Format_RGBX8888)
        QPainter(self).drawImage(event.rect(), image, event.rect())
        self.painted = True

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.activateWindow()  # no window manager gives focus on Xvfb: the click takes it
        self.setFocus()
        x, y = int(event.position().x()), int(event.position().y())
        for index, panel in enumerate(self.renderer.regions.panels):
            for name in ELEMENTS:
                rect = getattr(panel, name)
                if rect.left <= x < rect.right and rect.top <= y < rect.bottom:
                    self.game.table.click(index, name, self.game.view)
                    return
        self.game.table.click_outside()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.game.table.key(key_name(event))


class SimWindows:
    """The Qt application: a window per bookmaker, a frame timer, the truth log."""

    def __init__(self, config: WindowsConfig, clock: HeldClock, announce: Callable[[str], None]) -> None:
        self.app = QApplication.instance() or QApplication(sys.argv[:1])
        self.config, self.clock, self.announce = config, clock, announce
        self._said: set[str] = set()
        self.truth = TruthLog(config.truth_path, clock)
        screen = self.app.primaryScreen().geometry()
        self.windows = [
            self._window(i, b, screen.width(), screen.height()) for i, b in enumerate(config.bookmakers)
        ]
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.tick)

    def _window(self, index: int, bookmaker: SimBookmaker, width: int, height: int) -> GameWindow:
        tile = self.config.layout.tile(index, width, height)
        engine = GameEngine(bookmaker.seed, self.config.max_rounds)
        renderer = TileRenderer(SKINS[bookmaker.skin], tile.width, tile.height, site=bookmaker.name)
        drop = self.config.drop_keystroke
        drop_keys = frozenset({drop}) if drop is not None and index == 0 else frozenset()
        return GameWindow(SimGame(bookmaker.name, engine, self.truth, drop_keys), renderer, tile)

    def tick(self) -> None:
        t = self.clock.now()
        for window in self.windows:
            window.show_frame(t)
        if all(w.painted for w in self.windows):
            self._say("ready")  # sync point: every window is on the display
        if all(w.game.engine.finished_at(t) for w in self.windows):
            self._say("finished")  # every allowed round has crashed; the last frames stay up

    def _say(self, word: str) -> None:
        if word not in self._said:
            self._said.add(word)
            self.announce(word)

    def show(self) -> None:
        self.tick()
        for window in self.windows:
            window.show()
        self.timer.start(int(1000 / self.config.fps))

    def run(self) -> int:
        self.show()
        signal.signal(signal.SIGTERM, lambda *_: self.app.quit())
        signal.signal(signal.SIGINT, lambda *_: self.app.quit())
        try:
            return self.app.exec()
        finally:
            self.truth.close()
