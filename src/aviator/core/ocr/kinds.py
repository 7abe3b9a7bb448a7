"""Reading one image of a known kind of region (the multiplier, an amount, the history strip, a bet
button, the game phase): what `aviator ocr read` and the control panel's OCR test show."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from aviator.core.ocr.amount import read_amount
from aviator.core.ocr.button import read_button
from aviator.core.ocr.engine import OCREngine
from aviator.core.ocr.history import read_history
from aviator.core.ocr.phase import phase_of
from aviator.core.ocr.reading import Reading
from aviator.core.ocr.template import TemplateOCR
from aviator.core.ocr.tesseract import TesseractOCR

KINDS = ("multiplier", "amount", "history", "button", "phase")


def reader_for(kind: str, templates: TemplateOCR | None = None) -> Callable[[np.ndarray], dict]:
    """A function reading an image of `kind`: text, value, confidence, engine, ms (and why rejected)."""
    if kind == "phase":
        return lambda image: _timed(lambda: _phase(image))
    if kind == "multiplier":
        engine = OCREngine(templates, TesseractOCR())
        return lambda image: _reading(engine.read_multiplier(image))
    block = TesseractOCR(chars="", lines=2)
    if kind == "amount":
        return lambda image: _reading(read_amount(image, block))
    if kind == "button":
        return lambda image: _timed(lambda: _button(image, block))
    engine = OCREngine(templates, TesseractOCR())
    return lambda image: _timed(lambda: _history(image, engine))


def _reading(reading: Reading) -> dict:
    return {
        "text": reading.text,
        "value": reading.value,
        "confidence": round(reading.confidence, 3),
        "engine": reading.engine,
        "ms": round(reading.ms, 3),
        "rejected": reading.rejected,
    }


def _timed(read: Callable[[], dict]) -> dict:
    started = time.perf_counter()
    result = read()
    return {**result, "ms": round((time.perf_counter() - started) * 1000, 3)}


def _phase(image: np.ndarray) -> dict:
    phase = phase_of(image)
    return {"text": phase.value, "value": None, "confidence": 1.0, "engine": "rules"}


def _button(image: np.ndarray, block: TesseractOCR) -> dict:
    state, amount = read_button(image, block).state, read_amount(image, block)
    text = f"{state.value if state else 'UNKNOWN'} {amount.text}".strip()
    return {
        "text": text,
        "value": amount.value,
        "confidence": amount.confidence,
        "engine": "colour+tesseract",
    }


def _history(image: np.ndarray, engine: OCREngine) -> dict:
    bubbles = read_history(image, engine)
    text = " ".join(bubble.text or "?" for bubble in bubbles)
    values = [bubble.value for bubble in bubbles]
    read = sum(value is not None for value in values)
    return {"text": text, "value": values, "confidence": read / max(1, len(values)), "engine": "colour+ocr"}
