"""The seed's K-means phase classifier: the game's phase from RGB statistics of its centre.

The features are exactly those the RGB collector stores (mean and standard deviation of R, G
and B of a region), scaled to unit variance. K-means (k-means++ start, Lloyd iterations) groups
the training samples; each cluster takes the phase most of its samples had, and a new sample
gets the phase of its nearest centroid. It complements the rules of core/ocr/phase.py: no text
reading, a few microseconds per sample, and it learns any skin's colours from collected samples.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from aviator.config.settings import GamePhase

CLUSTERS = 16  # several clusters per phase: flight colours, text sizes and bar fills differ
ITERATIONS = 60
STEP = 4  # every STEP-th pixel each way: the statistics barely move, the time drops 16-fold


def rgb_features(crop: np.ndarray) -> np.ndarray:
    """Mean and standard deviation of R, G, B: the RgbSample's six numbers."""
    pixels = crop[::STEP, ::STEP].reshape(-1, 3).astype(np.float32)
    return np.concatenate([pixels.mean(axis=0), pixels.std(axis=0)])


@dataclass(frozen=True)
class PhaseClassifier:
    centroids: np.ndarray  # (k, 6) in scaled units
    phases: tuple[GamePhase, ...]  # the phase of each centroid
    centre: np.ndarray  # feature means and deviations used for scaling
    spread: np.ndarray

    def predict_features(self, features: np.ndarray) -> list[GamePhase]:
        """Phases of rows of RGB statistics (n, 6)."""
        scaled = (np.atleast_2d(features) - self.centre) / self.spread
        nearest = ((scaled[:, None, :] - self.centroids[None]) ** 2).sum(axis=2).argmin(axis=1)
        return [self.phases[i] for i in nearest]

    def predict(self, crop: np.ndarray) -> GamePhase:
        return self.predict_features(rgb_features(crop))[0]

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        phases = np.array([phase.value for phase in self.phases])
        np.savez(path, centroids=self.centroids, phases=phases, centre=self.centre, spread=self.spread)

    @classmethod
    def load(cls, path: Path) -> PhaseClassifier:
        with np.load(path) as data:
            phases = tuple(GamePhase(str(p)) for p in data["phases"])
            return cls(data["centroids"], phases, data["centre"], data["spread"])


def train(
    features: np.ndarray, phases: Sequence[GamePhase], clusters: int = CLUSTERS, seed: int = 0
) -> PhaseClassifier:
    """K-means on the scaled features; each cluster is named by the majority of its samples."""
    centre, spread = features.mean(axis=0), features.std(axis=0) + 1e-6
    scaled = (features - centre) / spread
    centroids, assignment = kmeans(scaled, min(clusters, len(scaled)), np.random.default_rng(seed))
    names = []
    for cluster in range(len(centroids)):
        members = [phases[i] for i in np.flatnonzero(assignment == cluster)]
        names.append(Counter(members).most_common(1)[0][0] if members else GamePhase.UNKNOWN)
    return PhaseClassifier(centroids, tuple(names), centre, spread)


def kmeans(points: np.ndarray, k: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Lloyd's iterations from a k-means++ start; returns centroids and each point's cluster."""
    centroids = _plus_plus(points, k, rng)
    assignment = np.zeros(len(points), np.int64)
    for _ in range(ITERATIONS):
        assignment = ((points[:, None, :] - centroids[None]) ** 2).sum(axis=2).argmin(axis=1)
        moved = np.array(
            [
                points[assignment == c].mean(axis=0) if (assignment == c).any() else centroids[c]
                for c in range(k)
            ]
        )
        if np.allclose(moved, centroids):
            break
        centroids = moved
    return centroids, assignment


def _plus_plus(points: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """k-means++: each next centre drawn with probability proportional to squared distance."""
    centres = [points[rng.integers(len(points))]]
    for _ in range(1, k):
        distance = ((points[:, None, :] - np.array(centres)[None]) ** 2).sum(axis=2).min(axis=1)
        total = distance.sum()
        index = rng.choice(len(points), p=distance / total) if total > 0 else rng.integers(len(points))
        centres.append(points[index])
    return np.array(centres)


@dataclass(frozen=True)
class PhaseReport:
    """The seed's ml_phase_accuracy and ml_phase_performance, for one set of samples."""

    samples: int
    accuracy: float
    per_phase: dict[str, float]
    confusion: dict[str, dict[str, int]]  # truth -> predicted -> count
    microseconds: float  # median time of one prediction from a crop

    def __str__(self) -> str:
        phases = ", ".join(f"{name} {share:.1%}" for name, share in self.per_phase.items())
        return (
            f"{self.samples} samples, {self.accuracy:.2%} right ({phases}); {self.microseconds:.0f} µs each"
        )


def evaluate(
    classifier: PhaseClassifier, crops: Sequence[np.ndarray], truth: Sequence[GamePhase]
) -> PhaseReport:
    """Accuracy on crops, and the time of one prediction from a crop (features included)."""
    return _report(classifier.predict, crops, truth)


def evaluate_features(
    classifier: PhaseClassifier, features: np.ndarray, truth: Sequence[GamePhase]
) -> PhaseReport:
    """The same on stored statistics (rows of six numbers): the time is the prediction alone."""
    return _report(lambda row: classifier.predict_features(row)[0], list(features), truth)


def _report(
    predict: Callable[[Any], GamePhase], items: Sequence[Any], truth: Sequence[GamePhase]
) -> PhaseReport:
    predicted, times = [], []
    for item in items:
        started = time.perf_counter()
        predicted.append(predict(item))
        times.append((time.perf_counter() - started) * 1e6)
    confusion: dict[str, Counter[str]] = {}
    for want, got in zip(truth, predicted, strict=True):
        confusion.setdefault(want.value, Counter())[got.value] += 1
    per_phase = {name: row[name] / sum(row.values()) for name, row in sorted(confusion.items())}
    right = sum(want is got for want, got in zip(truth, predicted, strict=True))
    return PhaseReport(
        len(truth),
        right / max(1, len(truth)),
        per_phase,
        {name: dict(row) for name, row in confusion.items()},
        float(np.median(times)),
    )
