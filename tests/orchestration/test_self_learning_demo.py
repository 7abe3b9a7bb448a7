"""Workers that teach themselves skins they were never shown: no labels, only the screen.

The demo's `--self-learn` gives each worker no templates: it reads with Tesseract until readings
it confirmed on the growth curve have taught it templates, which it keeps per bookmaker. Every
round, those read by Tesseract while learning included, must still be recorded exactly.
"""

from __future__ import annotations

from pathlib import Path

from aviator.core.ocr.template import TemplateOCR, TemplateSet
from aviator.orchestration.demo import demo_names, demo_tiles
from aviator.sim.labelled_samples import labelled_crops
from aviator.sim.skins import skin_for
from tests.orchestration.demo_process import export_rounds, start_demo
from tests.orchestration.truth_checks import assert_crowds_exactly, assert_rounds_exactly, truth_rounds

BOOKMAKERS = 2
ROUNDS = 12  # the multiplier's font is learnt within the first rounds, the amounts' font after it


def test_workers_learn_their_skins_from_the_screen_and_record_exactly(
    tmp_path: Path, busy_cpus: object
) -> None:
    """Beside two processes keeping both cores busy, as a user's browsers do."""
    learned = tmp_path / "templates"
    args = ("--bookmakers", str(BOOKMAKERS), "--rounds", str(ROUNDS), "--speed", "5", "--seed", "9")
    demo = start_demo(tmp_path, *args, "--self-learn", str(learned))
    _, err = demo.communicate(timeout=600)
    assert demo.returncode == 0, err
    pairs = assert_rounds_exactly(truth_rounds(tmp_path / "truth.jsonl"), export_rounds(tmp_path))
    assert len(pairs) == BOOKMAKERS * ROUNDS
    # what the workers stored of the amounts while they learnt is nothing, never a wrong value
    assert_crowds_exactly(pairs, learning=ROUNDS)
    for name in demo_names(BOOKMAKERS):
        assert (learned / f"{name}-amounts.npz").exists()
        mine = [r for t, r in pairs if t["bookmaker"] == name]
        assert all(r["players"] is not None for r in mine[-2:]), mine  # read by the learnt templates
    _, tiles = demo_tiles(BOOKMAKERS)
    for index, name in enumerate(demo_names(BOOKMAKERS)):
        _assert_templates_read_the_skin(
            learned / f"{name}.npz", index, tiles[index].width, tiles[index].height
        )


def _assert_templates_read_the_skin(path: Path, index: int, width: int, height: int) -> None:
    """What the worker learnt reads labelled pictures of its skin exactly on the fast path. No round
    reached 1,000x while it learnt, so a thousands comma is unknown: refused (Tesseract reads those)."""
    ocr = TemplateOCR(TemplateSet.load(path))
    for crop, text in labelled_crops(skin_for(index), width, height):
        reading = ocr.read_multiplier(crop)
        if "," in text:
            assert not reading.ok, (path.name, text, reading.text)
        else:
            assert reading.ok and reading.text == text, (path.name, text, reading.text)
