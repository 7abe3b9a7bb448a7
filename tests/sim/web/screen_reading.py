"""What a test sees of the web pages, from the screen's pixels only: the windows `aviator sim
--web` announced, the flight's colours, the crash's red number, the green bet buttons."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from aviator.config.layouts import Rect
from aviator.core.ocr.tesseract import TesseractOCR

GREEN_BUTTON = (40, 168, 12)  # #28a80c, a panel's place-bet button
ACTIVE_TAB = (44, 45, 48)  # #2c2d30, the chosen tab of a panel's Bet / Auto switch


@dataclass(frozen=True)
class Window:
    """One line 'window SITE LAYOUT X,Y WxH TITLE' of `aviator sim --web`."""

    site: str
    layout: str
    rect: Rect
    title: str


def parse_window(line: str) -> Window:
    _, site, layout, at, size, title = line.split(" ", 5)
    (x, y), (w, h) = map(int, at.split(",")), map(int, size.split("x"))
    return Window(site, layout, Rect(x, y, w, h), title)


def crop(screen: np.ndarray, rect: Rect) -> np.ndarray:
    return screen[rect.top : rect.bottom, rect.left : rect.right]


def flight_share(pixels: np.ndarray) -> float:
    """The share of pixels in the flight's blue, purple or magenta backgrounds (every fourth)."""
    r, g, b = (pixels[::4, ::4, i].astype(np.int16) for i in range(3))
    return float(np.mean((b >= 50) & (g < 100) & (b - g >= 30) & (r < 150)))


def red_mask(pixels: np.ndarray) -> np.ndarray:
    r, g, b = (pixels[..., i].astype(np.int16) for i in range(3))
    return (r > 170) & (g < 80) & (b < 110)


def largest_text_line(mask: np.ndarray) -> np.ndarray:
    """The part of `mask` on the rows of its tallest shape: a big number without small red text
    elsewhere (the site's logo)."""
    labels, count = ndimage.label(mask)
    assert count, "no red shape"
    boxes = ndimage.find_objects(labels)
    tallest = max(boxes, key=lambda box: box[0].stop - box[0].start)
    line = np.zeros_like(mask)
    line[tallest[0]] = mask[tallest[0]]
    return line


def read_red_number(pixels: np.ndarray, ocr: TesseractOCR) -> str:
    """The big red number of a crash screen, as Tesseract reads its pixels."""
    line = largest_text_line(red_mask(pixels))
    rows, columns = np.nonzero(line)
    box = line[rows.min() - 4 : rows.max() + 5, max(0, columns.min() - 4) : columns.max() + 5]
    return ocr.read_text(box.astype(np.uint8))[0]


def green_buttons(pixels: np.ndarray) -> list[Rect]:
    """Every place-bet button large enough to be one, left to right."""
    return _blobs(pixels, GREEN_BUTTON, 6, lambda r: r.width >= 60 and r.height >= 30)


def active_tabs(pixels: np.ndarray) -> list[Rect]:
    """The highlighted tab of each Bet / Auto switch (#2c2d30 pills), left to right."""
    return _blobs(pixels, ACTIVE_TAB, 3, lambda r: 30 <= r.width <= 120 and 12 <= r.height <= 32)


def _blobs(pixels: np.ndarray, colour: object, tolerance: int, fits: Callable[[Rect], bool]) -> list[Rect]:
    """The boxes of the areas of `colour` (give or take `tolerance`) whose box `fits`, left to right."""
    mask = np.all(np.abs(pixels.astype(np.int16) - colour) <= tolerance, axis=2)
    labels, _ = ndimage.label(mask)
    boxes = (
        Rect(columns.start, rows.start, columns.stop - columns.start, rows.stop - rows.start)
        for rows, columns in ndimage.find_objects(labels)
    )
    return sorted((r for r in boxes if fits(r)), key=lambda r: (r.left, r.top))
