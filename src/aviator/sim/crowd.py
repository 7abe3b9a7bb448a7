"""The players of one simulated round: each with a stake and an auto cash-out, drawn from the seed.

Players join while betting is open, in the order drawn. During the flight a player whose auto
cash-out the shown multiplier has reached is paid stake x auto cash-out; the rest lose at the
crash. Amounts are whole cents, so every total the screen shows is exact.

Auto cash-outs are the round values players type (1.5, 2, 10 ...), and none lies just above a
threshold the collectors note (1.5, 2, 2.5, 3, 4, 5, 10): what the screen shows stays as it was at
the threshold for at least 1.4 s of flight after it, so a look that lands then sees what the truth
logs (the ThresholdCollector trusts a look up to a second late).
"""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass

MIN_PLAYERS, MAX_PLAYERS = 300, 4000
# Stakes in cents and how often players choose them.
STAKES = (10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)
STAKE_WEIGHTS = (8, 6, 14, 22, 14, 14, 11, 6, 3, 2)
# Auto cash-outs in hundredths, and how often players choose them.
AUTOS = (110, 120, 130, 140, 150, 180, 200, 250, 300, 350, 400, 450, 500, 700, 1000, 2000, 10000)
AUTO_WEIGHTS = (6, 8, 7, 6, 12, 6, 14, 8, 8, 3, 4, 2, 4, 2, 4, 2, 1)


@dataclass(frozen=True)
class Crowd:
    """One round's players: stakes in joining order, and (auto, stake) sorted by auto cash-out."""

    stakes: tuple[int, ...]  # cents, in the order players join
    joined_cents: tuple[int, ...]  # total stakes of the first k players, k = 0..n
    autos: tuple[int, ...]  # hundredths, ascending
    paid_cents: tuple[int, ...]  # total paid to the first k players by auto, k = 0..n

    @property
    def players(self) -> int:
        return len(self.stakes)

    @property
    def total_bets(self) -> float:
        return self.joined_cents[-1] / 100

    def joined(self, share: float) -> tuple[int, float]:
        """Players and their total stakes once `share` (0..1) of the betting window has passed."""
        count = int(self.players * max(0.0, min(1.0, share)))
        return count, self.joined_cents[count] / 100

    def cashed(self, multiplier: float, crash: float) -> tuple[int, float]:
        """Players still in and the money paid out so far when the screen shows `multiplier`:
        a player is paid once the shown value reaches the auto cash-out, if the plane has not
        crashed at or below it."""
        reached = min(_hundredths(multiplier), _hundredths(crash) - 1)
        out = bisect.bisect_right(self.autos, reached)
        return self.players - out, self.paid_cents[out] / 100

    def money_left(self, multiplier: float, crash: float) -> float:
        """Total bets minus what has been paid out: the money left in the round's pot."""
        return round(self.total_bets - self.cashed(multiplier, crash)[1], 2)


def _hundredths(value: float) -> int:
    return round(value * 100)


def crowd_of(seed: str, number: int) -> Crowd:
    """Round `number`'s crowd: a generator of its own, apart from the crash draw."""
    rng = random.Random(f"{seed}:crowd:{number}")
    players = rng.randint(MIN_PLAYERS, MAX_PLAYERS)
    stakes = rng.choices(STAKES, STAKE_WEIGHTS, k=players)
    autos = rng.choices(AUTOS, AUTO_WEIGHTS, k=players)
    by_auto = sorted(zip(autos, stakes, strict=True))
    return Crowd(
        stakes=tuple(stakes),
        joined_cents=(0, *itertools.accumulate(stakes)),
        autos=tuple(auto for auto, _ in by_auto),
        paid_cents=(0, *itertools.accumulate(stake * auto // 100 for auto, stake in by_auto)),
    )
