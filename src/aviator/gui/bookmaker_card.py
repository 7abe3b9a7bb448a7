"""One bookmaker in the grid: its phase, live multiplier, worker state, last crashes, rounds per
hour, an unreadable warning, and its pause / resume buttons."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from aviator.core.communication.shared_state import BookmakerSnapshot
from aviator.gui.crash_bubbles import CrashBubbles


def rounds_per_hour(ended: Sequence[str]) -> float | None:
    """From the end times of the last rounds (oldest first); None with fewer than two."""
    if len(ended) < 2:
        return None
    first, last = (datetime.fromisoformat(t.replace("Z", "+00:00")) for t in (ended[0], ended[-1]))
    hours = (last - first).total_seconds() / 3600
    return (len(ended) - 1) / hours if hours > 0 else None


class BookmakerCard(QGroupBox):
    """The card of bookmaker `name`; `pause` and `resume` act on its worker."""

    def __init__(self, name: str, pause: Callable[[str], None], resume: Callable[[str], None]) -> None:
        super().__init__(name)
        self.name = name
        self.multiplier = QLabel("-")
        self.multiplier.setStyleSheet("font-size: 22px; font-weight: bold")
        self.phase, self.worker, self.rounds, self.warning = QLabel("-"), QLabel("-"), QLabel("-"), QLabel("")
        self.warning.setStyleSheet("color: #d33; font-weight: bold")
        self.bubbles = CrashBubbles()
        self.pause, self.resume = QPushButton("Pause"), QPushButton("Resume")
        self.pause.clicked.connect(lambda: pause(name))
        self.resume.clicked.connect(lambda: resume(name))
        self._lay_out()

    def _lay_out(self) -> None:
        facts = QGridLayout()
        for row, (label, widget) in enumerate(
            (("phase", self.phase), ("worker", self.worker), ("rounds", self.rounds))
        ):
            facts.addWidget(QLabel(label), row, 0)
            facts.addWidget(widget, row, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pause)
        buttons.addWidget(self.resume)
        layout = QVBoxLayout(self)
        layout.addWidget(self.multiplier)
        layout.addLayout(facts)
        layout.addWidget(self.bubbles)
        layout.addWidget(self.warning)
        layout.addLayout(buttons)

    def show_state(self, snapshot: BookmakerSnapshot, recent: Sequence[tuple[float, str]]) -> None:
        """What the worker reported last, and the crashes recorded lately (oldest first)."""
        self.phase.setText(snapshot.phase.value)
        self.multiplier.setText("-" if snapshot.multiplier is None else f"{snapshot.multiplier:,.2f}x")
        restarts = f" ({snapshot.restarts} restarts)" if snapshot.restarts else ""
        self.worker.setText(snapshot.state + restarts)
        per_hour = rounds_per_hour([ended for _, ended in recent])
        self.rounds.setText(f"{snapshot.rounds}" + ("" if per_hour is None else f", {per_hour:.0f} per hour"))
        self.warning.setText("unreadable: no game seen moving" if snapshot.unreadable else "")
        self.bubbles.show_crashes([crash for crash, _ in recent])
        paused = snapshot.state == "Paused"
        self.pause.setEnabled(not paused)
        self.resume.setEnabled(paused)
