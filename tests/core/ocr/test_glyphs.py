from __future__ import annotations

import numpy as np
import pytest
from benchmarks.ocr_samples import TILE_SIZES, multiplier_crops

from aviator.core.ocr.glyphs import GLYPH_H, GLYPH_W, ROWS_PER_STRIDE, find_text, segment, text_mask
from aviator.sim.skins import SKINS


@pytest.mark.parametrize("size", TILE_SIZES, ids=[f"{w}x{h}" for w, h in TILE_SIZES])
@pytest.mark.parametrize("skin", SKINS.values(), ids=SKINS.keys())
def test_fast_mask_cuts_the_same_glyphs_as_the_full_mask(skin, size) -> None:
    for crop, _ in multiplier_crops(skin, size, 30, "glyphs"):
        short = crop[: ROWS_PER_STRIDE - 1]  # short crops are read at full resolution
        full, fast = segment(text_mask(short)[0]), segment(find_text(short)[0])
        assert len(full) > 0
        np.testing.assert_array_equal(full, fast)


def test_glyphs_come_one_per_character_in_the_normalised_box() -> None:
    crop, value = next(multiplier_crops(SKINS["classic"], TILE_SIZES[1], 2, "box"))
    glyphs = segment(find_text(crop)[0])
    assert glyphs.shape == (len(f"{value:,.2f}x"), GLYPH_H, GLYPH_W)
    assert glyphs.min() >= 0 and glyphs.max() <= 1


def test_crash_text_is_red_and_flight_text_white() -> None:
    crops = list(multiplier_crops(SKINS["redhat"], TILE_SIZES[2], 2, "colours"))
    assert find_text(crops[0][0])[1].name == "red"  # every third crop shows the crash
    assert find_text(crops[1][0])[1].name == "white"


def test_a_crop_without_text_has_no_glyphs() -> None:
    blank = np.full((100, 300, 3), (24, 66, 120), np.uint8)
    mask, colour = find_text(blank)
    assert colour.name == "none"
    assert len(segment(mask)) == 0
