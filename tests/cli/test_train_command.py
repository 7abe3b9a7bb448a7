"""`aviator train phase` on simulator crops saved in one folder per phase, and on the RGB samples
and phase transitions a collector records."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import numpy as np
from benchmarks.ocr_samples import TILE_SIZES, phase_box, played_frames, regions
from PIL import Image

from aviator.analysis.phase_classifier import PhaseClassifier
from aviator.cli import main
from aviator.collectors.rgb_collector import channel_stats
from aviator.core.communication.clock import iso
from aviator.data.models import PhaseTransition, RgbSample
from aviator.data.writers import RecordWriters
from aviator.sim.skins import SKINS

START = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def test_train_phase_saves_a_model_and_reports_its_accuracy(tmp_path, capsys) -> None:
    size = TILE_SIZES[1]
    centre = phase_box(size)
    for n, frame in enumerate(played_frames(SKINS["source"], size, 90, 0.5, "train-cli")):
        folder = tmp_path / "samples" / frame.phase.value
        folder.mkdir(parents=True, exist_ok=True)
        Image.fromarray(frame.crop(centre)).save(folder / f"{n:04d}.png")
    model = tmp_path / "phase.npz"
    assert main(["train", "phase", "--samples", str(tmp_path / "samples"), "--out", str(model)]) == 0
    out = capsys.readouterr().out
    assert "100.00% right" in out
    assert len(PhaseClassifier.load(model).phases) == 16


def test_train_phase_needs_labelled_folders(tmp_path, capsys) -> None:
    assert main(["train", "phase", "--samples", str(tmp_path), "--out", str(tmp_path / "m.npz")]) == 2
    assert "at least two phases" in capsys.readouterr().err


def test_train_phase_from_what_a_collector_recorded(tmp_path, capsys) -> None:
    size, db = TILE_SIZES[1], tmp_path / "run.db"
    _record_like_a_collector(db, size)
    model = tmp_path / "phase.npz"
    assert main(["train", "phase", "--db", str(db), "--out", str(model)]) == 0
    held_out = re.search(r"held out: (\d+) samples, ([\d.]+)% right", capsys.readouterr().out)
    assert held_out and int(held_out[1]) > 50 and float(held_out[2]) >= 95
    game = regions(size).game_area  # the model now tells the phase of frames it never saw
    frames = list(played_frames(SKINS["redhat"], size, 60, 0.5, "unseen"))
    right = sum(PhaseClassifier.load(model).predict(f.crop(game)) is f.phase for f in frames)
    assert right >= 0.95 * len(frames)


def _record_like_a_collector(db, size) -> None:
    """Each look's RGB sample of the game area, and a transition whenever the phase changed."""
    writers, phase, game = RecordWriters(db), None, regions(size).game_area
    for frame in played_frames(SKINS["redhat"], size, 150, 0.5, "collected"):
        at = START + timedelta(seconds=frame.at)
        if frame.phase is not phase:
            phase = frame.phase
            writers.add(PhaseTransition("Admiral", phase.value, iso(at)))
        stats = [channel_stats(c) for c in np.moveaxis(frame.crop(game), 2, 0)]
        writers.add(
            RgbSample("Admiral", "game_area", iso(at), *(m for m, _ in stats), *(d for _, d in stats))
        )
    writers.close()
