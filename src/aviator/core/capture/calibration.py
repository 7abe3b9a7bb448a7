"""Finding the games on a screenshot by themselves: the green bet buttons give each game away.

While no bet is placed, every game shows two solid green buttons side by side at fixed places of
its layout. Their pixel boxes fix the game's size and position exactly: the layout is searched for
the game rectangle whose buttons land on the measured boxes.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from scipy import ndimage

from aviator.config.layouts import LAYOUTS, GridLayout, Rect
from aviator.core.capture.regions import GameRegions

MIN_BUTTON_AREA = 900  # pixels: smaller green things are icons or outlines, not bet buttons
MIN_FILL = 0.7  # share of its bounding box a solid button fills (its caption leaves holes)
ROW_TOLERANCE = 100  # pixels: buttons of one grid row differ by the sites' headers at most
SCREEN_BORDER = 255.0  # edge strength of a game edge on the screen's border
SEARCH = 10  # pixels around the estimated game size that the exact fit searches


class CalibrationError(Exception):
    """The screen does not show games the way calibration needs (idle, all green buttons)."""


def green_buttons(screen: np.ndarray) -> list[Rect]:
    """Boxes of the solid "place bet" green areas of an RGB screenshot."""
    rgb = screen.astype(np.int16)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    labels, _ = ndimage.label((g > 140) & (g - r > 100) & (b < 70))
    boxes = []
    for index, box in enumerate(ndimage.find_objects(labels), start=1):
        rect = Rect(box[1].start, box[0].start, box[1].stop - box[1].start, box[0].stop - box[0].start)
        area = int((labels[box] == index).sum())
        if area >= MIN_BUTTON_AREA and area >= MIN_FILL * rect.width * rect.height:
            boxes.append(rect)
    return boxes


def pair_buttons(buttons: list[Rect]) -> list[tuple[Rect, Rect]]:
    """The (left, right) button pairs of each game, row by row from the top left."""
    rows: list[list[Rect]] = []
    for button in sorted(buttons, key=lambda b: b.top):
        if rows and button.top - rows[-1][0].top <= ROW_TOLERANCE:
            rows[-1].append(button)
        else:
            rows.append([button])
    pairs = []
    for row in rows:
        if len(row) % 2:
            raise CalibrationError(
                f"a row of games shows {len(row)} green buttons; every game needs both green"
            )
        ordered = sorted(row, key=lambda b: b.left)
        pairs.extend(zip(ordered[::2], ordered[1::2], strict=True))
    return pairs


def _predicted(width: int, height: int) -> tuple[Rect, Rect]:
    panels = GameRegions.for_tile(Rect(0, 0, width, height)).panels
    return panels[0].button, panels[1].button


def _misfit(pair: tuple[Rect, Rect], width: int, height: int) -> tuple[int, int, int]:
    """How far the buttons of a width x height game, placed on the left button, miss the pair."""
    left, right = _predicted(width, height)
    dx, dy = pair[0].left - left.left, pair[0].top - left.top
    error = sum(
        abs(a - b)
        for predicted, measured in ((left, pair[0]), (right, pair[1]))
        for a, b in zip(_edges(predicted.offset(dx, dy)), _edges(measured), strict=True)
    )
    return error, dx, dy


def _edges(rect: Rect) -> tuple[int, int, int, int]:
    return rect.left, rect.top, rect.right, rect.bottom


def fit_sizes(pair: tuple[Rect, Rect]) -> set[tuple[int, int]]:
    """The game sizes whose layout puts their two buttons exactly where the pair is.

    Pixel rounding leaves a few sizes that fit the buttons equally well.
    """
    left, right = _predicted(1000, 1000)
    width = round((pair[1].right - pair[0].left) * 1000 / (right.right - left.left))
    height = round(pair[0].height * 1000 / left.height)
    misfits = {
        (w, h): _misfit(pair, w, h)[0]
        for w in range(width - SEARCH, width + SEARCH + 1)
        for h in range(height - SEARCH, height + SEARCH + 1)
    }
    best = min(misfits.values())
    return {size for size, misfit in misfits.items() if misfit == best}


def _edge_strength(screen: np.ndarray, game: Rect) -> float:
    """How sharply the colour changes across the game's top and left edges (the screen's own
    border counts as the sharpest edge)."""
    if game.top < 0 or game.left < 0 or game.bottom > screen.shape[0] or game.right > screen.shape[1]:
        return 0.0
    pixels = screen.astype(np.int16)
    return _across(
        pixels[game.top, game.left : game.right], pixels[game.top - 1, game.left : game.right], game.top
    ) + _across(
        pixels[game.top : game.bottom, game.left], pixels[game.top : game.bottom, game.left - 1], game.left
    )


def _across(inside: np.ndarray, outside: np.ndarray, position: int) -> float:
    return SCREEN_BORDER if position == 0 else float(np.abs(inside - outside).mean())


def find_games(screen: np.ndarray) -> list[Rect]:
    """The game rectangles on an RGB screenshot, row by row from the top left, all of one size.

    Among the sizes that fit every game's buttons, the one whose game edges show on screen wins.
    """
    pairs = pair_buttons(green_buttons(screen))
    if not pairs:
        raise CalibrationError("no game found: calibrate while every game shows its two green bet buttons")
    fits = [fit_sizes(pair) for pair in pairs]
    common = set.intersection(*fits) or {Counter(s for f in fits for s in f).most_common(1)[0][0]}
    placed = {size: [_placed(pair, size) for pair in pairs] for size in sorted(common)}
    best = max(placed, key=lambda size: sum(_edge_strength(screen, game) for game in placed[size]))
    return placed[best]


def _placed(pair: tuple[Rect, Rect], size: tuple[int, int]) -> Rect:
    _, dx, dy = _misfit(pair, *size)
    return Rect(dx, dy, *size)


def layout_of(games: list[Rect], screen_width: int, screen_height: int) -> GridLayout:
    """The grid layout whose tiles hold these games, one game per tile."""
    for layout in LAYOUTS.values():
        tiles = [layout.tile(i, screen_width, screen_height) for i in range(layout.capacity)]
        used = [next((i for i, t in enumerate(tiles) if t.contains(g)), None) for g in games]
        if None not in used and len(set(used)) == len(games):
            return layout
    raise CalibrationError(f"{len(games)} games do not sit one per tile of a 2x2, 3x2 or 4x2 grid")
