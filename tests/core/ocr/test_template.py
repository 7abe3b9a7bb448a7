from __future__ import annotations

import numpy as np
import pytest
from benchmarks.ocr_samples import SEPARATOR_VALUES, TILE_SIZES, multiplier_crops

from aviator.core.ocr.glyphs import MAX_COMPONENTS
from aviator.core.ocr.parse import format_multiplier
from aviator.core.ocr.template import (
    StaleTemplates,
    TemplateOCR,
    TemplateSet,
    TemplateStore,
    from_samples,
    labelled_glyphs,
    learn_labelled,
)
from aviator.sim.skins import SKINS


def templates_for(skin, size) -> TemplateSet:
    crops = multiplier_crops(skin, size, 40, "train", first=SEPARATOR_VALUES)
    return learn_labelled((crop, format_multiplier(value)) for crop, value in crops)


@pytest.mark.parametrize("size", TILE_SIZES, ids=[f"{w}x{h}" for w, h in TILE_SIZES])
@pytest.mark.parametrize("skin", SKINS.values(), ids=SKINS.keys())
def test_templates_of_a_skin_read_its_multipliers_exactly(skin, size) -> None:
    ocr = TemplateOCR(templates_for(skin, size))
    for crop, value in multiplier_crops(skin, size, 30, "test", first=(5432.1,)):
        reading = ocr.read_multiplier(crop)
        assert (reading.value, reading.engine) == (value, "template"), reading
        assert reading.ms > 0 and 0 < reading.confidence <= 1


def test_a_glyph_unlike_every_template_is_rejected_not_guessed() -> None:
    ocr = TemplateOCR(templates_for(SKINS["classic"], TILE_SIZES[0]))
    noise = np.random.default_rng(4).integers(0, 256, (108, 441, 3), dtype=np.uint8)
    noise[:, :, 1:] //= 4  # mostly red specks: text-like pixels in no glyph's shape
    reading = ocr.read_multiplier(noise)
    assert reading.value is None and reading.rejected


def test_template_sets_are_stored_per_skin(tmp_path) -> None:
    store = TemplateStore(tmp_path)
    learned = templates_for(SKINS["source"], TILE_SIZES[0])
    store.save("source", learned)
    loaded = store.load("source")
    assert store.load("fjalla") is None
    assert loaded is not None and loaded.chars == learned.chars
    np.testing.assert_array_equal(loaded.images, learned.images)


def test_templates_of_another_glyph_pipeline_are_stale(tmp_path) -> None:
    path = tmp_path / "old.npz"
    np.savez_compressed(path, chars=np.array(["1"]), images=np.zeros((1, 896), np.float32))
    with pytest.raises(StaleTemplates, match="delete it and learn again"):
        TemplateSet.load(path)
    assert TemplateStore(tmp_path).load("old") is None


def test_a_set_knows_which_characters_it_misses() -> None:
    crops = multiplier_crops(SKINS["fjalla"], TILE_SIZES[1], 40, "train", first=SEPARATOR_VALUES)
    samples = labelled_glyphs((crop, format_multiplier(v)) for crop, v in crops)
    assert from_samples(samples).missing() == ""
    assert from_samples({c: g for c, g in samples.items() if c not in "6x"}).missing() == "6x"


def test_a_noise_frame_is_rejected_as_noise_without_reading_its_specks() -> None:
    ocr = TemplateOCR(templates_for(SKINS["classic"], TILE_SIZES[1]))
    noise = np.random.default_rng(6).integers(0, 256, (108, 589, 3), dtype=np.uint8)
    reading = ocr.read_multiplier(noise)
    assert reading.value is None and reading.rejected.startswith("noise: ")
    assert int(reading.rejected.split()[1]) > MAX_COMPONENTS  # the specks counted, none cut or matched
