"""A worker stopped by a busy machine at the wrong moment: every round is recorded once.

The worker is a real BookmakerWorker (GameScreenReader, PhaseTracker, HistoryWatcher) looking at
a simulated game rendered at its own clock; the main process's side is a real HistoryRecovery on
an EventBus. The machine's load is injected, not hoped for: the screen stops the worker's clock for
a given time right after a given grab, as a starved process is stopped between two grabs.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from aviator.config.layouts import Rect
from aviator.core.capture.regions import GameRegions
from aviator.core.capture.sources import DisplaySpec
from aviator.core.communication.clock import ManualClock
from aviator.core.communication.messages import RoundRecorded
from aviator.core.ocr.screen_reader import GameScreenReader
from aviator.core.ocr.strip_learning import StripLearner
from aviator.core.ocr.template import TemplateOCR, learn_labelled
from aviator.data.models import Round
from aviator.orchestration.bookmaker_worker import BookmakerWorker, WorkerConfig
from aviator.sim.engine import GameEngine, RoundPlan
from aviator.sim.labelled_samples import labelled_crops, labelled_strips
from aviator.sim.renderer import TileRenderer
from aviator.sim.skins import skin_for
from tests.orchestration.main_process import MainProcess

TILE = Rect(0, 0, 640, 540)
REGIONS = GameRegions.for_tile(TILE)
LOOK = 0.1  # clock seconds between looks
NAME = "Admiral"


class StoppingScreen:
    """The game as it is at the worker's clock. Right after the first grab of `region` at or after
    clock time `at`, the machine stops the worker for `pause` clock seconds (the clock jumps)."""

    def __init__(self, engine: GameEngine, clock: ManualClock, region: Rect, at: float, pause: float) -> None:
        self.engine, self.clock, self.region, self.at, self.pause = engine, clock, region, at, pause
        self.renderer = TileRenderer(skin_for(0), TILE.width, TILE.height)
        self.stopped = False
        self._frame: tuple[float, np.ndarray] | None = None

    def grab(self, rect: Rect) -> np.ndarray:
        now = self.clock.now()
        if self._frame is None or self._frame[0] != now:
            self._frame = (now, self.renderer.render(self.engine.view_at(now)))
        crop = self._frame[1][rect.top : rect.bottom, rect.left : rect.right].copy()
        if not self.stopped and rect == self.region and now >= self.at:
            self.stopped = True
            self.clock.advance(self.pause)
        return crop

    def close(self) -> None:
        pass


@pytest.fixture(scope="module")
def readers() -> tuple[TemplateOCR, TemplateOCR]:
    """The multiplier's templates and the strip font's, as the demo gives its workers."""
    skin = skin_for(0)
    multiplier = TemplateOCR(learn_labelled(labelled_crops(skin, TILE.width, TILE.height)))
    strip = TemplateOCR(StripLearner.taught(labelled_strips(skin, TILE.width, TILE.height)).templates())
    return multiplier, strip


def _flight_to_race(engine: GameEngine) -> RoundPlan:
    """A round from the fourth on whose flight, and the next one's, last long enough to be read."""
    return next(
        engine.plan(n) for n in range(4, 40) if min(engine.plan(n).crash, engine.plan(n + 1).crash) >= 1.5
    )


def _watch(main: MainProcess, screen: StoppingScreen, readers: tuple, start: float, until: float) -> None:
    """A worker (re)started at clock time `start` looks until `until`."""
    clock = screen.clock
    clock.t = start
    config = WorkerConfig(NAME, REGIONS, Path("unused.npz"), DisplaySpec())
    worker = BookmakerWorker(config, GameScreenReader(screen, REGIONS, readers[0]), clock, main, readers)
    while clock.now() < until:
        worker.look()
        clock.advance(LOOK)


def _recorded_before(main: MainProcess, engine: GameEngine, plan: RoundPlan) -> list[float]:
    """The rounds before `plan`, as the worker's previous process recorded them live."""
    values = [engine.plan(n).crash for n in range(1, plan.number)]
    for value in values:
        main.put(
            RoundRecorded(NAME, Round(NAME, value, "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:09.000Z"))
        )
    return values


def test_a_restarted_worker_stopped_between_its_look_and_the_strip_records_the_crash_once(
    readers: tuple[TemplateOCR, TemplateOCR],
) -> None:
    """The duplicate of issue 10 (`3.60, 1.19, 1.19, 1.20`): a worker restarted during a flight is
    stopped right after the grab that shows it flying, long enough for the plane to crash. A strip
    grabbed after that look already holds the crash, which the recovery backfilled while the
    worker, having seen the flight, recorded it live as well."""
    engine, clock = GameEngine("strip race"), ManualClock()
    plan = _flight_to_race(engine)
    main = MainProcess(clock)
    before = _recorded_before(main, engine, plan)
    start = plan.crash_time - 0.05
    screen = StoppingScreen(engine, clock, REGIONS.multiplier, at=start, pause=0.3)
    _watch(main, screen, readers, start, until=plan.next_betting + 1.0)
    assert screen.stopped
    got = [r.final_score for r in main.rounds]
    assert got == [*before, plan.crash], got
    assert not main.rounds[-1].backfilled  # seen live, so recorded live, once


