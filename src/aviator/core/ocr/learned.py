"""The learned glyph classifier: the seed's third OCR method, beside templates and Tesseract.

A softmax (multinomial logistic) regression on the normalised glyph pixels, trained on the same
glyph samples as the templates (labelled or self-learned) plus copies shifted by one pixel, so
it tolerates the small offsets a mean template does not. A read is kept only when every glyph's
most likely character has a probability of at least MIN_PROBABILITY.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from aviator.core.ocr.glyphs import GLYPH_H, GLYPH_W
from aviator.core.ocr.reading import Reading
from aviator.core.ocr.template import Samples, read_glyph_line

ENGINE = "learned"
MIN_PROBABILITY = 0.95
EPOCHS = 300
RATE = 0.5
SHIFTS = ((0, 0), (0, 1), (0, -1), (1, 0), (-1, 0))  # (rows, columns) each sample is moved by


@dataclass(frozen=True)
class GlyphClassifier:
    chars: tuple[str, ...]
    weights: np.ndarray  # (GLYPH_H * GLYPH_W + 1, len(chars)); the last row is the bias

    def probabilities(self, glyphs: np.ndarray) -> np.ndarray:
        return _softmax(_with_bias(glyphs.reshape(len(glyphs), -1)) @ self.weights)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, chars=np.array(self.chars), weights=self.weights)

    @classmethod
    def load(cls, path: Path) -> GlyphClassifier:
        with np.load(path) as data:
            return cls(tuple(str(c) for c in data["chars"]), data["weights"])


def train_classifier(samples: Samples, epochs: int = EPOCHS) -> GlyphClassifier:
    """Full-batch gradient descent on the cross-entropy of shifted copies of every sample."""
    chars = tuple(sorted(samples))
    images, labels = [], []
    for index, char in enumerate(chars):
        for glyph in samples[char]:
            for dy, dx in SHIFTS:
                images.append(np.roll(glyph.reshape(GLYPH_H, GLYPH_W), (dy, dx), axis=(0, 1)).reshape(-1))
                labels.append(index)
    x, truth = _with_bias(np.array(images, np.float32)), np.eye(len(chars), dtype=np.float32)[labels]
    weights = np.zeros((x.shape[1], len(chars)), np.float32)
    for _ in range(epochs):
        weights -= RATE * x.T @ (_softmax(x @ weights) - truth) / len(x)
    return GlyphClassifier(chars, weights)


def _with_bias(flat: np.ndarray) -> np.ndarray:
    return np.hstack([flat, np.ones((len(flat), 1), flat.dtype)])


def _softmax(scores: np.ndarray) -> np.ndarray:
    exp = np.exp(scores - scores.max(axis=1, keepdims=True))
    return exp / exp.sum(axis=1, keepdims=True)


class LearnedOCR:
    def __init__(self, classifier: GlyphClassifier, min_probability: float = MIN_PROBABILITY) -> None:
        self.classifier, self.min_probability = classifier, min_probability

    def read_multiplier(self, crop: np.ndarray, mask: np.ndarray | None = None) -> Reading:
        return read_glyph_line(crop, mask, self._classify, ENGINE)

    def _classify(self, glyphs: np.ndarray) -> tuple[str, float, bool]:
        probabilities = self.classifier.probabilities(glyphs)
        text = "".join(self.classifier.chars[i] for i in probabilities.argmax(axis=1))
        confidence = float(probabilities.max(axis=1).min())
        return text, confidence, confidence >= self.min_probability
