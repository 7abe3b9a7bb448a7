from __future__ import annotations

import numpy as np
import pytest
from benchmarks.ocr_samples import (
    REAL_MULTIPLIERS,
    SEPARATOR_VALUES,
    TILE_SIZES,
    multiplier_crops,
    real_image,
)

from aviator.core.ocr.engine import OCREngine
from aviator.core.ocr.parse import format_multiplier
from aviator.core.ocr.template import TemplateOCR, learn_labelled
from aviator.sim.skins import SKINS

SIZE = TILE_SIZES[1]


@pytest.fixture(scope="module")
def templates():
    crops = multiplier_crops(SKINS["manrope"], SIZE, 30, "engine", first=SEPARATOR_VALUES)
    return learn_labelled((crop, format_multiplier(value)) for crop, value in crops)


def test_hybrid_serves_known_glyphs_from_templates(templates, tesseract) -> None:
    engine = OCREngine(TemplateOCR(templates), tesseract)
    for crop, value in multiplier_crops(SKINS["manrope"], SIZE, 10, "hybrid"):
        reading = engine.read_multiplier(crop)
        assert (reading.value, reading.engine) == (value, "template")
    assert engine.served == {"template": 10}


def test_hybrid_hands_unknown_glyphs_to_the_fallback(templates, tesseract) -> None:
    engine = OCREngine(TemplateOCR(templates), tesseract)
    for name, value in REAL_MULTIPLIERS.items():  # the real game's font, unlike the skin's
        reading = engine.read_multiplier(real_image(name))
        assert reading.value == value and reading.ms > 0
    assert engine.served["tesseract"] >= 3 and engine.served["rejected"] == 0


def test_a_crop_without_text_is_not_handed_on(templates, tesseract) -> None:
    engine = OCREngine(TemplateOCR(templates), tesseract)
    reading = engine.read_multiplier(np.zeros((100, 400, 3), np.uint8))
    assert reading.rejected == "no text" and reading.engine == "template"


class Untouchable:
    """A fallback that fails the test if it is ever asked to read."""

    def read_multiplier(self, crop: np.ndarray, mask: np.ndarray | None = None):
        raise AssertionError("the fallback was called")


def test_the_template_method_never_calls_the_fallback(templates) -> None:
    engine = OCREngine(TemplateOCR(templates), Untouchable(), method="template")
    noise = np.random.default_rng(3).integers(0, 256, (108, 589, 3), dtype=np.uint8)
    reading = engine.read_multiplier(noise)
    assert reading.rejected not in (None, "no text") and engine.served == {"rejected": 1}


def test_a_method_needs_its_engine(tesseract) -> None:
    with pytest.raises(ValueError, match="no engine"):
        OCREngine(fallback=tesseract, method="template")
    with pytest.raises(ValueError, match="unknown OCR method"):
        OCREngine(fallback=tesseract, method="guess")
