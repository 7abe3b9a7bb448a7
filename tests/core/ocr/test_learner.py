from __future__ import annotations

import math

import numpy as np
import pytest
from benchmarks.ocr_samples import TILE_SIZES, multiplier_crops, played_frames, regions

from aviator.config.settings import GROWTH_RATE
from aviator.core.ocr.learner import Labelled, TemplateLearner, confirm, on_curve
from aviator.core.ocr.template import TemplateOCR
from aviator.sim.skins import SKINS

SIZE = TILE_SIZES[2]


@pytest.mark.parametrize("seed", ["unseen", "unseen-2"])
def test_templates_learned_from_200_unlabelled_frames_read_the_skin_exactly(tesseract, seed: str) -> None:
    skin = SKINS["fjalla"]  # the skin Tesseract misreads most: its slips must not become templates
    region = regions(SIZE).multiplier
    frames = list(played_frames(skin, SIZE, 100, 0.5, seed))
    templates, report = TemplateLearner(tesseract).learn(
        [f.crop(region) for f in frames], [f.at for f in frames]
    )
    assert report.frames == 200 and report.kept >= 50
    ocr = TemplateOCR(templates)
    readings = [(ocr.read_multiplier(crop), v) for crop, v in multiplier_crops(skin, SIZE, 200, "after")]
    wrong = [(r.text, value) for r, value in readings if r.ok and r.value != value]
    exact = sum(r.value == value for r, value in readings)
    assert wrong == [] and exact >= 190


def item(index: int, value: float, at: float | None = None, crashed: bool = False) -> Labelled:
    return Labelled(index, np.zeros((1, 1, 1)), f"{value:.2f}x", value, at, crashed)


def test_without_times_a_reading_is_confirmed_by_a_repeat_or_by_its_rising_flight() -> None:
    items = [item(0, 1.50), item(1, 1.55), item(2, 1.60), item(5, 7.77), item(9, 2.00), item(12, 2.00)]
    assert [i.value for i in confirm(items)] == [1.55, 2.00, 2.00]
    assert confirm([item(0, 1.50), item(1, 9.55), item(2, 9.60), item(3, 1.70)]) == []


def on_the_curve(seconds: float) -> float:
    return math.floor(100 * math.exp(GROWTH_RATE * seconds)) / 100


def test_with_times_a_consistent_misread_leaves_the_growth_curve() -> None:
    """'5' read as '9' in every frame still rises smoothly, but not at the time it is seen."""
    flight = [item(n, on_the_curve(10 + 2 * n), at=110.0 + 2 * n) for n in range(5)]  # 2.30x .. 4.41x
    misread = [item(5, 9.29, at=120.0), item(6, 9.75, at=121.0)]  # 5.29x and 5.75x on screen
    crash = [item(7 + n, on_the_curve(21.7), at=121.8 + n, crashed=True) for n in range(3)]
    kept = on_curve(flight + misread + crash)
    assert [i.index for i in kept] == [0, 1, 2, 3, 4, 7, 8, 9]


def test_a_run_without_enough_flight_readings_confirms_nothing() -> None:
    assert on_curve([item(0, 3.0, at=1.0, crashed=True), item(1, 3.0, at=2.0, crashed=True)]) == []
