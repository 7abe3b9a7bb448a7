"""The betting tab: the mode and strategy, the balance, the active locks with their reasons, the
last bets' steps, and the kill switch (a big button, and Ctrl+Shift+X anywhere in the window)."""

from __future__ import annotations

import threading

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from aviator.gui.bridge import QtBridge
from aviator.orchestration.betting_desk import BettingDesk

REFRESH_MS = 500
STEPS_SHOWN = 200
KILL_SHORTCUT = "Ctrl+Shift+X"
HONEST = (
    "Rounds are independent and the house edge is about 3 %: no strategy changes the expected loss. "
    "Paper bets never touch the mouse or keyboard."
)


class BettingTab(QWidget):
    """What the BettingDesk holds, and its kill switch; without a desk, how to bet on paper."""

    def __init__(self, desk: BettingDesk | None, bridge: QtBridge) -> None:
        super().__init__()
        self.desk = desk
        self.summary, self.locks = QLabel(), QLabel()
        self.steps = QListWidget()
        self.kill = QPushButton(f"STOP BETTING ({KILL_SHORTCUT})")
        self.kill.setStyleSheet("background: #c62828; color: white; font-size: 20px; padding: 14px")
        self.kill.clicked.connect(self.stop_betting)
        self.kill.setEnabled(desk is not None)
        self.shortcut = QShortcut(QKeySequence(KILL_SHORTCUT), self)
        self.shortcut.activated.connect(self.stop_betting)
        layout = QVBoxLayout(self)
        for widget in (QLabel(HONEST), self.summary, self.kill, self.locks, QLabel("last steps"), self.steps):
            layout.addWidget(widget)
        bridge.bet_step.connect(self.add_step)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.timer.start(REFRESH_MS)
        self.refresh()

    def stop_betting(self) -> None:
        """The kill switch, off the UI thread: the desk's lock may be held by the hub a moment."""
        if self.desk is not None:
            threading.Thread(
                target=self.desk.stop, args=("the control panel's kill switch",), daemon=True
            ).start()

    def add_step(self, bookmaker: str, event: str, at: str, detail: str) -> None:
        self.steps.insertItem(0, f"{at}  {bookmaker}  {event}  {detail}")
        while self.steps.count() > STEPS_SHOWN:
            self.steps.takeItem(self.steps.count() - 1)

    def refresh(self) -> None:
        if self.desk is None:
            self.summary.setText("Not betting: start with --strategy NAME to bet on paper.")
            return
        status = self.desk.status()
        if not status.get("started"):
            self.summary.setText(f"{status['mode']} betting by {status['strategy']}: starting")
            return
        balance = "" if status["balance"] is None else f", balance {status['balance']:,.2f}"
        stopped = f" — STOPPED: {status['stopped']}" if status["stopped"] else ""
        profit = status["books"]["all"]["profit"]
        self.summary.setText(
            f"{status['mode']} betting by {status['strategy']}: profit {profit:+,.2f}{balance}{stopped}"
        )
        locks = [
            f"{lock['scope']}: {lock['protection']} ({lock['reason']}) until {lock['until'] or 'unlocked'}"
            for lock in status["locks"]
        ]
        self.locks.setText("locks: " + ("; ".join(locks) if locks else "none"))
