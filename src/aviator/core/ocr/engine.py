"""OCREngine: the seed's method choice between the template fast path and the fallback engines.

- "template": templates only (fastest; unknown glyphs are rejected).
- "fallback": the in-process fallback engine only (Tesseract).
- "learned": the learned glyph classifier only.
- "hybrid" (default): templates first; a read whose glyphs fail the distance gate goes to the
  learned classifier when there is one, then to the fallback. A crop without text is never
  handed on: there is nothing to read.
Every read says which engine produced it and how long the whole chain took.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import replace
from typing import Protocol

import numpy as np

from aviator.core.ocr.reading import Reading

METHODS = ("hybrid", "template", "fallback", "learned")
NO_TEXT = "no text"
NOISE = "noise:"  # the start of template.noise()'s reason


class MultiplierReader(Protocol):
    def read_multiplier(self, crop: np.ndarray, mask: np.ndarray | None = None) -> Reading: ...


def not_text(reading: Reading) -> bool:
    """A crop with no text, or only specks of noise: no other engine is asked (Tesseract would
    spend 8-22 ms on a noise frame for nothing)."""
    return reading.rejected == NO_TEXT or (reading.rejected or "").startswith(NOISE)


class OCREngine:
    """Reads multiplier crops by the chosen method and counts which engine served each read."""

    def __init__(
        self,
        template: MultiplierReader | None = None,
        fallback: MultiplierReader | None = None,
        learned: MultiplierReader | None = None,
        method: str = "hybrid",
    ) -> None:
        if method not in METHODS:
            raise ValueError(f"unknown OCR method {method!r}: choose one of {', '.join(METHODS)}")
        self.method = method
        self.chain = self._chain(method, template, fallback, learned)
        if not self.chain:
            raise ValueError(f"OCR method {method!r} has no engine to run")
        self.served: Counter[str] = Counter()  # engine name, or "rejected"

    @staticmethod
    def _chain(method: str, *engines: MultiplierReader | None) -> list[MultiplierReader]:
        template, fallback, learned = engines
        chosen = {
            "hybrid": [template, learned, fallback],
            "template": [template],
            "fallback": [fallback],
            "learned": [learned],
        }[method]
        return [engine for engine in chosen if engine is not None]

    def read_multiplier(self, crop: np.ndarray, mask: np.ndarray | None = None) -> Reading:
        started = time.perf_counter()
        reading = self.chain[0].read_multiplier(crop, mask)
        for engine in self.chain[1:]:
            if reading.ok or not_text(reading):
                break
            reading = engine.read_multiplier(crop, mask)
        self.served[reading.engine if reading.ok else "rejected"] += 1
        return replace(reading, ms=(time.perf_counter() - started) * 1000)
