"""The bookmakers grid: a card per bookmaker in the setup's tiles, refreshed four times a second
from the SharedGameState (an in-memory snapshot: nothing waits), with buttons for all of them."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from aviator.gui.bookmaker_card import BookmakerCard
from aviator.gui.bridge import QtBridge
from aviator.orchestration.collector_app import CollectorApp

REFRESH_MS = 250


def columns_for(count: int) -> int:
    """The grid of the setup's layouts: 2x2 up to four games, 3x2 up to six, 4x2 beyond."""
    return 2 if count <= 4 else 3 if count <= 6 else 4


class BookmakersTab(QWidget):
    """Every bookmaker's card, and pause / resume for all."""

    def __init__(self, app: CollectorApp, bridge: QtBridge) -> None:
        super().__init__()
        self.app, self.bridge = app, bridge
        names = app.state.names()
        self.cards = {name: BookmakerCard(name, app.pause, app.resume) for name in names}
        grid = QGridLayout()
        for index, card in enumerate(self.cards.values()):
            grid.addWidget(card, index // columns_for(len(names)), index % columns_for(len(names)))
        self.pause_all, self.resume_all = QPushButton("Pause all"), QPushButton("Resume all")
        self.pause_all.clicked.connect(lambda: self._each(app.pause))
        self.resume_all.clicked.connect(lambda: self._each(app.resume))
        buttons = QHBoxLayout()
        buttons.addWidget(self.pause_all)
        buttons.addWidget(self.resume_all)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addLayout(grid)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.timer.start(REFRESH_MS)

    def _each(self, action: object) -> None:
        for name in self.cards:
            if name in self.app.manager.processes:  # a worker not started yet has nothing to pause
                action(name)

    def refresh(self) -> None:
        for snapshot in self.app.state.snapshot():
            card = self.cards.get(snapshot.bookmaker)
            if card is not None:
                card.show_state(snapshot, list(self.bridge.recent.get(snapshot.bookmaker, ())))
