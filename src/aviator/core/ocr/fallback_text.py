"""A multiplier from a text engine's output: what Tesseract does whether it runs in the worker's
process or in a process of its own (tesseract_process.py)."""

from __future__ import annotations

import time
from typing import Protocol

import numpy as np

from aviator.core.ocr.glyphs import find_text
from aviator.core.ocr.parse import ParseError
from aviator.core.ocr.reading import Reading
from aviator.core.ocr.validation import repair_multiplier


class TextEngine(Protocol):
    engine_name: str

    def read_text(self, mask: np.ndarray) -> tuple[str, float]: ...


def read_multiplier_with(engine: TextEngine, crop: np.ndarray, mask: np.ndarray | None) -> Reading:
    """The crop's multiplier as `engine` reads its text mask, repaired where unambiguous."""
    started = time.perf_counter()
    mask = find_text(crop)[0] if mask is None else mask
    if not mask.size or mask.max() < 0.5:
        return _reading(engine, "", None, 0.0, started, "no text")
    text, confidence = engine.read_text(mask)
    try:
        value = repair_multiplier(text)
    except ParseError as error:
        return _reading(engine, text, None, confidence, started, str(error))
    return _reading(engine, text, value, confidence, started, None)


def _reading(
    engine: TextEngine, text: str, value: float | None, confidence: float, started: float, why: str | None
) -> Reading:
    return Reading(text, value, confidence, engine.engine_name, (time.perf_counter() - started) * 1000, why)
