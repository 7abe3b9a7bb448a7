"""SimScreen: regions of the simulated virtual screen in shared memory."""

from __future__ import annotations

import numpy as np

from aviator.config.layouts import Rect
from aviator.core.capture.framebuffer import FrameBufferSpec, SharedFrameBuffer


class SimScreen:
    def __init__(self, spec: FrameBufferSpec) -> None:
        self._buffer = SharedFrameBuffer.attach(spec)

    def grab(self, rect: Rect) -> np.ndarray:
        return self._buffer.grab(rect)

    def close(self) -> None:
        self._buffer.close()
