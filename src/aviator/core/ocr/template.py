"""Template OCR: glyphs matched against templates learned from the game's own frames.

Each glyph is compared with every template by mean absolute difference; a read whose worst glyph
is farther than the gate from its best template is rejected, so a font the templates do not know
gives a rejection, not a silent wrong number.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from aviator.core.ocr.glyphs import GLYPH_H, GLYPH_W, segment, text_mask
from aviator.core.ocr.parse import ParseError, parse_multiplier
from aviator.core.ocr.reading import Reading

MAX_DISTANCE = 0.12  # mean absolute difference above which a glyph is not trusted
ENGINE = "template"


@dataclass
class TemplateSet:
    """Prototype glyph images per character, stored per skin."""

    chars: list[str] = field(default_factory=list)
    images: np.ndarray = field(default_factory=lambda: np.zeros((0, GLYPH_H * GLYPH_W), np.float32))

    def __len__(self) -> int:
        return len(self.chars)

    def add(self, char: str, glyph: np.ndarray) -> None:
        self.chars.append(char)
        self.images = np.vstack([self.images, glyph.reshape(1, -1).astype(np.float32)])

    def match(self, glyphs: list[np.ndarray]) -> tuple[str, np.ndarray]:
        """Best character per glyph and its distance."""
        stacked = np.stack([g.reshape(-1) for g in glyphs])
        distances = np.abs(stacked[:, None, :] - self.images[None, :, :]).mean(axis=2)
        best = distances.argmin(axis=1)
        return "".join(self.chars[i] for i in best), distances[np.arange(len(glyphs)), best]

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, chars=np.array(self.chars), images=self.images)

    @classmethod
    def load(cls, path: Path) -> TemplateSet:
        with np.load(path) as data:
            return cls([str(c) for c in data["chars"]], data["images"].astype(np.float32))


def learn_labelled(samples: Iterable[tuple[np.ndarray, str]]) -> TemplateSet:
    """Templates from labelled crops: one averaged prototype per character.

    A crop whose glyph count differs from its label's length is skipped (touching glyphs or
    noise), so a bad sample cannot teach a wrong glyph.
    """
    collected: dict[str, list[np.ndarray]] = {}
    for crop, label in samples:
        glyphs = segment(text_mask(crop)[0])
        if len(glyphs) != len(label):
            continue
        for char, glyph in zip(label, glyphs, strict=True):
            collected.setdefault(char, []).append(glyph)
    templates = TemplateSet()
    for char in sorted(collected):
        templates.add(char, np.mean(collected[char], axis=0))
    return templates


class TemplateOCR:
    def __init__(self, templates: TemplateSet, max_distance: float = MAX_DISTANCE) -> None:
        if not len(templates):
            raise ValueError("template OCR needs at least one template")
        self.templates, self.max_distance = templates, max_distance

    def read_multiplier(self, crop: np.ndarray, mask: np.ndarray | None = None) -> Reading:
        started = time.perf_counter()
        glyphs = segment(text_mask(crop)[0] if mask is None else mask)
        if not glyphs:
            return self._reading("", None, 0.0, started, "no text")
        text, distances = self.templates.match(glyphs)
        confidence = float(max(0.0, 1.0 - distances.max() / (2 * self.max_distance)))
        if distances.max() > self.max_distance:
            return self._reading(text, None, confidence, started, "glyph not recognised")
        try:
            value = parse_multiplier(text)
        except ParseError as error:
            return self._reading(text, None, confidence, started, str(error))
        return self._reading(text, value, confidence, started, None)

    @staticmethod
    def _reading(text: str, value: float | None, conf: float, started: float, why: str | None) -> Reading:
        ms = (time.perf_counter() - started) * 1000
        return Reading(text, value, conf, ENGINE, ms, why)
