from __future__ import annotations

import numpy as np
import pytest
from benchmarks.ocr_samples import TILE_SIZES, phase_box, played_frames

from aviator.analysis.phase_classifier import PhaseClassifier, evaluate, kmeans, rgb_features, train
from aviator.config.settings import GamePhase
from aviator.sim.skins import SKINS


def samples(seed: str, seconds: float) -> tuple[list[np.ndarray], list[GamePhase]]:
    crops, phases = [], []
    for skin in SKINS.values():
        for size in TILE_SIZES[::2]:
            box = phase_box(size)
            for frame in played_frames(skin, size, seconds, 0.5, seed + skin.name):
                crops.append(frame.crop(box))
                phases.append(frame.phase)
    return crops, phases


@pytest.fixture(scope="module")
def classifier() -> PhaseClassifier:
    crops, phases = samples("train", 60)
    return train(np.array([rgb_features(c) for c in crops]), phases)


def test_kmeans_finds_separated_groups() -> None:
    rng = np.random.default_rng(1)
    points = np.concatenate([rng.normal(centre, 0.1, (50, 2)) for centre in ((0, 0), (5, 5), (0, 5))])
    centroids, assignment = kmeans(points, 3, np.random.default_rng(0))
    assert sorted(np.round(centroids).tolist()) == [[0, 0], [0, 5], [5, 5]]
    assert [len(set(assignment[i : i + 50])) for i in (0, 50, 100)] == [1, 1, 1]


def test_features_are_the_rgb_collectors_six_statistics() -> None:
    crop = np.zeros((8, 8, 3), np.uint8)
    crop[:, :, 0] = 200
    assert rgb_features(crop).tolist() == [200, 0, 0, 0, 0, 0]


def test_phases_of_unseen_simulator_frames(classifier) -> None:
    crops, phases = samples("check", 60)
    report = evaluate(classifier, crops, phases)
    assert set(report.per_phase) == {"BETTING", "LOADING", "PLAYING", "ENDED"}
    assert report.accuracy >= 0.995, report.confusion
    assert report.microseconds > 0 and "right" in str(report)


def test_a_saved_classifier_predicts_the_same(classifier, tmp_path) -> None:
    crops, _ = samples("saved", 20)
    classifier.save(tmp_path / "phase.npz")
    loaded = PhaseClassifier.load(tmp_path / "phase.npz")
    assert [loaded.predict(c) for c in crops] == [classifier.predict(c) for c in crops]
