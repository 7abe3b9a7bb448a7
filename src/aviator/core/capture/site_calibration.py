"""Calibration of any site: each window showing green bet buttons is a game; watching it for a
round or two finds its regions (core/capture/site_regions.py). Nothing of a layout is assumed:
not the number of bet panels, not where the strip or the bar sit, not the window's size.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from aviator.config.layouts import Rect
from aviator.core.capture.calibration import CalibrationError, green_buttons
from aviator.core.capture.game_watch import GameWatch
from aviator.core.capture.window_titles import window_at

ROUNDS = 2  # crashes watched per game before its regions are trusted
FRAME_PERIOD = 0.2  # seconds between two looks at every game
Window = tuple[Rect, str]  # a top-level window's screen rectangle and title


@dataclass(frozen=True)
class SiteGame:
    """A game found on the screen: its window's rectangle and title, and its green buttons (from
    the window's top left)."""

    rect: Rect
    title: str
    buttons: tuple[Rect, ...]


def find_site_games(screen: np.ndarray, windows: list[Window]) -> list[SiteGame]:
    """The windows holding green bet buttons, top to bottom then left to right; a button belongs to
    the topmost window over its centre."""
    height, width = screen.shape[:2]
    held: dict[int, list[Rect]] = {}
    for button in green_buttons(screen):
        index = window_at(windows, button.left + button.width // 2, button.top + button.height // 2)
        if index is not None:
            held.setdefault(index, []).append(button)
    if not held:
        raise CalibrationError(
            "no game found: no window shows a green bet button; calibrate while each game's page is open, "
            "fully visible and not betting"
        )
    games = [_game(windows[i], buttons, width, height) for i, buttons in held.items()]
    return sorted(games, key=lambda game: (game.rect.top, game.rect.left))


def _game(window: Window, buttons: list[Rect], width: int, height: int) -> SiteGame:
    rect, title = window
    left, top = max(0, rect.left), max(0, rect.top)
    shown = Rect(left, top, min(rect.right, width) - left, min(rect.bottom, height) - top)
    inside = tuple(sorted((b.offset(-left, -top) for b in buttons), key=lambda b: (b.top, b.left)))
    return SiteGame(shown, title, inside)


def watch_games(
    games: list[SiteGame],
    grab: Callable[[Rect], np.ndarray],
    now: Callable[[], float],
    seconds: float,
    wait: Callable[[float], None],
) -> list[GameWatch]:
    """Looks at every game each FRAME_PERIOD until each was watched through ROUNDS crashes or
    `seconds` passed."""
    watches = [GameWatch() for _ in games]
    end = now() + seconds
    while now() < end:
        started = now()
        for game, watch in zip(games, watches, strict=True):
            watch.add(grab(game.rect), now())
        if len(watches[0].notes) % 10 == 0 and all(w.crashes() >= ROUNDS for w in watches):
            break
        wait(max(0.0, FRAME_PERIOD - (now() - started)))
    return watches


SEPARATORS = re.compile(r"\s*[-|:\u2013\u2014]\s*")


def site_name(title: str) -> str:
    """A bookmaker's name from its window's title: "Admiral - Aviator" and "Admiral | Aviator" give
    Admiral, "Meridian Aviator" gives Meridian; a title that is only "Aviator" stays Aviator."""
    parts = [part for part in SEPARATORS.split(title.strip()) if part]
    words = [p for p in parts if p.casefold() != "aviator"] or parts or ["bookmaker"]
    name = re.sub(r"\s+aviator$", "", words[0], flags=re.IGNORECASE).strip()
    return name or words[0]
