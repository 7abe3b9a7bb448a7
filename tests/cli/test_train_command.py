"""`aviator train phase` on simulator crops saved in one folder per phase."""

from __future__ import annotations

from benchmarks.ocr_samples import TILE_SIZES, phase_box, played_frames
from PIL import Image

from aviator.analysis.phase_classifier import PhaseClassifier
from aviator.cli import main
from aviator.sim.skins import SKINS


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
