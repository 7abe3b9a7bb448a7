from __future__ import annotations

import numpy as np
import pytest
from benchmarks.ocr_samples import SEPARATOR_VALUES, TILE_SIZES, multiplier_crops

from aviator.core.ocr.engine import OCREngine
from aviator.core.ocr.learned import GlyphClassifier, LearnedOCR, train_classifier
from aviator.core.ocr.parse import format_multiplier
from aviator.core.ocr.template import labelled_glyphs
from aviator.sim.skins import SKINS

SIZE = TILE_SIZES[1]


@pytest.fixture(scope="module")
def classifier() -> GlyphClassifier:
    crops = multiplier_crops(SKINS["redhat"], SIZE, 40, "learned", first=SEPARATOR_VALUES)
    return train_classifier(labelled_glyphs((crop, format_multiplier(v)) for crop, v in crops))


def test_the_learned_classifier_reads_its_skin_without_silent_errors(classifier) -> None:
    engine = OCREngine(learned=LearnedOCR(classifier), method="learned")
    readings = [
        (engine.read_multiplier(crop), v) for crop, v in multiplier_crops(SKINS["redhat"], SIZE, 60, "read")
    ]
    assert all(r.value in (None, v) for r, v in readings)
    assert sum(r.value == v for r, v in readings) >= 57
    assert {r.engine for r, _ in readings} == {"learned"}


def test_another_font_is_rejected_not_guessed(classifier) -> None:
    ocr = LearnedOCR(classifier)
    readings = [
        (ocr.read_multiplier(crop), v) for crop, v in multiplier_crops(SKINS["fjalla"], SIZE, 40, "x")
    ]
    assert all(r.value in (None, v) for r, v in readings)


def test_a_saved_classifier_gives_the_same_probabilities(classifier, tmp_path) -> None:
    classifier.save(tmp_path / "glyphs.npz")
    loaded = GlyphClassifier.load(tmp_path / "glyphs.npz")
    glyphs = np.random.default_rng(2).random((3, 32, 28)).astype(np.float32)
    assert loaded.chars == classifier.chars
    np.testing.assert_allclose(loaded.probabilities(glyphs), classifier.probabilities(glyphs))
