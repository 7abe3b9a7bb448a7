"""The game area's backgrounds, drawn once per tile: rays on black, rays on the flight colour, the
betting splash. The game draws soft light rays from its lower left corner on every screen."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from aviator.config.layouts import Rect
from aviator.sim.skins import RGB

RAYS = 9  # light rays across the quarter circle
SPLASH_RED: RGB = (228, 24, 58)
TRACK: RGB = (62, 62, 68)


def _rays(size: tuple[int, int]) -> np.ndarray:
    """1.0 inside a light ray, 0.0 between rays, seen from below the lower left corner."""
    width, height = size
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    angle = np.arctan2(height * 1.2 - ys, xs + width * 0.1)
    return (np.sin(angle * RAYS * 2) > 0.2).astype(np.float32)


def dark_rays(size: tuple[int, int]) -> Image.Image:
    """The loading and crash screens: near black with faint grey rays."""
    level = 9 + 10 * _rays(size)
    return Image.fromarray(np.repeat(level[..., None], 3, axis=2).astype(np.uint8))


def flight_scene(size: tuple[int, int], colour: RGB) -> Image.Image:
    """The flight background: the colour brightest in the middle, darker at the edges, with rays."""
    width, height = size
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    distance = np.hypot((xs - width / 2) / width, (ys - height / 2) / height)
    light = (1.15 - 0.9 * distance + 0.08 * _rays(size))[..., None]
    pixels = np.clip(np.asarray(colour, np.float32) * light, 0, 255)
    return Image.fromarray(pixels.astype(np.uint8))


def betting_scene(
    size: tuple[int, int], title: ImageFont.FreeTypeFont, label: ImageFont.FreeTypeFont, bar: Rect
) -> Image.Image:
    """The splash shown while bets are open; the bar's red fill is drawn per frame on its track."""
    image = dark_rays(size)
    draw = ImageDraw.Draw(image)
    centre = size[0] // 2
    draw.text((centre, int(size[1] * 0.17)), "Aviator", font=title, fill=SPLASH_RED, anchor="mm")
    draw.text(
        (centre, int(size[1] * 0.45)), "OFFICIAL PARTNERS", font=title, fill=(250, 250, 250), anchor="mm"
    )
    draw.rounded_rectangle((bar.left, bar.top, bar.right - 1, bar.bottom - 1), bar.height // 2, fill=TRACK)
    box_top, box_bottom = bar.bottom + label.size // 2, size[1] - 6
    half = max(label.size * 4, size[0] // 6)
    draw.rounded_rectangle(
        (centre - half, box_top, centre + half, box_bottom), 10, outline=(70, 150, 50), width=2
    )
    draw.text(
        (centre, (box_top + box_bottom) // 2),
        "SPRIBE  Official Game",
        font=label,
        fill=(200, 200, 200),
        anchor="mm",
    )
    return image
