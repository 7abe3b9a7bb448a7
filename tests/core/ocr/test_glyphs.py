from __future__ import annotations

import numpy as np
import pytest
from benchmarks.ocr_samples import TILE_SIZES, multiplier_crops

from aviator.core.ocr.glyphs import (
    GLYPH_H,
    GLYPH_W,
    MAX_COMPONENTS,
    ROWS_PER_STRIDE,
    Runs,
    cut,
    find_text,
    segment,
    text_mask,
)
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


def test_components_are_those_of_scipy_ndimage_label() -> None:
    """The numpy labelling gives scipy's 8-connected components, numbers and boxes, on any image."""
    ndimage = pytest.importorskip("scipy.ndimage")
    rng = np.random.default_rng(7)
    for _ in range(400):
        shape = (int(rng.integers(1, 40)), int(rng.integers(1, 70)))
        binary = rng.random(shape) < rng.random()
        runs = Runs.of(binary)
        numbers, firsts = runs.components()
        expected, count = ndimage.label(binary, structure=np.ones((3, 3), bool))
        assert len(firsts) == count
        np.testing.assert_array_equal(runs.paint(numbers, shape), expected)
        if count:
            boxes = [(r.start, r.stop, c.start, c.stop) for r, c in ndimage.find_objects(expected)]
            np.testing.assert_array_equal(np.stack(runs.boxes(numbers, firsts), axis=1), boxes)


def test_a_dot_under_an_overhang_is_its_own_glyph_without_the_overhang() -> None:
    """Components that share columns ('.' under the arm of a '7') are cut apart pixel by pixel."""
    seven = np.zeros((40, 40), np.float32)
    seven[5:10, 2:30] = 1.0  # the arm
    seven[5:38, 24:30] = 1.0  # the stem
    with_dot = seven.copy()
    with_dot[31:38, 6:13] = 1.0  # under the arm, touching nothing
    glyphs = segment(with_dot)
    assert len(glyphs) == 2
    np.testing.assert_array_equal(glyphs[0], segment(seven)[0])  # the '7' has none of the dot's pixels
    assert glyphs[1].sum() > 0


def test_a_line_of_faint_pixels_only_has_no_glyphs() -> None:
    faint = np.full((20, 50), 0.3, np.float32)  # mass in every row, no pixel that is text
    assert cut(faint).components == 0 and len(segment(faint)) == 0


def test_a_noise_frame_is_left_uncut() -> None:
    """Random pixels make hundreds of specks: the line is rejected as noise before any glyph is
    normalised or matched, while a real multiplier has a handful of components."""
    noise = np.random.default_rng(5).integers(0, 256, (108, 589, 3), dtype=np.uint8)
    line = cut(find_text(noise)[0])
    assert line.noise and line.components > 4 * MAX_COMPONENTS
    assert len(line.glyphs) == 0
    for crop, value in multiplier_crops(SKINS["fjalla"], TILE_SIZES[2], 20, "components", first=(10000.0,)):
        line = cut(find_text(crop)[0])
        assert not line.noise and len(line.glyphs) == len(f"{value:,.2f}x")
        assert line.components <= MAX_COMPONENTS // 2
