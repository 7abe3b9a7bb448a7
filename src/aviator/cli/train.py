"""`aviator train phase`: the K-means phase classifier from collected samples.

Samples are either crops of the game's centre in one folder per phase (BETTING, LOADING,
PLAYING, ENDED), or the RGB samples a collector recorded in its database, each labelled with the
phase its worker's rules saw at that moment. A share of them is held out; the report gives
accuracy per phase and the time of one prediction on the held-out samples (the seed's
ml_phase_accuracy and ml_phase_performance).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import numpy as np
from PIL import Image

from aviator.analysis.phase_classifier import CLUSTERS, evaluate, evaluate_features, rgb_features, train
from aviator.analysis.phase_samples import labelled_statistics
from aviator.cli.commands import HELP
from aviator.cli.db_argument import DB_HELP, open_recorded
from aviator.config.settings import GamePhase

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp"}


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("train", help=HELP["train"])
    what = parser.add_subparsers(dest="what", required=True, metavar="WHAT")
    phase = what.add_parser("phase", help="the K-means phase classifier")
    source = phase.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--samples", type=Path, metavar="DIR", help="a folder with one folder of crops per phase"
    )
    source.add_argument("--db", metavar="PATH|URL", help=f"RGB samples a collector recorded: {DB_HELP}")
    phase.add_argument(
        "--region", default="game_area", help="with --db: the sampled region (default game_area)"
    )
    phase.add_argument("--out", type=Path, required=True, metavar="FILE", help="the model file (.npz)")
    phase.add_argument(
        "--clusters", type=int, default=CLUSTERS, metavar="K", help=f"K-means clusters (default {CLUSTERS})"
    )
    phase.add_argument(
        "--hold-out", type=float, default=0.3, metavar="SHARE", help="share of samples kept for the report"
    )
    phase.set_defaults(handler=train_phase)


def train_phase(args: argparse.Namespace) -> int:
    features, phases, crops = _from_db(args) if args.db else _from_folder(args.samples)
    order = list(range(len(phases)))
    random.Random(0).shuffle(order)
    cut = max(1, int(len(order) * (1 - args.hold_out)))
    learn, check = order[:cut], order[cut:] or order[:cut]
    classifier = train(features[learn], [phases[i] for i in learn], args.clusters)
    classifier.save(args.out)
    print(f"trained on {len(learn)} samples, {len(classifier.centroids)} clusters -> {args.out}")
    truth = [phases[i] for i in check]
    if crops is None:
        report = evaluate_features(classifier, features[check], truth)
    else:
        report = evaluate(classifier, [crops[i] for i in check], truth)
    print(f"held out: {report}")
    return 0


def _from_folder(folder: Path) -> tuple[np.ndarray, list[GamePhase], list[np.ndarray]]:
    samples = labelled_samples(folder)
    _need_two_phases(
        [phase for _, phase in samples],
        f"{folder} needs crops of at least two phases in folders named {_names()}",
    )
    return (
        np.array([rgb_features(crop) for crop, _ in samples]),
        [phase for _, phase in samples],
        [c for c, _ in samples],
    )


def _from_db(args: argparse.Namespace) -> tuple[np.ndarray, list[GamePhase], None]:
    with open_recorded(args.db) as database:
        features, phases = labelled_statistics(database, args.region)
    _need_two_phases(
        phases, f"{args.db} holds no RGB samples of region {args.region!r} in two phases or more"
    )
    return features, phases, None


def _need_two_phases(phases: list[GamePhase], message: str) -> None:
    from aviator.cli import UsageError

    if len(set(phases)) < 2:
        raise UsageError(message)


def labelled_samples(folder: Path) -> list[tuple[np.ndarray, GamePhase]]:
    samples = []
    for phase in GamePhase:
        for path in sorted((folder / phase.value).glob("*")):
            if path.suffix.lower() in IMAGE_SUFFIXES:
                samples.append((np.asarray(Image.open(path).convert("RGB")), phase))
    return samples


def _names() -> str:
    return ", ".join(phase.value for phase in GamePhase if phase is not GamePhase.UNKNOWN)
