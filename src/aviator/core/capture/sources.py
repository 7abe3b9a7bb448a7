"""Opening a screen source from a picklable description, inside the process that reads it."""

from __future__ import annotations

from dataclasses import dataclass

from aviator.core.capture.framebuffer import FrameBufferSpec
from aviator.core.capture.screen import ScreenSource


@dataclass(frozen=True)
class DisplaySpec:
    """The real X display (None: the DISPLAY of the environment)."""

    display: str | None = None


ScreenSpec = FrameBufferSpec | DisplaySpec


def open_screen(spec: ScreenSpec) -> ScreenSource:
    if isinstance(spec, FrameBufferSpec):
        from aviator.core.capture.sim_screen import SimScreen

        return SimScreen(spec)
    from aviator.core.capture.mss_screen import MssScreen

    return MssScreen(spec.display)
