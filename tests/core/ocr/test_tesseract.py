from __future__ import annotations

import pytest
from benchmarks.ocr_samples import REAL_MULTIPLIERS, real_image


@pytest.mark.parametrize("name", REAL_MULTIPLIERS)
def test_the_fallback_reads_the_real_multipliers(tesseract, name: str) -> None:
    reading = tesseract.read_multiplier(real_image(name))
    assert (reading.value, reading.engine) == (REAL_MULTIPLIERS[name], "tesseract")
    assert reading.ms > 0


def test_the_fallback_finds_no_multiplier_on_the_loading_screen(tesseract) -> None:
    reading = tesseract.read_multiplier(real_image("Game Phase - 2 Loading.png"))
    assert reading.value is None and reading.rejected == "no text"
