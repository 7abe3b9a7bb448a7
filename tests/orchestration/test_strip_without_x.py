"""Restart recovery on a site whose history strip shows its bubbles without an 'x' ("1.19 3.60").

A self-learning worker (SkinLearning: the multiplier's and the amounts' fonts found stored, the
strip's learnt from the screen) watches a game drawn with such a strip: from the crashes it records
it learns the strip's font, and that the strip has no 'x'. Then it is stopped, rounds go by unseen,
and a new worker (restarted: the strip font loaded from its file) brings them back from the strip,
flagged backfilled, exactly. Real BookmakerWorker, GameScreenReader and HistoryRecovery; the screen
is the simulator's renderer at the worker's clock.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from aviator.config.layouts import Rect
from aviator.core.capture.regions import GameRegions
from aviator.core.capture.sources import DisplaySpec
from aviator.core.communication.clock import ManualClock
from aviator.core.ocr.amount_font import learn_amount_font
from aviator.core.ocr.amount_learning import STORE_SUFFIX
from aviator.core.ocr.history import STRIP_SUFFIX
from aviator.core.ocr.screen_reader import GameScreenReader
from aviator.core.ocr.template import TemplateSet, TemplateStore, learn_labelled
from aviator.orchestration.bookmaker_worker import BookmakerWorker, WorkerConfig
from aviator.orchestration.skin_learning import SkinLearning
from aviator.sim.engine import GameEngine
from aviator.sim.labelled_samples import labelled_amounts, labelled_crops
from aviator.sim.renderer import TileRenderer
from aviator.sim.skins import skin_for
from tests.orchestration.main_process import MainProcess

TILE = Rect(0, 0, 640, 540)
REGIONS = GameRegions.for_tile(TILE)
SKIN = replace(skin_for(0), strip_suffix=False)
NAME = "Plain"
LOOK = 0.1
MOST_ROUNDS = 80  # watched before the strip font must be known
UNSEEN = 3  # rounds played while no worker runs


class Screen:
    """The game as drawn at the worker's clock."""

    def __init__(self, engine: GameEngine, clock: ManualClock) -> None:
        self.engine, self.clock = engine, clock
        self.renderer = TileRenderer(SKIN, TILE.width, TILE.height)
        self._frame: tuple[float, np.ndarray] | None = None

    def grab(self, rect: Rect) -> np.ndarray:
        now = self.clock.now()
        if self._frame is None or self._frame[0] != now:
            self._frame = (now, self.renderer.render(self.engine.view_at(now)))
        return self._frame[1][rect.top : rect.bottom, rect.left : rect.right].copy()

    def close(self) -> None:
        pass


@pytest.fixture
def store(tmp_path: Path) -> TemplateStore:
    """The multiplier's and the amounts' fonts known (no Tesseract); the strip's not."""
    store = TemplateStore(tmp_path)
    store.save(NAME, learn_labelled(labelled_crops(SKIN, TILE.width, TILE.height)))
    store.save(f"{NAME}{STORE_SUFFIX}", learn_amount_font(labelled_amounts(SKIN, TILE.width, TILE.height)))
    return store


def start_worker(
    store: TemplateStore, screen: Screen, main: MainProcess
) -> tuple[BookmakerWorker, SkinLearning]:
    """A worker without templates in its setup, as `aviator run` starts one: it learns into `store`."""
    clock = screen.clock
    learning = SkinLearning(store, NAME, clock, None)
    reader = GameScreenReader(screen, REGIONS, learning.multiplier)
    config = WorkerConfig(NAME, REGIONS, None, DisplaySpec(), learned_templates=store.folder)
    strip = learning.strip_readers()
    return BookmakerWorker(config, reader, clock, main, strip, learning.amounts, learning), learning


def watch_round(worker: BookmakerWorker, engine: GameEngine, number: int) -> None:
    """Looks at the end of round `number`'s flight, its crash, and the betting window after it."""
    plan, clock = engine.plan(number), worker.clock
    crash, betting = plan.crash_time, plan.next_betting
    for start, end in ((crash - 0.6, crash + 0.6), (betting + 0.2, betting + 0.6)):
        clock.t = max(clock.t, start)
        while clock.t < end:
            worker.look()
            clock.advance(LOOK)


def test_a_restarted_worker_backfills_from_a_strip_without_x(store: TemplateStore) -> None:
    engine, clock = GameEngine("plain strip"), ManualClock()
    main, screen = MainProcess(clock), Screen(engine, clock)
    worker, learning = start_worker(store, screen, main)
    number = 1
    while learning.strip_font is None and number < MOST_ROUNDS:
        watch_round(worker, engine, number)
        number += 1
    assert learning.strip_font is not None, f"the strip font was not learnt in {MOST_ROUNDS} rounds"
    saved = TemplateSet.load(store.path(f"{NAME}{STRIP_SUFFIX}"))
    assert "x" not in saved.chars  # the strip has none, and the learner found out
    watched = [r.final_score for r in main.rounds if not r.backfilled]
    assert watched == [engine.plan(n).crash for n in range(1, number)]
    # stopped; UNSEEN rounds go by; a new worker starts in the next betting window
    restart = engine.plan(number + UNSEEN)
    clock.t = restart.betting_start + 0.5
    worker, learning = start_worker(store, screen, main)
    assert learning.strip_font is not None  # loaded from its file, not learnt again
    while clock.t < restart.betting_start + 1.5:
        worker.look()
        clock.advance(LOOK)
    backfilled = [r.final_score for r in main.rounds if r.backfilled]
    assert backfilled == [engine.plan(n).crash for n in range(number, number + UNSEEN)]
