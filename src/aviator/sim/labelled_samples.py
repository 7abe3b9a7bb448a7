"""Labelled multiplier crops of a skin, standing in for screenshots an operator labelled.

The demo teaches its template OCR from these before the workers start (the seed's
template_generator); `aviator sim --samples` writes them as a folder of PNG files and a labels
file, the form in which an operator hands over labelled screenshots.
The reader never sees simulator state: it gets pictures and their labels.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
from PIL import Image

from aviator.config.layouts import Rect
from aviator.config.settings import GamePhase
from aviator.core.capture.regions import GameRegions
from aviator.sim.engine import GameView
from aviator.sim.renderer import TileRenderer, format_multiplier
from aviator.sim.skins import Skin

LABELS_FILE = "labels.csv"
STRIPS_FOLDER = "strips"  # beside the multiplier crops: history strips, labelled by their newest bubble
LABEL_VALUES = (1.0, 1.23, 4.56, 7.89, 10.0, 23.45, 67.89, 1234.56, 2000.01, 3281.54)
# The line's height, by which glyphs are scaled, depends on which digits it holds (round digits
# overshoot flat ones by a pixel in some fonts): lines of one digit and of flat digits only.
LINE_VALUES = (
    *(float(f"{d}.{d}{d}") for d in range(1, 10)),
    1.11,
    1.24,
    1.47,
    2.14,
    4.72,
    7.12,
    11.24,
    21.17,
    # every digit after every other: a round digit beside flat ones scales its line differently
    *(float(f"{a}.{b}{b}") for a in range(1, 10) for b in range(10) if a != b),
)


def labelled_crops(skin: Skin, width: int, height: int, extra: int = 30) -> Iterator[tuple[np.ndarray, str]]:
    renderer = TileRenderer(skin, width, height)
    box = GameRegions.for_tile(Rect(0, 0, width, height)).multiplier
    rng = random.Random(skin.name)
    values = [*LABEL_VALUES, *LINE_VALUES, *(round(rng.uniform(1, 100), 2) for _ in range(extra))]
    for value in values:
        image = renderer.render(GameView(GamePhase.PLAYING, value, 0.0, (), 1))
        yield image[box.top : box.bottom, box.left : box.right], format_multiplier(value)


AMOUNT_VALUES = 40  # random values per region: every digit in every place, several times


def labelled_amounts(skin: Skin, width: int, height: int) -> Iterator[tuple[np.ndarray, str]]:
    """Crops of the numbers under the game (players, total bets, players in play, cashed out) with
    the text they show: the amount font's labelled pictures."""
    renderer = TileRenderer(skin, width, height)
    regions = GameRegions.for_tile(Rect(0, 0, width, height))
    rng = random.Random(f"amounts:{skin.name}")
    for _ in range(AMOUNT_VALUES):
        players = rng.choice((rng.randint(0, 999), rng.randint(1000, 9999)))
        money = [round(rng.choice((rng.uniform(0, 999), rng.uniform(1000, 199_999))), 2) for _ in range(2)]
        view = GameView(GamePhase.PLAYING, 1.5, 0.0, (), 1, players, money[0], players // 2, money[1])
        image = renderer.render(view)
        for box, text in (
            (regions.players, renderer.count_text(view.players)),
            (regions.players_left, renderer.count_text(view.players_left)),
            (regions.total_bets, renderer.money_text(view.total_bets)),
            (regions.cashed_out, renderer.money_text(view.cashed_out)),
        ):
            yield image[box.top : box.bottom, box.left : box.right], text


def write_samples(skin: Skin, width: int, height: int, folder: Path) -> int:
    """Writes labelled multiplier crops as PNG files with a labels.csv (file,text), and history strips
    labelled with their newest bubble's value in folder/STRIPS_FOLDER; returns how many crops."""
    strips = ((crop, format_multiplier(value)) for crop, value in labelled_strips(skin, width, height))
    _write_labelled(strips, folder / STRIPS_FOLDER)
    return _write_labelled(labelled_crops(skin, width, height), folder)


def _write_labelled(samples: Iterable[tuple[np.ndarray, str]], folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    with (folder / LABELS_FILE).open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(("file", "text"))
        for count, (crop, label) in enumerate(samples, start=1):
            name = f"{count:03d}.png"
            Image.fromarray(crop).save(folder / name)
            writer.writerow((name, label))
    return count


def labelled_strips(skin: Skin, width: int, height: int) -> Iterator[tuple[np.ndarray, float]]:
    """History strip crops with the value of their newest bubble: the strip's own small font."""
    renderer = TileRenderer(skin, width, height)
    box = GameRegions.for_tile(Rect(0, 0, width, height)).history
    rng = random.Random(f"strip:{skin.name}")
    values = [*LABEL_VALUES, *LINE_VALUES, *(round(rng.uniform(1, 100), 2) for _ in range(30))]
    for value in values:
        image = renderer.render(GameView(GamePhase.BETTING, 1.0, 0.5, (value, 1.5, 2.5), 1))
        yield image[box.top : box.bottom, box.left : box.right], value
