"""BookmakerWorker: one OS process per bookmaker, seeing the game only through pixels.

Loop: grab the newest screen -> read -> PhaseTracker -> collectors -> typed messages to the main
process. It never queues frames: each look grabs what the screen shows now. On Stop it takes a
few more looks (the screen may still show a crash it has not confirmed) and leaves.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import queue
import signal
import sys
import time
import traceback
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from setproctitle import setproctitle

from aviator.collectors.crowd_watcher import NO_CROWD, CrowdWatcher
from aviator.collectors.history_watcher import CRASH_SHOWN, HistoryWatcher
from aviator.collectors.main_collector import MainCollector
from aviator.collectors.phase_collector import PhaseCollector
from aviator.collectors.phase_tracker import (
    CrashMissed,
    CrashUnwatched,
    PhaseChange,
    PhaseTracker,
    RoundEnd,
    TrackerEvent,
)
from aviator.collectors.rgb_collector import RGBCollector
from aviator.collectors.threshold_collector import ThresholdCollector
from aviator.config.settings import DEFAULT_THRESHOLDS, GamePhase
from aviator.core.capture.regions import GameRegions
from aviator.core.capture.screen import ScreenSource
from aviator.core.capture.sources import DisplaySpec, ScreenSpec, open_screen
from aviator.core.communication.clock import Clock
from aviator.core.communication.messages import (
    BetGrant,
    HistorySeen,
    Pause,
    ReadStrip,
    RecordedBatch,
    Resume,
    RoundRecorded,
    Start,
    Stop,
    StopBetting,
    WorkerFailed,
    WorkerNote,
    WorkerReady,
    WorkerStatus,
    WorkerStopped,
)
from aviator.core.communication.outbox import Outbox
from aviator.core.ocr.amount_font import AmountReader, AmountTemplates
from aviator.core.ocr.crowd import CrowdReader
from aviator.core.ocr.engine import MultiplierReader
from aviator.core.ocr.screen_reader import GameScreenReader, ScreenState
from aviator.core.ocr.template import TemplateOCR, TemplateSet, TemplateStore
from aviator.core.ocr.tesseract_process import TesseractProcess
from aviator.core.process import die_with_parent
from aviator.core.requirements import EXIT_MISSING, MissingRequirement
from aviator.orchestration.betting_plan import BettingPlan
from aviator.orchestration.skin_learning import SkinLearning, needs_tesseract

if TYPE_CHECKING:
    from aviator.orchestration.worker_betting import WorkerBetting

STATUS_EVERY = 0.25  # real seconds between status messages (the heartbeat)
DRAIN_LOOKS = 5  # looks taken after Stop
CONFIRM_AFTER = 0.05  # real seconds to the look that can confirm a crash read once, instead of a period
LOOK_GAP = CRASH_SHOWN / 2  # clock seconds between two looks after which a crash may have gone unseen
STRIP_LABELS = 16  # recorded crashes kept to label the strip's bubbles (it shows about this many)


@dataclass(frozen=True)
class WorkerConfig:
    bookmaker: str
    regions: GameRegions
    templates: Path | None  # the multiplier font's templates; None: the worker learns them from the screen
    screen: ScreenSpec
    looks_per_second: float = 10.0
    server_group: str | None = None
    thresholds: tuple[float, ...] = DEFAULT_THRESHOLDS
    rgb_regions: tuple[str, ...] = field(default=("game_area",))
    rgb_hz: float = 2.0
    strip_templates: Path | None = None  # the history strip's own small font, when known
    learned_templates: Path = Path("storage/templates")  # where self-learnt templates are kept, per bookmaker
    amount_templates: Path | None = None  # the font of the players and money under the game, when known
    betting: BettingPlan | None = None  # None: this worker only records


class BookmakerWorker:
    def __init__(
        self,
        config: WorkerConfig,
        reader: GameScreenReader,
        clock: Clock,
        hub: Outbox,
        strip_readers: tuple[MultiplierReader, ...] = (),
        amounts: AmountReader | None = None,
        learning: SkinLearning | None = None,
        betting: WorkerBetting | None = None,
    ) -> None:
        """`strip_readers` read the history strip (a bubble is kept when all agree); the
        multiplier's reader alone by default. `amounts` reads the players and money under the
        game; without it rounds are stored without them. `learning`: the fonts this worker teaches
        itself, shown the strip after each recorded crash."""
        self.config, self.reader, self.clock, self.hub = config, reader, clock, hub
        name = config.bookmaker
        self.tracker = PhaseTracker()
        self.rounds = MainCollector(name, clock, config.server_group)
        self.phases = PhaseCollector(name, clock)
        self.thresholds = ThresholdCollector(name, clock, config.thresholds)
        named = config.regions.named()  # a region the site does not show is not sampled
        rgb_regions = {region: named[region] for region in config.rgb_regions if region in named}
        self.rgb = RGBCollector(name, clock, reader.screen, rgb_regions, config.rgb_hz)
        self.history = HistoryWatcher(reader, strip_readers or (reader.ocr,))
        self.crowd = (
            None if amounts is None else CrowdWatcher(CrowdReader(reader.screen, config.regions, amounts))
        )
        self.learning = learning
        self.betting = betting
        self._crash_seen_at: float | None = None  # when the last crash recorded was seen
        self._crash_to_see: float | None = None  # a recorded crash the strip shows from the next betting on
        # the crashes recorded since the last one this worker may have missed, newest first: the
        # strip's bubbles in order, labels for its font
        self._in_a_row: deque[float] = deque(maxlen=STRIP_LABELS)
        self.looks = 0
        self._last_state: ScreenState | None = None
        self._uncrashed: set[GamePhase] = set()  # phases entered since the last crash recorded
        # rounds recorded live since a crash may have been missed (or since the start: a worker
        # started again follows a gap), until the strip is read (None: no gap waits for it); they
        # are the strip's newest bubbles, newer than the gap
        self._recorded_since: int | None = 0
        self._next_status = 0.0

    def look(self) -> None:
        snapshot = self.history.grab(self.clock.now())  # before the look that dates it
        state = self.reader.look(self.clock.now)  # stamped after its grab: never before what it shows
        self.looks += 1
        self._notice_gap(state.at)
        self._last_state = state
        if self.crowd is not None:
            self.crowd.look(state.phase)
        for event in self.tracker.update(state):
            self._dispatch(event)
        if state.phase is GamePhase.PLAYING and state.reading is not None and state.reading.ok:
            left = self.crowd.left() if self.crowd is not None else (None, None)
            self.thresholds.observe(state.reading.value, *left)
        if self.rgb.due():
            self._send_records(self.rgb.collect())
        if self.tracker.unreadable(state.at):
            self._missed()  # once readable again, the strip brings back what was missed
        if self.betting is not None:
            self.betting.keep_session(state.at, self.tracker.phase, self._crash_seen_at)
        if (strip := self.history.look(snapshot, state)) is not None:
            since, self._recorded_since = self._recorded_since or 0, None
            self.hub.put(HistorySeen(self.config.bookmaker, strip.values, strip.last_crash_at, since))
            self._note_strip(strip.values)
        self.heartbeat()

    def _notice_gap(self, at: float) -> None:
        """A worker the machine did not run for LOOK_GAP clock seconds may have missed a crash
        entirely (shown ~3 s) or seen it only once: the strip is read again to bring it back."""
        if self._last_state is not None and at - self._last_state.at > LOOK_GAP:
            self._missed()

    def _dispatch(self, event: TrackerEvent) -> None:
        if isinstance(event, PhaseChange):
            self._send_records([self.phases.collect(event)])
            if event.new is GamePhase.BETTING:
                self.thresholds.reset()
                self._show_strip()
            self._notice_skipped_crash(event.new)
            if self.betting is not None:
                self._phase_to_agent(event)
        elif isinstance(event, RoundEnd):
            self._round_end(event)
        elif isinstance(event, CrashMissed):
            self._missed()  # the strip, read at once, brings that round back
            self.note(logging.DEBUG, event.reason)
            if self.betting is not None:
                self.betting.agent.crash_missed()  # a bet on that round is not settled by the next one
        elif isinstance(event, CrashUnwatched):
            self._in_a_row.clear()  # the strip shows a crash not recorded
            self.note(
                logging.DEBUG,
                f"crash {event.crash:,.2f}x seen before this worker saw its round (it started during "
                "the crash screen): not recorded; the history strip brings it back",
            )

    def _round_end(self, event: RoundEnd) -> None:
        """The round is recorded (and a bet on it settled by its crash)."""
        self._uncrashed.clear()
        self._crash_to_see, self._crash_seen_at = event.crash, event.ended_at
        self._in_a_row.appendleft(event.crash)
        crowd = self.crowd.round_crowd() if self.crowd is not None else NO_CROWD
        recorded = self.rounds.collect(event, crowd)
        self.hub.put(RoundRecorded(self.config.bookmaker, recorded))
        if self._recorded_since is not None:
            self._recorded_since += 1
        self._send_records(self.thresholds.collect(event))
        if self.betting is not None:
            self.betting.agent.round_ended(event.crash, recorded.started_at)

    def _phase_to_agent(self, change: PhaseChange) -> None:
        """The agent bets in a betting window this worker saw open, on a readable screen."""
        agent = self.betting.agent
        if change.new is GamePhase.BETTING:
            watched = change.old is not GamePhase.UNKNOWN and not self.tracker.unreadable(change.at)
            agent.betting_started(watched)
        elif change.new is GamePhase.PLAYING:
            agent.flight_started()

    def command(self, command: object) -> None:
        """A message of the main process: read the strip again, or for the agent a grant or the
        kill switch."""
        if isinstance(command, ReadStrip):
            self._read_strip()
        if self.betting is None:
            return
        if isinstance(command, BetGrant):
            self.betting.granter.answer(command)
        elif isinstance(command, StopBetting):
            self.betting.agent.stop(command.reason)

    def _note_strip(self, values: tuple[float | None, ...]) -> None:
        """The strip as read (rare: after a start or a gap), for -v: '?' where its readers disagreed."""
        shown = " ".join("?" if value is None else f"{value:.2f}" for value in values) or "no bubble"
        unread = values.count(None)
        why = f"; {unread} bubbles unread: its readers did not agree on them" if unread else ""
        self.note(logging.DEBUG, f"history strip read: {shown}{why}")

    def note(self, level: int, text: str) -> None:
        """A line for the main process's log (workers never print)."""
        self.hub.put(WorkerNote(self.config.bookmaker, level, text))

    def _show_strip(self) -> None:
        """The strip's newest bubble is the crash last recorded, by the betting window after it."""
        crash, self._crash_to_see = self._crash_to_see, None
        strip = self.config.regions.history
        if self.learning is None or crash is None:
            return
        image = None if strip is None else self.reader.screen.grab(strip)
        in_a_row = tuple(self._in_a_row)
        crashes = in_a_row if in_a_row[:1] == (crash,) else (crash,)  # the older ones unsure since
        if self.learning.crash_in_strip(image, crashes):
            self.history.strip_readers = self.learning.strip_readers()

    def _notice_skipped_crash(self, phase: GamePhase) -> None:
        """A flight, or a whole cycle, seen and then the next round's betting or loading with no
        crash recorded between: the screen skipped the crash (a starved simulator or browser draws
        late) or showed it too briefly. The strip is read again to bring it back before the next."""
        before_flight = (GamePhase.BETTING, GamePhase.LOADING)
        if phase in before_flight and (GamePhase.PLAYING in self._uncrashed or phase in self._uncrashed):
            self._missed()
            self._uncrashed.clear()
        self._uncrashed.add(phase)

    def _missed(self) -> None:
        """A crash may have gone unrecorded: the strip is read to bring it back, and the crashes
        recorded so far no longer label its bubbles in order."""
        self._read_strip()
        self._in_a_row.clear()

    def _read_strip(self) -> None:
        """The strip is read at the next look that can date it; the rounds recorded meanwhile are
        counted from the first gap on (a later one does not hide the earlier's missed rounds)."""
        self.history.pending = True
        if self._recorded_since is None:
            self._recorded_since = 0

    def _send_records(self, records: list[object]) -> None:
        """Records of one type, in one message: a burst of RGB samples costs one pickle and one write."""
        if records:
            self.hub.put(RecordedBatch.of(self.config.bookmaker, records))

    def heartbeat(self, force: bool = False, paused: bool = False) -> None:
        """A status message; a paused worker is not looking, so it never reports the screen unreadable."""
        if not force and time.monotonic() < self._next_status:
            return
        self._next_status = time.monotonic() + STATUS_EVERY
        self._tell()
        reading = self._last_state.reading if self._last_state else None
        rejected = sum(self.tracker.rejected.values())
        value = reading.value if reading else None
        unreadable = not paused and self.tracker.unreadable(self.clock.now())
        status = WorkerStatus(
            self.config.bookmaker,
            self.tracker.phase,
            value,
            self.rounds.rounds,
            self.looks,
            rejected,
            unreadable,
            os.getpid(),
        )
        self.hub.put(status)

    def _tell(self) -> None:
        """What the learners learnt (INFO), and the readings rejected lately, one line per reason
        every few seconds (DEBUG): a screen rejected at every look costs no more."""
        if self.learning is not None:
            for line in self.learning.news():
                self.note(logging.INFO, line)
        if self.tracker.digest.due(time.monotonic()):
            for line in self.tracker.digest.lines(time.monotonic()):
                self.note(logging.DEBUG, line)

    def run(self, control: mp.Queue) -> str:
        period = 1.0 / self.config.looks_per_second
        next_look = time.monotonic()
        while not isinstance(command := self._poll(control), Stop):
            if isinstance(command, Pause):
                if self.betting is not None:
                    self.betting.agent.paused()
                command = self._paused(control)
                if isinstance(command, Stop):
                    return command.reason
                next_look = time.monotonic()
            self.look()
            next_look += period
            wait = next_look - time.monotonic()
            if self.tracker.confirming:  # the crash is recorded one look later: take that look sooner
                wait = min(wait, CONFIRM_AFTER)
            time.sleep(max(0.0, wait))  # pacing: looks per second
        for _ in range(DRAIN_LOOKS):
            self.look()
        self.heartbeat(force=True)
        return command.reason

    def _paused(self, control: mp.Queue) -> Stop | Resume:
        """Waits for Resume or Stop, beating the heart meanwhile."""
        while True:
            self.heartbeat(force=True, paused=True)
            try:
                command = control.get(timeout=STATUS_EVERY)
            except queue.Empty:
                continue
            if isinstance(command, Stop | Resume):
                return command
            self.command(command)  # the kill switch reaches a paused worker's waiting bet too

    def _poll(self, control: mp.Queue) -> object | None:
        """The next lifecycle command (Stop, Pause, Resume), if any; the agent's messages on the way
        are handed to it."""
        while True:
            try:
                command = control.get_nowait()
            except queue.Empty:
                return None
            if not isinstance(command, BetGrant | StopBetting | ReadStrip):
                return command
            self.command(command)


