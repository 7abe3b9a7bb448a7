"""When a BookmakerWorker says a round ended: never before the crash, within the bound it stores,
and flagged late when it saw the crash long after it may have happened.

A real worker (GameScreenReader, PhaseTracker, MainCollector) looks at a simulated game whose
screen is a function of a ManualClock, and each grab takes clock time: the frame a grab copies is
the one shown at the clock time of the copy, as on a real screen. The two causes of issue 10 are
reproduced deterministically: a crash drawn between the clock read and the grab (the stamp was
taken before the grab: 1 ms before the crash), and a worker starved right before the crash (it
saw the crash screen seconds later and stored it as if on time). A worker starved (or busy learning
a skin) through the whole crash screen reads the history strip at once, so the round comes back.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from aviator.collectors.phase_tracker import LATE_AFTER
from aviator.config.layouts import Rect
from aviator.core.capture.regions import GameRegions
from aviator.core.capture.sources import DisplaySpec
from aviator.core.communication.clock import ManualClock, iso
from aviator.core.communication.messages import HistorySeen, RoundRecorded
from aviator.core.ocr.screen_reader import GameScreenReader
from aviator.core.ocr.strip_learning import StripLearner
from aviator.core.ocr.template import TemplateOCR, learn_labelled
from aviator.data.models import Round
from aviator.orchestration.bookmaker_worker import BookmakerWorker, WorkerConfig
from aviator.sim.engine import CRASH_SHOWN_SECONDS, GameEngine, RoundPlan
from aviator.sim.labelled_samples import labelled_crops, labelled_strips
from aviator.sim.renderer import TileRenderer
from aviator.sim.skins import skin_for

TILE = Rect(0, 0, 640, 540)
REGIONS = GameRegions.for_tile(TILE)
LOOK = 0.1  # clock seconds from one look's start to the next
GRAB = 0.004  # clock seconds one grab takes (a loaded machine: the frame may change meanwhile)
WATCHED = 3.0  # clock seconds of flight watched before the crash


class Hub(list):
    def put(self, message: object) -> None:
        self.append(message)


class GameScreen:
    """A screen showing `engine`'s game at the clock's time; every grab advances the clock by GRAB
    first, so the copy shows what was on screen after the worker read the clock."""

    def __init__(self, engine: GameEngine, renderer: TileRenderer, clock: ManualClock) -> None:
        self.engine, self.renderer, self.clock = engine, renderer, clock
        self._frames: dict[object, np.ndarray] = {}
        self.slow: tuple[float, float] | None = None  # (from, seconds): one grab from then takes that long

    def grab(self, rect: Rect) -> np.ndarray:
        self.clock.advance(GRAB)
        if self.slow is not None and self.clock.t >= self.slow[0]:
            self.clock.advance(self.slow[1])  # a long step inside a look (learning a skin takes seconds)
            self.slow = None
        view = self.engine.view_at(self.clock.now())
        if view not in self._frames:
            self._frames[view] = self.renderer.render(view)
        return self._frames[view][rect.top : rect.bottom, rect.left : rect.right].copy()

    def close(self) -> None:
        pass


@pytest.fixture(scope="module")
def ocr() -> TemplateOCR:
    return TemplateOCR(learn_labelled(labelled_crops(skin_for(0), TILE.width, TILE.height)))


@pytest.fixture(scope="module")
def strip_ocr() -> TemplateOCR:
    return TemplateOCR(StripLearner.taught(labelled_strips(skin_for(0), TILE.width, TILE.height)).templates())


@pytest.fixture(scope="module")
def renderer() -> TileRenderer:
    return TileRenderer(skin_for(0), TILE.width, TILE.height)


def first_flight(engine: GameEngine, longer_than: float, shorter_than: float = 1e9) -> RoundPlan:
    """The first round of `engine` whose flight lasts between the two, in seconds."""
    number = 1
    while not longer_than < (plan := engine.plan(number)).crash_time - plan.flight_start < shorter_than:
        number += 1
    return plan


def run_worker(
    ocr: TemplateOCR,
    renderer: TileRenderer,
    starts: list[float],
    strip: tuple[TemplateOCR, ...] = (),
    slow: tuple[float, float] | None = None,
    flight: tuple[float, float] = (WATCHED + 1.0, 1e9),
) -> tuple[Hub, RoundPlan]:
    """A worker looks at a game, each look starting at the given offset from a crash (the clock is
    set there: whatever happened meanwhile, a stall included); `slow` makes one grab from an offset
    on take that many seconds; the round is the first whose flight lasts between the `flight` bounds.
    Returns what it sent and the truth."""
    engine = GameEngine("timestamps")
    plan = first_flight(engine, *flight)
    clock, hub = ManualClock(), Hub()
    config = WorkerConfig("Timed", REGIONS, Path("unused.npz"), DisplaySpec())
    screen = GameScreen(engine, renderer, clock)
    screen.slow = None if slow is None else (plan.crash_time + slow[0], slow[1])
    worker = BookmakerWorker(config, GameScreenReader(screen, REGIONS, ocr), clock, hub, strip)
    for start in starts:
        clock.t = max(clock.t, plan.crash_time + start)
        worker.look()
    return hub, plan


def watch(ocr: TemplateOCR, renderer: TileRenderer, starts: list[float]) -> tuple[Round, RoundPlan]:
    """The one round the worker recorded, and the truth."""
    hub, plan = run_worker(ocr, renderer, starts)
    (recorded,) = [m.round for m in hub if isinstance(m, RoundRecorded)]
    return recorded, plan


def looks_from(first: float, last: float) -> list[float]:
    return [first + i * LOOK for i in range(round((last - first) / LOOK) + 1)]


def stamp(clock_seconds: float) -> str:
    return iso(ManualClock().utc(clock_seconds))


def test_a_crash_drawn_between_the_clock_read_and_the_grab_is_not_stamped_before_it(
    ocr: TemplateOCR, renderer: TileRenderer
) -> None:
    # One look starts 1 ms before the crash: its grab (4 ms later) copies the crash screen.
    recorded, plan = watch(ocr, renderer, looks_from(-WATCHED - 0.001, 0.5))
    assert recorded.final_score == plan.crash
    assert recorded.ended_at >= stamp(plan.crash_time)
    assert recorded.ended_within is not None and not recorded.late
    # the bound holds the crash, and it is about one look: the previous look's start to this grab
    assert recorded.ended_at <= stamp(plan.crash_time + recorded.ended_within)
    assert recorded.ended_within <= LOOK + 3 * GRAB + 0.001


def test_a_worker_starved_before_the_crash_stores_what_it_saw_flagged_late(
    ocr: TemplateOCR, renderer: TileRenderer
) -> None:
    # Looks every 0.1 s until 50 ms before the crash, then nothing for 2.5 s (starved), then on.
    stall = 2.5
    assert stall < CRASH_SHOWN_SECONDS  # the crash screen is still up when the worker looks again
    starts = [*looks_from(-WATCHED - 0.05, -0.05), *looks_from(stall, stall + 0.5)]
    recorded, plan = watch(ocr, renderer, starts)
    assert recorded.final_score == plan.crash
    seen = plan.crash_time + stall  # the first look after the stall: its real observation time
    assert stamp(seen) <= recorded.ended_at <= stamp(seen + 3 * GRAB)  # not "as if seen on time"
    assert recorded.late and recorded.ended_within is not None and recorded.ended_within > LATE_AFTER
    # the stored bound still holds the crash: from the last flight look to the crash look
    assert recorded.ended_at <= stamp(plan.crash_time + recorded.ended_within)
    assert recorded.ended_within <= stall + 0.05 + 3 * GRAB + 0.001


def test_a_worker_starved_through_the_whole_crash_screen_reads_the_strip_at_once(
    ocr: TemplateOCR, strip_ocr: TemplateOCR, renderer: TileRenderer
) -> None:
    # Starved from 50 ms before the crash until the betting screen: the crash was never on a look.
    stall = CRASH_SHOWN_SECONDS + 1.0
    starts = [*looks_from(-WATCHED - 0.05, -0.05), *looks_from(stall, stall + 0.5)]
    hub, plan = run_worker(ocr, renderer, starts, (strip_ocr,))
    assert not [m for m in hub if isinstance(m, RoundRecorded)]  # nothing seen, nothing invented
    first, after = [m for m in hub if isinstance(m, HistorySeen)]  # at the start, and after the stall
    assert after.values[0] == plan.crash and first.values[0] != plan.crash


@pytest.mark.parametrize("inside_a_look", [False, True])
def test_after_a_stall_that_hid_a_whole_round_the_worker_reads_the_strip_again(
    ocr: TemplateOCR, strip_ocr: TemplateOCR, renderer: TileRenderer, inside_a_look: bool
) -> None:
    # Betting looks, then nothing until the next betting screen: neither the take-off nor the crash
    # was seen, so only the stall itself says that a round may have been missed. (A short flight:
    # betting on both sides of a stall of 15 s would make the game look frozen, which also works.)
    flight = (1.0, 4.0)
    plan = first_flight(GameEngine("timestamps"), *flight)
    betting = plan.loading_start - plan.crash_time - 0.3  # the last betting look, from the crash
    after = CRASH_SHOWN_SECONDS + 0.5  # the first look after the stall: the next betting screen
    slow = (betting, after - betting) if inside_a_look else None  # one look taking it all, as learning
    starts = [*looks_from(betting - 0.5, betting), *looks_from(after, after + 0.3)]
    hub, plan = run_worker(ocr, renderer, starts, (strip_ocr,), slow, flight)
    assert not [m for m in hub if isinstance(m, RoundRecorded)]
    first, again = [m for m in hub if isinstance(m, HistorySeen)]
    assert again.values[0] == plan.crash and first.values[0] != plan.crash


def test_a_strip_grabbed_after_the_flight_crashed_is_not_taken_for_one_before_it(
    ocr: TemplateOCR, strip_ocr: TemplateOCR, renderer: TileRenderer
) -> None:
    # After a stall the worker's next look shows the flight 2 ms before the crash; the strip, grabbed
    # after that look (a loaded machine: 10 ms later), already shows the crash. Dated by the flight
    # look, that bubble would be recovered as a missed round and the crash screen then recorded too.
    starts = [*looks_from(-WATCHED - 3.0, -WATCHED), *looks_from(-0.012, 0.5)]
    hub, plan = run_worker(ocr, renderer, starts, (strip_ocr,))
    (recorded,) = [m.round for m in hub if isinstance(m, RoundRecorded)]
    assert recorded.final_score == plan.crash  # seen live, once
    strips = [m for m in hub if isinstance(m, HistorySeen)]
    assert strips and all(strip.values[0] != plan.crash for strip in strips)  # never from the strip


class StartsLate:
    """A strip reader that is not ready until a clock time (a Tesseract starting on a busy
    machine): the strip cannot be read before then."""

    def __init__(self, reader: TemplateOCR, clock: ManualClock, ready_at: float) -> None:
        self.reader, self.clock, self.ready_at = reader, clock, ready_at

    def ready(self) -> bool:
        return self.clock.t >= self.ready_at

    def __getattr__(self, name: str) -> object:
        return getattr(self.reader, name)  # reads as the strip's font does


def test_a_strip_read_only_after_the_next_round_says_how_many_were_recorded_live_since_the_gap(
    ocr: TemplateOCR, strip_ocr: TemplateOCR, renderer: TileRenderer
) -> None:
    # Starved through the crash screen of a round, then the strip's reader not ready until the
    # next round's crash was recorded live: the strip then shows that crash newest, the missed one
    # behind it, and the worker says one round was recorded since the gap.
    engine = GameEngine("timestamps")
    missed = first_flight(engine, WATCHED + 1.0)
    live = engine.plan(missed.number + 1)
    clock, hub = ManualClock(), Hub()
    config = WorkerConfig("Timed", REGIONS, Path("unused.npz"), DisplaySpec())
    reader = GameScreenReader(GameScreen(engine, renderer, clock), REGIONS, ocr)
    late = StartsLate(strip_ocr, clock, live.next_betting + 0.5)
    worker = BookmakerWorker(config, reader, clock, hub, (late,))
    starved_until = missed.crash_time + CRASH_SHOWN_SECONDS + 1.0
    flights = [*looks_from(missed.crash_time - 0.5, missed.crash_time - 0.05)]
    for start in [*flights, *looks_from(starved_until, live.next_betting + 1.5)]:
        clock.t = max(clock.t, start)
        worker.look()
    recorded = [m.round.final_score for m in hub if isinstance(m, RoundRecorded)]
    assert recorded == [live.crash]  # the missed crash is not invented
    strip = [m for m in hub if isinstance(m, HistorySeen)][-1]
    assert strip.values[:2] == (live.crash, missed.crash) and strip.recorded_since == 1
