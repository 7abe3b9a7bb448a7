"""Phase and button readers for the OCR benchmark: rules and K-means on simulator frames, rules
on the real game's crops (the seed's ml_phase_accuracy and ml_phase_performance)."""

from __future__ import annotations

import time

import numpy as np
from benchmarks.ocr_samples import REAL_BUTTONS, REAL_PHASES, TILE_SIZES, phase_box, played_frames, real_image

from aviator.analysis.phase_classifier import evaluate, rgb_features, train
from aviator.config.settings import GamePhase
from aviator.core.ocr.button import button_state
from aviator.core.ocr.phase import phase_of
from aviator.sim.skins import SKINS


def frames(seed: str, seconds: float) -> tuple[list[np.ndarray], list[GamePhase]]:
    crops, phases = [], []
    for skin in SKINS.values():
        for size in TILE_SIZES:
            for frame in played_frames(skin, size, seconds, 0.5, f"{seed}-{skin.name}"):
                crops.append(frame.crop(phase_box(size)))
                phases.append(frame.phase)
    return crops, phases


def rules(crops: list[np.ndarray], phases: list[GamePhase]) -> dict:
    times, right = [], 0
    for crop, phase in zip(crops, phases, strict=True):
        started = time.perf_counter()
        right += phase_of(crop) is phase
        times.append((time.perf_counter() - started) * 1000)
    return {
        "frames": len(crops),
        "accuracy_pct": round(100 * right / len(crops), 3),
        "median_ms": round(float(np.median(times)), 3),
    }


def phase_results() -> dict:
    learn_crops, learn_phases = frames("phase-train", 60)
    crops, phases = frames("phase-check", 90)
    classifier = train(np.array([rgb_features(c) for c in learn_crops]), learn_phases)
    report = evaluate(classifier, crops, phases)
    return {
        "rules_sim": rules(crops, phases),
        "kmeans_sim": {
            "frames": report.samples,
            "accuracy_pct": round(100 * report.accuracy, 3),
            "median_us": round(report.microseconds, 1),
            "per_phase": report.per_phase,
        },
        "rules_real_phases": sum(phase_of(real_image(n)) is p for n, p in REAL_PHASES.items()),
        "real_phase_crops": len(REAL_PHASES),
        "real_buttons": sum(button_state(real_image(n)) is s for n, (s, _) in REAL_BUTTONS.items()),
        "real_button_crops": len(REAL_BUTTONS),
    }
