"""A game's regions from what it showed while watched: no constant of any site's layout.

- the multiplier: the tallest line of text seen white in flight and red after the crash, on one
  baseline; its box leaves room for longer values either side of its centre;
- the game area: the pixels around it that change with the phases (dark splash, coloured flight);
- the history strip: the band outside the game area that changes when a flight crashes and at
  no other time;
- the progress bar: a row of bar-like pixels (red fill, grey track) seen between flights and never
  in flight, narrowed where the plane crosses it until no watched flight shows a bar there;
- the bet panels: each green button, its stake (the white number left of it) and its auto
  cash-out field (a white line under the stake, when the site shows it).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from scipy import ndimage

from aviator.config.layouts import Rect
from aviator.config.setup import Box, PanelBoxes, RegionBoxes
from aviator.core.capture.game_watch import CRASH, FLIGHT, STEP, GameWatch
from aviator.core.capture.text_lines import TextLine, colour_masks, text_lines

ROOM = 3.0  # the multiplier box reaches this many text heights either side of the text's centre
PAD = 0.3  # and this share of the text's height above and below it
BAR_SHARE = 0.3  # core/ocr/phase.py's BAR_RUN: a bar's run spans this share of its box
BAR_BETWEEN = 0.3  # betting is about half of the time between flights: a bar shows that long
STRIP_LAG = 2  # frames after the multiplier turned red in which a site may still update its strip
STRIP_CRASHES = 0.6  # a strip pixel changed at this share of the watched crashes at least
NO_BALANCE = (
    "balance (nothing tells it apart while nobody bets): add `balance: [x, y, w, h]` by hand if wanted"
)
NO_AUTO_FIX = "open that tab and calibrate again, or cash out by hand"
MAX_STRIP_HEIGHT = 0.12  # of the game's height: a band taller than this is not a strip of numbers


@dataclass
class FoundRegions:
    """What calibration found in one game, and what it did not (each with the fix)."""

    regions: RegionBoxes | None
    found: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def find_regions(watch: GameWatch, buttons: list[Rect]) -> FoundRegions:
    """The regions of a watched game (boxes from the game's top left); `buttons` are its green
    bet buttons, in the same coordinates."""
    band = watch.multiplier()
    if band is None or watch.crashes() == 0:
        why = "no flight was watched to its crash: watch longer (--watch) while the game runs"
        return FoundRegions(None, missing=[f"multiplier: {why}"])
    looks = watch.looks()
    area = game_area(watch, band)
    result = FoundRegions(None, found=["multiplier", "game area"])
    boxes: dict[str, object] = {
        "multiplier": _box(multiplier_box(watch, looks, band, area)),
        "game_area": _box(area),
    }
    for name, finder in (("history", history_strip), ("progress_bar", progress_bar)):
        rect = finder(watch, looks, area)
        _note(result, name, rect)
        if rect is not None:
            boxes[name] = _box(rect)
    panels = [bet_panel(watch.first, button, buttons) for button in buttons]  # type: ignore[arg-type]
    boxes["panels"] = tuple(panels)
    result.found += [f"{len(panels)} bet panels"] if panels else []
    result.missing += _panel_gaps(panels)
    result.missing.append(NO_BALANCE)
    result.regions = RegionBoxes(**boxes)  # type: ignore[arg-type]
    return result


def _note(result: FoundRegions, name: str, rect: Rect | None) -> None:
    fixes = {
        "history": "history strip (no band changed at each crash only): restart recovery "
        "needs it, add `history: [x, y, w, h]` by hand",
        "progress_bar": "progress bar (no bar between flights that the plane never crosses): "
        "betting is not told apart from loading",
    }
    if rect is None:
        result.missing.append(fixes[name])
    else:
        result.found.append(name.replace("_", " ").replace("history", "history strip"))


def _box(rect: Rect) -> Box:
    return (rect.left, rect.top, rect.width, rect.height)


def _full(rect: Rect) -> Rect:
    """A rectangle of the kept (every STEP-th) pixels in frame pixels."""
    return Rect(rect.left * STEP, rect.top * STEP, rect.width * STEP, rect.height * STEP)


def game_area(watch: GameWatch, band: TextLine) -> Rect:
    """The changing pixels joined to the multiplier's centre: the canvas the phases are drawn on."""
    assert watch.moved is not None
    moving = watch.moved >= max(2, watch.crashes())
    labels, _ = ndimage.label(moving)
    centre = labels[
        band.box.top // STEP + band.height // (2 * STEP), (band.box.left + band.box.width // 2) // STEP
    ]
    if centre == 0:
        return band.box
    rows, cols = np.nonzero(labels == centre)
    return _full(
        Rect(
            int(cols.min()),
            int(rows.min()),
            int(cols.max() - cols.min() + 1),
            int(rows.max() - rows.min() + 1),
        )
    )


def multiplier_box(watch: GameWatch, looks: list[str], band: TextLine, area: Rect) -> Rect:
    """Every flight's and crash's line, with room either side for longer values, inside the area."""
    lines = [
        n.white if look == FLIGHT else n.red
        for n, look in zip(watch.notes, looks, strict=True)
        if look in (FLIGHT, CRASH)
    ]
    text = band.box
    for line in lines:
        text = text.union(line.box)  # type: ignore[union-attr]
    centre, reach = text.left + text.width // 2, max(text.width // 2, int(ROOM * band.height))
    pad = int(PAD * band.height)
    left, right = max(area.left, centre - reach), min(area.right, centre + reach)
    top, bottom = max(area.top, text.top - pad), min(area.bottom, text.bottom + pad)
    return Rect(left, top, right - left, bottom - top)


def history_strip(watch: GameWatch, looks: list[str], area: Rect) -> Rect | None:
    """The band outside the game area whose pixels change when a flight crashes, and only then."""
    at_crash = [k for k in range(len(watch.changes)) if looks[k] == FLIGHT and looks[k + 1] == CRASH]
    if not at_crash:
        return None
    near = [[k + lag for lag in range(STRIP_LAG + 1) if k + lag < len(watch.changes)] for k in at_crash]
    changes = [[watch.changed(k) for k in pairs] for pairs in near]
    crashed = sum(np.logical_or.reduce(pairs).astype(np.uint16) for pairs in changes)
    assert watch.moved is not None
    otherwise = watch.moved - sum(sum(c.astype(np.uint16) for c in pairs) for pairs in changes)
    strip = (crashed >= max(1, STRIP_CRASHES * len(at_crash))) & (otherwise <= 1)
    strip[area.top // STEP : area.bottom // STEP, area.left // STEP : area.right // STEP] = False
    return _widest_band(strip, watch.shape[0] * MAX_STRIP_HEIGHT)


def _widest_band(mask: np.ndarray, max_height: float) -> Rect | None:
    """The run of rows holding the most marked pixels, no taller than `max_height`, as a box."""
    rows = mask.sum(axis=1)
    marked = np.pad(rows > 0, 1).astype(np.int8)
    edges = np.flatnonzero(np.diff(marked))
    bands = [
        (int(rows[a:b].sum()), a, b)
        for a, b in zip(edges[::2], edges[1::2], strict=True)
        if b - a <= max_height
    ]
    if not bands:
        return None
    _, top, bottom = max(bands)
    cols = np.flatnonzero(mask[top:bottom].any(axis=0))
    # kept pixels: the glyphs' edges above and below; a bubble's width either side (the newest
    # may have been as narrow as its text while watched)
    margin, side = 2, 2 * (bottom - top)
    left, right = max(0, int(cols[0]) - side), min(mask.shape[1], int(cols[-1]) + 1 + side)
    return _full(Rect(left, max(0, top - margin), right - left, bottom - top + 2 * margin))


def progress_bar(watch: GameWatch, looks: list[str], area: Rect) -> Rect | None:
    """A bar seen in frames between flights and never in flight or crash frames, as a box."""
    runs = np.stack([note.bar_runs for note in watch.notes])  # (frames, rows, 2)
    between = np.array([look not in (FLIGHT, CRASH) for look in looks])
    top, bottom = area.top // STEP, area.bottom // STEP
    wide = runs[between, top:bottom, 1] >= BAR_SHARE * area.width / STEP
    if not wide.any():
        return None
    seen = wide.mean(axis=0)
    rows = top + np.flatnonzero(seen >= 0.5 * seen.max())
    band = slice(int(rows[0]), int(rows[-1]) + 1)
    bars = runs[between, band][wide[:, band.start - top : band.stop - top]]
    start, length = Counter(map(tuple, bars.tolist())).most_common(1)[0][0]
    return _safe_part(runs[:, band], between, band.start, start, length)


def _safe_part(runs: np.ndarray, between: np.ndarray, top: int, start: int, length: int) -> Rect | None:
    """The widest part of the bar (whole, halves, thirds, quarters) that no flight or crash frame
    shows as a bar and at least BAR_BETWEEN of the frames between flights do."""
    for parts in (1, 2, 3, 4):
        width = length // parts
        for left in range(start, start + parts * width, width):
            shown = _shows_bar(runs, left, width)
            if not shown[~between].any() and shown[between].mean() >= BAR_BETWEEN:
                return _full(Rect(left, top, width, runs.shape[1]))
    return None


def _shows_bar(runs: np.ndarray, left: int, width: int) -> np.ndarray:
    """Per frame: some row's run, clipped to [left, left + width), spans BAR_SHARE of it."""
    starts, lengths = runs[..., 0], runs[..., 1]
    clipped = np.minimum(starts + lengths, left + width) - np.maximum(starts, left)
    return (clipped >= BAR_SHARE * width).any(axis=1)


def bet_panel(frame: np.ndarray, button: Rect, buttons: list[Rect]) -> PanelBoxes:
    """A panel's button, and the white numbers beside it (stake) and under that (auto cash-out)."""
    below: list[Rect] = []
    lines = [line for line in _panel_lines(frame, button, buttons) if not line.overlaps(button)]
    stake = next(
        (b for b in lines if b.right <= button.left and button.top <= b.top + b.height // 2 <= button.bottom),
        None,
    )
    if stake is not None:
        below = [b for b in lines if b.top > stake.bottom and b.top - stake.bottom < 3 * button.height]
    return PanelBoxes(
        button=_box(button),
        stake=_box(_field(stake, button.left)) if stake else None,
        auto_cashout=_box(_field(min(below, key=lambda b: b.top), len(frame[0]))) if below else None,
    )


def _panel_lines(frame: np.ndarray, button: Rect, buttons: list[Rect]) -> list[Rect]:
    """White lines of text from the button's left neighbour (or the game's edge) to its right edge,
    from half a button above it to two below."""
    before = [
        b.right for b in buttons if b.right <= button.left and b.top < button.bottom and button.top < b.bottom
    ]
    left = max(before, default=0)
    top, bottom = max(0, button.top - button.height // 2), min(len(frame), button.bottom + button.height * 2)
    white = colour_masks(frame[top:bottom, left : button.right])["white"]
    return [line.box.offset(left, top) for line in text_lines(white, "white")]


def _field(text: Rect, limit: int) -> Rect:
    """A field's box around its text: room for longer values, not reaching the button."""
    reach, pad = 2 * text.height, text.height // 2
    left, right = max(0, text.left - reach), min(limit - 2, text.right + reach)
    return Rect(left, text.top - pad, right - left, text.height + 2 * pad)


def _panel_gaps(panels: list[PanelBoxes]) -> list[str]:
    gaps = []
    for index, panel in enumerate(panels):
        if panel.stake is None:
            gaps.append(f"panel {index} stake (no white number left of its button): nothing is bet there")
        if panel.auto_cashout is None:
            gaps.append(f"panel {index} auto cash-out (not shown: behind an Auto tab?): {NO_AUTO_FIX}")
    return gaps
