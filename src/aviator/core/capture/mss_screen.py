"""MssScreen: the real display, grabbed with mss (X11 MIT-SHM where available)."""

from __future__ import annotations

import mss
import numpy as np

from aviator.config.layouts import Rect


class MssScreen:
    def __init__(self, display: str | None = None) -> None:
        self._mss = mss.MSS(display=display) if display else mss.MSS()

    def grab(self, rect: Rect) -> np.ndarray:
        shot = self._mss.grab(
            {"left": rect.left, "top": rect.top, "width": rect.width, "height": rect.height}
        )
        # mss gives BGRA rows; the readers work on RGB.
        return np.asarray(shot)[:, :, 2::-1].copy()

    def size(self) -> tuple[int, int]:
        """Width and height of the whole screen (every monitor of the display)."""
        whole = self._mss.monitors[0]
        return whole["left"] + whole["width"], whole["top"] + whole["height"]

    def grab_all(self) -> np.ndarray:
        """The whole first monitor (on X: the whole screen) as RGB."""
        whole = self._mss.monitors[1]
        return self.grab(Rect(whole["left"], whole["top"], whole["width"], whole["height"]))

    def close(self) -> None:
        self._mss.close()
