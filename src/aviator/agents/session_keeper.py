"""SessionKeeper: a harmless click now and then, so a site does not end an idle session.

It clicks one point the user chose (a spot of the page that takes no input) at random intervals,
through the same input lock as the bets, and never while its bookmaker's BettingAgent has a bet
in progress or is about to bet: the two never act at once for one bookmaker (the seed's rule).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from aviator.core.input.lock import InputBusy


class SessionKeeper:
    """Clicks `click` once due and the agent is idle; `first` and `every` in clock seconds."""

    def __init__(
        self,
        click: Callable[[], None],
        first: float,
        every: tuple[float, float],
        rng: random.Random | None = None,
    ) -> None:
        self.click, self.every, self.rng = click, every, rng or random.Random()
        self.next_at = first
        self.clicks = 0

    def tick(self, now: float, busy: bool) -> bool:
        """Clicks if due and not `busy` (a bet in progress or about to be); True if it clicked."""
        if now < self.next_at or busy:
            return False
        try:
            self.click()
        except InputBusy:
            return False  # the bets hold the mouse: the next look tries again
        self.clicks += 1
        self.next_at = now + self.rng.uniform(*self.every)
        return True
