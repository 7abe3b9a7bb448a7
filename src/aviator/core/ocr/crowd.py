"""One look at the numbers under the game: players, their total bets, players in play, cashed out.

Only the regions the setup has are read. A region whose pixels did not change since its last
read gives that reading again without reading: during a flight the players and total bets stand
still, and so does everything once the plane has crashed.
"""

from __future__ import annotations

import numpy as np

from aviator.core.capture.regions import GameRegions
from aviator.core.capture.screen import ScreenSource
from aviator.core.ocr.amount_font import KINDS, AmountReader
from aviator.core.ocr.reading import Reading


class CrowdReader:
    """Reads the amount regions of one game by `ocr`, remembering each region's last crop."""

    def __init__(self, screen: ScreenSource, regions: GameRegions, ocr: AmountReader) -> None:
        self.screen, self.ocr = screen, ocr
        self.rects = {name: rect for name in KINDS if (rect := getattr(regions, name)) is not None}
        self._last: dict[str, tuple[np.ndarray, Reading]] = {}

    def read(self, names: tuple[str, ...]) -> dict[str, float | None]:
        """The value of each of `names` the setup has (None when rejected)."""
        return {name: self._read(name).value for name in names if name in self.rects}

    def _read(self, name: str) -> Reading:
        crop = self.screen.grab(self.rects[name])
        last = self._last.get(name)
        if last is not None and np.array_equal(crop, last[0]):
            return last[1]
        reading = self.ocr.read_amount(crop, name)
        self._last[name] = (crop, reading)
        return reading
