"""Tesseract in-process (tesserocr): the fallback engine for reads the templates do not trust.

Chosen over RapidOCR by measurement (see README, "OCR benchmark"): about 10x faster per read and
no second OpenCV build beside ours. The model file comes from Debian's `tesseract-ocr-eng`;
nothing is downloaded. Tesseract gets the text mask, black on white with a margin, which is
what its line recogniser reads best, and only the characters the game prints.

The whitelist makes Tesseract drop what it may not print: '250.00 EUR' comes out '250.00', a
clock '18:59' as '1859' or '18.59'. So its text counts only when it ends with the x
(repair_multiplier): without it, it is rejected, even where the x of a real multiplier was missed
(a few % of reads in condensed fonts; adding 'X' to the whitelist reads those but misreads more).
"""

from __future__ import annotations

import glob
import os
import time
from pathlib import Path

import numpy as np
from PIL import Image

from aviator.core.ocr.glyphs import find_text, main_line
from aviator.core.ocr.parse import ParseError
from aviator.core.ocr.reading import Reading
from aviator.core.ocr.validation import repair_multiplier

ENGINE = "tesseract"
MULTIPLIER_CHARS = "0123456789.,x"
MARGIN = 12  # white pixels around the text: Tesseract misreads glyphs that touch the border
TEXT_ROWS = 48  # the mask is scaled so its text is about this tall


class TesseractMissing(RuntimeError):
    """tesserocr or its English model is not installed."""


def tessdata_dir() -> Path:
    """Where Debian (or TESSDATA_PREFIX) keeps eng.traineddata."""
    candidates = [
        os.environ.get("TESSDATA_PREFIX", ""),
        *sorted(glob.glob("/usr/share/tesseract-ocr/*/tessdata")),
    ]
    for candidate in candidates:
        if candidate and (Path(candidate) / "eng.traineddata").exists():
            return Path(candidate)
    raise TesseractMissing("eng.traineddata not found: install Debian's tesseract-ocr-eng")


class TesseractOCR:
    """One Tesseract instance; not shared between threads (each worker process has its own)."""

    engine_name = ENGINE

    def __init__(self, chars: str = MULTIPLIER_CHARS, lines: int = 1) -> None:
        """`chars`: the only characters to read ("" for any); `lines`: 1, or more for a block."""
        try:
            import tesserocr
        except ImportError as error:
            raise TesseractMissing("tesserocr is not installed") from error
        psm = tesserocr.PSM.SINGLE_LINE if lines == 1 else tesserocr.PSM.SINGLE_BLOCK
        self._api = tesserocr.PyTessBaseAPI(path=str(tessdata_dir()), lang="eng", psm=psm)
        self._api.SetVariable("tessedit_char_whitelist", chars)

    def close(self) -> None:
        self._api.End()

    def read_text(self, mask: np.ndarray) -> tuple[str, float]:
        """Text and mean confidence (0..1) of a text mask (1 = ink)."""
        self._api.SetImage(to_page(mask))
        text = " ".join(self._api.GetUTF8Text().split())
        return text, max(0.0, self._api.MeanTextConf() / 100)

    def read_multiplier(self, crop: np.ndarray, mask: np.ndarray | None = None) -> Reading:
        started = time.perf_counter()
        mask = find_text(crop)[0] if mask is None else mask
        if not mask.size or mask.max() < 0.5:
            return _reading("", None, 0.0, started, "no text")
        text, confidence = self.read_text(mask)
        try:
            value = repair_multiplier(text)
        except ParseError as error:
            return _reading(text, None, confidence, started, str(error))
        return _reading(text, value, confidence, started, None)


def to_page(mask: np.ndarray) -> Image.Image:
    """Black text on white, scaled to a comfortable height, with a white margin."""
    line = main_line(mask)  # the tallest line of text, so that a block's lines are not squeezed
    height = max(1, line[1] - line[0]) if line else mask.shape[0]
    image = Image.fromarray((255 - np.clip(mask, 0, 1) * 255).astype(np.uint8))
    factor = TEXT_ROWS / height
    if abs(factor - 1) > 0.25:
        image = image.resize((max(1, round(image.width * factor)), max(1, round(image.height * factor))))
    page = Image.new("L", (image.width + 2 * MARGIN, image.height + 2 * MARGIN), 255)
    page.paste(image, (MARGIN, MARGIN))
    return page


def _reading(text: str, value: float | None, confidence: float, started: float, why: str | None) -> Reading:
    return Reading(text, value, confidence, ENGINE, (time.perf_counter() - started) * 1000, why)
