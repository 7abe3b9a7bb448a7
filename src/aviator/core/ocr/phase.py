"""The game's phase by rules on the colours of its centre: the betting splash's progress bar, the
multiplier's text colour (white in flight, red after the crash) and the dark loading screen.

Works on any crop of the game's centre: the real game's phase crops, or the simulator's
multiplier region joined with the progress bar (the plane flies below both).
"""

from __future__ import annotations

import numpy as np

from aviator.config.settings import GamePhase
from aviator.core.ocr.glyphs import find_text

BAR_RUN = 0.3  # a progress bar is an unbroken run of bar pixels this share of the crop's width
DARK_LEVEL = 30  # mean brightness under which a crop without text is the loading screen
MIN_TEXT = 20  # sampled text pixels below which a crop has no text worth the name


def phase_of(crop: np.ndarray) -> GamePhase:
    if has_progress_bar(crop):
        return GamePhase.BETTING
    colour = find_text(crop)[1]
    if colour.pixels >= MIN_TEXT:
        return GamePhase.ENDED if colour.name == "red" else GamePhase.PLAYING
    return GamePhase.LOADING if crop.mean() < DARK_LEVEL else GamePhase.UNKNOWN


def has_progress_bar(crop: np.ndarray) -> bool:
    """A row whose longest run of bar pixels (red fill or grey track) spans BAR_RUN of the width."""
    sampled = crop[:, ::2]  # every other column is plenty for a bar this long
    return longest_run(bar_pixels(sampled)) >= BAR_RUN * sampled.shape[1]


def bar_pixels(crop: np.ndarray) -> np.ndarray:
    """Pixels a progress bar is drawn in: its red fill or its grey track."""
    rgb = crop.astype(np.int16)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    fill = (r > 170) & (g < 60) & (b < 110)
    track = (np.abs(r - g) < 16) & (np.abs(g - b) < 16) & (r > 30) & (r < 90)
    return fill | track


def longest_run(rows: np.ndarray) -> int:
    """The longest unbroken run of True in any row of a 2-D boolean array."""
    padded = np.pad(rows, ((0, 0), (1, 1))).ravel()  # the padding stops runs at row ends
    edges = np.flatnonzero(np.diff(padded.astype(np.int8)))
    return int((edges[1::2] - edges[::2]).max()) if len(edges) else 0
