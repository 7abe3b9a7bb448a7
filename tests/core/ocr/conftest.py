"""Fixtures of the OCR tests: simulator crops per skin and the real crops beside the repository."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from aviator.core.ocr.tesseract import TesseractOCR


@pytest.fixture(scope="session")
def tesseract() -> Iterator[TesseractOCR]:
    engine = TesseractOCR()
    yield engine
    engine.close()


@pytest.fixture(scope="session")
def block_reader() -> Iterator[TesseractOCR]:
    """Tesseract for text of any characters over several lines: amounts, counts, button words."""
    reader = TesseractOCR(chars="", lines=2)
    yield reader
    reader.close()
