"""Where the control panel's window may go: never over the games it watches, since the workers
read those pixels. The largest band of the screen beside, above or below every game is used; with
none large enough the window starts minimized (put it on another screen)."""

from __future__ import annotations

from aviator.config.layouts import Rect

MINIMUM = (640, 400)  # the smallest window the tabs fit in


def free_band(screen: Rect, games: list[Rect], minimum: tuple[int, int] = MINIMUM) -> Rect | None:
    """The largest band of `screen` that no game overlaps, or None if none is `minimum` or more."""
    if not games:
        return screen
    left, top = min(g.left for g in games), min(g.top for g in games)
    right, bottom = max(g.right for g in games), max(g.bottom for g in games)
    bands = (
        Rect(screen.left, bottom, screen.width, screen.bottom - bottom),  # below every game
        Rect(right, screen.top, screen.right - right, screen.height),  # right of every game
        Rect(screen.left, screen.top, screen.width, top - screen.top),  # above
        Rect(screen.left, screen.top, left - screen.left, screen.height),  # left
    )
    fitting = [b for b in bands if b.width >= minimum[0] and b.height >= minimum[1]]
    return max(fitting, key=lambda b: b.width * b.height, default=None)
