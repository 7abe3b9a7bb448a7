from __future__ import annotations

import numpy as np
from benchmarks.ocr_samples import TILE_SIZES, multiplier_crops, played_frames, regions

from aviator.core.ocr.learner import Labelled, TemplateLearner, confirm
from aviator.core.ocr.template import TemplateOCR
from aviator.sim.skins import SKINS

SIZE = TILE_SIZES[2]


def test_templates_learned_from_200_unlabelled_frames_read_the_skin_exactly(tesseract) -> None:
    skin = SKINS["fjalla"]  # the skin Tesseract misreads most: its slips must not become templates
    region = regions(SIZE).multiplier
    frames = [frame.crop(region) for frame in played_frames(skin, SIZE, 100, 0.5, "unseen")]
    templates, report = TemplateLearner(tesseract).learn(frames)
    assert report.frames == 200 and report.kept >= 50
    assert set("0123456789.x") <= set(report.chars)
    ocr = TemplateOCR(templates)
    readings = [
        (ocr.read_multiplier(crop), value) for crop, value in multiplier_crops(skin, SIZE, 200, "after")
    ]
    wrong = [(r.text, value) for r, value in readings if r.ok and r.value != value]
    exact = sum(r.value == value for r, value in readings)
    assert wrong == [] and exact >= 198


def item(index: int, value: float) -> Labelled:
    return Labelled(index, np.zeros((1, 1, 1)), f"{value:.2f}x", value)


def test_a_reading_is_confirmed_by_a_repeat_or_by_its_rising_flight() -> None:
    items = [item(0, 1.50), item(1, 1.55), item(2, 1.60), item(5, 7.77), item(9, 2.00), item(12, 2.00)]
    assert [i.value for i in confirm(items)] == [1.55, 2.00, 2.00]


def test_a_value_out_of_its_flight_is_not_confirmed() -> None:
    items = [item(0, 1.50), item(1, 9.55), item(2, 9.60), item(3, 1.70)]
    assert confirm(items) == []
