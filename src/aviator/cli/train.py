"""`aviator train phase`: the K-means phase classifier from collected samples.

Samples are crops of the game's centre in one folder per phase (BETTING, LOADING, PLAYING,
ENDED). A share of them is held out; the report gives accuracy per phase and the time of one
prediction on the held-out samples (the seed's ml_phase_accuracy and ml_phase_performance).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import numpy as np
from PIL import Image

from aviator.analysis.phase_classifier import CLUSTERS, evaluate, rgb_features, train
from aviator.config.settings import GamePhase

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp"}


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("train", help="train a model from collected samples")
    what = parser.add_subparsers(dest="what", required=True, metavar="WHAT")
    phase = what.add_parser("phase", help="the K-means phase classifier")
    phase.add_argument(
        "--samples", type=Path, required=True, help="a folder with one folder of crops per phase"
    )
    phase.add_argument("--out", type=Path, required=True, help="the model file (.npz)")
    phase.add_argument("--clusters", type=int, default=CLUSTERS)
    phase.add_argument("--hold-out", type=float, default=0.3, help="share of samples kept for the report")
    phase.set_defaults(handler=train_phase)


def train_phase(args: argparse.Namespace) -> int:
    from aviator.cli import UsageError

    samples = labelled_samples(args.samples)
    if len({phase for _, phase in samples}) < 2:
        raise UsageError(f"{args.samples} needs crops of at least two phases in folders named {_names()}")
    random.Random(0).shuffle(samples)
    cut = max(1, int(len(samples) * (1 - args.hold_out)))
    learn, check = samples[:cut], samples[cut:] or samples[:cut]
    features = np.array([rgb_features(crop) for crop, _ in learn])
    classifier = train(features, [phase for _, phase in learn], args.clusters)
    classifier.save(args.out)
    print(f"trained on {len(learn)} samples, {len(classifier.centroids)} clusters -> {args.out}")
    print(f"held out: {evaluate(classifier, [c for c, _ in check], [p for _, p in check])}")
    return 0


def labelled_samples(folder: Path) -> list[tuple[np.ndarray, GamePhase]]:
    samples = []
    for phase in GamePhase:
        for path in sorted((folder / phase.value).glob("*")):
            if path.suffix.lower() in IMAGE_SUFFIXES:
                samples.append((np.asarray(Image.open(path).convert("RGB")), phase))
    return samples


def _names() -> str:
    return ", ".join(phase.value for phase in GamePhase if phase is not GamePhase.UNKNOWN)