def worker_main(config: WorkerConfig, hub: Outbox, control: mp.Queue) -> None:
    """Entry point of a worker process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process decides when we stop
    setproctitle(f"aviator: worker {config.bookmaker}")
    die_with_parent()
    tesseract = None
    try:
        screen = open_screen(config.screen)
        tesseract = start_tesseract(config)  # before Ready: its start-up is not spent on the game's clock
        hub.put(WorkerReady(config.bookmaker, os.getpid()))
        command = control.get()
        if isinstance(command, Start):
            reason = open_worker(config, screen, command.clock, hub, tesseract).run(control)
            hub.put(WorkerStopped(config.bookmaker, reason))
        screen.close()
    except MissingRequirement as error:  # restarting cannot install it: say it once and leave
        hub.put(WorkerFailed(config.bookmaker, str(error), missing=True))
        sys.exit(EXIT_MISSING)  # the HealthMonitor reads this exit code and does not restart us
    except Exception:
        hub.put(WorkerFailed(config.bookmaker, traceback.format_exc()))
        raise
    finally:
        if tesseract is not None:
            tesseract.close()


def start_tesseract(config: WorkerConfig) -> TesseractProcess | None:
    """The Tesseract process of a worker that has fonts to learn; None for the others."""
    store, has_strip = TemplateStore(config.learned_templates), config.regions.history is not None
    if config.templates is not None or not needs_tesseract(store, config.bookmaker, has_strip):
        return None
    return TesseractProcess()


def open_worker(
    config: WorkerConfig, screen: ScreenSource, clock: Clock, hub: Outbox, tesseract: TesseractProcess | None
) -> BookmakerWorker:
    """A worker reading by its template files, or, without them, teaching itself the skin."""
    worker = _recording_worker(config, screen, clock, hub, tesseract)
    if config.betting is not None:
        from aviator.orchestration.worker_betting import open_betting  # a recording worker needs none of it

        display = config.screen.display if isinstance(config.screen, DisplaySpec) else None
        worker.betting = open_betting(config.betting, config.bookmaker, worker.reader, display, hub, clock)
    return worker


def _recording_worker(
    config: WorkerConfig, screen: ScreenSource, clock: Clock, hub: Outbox, tesseract: TesseractProcess | None
) -> BookmakerWorker:
    if config.templates is None:
        learning = SkinLearning(TemplateStore(config.learned_templates), config.bookmaker, clock, tesseract)
        reader = GameScreenReader(screen, config.regions, learning.multiplier)
        return BookmakerWorker(
            config, reader, clock, hub, learning.strip_readers(), learning.amounts, learning
        )
    ocr, strip_readers = open_readers(config)
    reader = GameScreenReader(screen, config.regions, ocr)
    return BookmakerWorker(config, reader, clock, hub, strip_readers, open_amount_reader(config))


def open_readers(config: WorkerConfig) -> tuple[MultiplierReader, tuple[MultiplierReader, ...]]:
    """The multiplier's reader and the history strip's readers of a worker given its templates.

    A recovered bubble is stored for good, so the strip is read by two readers of different kinds
    that must agree: the multiplier's templates and the strip font's own, or else Tesseract (alone,
    the templates read a small '4' of some fonts as '8'; Tesseract errs on others, rarely both).
    A strip font given by the setup was taught from pictures of its newest bubble, all at one
    place on the strip: elsewhere it may misread (a 'redhat' '6' as '2'), so it is never alone. A
    worker without templates teaches itself the skin instead (SkinLearning).
    """
    if config.templates is None:
        raise ValueError(f"{config.bookmaker} has no templates: it learns its skin (SkinLearning)")
    ocr = TemplateOCR(TemplateSet.load(config.templates))
    if config.regions.history is None:
        return ocr, (ocr,)  # a site without a strip: no second reader to start
    strip = TemplateOCR(TemplateSet.load(config.strip_templates)) if config.strip_templates else _tesseract()
    return ocr, (ocr, strip)


def open_amount_reader(config: WorkerConfig) -> AmountReader | None:
    """The reader of the players and money under the game: the amount font's templates."""
    if config.amount_templates is None:
        return None
    return AmountTemplates(TemplateSet.load(config.amount_templates))


def _tesseract() -> MultiplierReader:
    """Imported only when needed: Tesseract and PIL cost a worker 20 MB."""
    from aviator.core.ocr.tesseract import TesseractOCR

    return TesseractOCR()
