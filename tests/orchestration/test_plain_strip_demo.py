"""The demo on a site whose history strip has no 'x' ("1.19 3.60 12.40"): the worker learns the
strip's font (and that it has no 'x') from the crashes it records, and after a restart the rounds
it missed come back from that strip, flagged backfilled, every truth round once and in order.

`aviator demo --skins plain-strip --self-learn DIR`, with the multiplier's and the amounts' fonts
already in DIR (so no Tesseract): only the strip's font is learnt from the screen. The worker is
frozen (SIGSTOP) once that font is stored; the HealthMonitor kills it 10 s later and starts a new
one, which reads the strip at once.
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

from aviator.core.ocr.amount_font import learn_amount_font
from aviator.core.ocr.amount_learning import STORE_SUFFIX
from aviator.core.ocr.history import STRIP_SUFFIX
from aviator.core.ocr.template import TemplateSet, TemplateStore, learn_labelled
from aviator.data.backends import open_database
from aviator.data.export import iter_records
from aviator.data.models import Round
from aviator.orchestration.demo import demo_names, demo_tiles
from aviator.sim.labelled_samples import labelled_amounts, labelled_crops
from aviator.sim.skins import SKINS
from tests.orchestration.demo_process import next_line, start_demo, worker_pids
from tests.orchestration.truth_checks import truth_rounds

SKIN = SKINS["plain-strip"]
MOST_ROUNDS = 60  # recorded live before the strip's font must be stored
AFTER = 2  # rounds recorded live after the restart before the demo is stopped


def _store_known_fonts(folder: Path, name: str) -> None:
    """The multiplier's and the amounts' fonts of the demo's tile, as a previous run left them."""
    (tile,) = demo_tiles(1)[1]
    store = TemplateStore(folder)
    store.save(name, learn_labelled(labelled_crops(SKIN, tile.width, tile.height)))
    store.save(f"{name}{STORE_SUFFIX}", learn_amount_font(labelled_amounts(SKIN, tile.width, tile.height)))


def _until_strip_font(demo: subprocess.Popen[str], path: Path) -> None:
    """Sync point: round lines until the worker has stored the strip's font."""
    for _ in range(MOST_ROUNDS):
        next_line(demo, "round ")
        if path.exists():
            return
    raise AssertionError(f"the strip font was not learnt in {MOST_ROUNDS} rounds")


def _after_restart(demo: subprocess.Popen[str], name: str) -> list[str]:
    """Sync point: the log from the freeze until AFTER rounds recorded live by the new worker;
    returns the backfilled rounds' lines (the new worker's first strip may come before the line
    that says it runs)."""
    backfilled, running, live = [], False, 0
    for line in demo.stdout:
        running = running or line.startswith(f"worker {name} Running (restarts 1)")
        if line.startswith("round ") and "backfilled" in line:
            backfilled.append(line)
        elif line.startswith("round ") and running:
            live += 1
        if live == AFTER:
            return backfilled
    raise AssertionError("the demo ended before the new worker recorded rounds")


@pytest.mark.timeout(600)
def test_a_restarted_worker_backfills_from_a_strip_without_x(tmp_path: Path, busy_cpus: object) -> None:
    """Beside two processes keeping both cores busy, as a user's browsers do."""
    (name,) = demo_names(1)
    learned = tmp_path / "templates"
    _store_known_fonts(learned, name)
    strip_font = learned / f"{name}{STRIP_SUFFIX}.npz"
    args = ("--bookmakers", "1", "--speed", "5", "--seed", "3", "--skins", "plain-strip")
    demo = start_demo(tmp_path, *args, "--self-learn", str(learned))
    try:
        pid = worker_pids(demo)[name]
        _until_strip_font(demo, strip_font)
        os.kill(pid, signal.SIGSTOP)  # hung: killed and restarted by the HealthMonitor after 10 s
        backfilled = _after_restart(demo, name)
        demo.send_signal(signal.SIGINT)
        _, err = demo.communicate(timeout=120)
    finally:
        demo.kill()
    assert demo.returncode == 0, err
    assert "x" not in TemplateSet.load(strip_font).chars  # learnt as a strip without 'x'
    assert backfilled, "the restart missed no round: nothing came back from the strip"
    with open_database(tmp_path / "run.db") as database:
        recorded = list(iter_records(database, Round))  # in the order they were stored
    got = [f"{r['final_score']:.2f}" for r in recorded]
    assert got == [f"{t['crash']:.2f}" for t in truth_rounds(tmp_path / "truth.jsonl")]
    assert sum(r["backfilled"] for r in recorded) == len(backfilled)
