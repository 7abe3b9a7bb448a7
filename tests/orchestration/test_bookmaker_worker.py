"""A BookmakerWorker whose setup has only the multiplier and the game area (no progress bar, no
history strip, no players or money, no bet panels) still records every round exactly, and what
it cannot see it skips: no strip is grabbed or sent, no crowd is read, nothing crashes.

A real worker (GameScreenReader, PhaseTracker, collectors) looks at a simulated game whose screen
is a function of a ManualClock, ten looks a simulated second, as tests/orchestration's other
worker tests do.
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
from aviator.core.communication.messages import HistorySeen, RecordedBatch, RoundRecorded
from aviator.core.ocr.amount_font import AmountReader
from aviator.core.ocr.reading import Reading
from aviator.core.ocr.screen_reader import GameScreenReader
from aviator.core.ocr.template import TemplateOCR, learn_labelled
from aviator.data.models import RgbSample
from aviator.orchestration.bookmaker_worker import BookmakerWorker, WorkerConfig, open_readers
from aviator.sim.engine import GameEngine
from aviator.sim.labelled_samples import labelled_crops
from aviator.sim.renderer import TileRenderer
from aviator.sim.skins import skin_for

TILE = Rect(0, 0, 640, 540)
FULL = GameRegions.for_tile(TILE)
MINIMAL = GameRegions(multiplier=FULL.multiplier, game_area=FULL.game_area)
LOOK = 0.1  # simulated seconds between looks
ROUNDS = 5


class Hub(list):
    def put(self, message: object) -> None:
        self.append(message)


class GameScreen:
    """The game at the clock's time; it counts the grabs of each rectangle."""

    def __init__(self, engine: GameEngine, renderer: TileRenderer, clock: ManualClock) -> None:
        self.engine, self.renderer, self.clock = engine, renderer, clock
        self.grabbed: dict[Rect, int] = {}
        self._frame: tuple[object, np.ndarray] | None = None  # one frame kept: a game's frames are large

    def grab(self, rect: Rect) -> np.ndarray:
        self.grabbed[rect] = self.grabbed.get(rect, 0) + 1
        view = self.engine.view_at(self.clock.now())
        if self._frame is None or self._frame[0] != view:
            self._frame = (view, self.renderer.render(view))
        return self._frame[1][rect.top : rect.bottom, rect.left : rect.right].copy()

    def close(self) -> None:
        pass


class NoAmounts(AmountReader):
    """An amount reader that must never be asked: the setup has no amount regions."""

    def read_amount(self, crop: np.ndarray, name: str) -> Reading:
        raise AssertionError(f"read {name}, which the setup does not have")


class StripLearning:
    """Stands in for SkinLearning: keeps the crashes each strip is shown with."""

    def __init__(self) -> None:
        self.crashes: list[tuple[float, ...]] = []

    @property
    def shown(self) -> int:
        return len(self.crashes)

    def crash_in_strip(self, strip: np.ndarray, crashes: tuple[float, ...]) -> bool:
        self.crashes.append(crashes)
        return False

    def news(self) -> list[str]:
        return []


@pytest.fixture(scope="module")
def ocr() -> TemplateOCR:
    return TemplateOCR(learn_labelled(labelled_crops(skin_for(0), TILE.width, TILE.height)))


def watch(ocr: TemplateOCR, regions: GameRegions) -> tuple[Hub, GameScreen, list[float], StripLearning]:
    """A worker with `regions` looks at ROUNDS rounds of a game; what it sent, its screen, the truth."""
    engine, clock, hub = GameEngine("minimal setup"), ManualClock(), Hub()
    screen = GameScreen(engine, TileRenderer(skin_for(0), TILE.width, TILE.height), clock)
    config = WorkerConfig("Minimal", regions, Path("unused.npz"), DisplaySpec())
    learning = StripLearning()
    reader = GameScreenReader(screen, regions, ocr)
    worker = BookmakerWorker(config, reader, clock, hub, amounts=NoAmounts(), learning=learning)  # type: ignore[arg-type]
    end = engine.plan(ROUNDS).next_betting + 1.0  # into the betting after the last crash
    while clock.now() < end:
        worker.look()
        clock.advance(LOOK)
    return hub, screen, [engine.plan(n).crash for n in range(1, ROUNDS + 1)], learning


def test_a_worker_with_only_the_multiplier_and_the_game_area_records_every_round(ocr: TemplateOCR) -> None:
    hub, screen, crashes, learning = watch(ocr, MINIMAL)
    assert [m.round.final_score for m in hub if isinstance(m, RoundRecorded)] == crashes
    assert not [m for m in hub if isinstance(m, HistorySeen)]  # no strip: none read, none sent
    assert learning.shown == 0  # and none shown to the learner
    assert set(screen.grabbed) == {MINIMAL.multiplier, MINIMAL.game_area}  # nothing else grabbed
    samples = [
        row for m in hub if isinstance(m, RecordedBatch) and m.record_type is RgbSample for row in m.rows
    ]
    assert samples and {row[1] for row in samples} == {"game_area"}  # the phase classifier's samples


def test_the_full_setup_records_the_same_rounds(ocr: TemplateOCR) -> None:
    amounts = dict.fromkeys(("players", "total_bets", "players_left", "cashed_out"))
    regions = replace(FULL, **amounts)  # every region but the amounts, which NoAmounts would not read
    hub, _, crashes, learning = watch(ocr, regions)
    assert [m.round.final_score for m in hub if isinstance(m, RoundRecorded)] == crashes
    assert learning.shown == ROUNDS  # the strip, shown after each recorded crash
    # with the crashes recorded in a row so far, newest first: its bubbles in order
    assert learning.crashes == [tuple(reversed(crashes[: n + 1])) for n in range(ROUNDS)]


def test_a_site_without_a_strip_starts_no_second_strip_reader(ocr: TemplateOCR, tmp_path: Path) -> None:
    ocr.templates.save(tmp_path / "site.npz")
    config = WorkerConfig("Minimal", MINIMAL, tmp_path / "site.npz", DisplaySpec())
    multiplier, strip = open_readers(config)
    assert isinstance(multiplier, TemplateOCR) and strip == (multiplier,)  # no Tesseract process


def test_a_worker_that_only_records_imports_no_betting_code() -> None:
    """pydantic, the strategies and the X input driver cost a worker 12 MB: only betting workers pay."""
    import subprocess
    import sys

    betting = ("pydantic", "Xlib", "aviator.strategies.loading", "aviator.agents.betting_agent")
    code = "import sys, aviator.orchestration.bookmaker_worker\n"
    code += f"print([m for m in {betting} if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