def test_a_worker_stopped_through_a_whole_crash_brings_it_back_from_the_strip(
    readers: tuple[TemplateOCR, TemplateOCR],
) -> None:
    """A running worker that the machine stops from the middle of one flight to the middle of the
    next never sees the crash between them: the strip is read again after the gap and the round
    comes back, flagged backfilled, in its place (it was lost, silently)."""
    engine, clock = GameEngine("strip gap"), ManualClock()
    plan = _flight_to_race(engine)
    main = MainProcess(clock)
    before = _recorded_before(main, engine, engine.plan(plan.number - 1))
    flying = plan.flight_start + 0.3
    after = engine.plan(plan.number + 1)
    screen = StoppingScreen(
        engine, clock, REGIONS.multiplier, at=flying, pause=after.flight_start + 1.0 - flying
    )
    _watch(main, screen, readers, engine.plan(plan.number - 1).betting_start + 0.5, until=after.next_betting)
    assert screen.stopped
    assert_backfilled_between(main, engine, plan, before)


def test_a_strip_grabbed_long_before_the_look_that_would_date_it_is_taken_again(
    readers: tuple[TemplateOCR, TemplateOCR],
) -> None:
    """A restarted worker stopped right after its strip grab, through the crash of the flight it
    came up in, until the next betting window: that strip misses the crash, and the look that
    follows it shows no flight that would bring it either. It is thrown away and grabbed again, so
    the crash comes back from the strip, flagged backfilled, in its place."""
    engine, clock = GameEngine("strip stale"), ManualClock()
    plan = _flight_to_race(engine)
    main = MainProcess(clock)
    before = _recorded_before(main, engine, plan)
    start = plan.crash_time - 0.5
    screen = StoppingScreen(engine, clock, REGIONS.history, at=start, pause=plan.next_betting + 1.0 - start)
    after = engine.plan(plan.number + 1)
    _watch(main, screen, readers, start, until=after.next_betting)
    assert screen.stopped
    got = [(r.final_score, r.backfilled) for r in main.rounds]
    assert got == [*((value, False) for value in before), (plan.crash, True), (after.crash, False)]


class LaggingScreen(StoppingScreen):
    """A screen whose drawer (a starved simulator or browser) stands still from clock time `at`
    for `pause` seconds and then shows the game as it is: the worker looks on time, but the frames
    between were never drawn."""

    def grab(self, rect: Rect) -> np.ndarray:
        now = self.clock.now()
        shown = self.at if self.at <= now < self.at + self.pause else now
        self.stopped = self.stopped or now >= self.at + self.pause
        if self._frame is None or self._frame[0] != shown:
            self._frame = (shown, self.renderer.render(self.engine.view_at(shown)))
        return self._frame[1][rect.top : rect.bottom, rect.left : rect.right].copy()


def test_a_crash_the_screen_never_showed_comes_back_from_the_strip(
    readers: tuple[TemplateOCR, TemplateOCR],
) -> None:
    """The screen stands still in a flight and next shows the betting window: the worker, looking
    on time, never sees that crash. The strip is read again and the round comes back, flagged."""
    engine, clock = GameEngine("screen lag"), ManualClock()
    plan = _flight_to_race(engine)
    main = MainProcess(clock)
    before = _recorded_before(main, engine, engine.plan(plan.number - 1))
    flying = plan.flight_start + 0.3
    screen = LaggingScreen(
        engine, clock, REGIONS.multiplier, at=flying, pause=plan.next_betting + 0.5 - flying
    )
    after = engine.plan(plan.number + 1)
    _watch(main, screen, readers, engine.plan(plan.number - 1).betting_start + 0.5, until=after.next_betting)
    assert screen.stopped
    assert_backfilled_between(main, engine, plan, before)


def test_a_whole_flight_the_screen_never_showed_comes_back_from_the_strip(
    readers: tuple[TemplateOCR, TemplateOCR],
) -> None:
    """The screen stands still in the loading screen and next shows the following betting window:
    no flight and no crash were ever drawn. Two betting windows with no crash between mean one
    was missed: the strip is read again and the round comes back, flagged."""
    engine, clock = GameEngine("screen lag"), ManualClock()
    plan = _flight_to_race(engine)
    main = MainProcess(clock)
    before = _recorded_before(main, engine, engine.plan(plan.number - 1))
    loading = plan.loading_start + 0.2
    screen = LaggingScreen(
        engine, clock, REGIONS.multiplier, at=loading, pause=plan.next_betting + 0.5 - loading
    )
    after = engine.plan(plan.number + 1)
    _watch(main, screen, readers, engine.plan(plan.number - 1).betting_start + 0.5, until=after.next_betting)
    got = [(r.final_score, r.backfilled) for r in main.rounds]
    expected = [(value, False) for value in before] + [
        (engine.plan(plan.number - 1).crash, False),
        (plan.crash, True),
        (after.crash, False),
    ]
    assert got == expected


def assert_backfilled_between(
    main: MainProcess, engine: GameEngine, plan: RoundPlan, before: list[float]
) -> None:
    """The rounds before, the one before `plan` live, `plan` backfilled, the one after live: in order."""
    got = [(r.final_score, r.backfilled) for r in main.rounds]
    expected = [(value, False) for value in before] + [
        (engine.plan(plan.number - 1).crash, False),
        (plan.crash, True),
        (engine.plan(plan.number + 1).crash, False),
    ]
    assert got == expected
