"""One interface for every screen a worker reads: the real display or the simulated one."""

from __future__ import annotations

from typing import Protocol

import numpy as np

from aviator.config.layouts import Rect


class ScreenSource(Protocol):
    """Grabs the newest pixels of a screen rectangle as an RGB array (height, width, 3)."""

    def grab(self, rect: Rect) -> np.ndarray: ...

    def close(self) -> None: ...
