"""`aviator demo -v` says why a round was not recorded; without -v it does not.

The worker of a `--self-learn` demo finds its skin's templates stored, but the multiplier's lack
the 'x' (a site that changed its font would do the same): every flight and crash reading is
rejected, no round is recorded as it is played, and each loss must be explained on the log with
its reason (the strip, read by its own font and Tesseract, may bring some back afterwards).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from tests.orchestration.demo_process import AVIATOR

from aviator.core.ocr.amount_font import learn_amount_font
from aviator.core.ocr.amount_learning import STORE_SUFFIX
from aviator.core.ocr.history import STRIP_SUFFIX
from aviator.core.ocr.strip_learning import StripLearner
from aviator.core.ocr.template import TemplateSet, learn_labelled
from aviator.orchestration.demo import demo_names, demo_tiles
from aviator.sim.labelled_samples import labelled_amounts, labelled_crops, labelled_strips
from aviator.sim.skins import skin_for


@pytest.fixture(scope="module")
def templates_without_x(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every font of the demo's first bookmaker stored (no Tesseract starts), the multiplier's
    without its 'x'."""
    folder = tmp_path_factory.mktemp("templates")
    (name,), (tile,) = demo_names(1), demo_tiles(1)[1]
    skin = skin_for(0)
    full = learn_labelled(labelled_crops(skin, tile.width, tile.height))
    keep = [i for i, char in enumerate(full.chars) if char != "x"]
    without_x = TemplateSet([full.chars[i] for i in keep], full.images[keep], full.radii[keep])
    without_x.save(folder / f"{name}.npz")
    amounts = learn_amount_font(labelled_amounts(skin, tile.width, tile.height))
    amounts.save(folder / f"{name}{STORE_SUFFIX}.npz")
    strip = StripLearner.taught(labelled_strips(skin, tile.width, tile.height)).templates()
    strip.save(folder / f"{name}{STRIP_SUFFIX}.npz")
    return folder


def demo(tmp_path: Path, templates: Path, *verbose: str) -> subprocess.CompletedProcess[str]:
    files = ("--db", str(tmp_path / "run.db"), "--truth", str(tmp_path / "truth.jsonl"))
    args = ("--bookmakers", "1", "--rounds", "2", "--speed", "5", "--self-learn", str(templates))
    command = [*AVIATOR, "demo", *verbose, *files, *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def test_demo_verbose_explains_every_lost_round(tmp_path: Path, templates_without_x: Path) -> None:
    result = demo(tmp_path, templates_without_x, "-v")
    said = result.stderr.splitlines()
    lost = [line for line in said if "aviator.worker: Admiral: round not recorded" in line]
    assert lost, result.stderr[-3000:]
    assert all("readings rejected (" in line for line in lost), lost
    assert "rejected" in result.stderr and "reading" in result.stderr


def test_without_verbose_the_reasons_stay_out_of_the_log(tmp_path: Path, templates_without_x: Path) -> None:
    result = demo(tmp_path, templates_without_x)
    assert "round not recorded" not in result.stderr, result.stderr[-3000:]
    rounds = [line for line in result.stdout.splitlines() if line.startswith("round ")]
    live = [line for line in rounds if "(backfilled from the history strip)" not in line]
    assert live == [], live  # every reading was rejected all the same (the strip may bring some back)
