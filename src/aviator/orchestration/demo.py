"""The demo: simulated bookmakers on a shared virtual screen, one worker process each, every
record into the database, and at the end a comparison with the simulator's truth log."""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from aviator.config.betting import BettingConfig
from aviator.config.layouts import SCREEN_HEIGHT, SCREEN_WIDTH, Rect, layout_for
from aviator.config.settings import LOOKS_CAP, LOOKS_PER_SECOND
from aviator.core.capture.framebuffer import SharedFrameBuffer
from aviator.core.capture.regions import GameRegions
from aviator.core.communication.clock import ScaledClock
from aviator.core.communication.messages import Start, Stop
from aviator.core.ocr.amount_font import learn_amount_font
from aviator.core.ocr.strip_learning import StripLearner
from aviator.core.ocr.template import learn_labelled
from aviator.data.export import last_id, last_round_id
from aviator.orchestration.betting_desk import STATE_FILE
from aviator.orchestration.betting_plan import BettingPlan
from aviator.orchestration.bookmaker_worker import WorkerConfig
from aviator.orchestration.collector_app import READY_TIMEOUT, CollectorApp
from aviator.orchestration.process_manager import CONTEXT
from aviator.sim.labelled_samples import labelled_amounts, labelled_crops, labelled_strips
from aviator.sim.simulator import SimBookmaker, SimulatorConfig, simulator_main
from aviator.sim.skins import SKINS, skin_for

BOOKMAKERS = ("Admiral", "Mozzart", "BalkanBet", "Soccer", "Meridian", "MaxBet", "Merkur", "BetOle")
# Bookmakers that share one game server show the same rounds (measured on real sites).
SERVER_GROUPS = {
    "Mozzart": "mozzart",
    "MaxBet": "mozzart",
    "Merkur": "mozzart",
    "BetOle": "mozzart",
    "Admiral": "admiral",
    "Meridian": "admiral",
    "Soccer": "soccer",
    "BalkanBet": "balkanbet",
}
SIMULATOR = "simulator"


def demo_names(count: int) -> list[str]:
    """Bookmaker names; beyond the eight sites (benchmarks only) a site appears again, numbered."""
    sites = len(BOOKMAKERS)
    return [BOOKMAKERS[i % sites] + (f"-{i // sites + 1}" if i >= sites else "") for i in range(count)]


def demo_tiles(count: int) -> tuple[int, tuple[Rect, ...]]:
    """Screen width and tiles. Up to eight bookmakers share one screen; more (benchmarks only) are
    spread evenly over screens side by side, like monitors of one desktop."""
    screens = -(-count // len(BOOKMAKERS))
    per_screen = -(-count // screens)
    layout = layout_for(per_screen)
    tiles = tuple(layout.tile(i % per_screen).offset(i // per_screen * SCREEN_WIDTH, 0) for i in range(count))
    return screens * SCREEN_WIDTH, tiles


def template_paths(folder: Path, skin: str, width: int, height: int) -> tuple[Path, Path, Path]:
    """Where the templates of the big multiplier, of the history strip's small text and of the
    amounts under the game are kept."""
    stem = f"{skin}-{width}x{height}"
    return folder / f"{stem}.npz", folder / f"{stem}-strip.npz", folder / f"{stem}-amounts.npz"


def learn_templates(folder: Path, jobs: list[tuple[str, int, int]]) -> None:
    """Teaches the three template sets per (skin, width, height) from labelled pictures of the
    skin, for this run only (a later run may draw differently)."""
    for skin, width, height in jobs:
        multiplier, strip, amounts = template_paths(folder, skin, width, height)
        learn_labelled(labelled_crops(SKINS[skin], width, height)).save(multiplier)
        learner = StripLearner.taught(labelled_strips(SKINS[skin], width, height))
        if learner.ready:  # else its strip is read by the multiplier's templates and Tesseract agreeing
            learner.templates().save(strip)
        learn_amount_font(labelled_amounts(SKINS[skin], width, height)).save(amounts)


@dataclass(frozen=True)
class DemoOptions:
    bookmakers: int = 6
    rounds: int | None = None
    minutes: float | None = None
    speed: float = 1.0
    seed: int = 1
    db: str | Path = Path("storage/demo.db")
    truth: Path | None = None
    self_learn: Path | None = None  # workers teach themselves each skin, keeping templates here
    skins: tuple[str, ...] = ()  # the bookmakers' skins in turn; () for the default rotation
    betting: BettingConfig | None = None  # None: record only; else paper bets by its strategy
    betting_state: Path = STATE_FILE  # where `aviator bets` finds this run's betting
    node: str | None = None  # this machine's name in its records; None: the host name

    def skin(self, index: int) -> str:
        return skin_for(index, self.skins).name

    @property
    def truth_path(self) -> Path:
        if self.truth is not None:
            return self.truth
        if isinstance(self.db, Path):
            return self.db.with_suffix(".truth.jsonl")
        return Path("storage/demo.truth.jsonl")


class Demo:
    """Owns every part of one demo run."""

    def __init__(self, options: DemoOptions) -> None:
        self.options = options
        names = demo_names(options.bookmakers)
        width, tiles = demo_tiles(len(names))
        self.sim_bookmakers = tuple(
            SimBookmaker(name, options.skin(i), f"{options.seed}:{name}") for i, name in enumerate(names)
        )
        self.app = CollectorApp(options.db, names, node=options.node)
        if options.betting is not None:
            self.app.enable_betting(options.betting, "paper", options.betting_state)
        self.first_round_id = last_round_id(self.app.database)  # rows before this run are not ours
        self.first_bet_id = last_id(self.app.database, "bets")
        self.buffer = SharedFrameBuffer.create(width, SCREEN_HEIGHT, tiles)
        self._templates = tempfile.TemporaryDirectory(prefix="aviator-templates-")
        self.interrupted = threading.Event()  # set by a stop signal: the demo ends early

    def _worker_config(self, index: int, bookmaker: SimBookmaker) -> WorkerConfig:
        config = self._recording_config(index, bookmaker)
        betting = self.options.betting
        if betting is None:
            return config
        history = self.app.recent_crashes(bookmaker.name)
        plan = BettingPlan(betting.strategy, betting.params, betting.strategies, history)
        return replace(config, betting=plan)

    def _recording_config(self, index: int, bookmaker: SimBookmaker) -> WorkerConfig:
        tile = self.buffer.spec.tiles[index]
        looks = min(LOOKS_CAP, LOOKS_PER_SECOND * self.options.speed)
        regions = GameRegions.for_tile(tile)
        group = SERVER_GROUPS.get(bookmaker.name)
        if self.options.self_learn is not None:  # no labels: each worker learns its skin from the screen
            learned = self.options.self_learn
            return WorkerConfig(
                bookmaker.name, regions, None, self.buffer.spec, looks, group, learned_templates=learned
            )
        multiplier, strip, amounts = template_paths(
            Path(self._templates.name), bookmaker.skin, tile.width, tile.height
        )
        return WorkerConfig(
            bookmaker.name,
            regions,
            multiplier,
            self.buffer.spec,
            looks,
            group,
            strip_templates=strip if strip.is_file() else None,
            amount_templates=amounts,
        )

    def _learn_templates(self) -> None:
        """Templates of every skin and tile size of this run, taught in a process of its own: the
        renderer's fonts and caches would stay in the main process (25 MB, benchmarks/bench_app.py)."""
        tiles = self.buffer.spec.tiles
        jobs = sorted({(b.skin, t.width, t.height) for b, t in zip(self.sim_bookmakers, tiles, strict=True)})
        teacher = CONTEXT.Process(target=learn_templates, args=(Path(self._templates.name), jobs))
        teacher.start()
        teacher.join()
        if teacher.exitcode != 0:
            raise RuntimeError(f"learning the templates failed (exit code {teacher.exitcode})")

    def start(self) -> None:
        if self.options.self_learn is None:
            self._learn_templates()
        for index, bookmaker in enumerate(self.sim_bookmakers):
            self.app.add_worker(self._worker_config(index, bookmaker))
        sim_ready, self.finished = self.app.manager.event(), self.app.manager.event()
        self.app.manager.spawn(SIMULATOR, simulator_main, self._simulator_config(), sim_ready, self.finished)
        if not sim_ready.wait(READY_TIMEOUT):  # sync point: the clock starts when all can draw and look
            raise RuntimeError("the simulator did not start")
        clock = ScaledClock(self.options.speed)
        self.app.start(clock)
        self.app.manager.processes[SIMULATOR].send(Start(clock))

    def _simulator_config(self) -> SimulatorConfig:
        minutes = self.options.minutes
        return SimulatorConfig(
            self.sim_bookmakers,
            self.buffer.spec,
            self.options.truth_path,
            max_rounds=self.options.rounds,
            run_seconds=None if minutes is None else minutes * 60,
            fps=30.0 if self.options.speed <= 5 else 60.0,
        )

    def wait_finished(self, tick: Callable[[], None]) -> None:
        """Blocks until the simulator has played every allowed round or `interrupted` is set,
        calling `tick` meanwhile."""
        while not self.finished.wait(0.25) and not self.interrupted.is_set():
            tick()

    def stop(self) -> None:
        """Stops the simulator first (the screen freezes), then the workers, then the writers."""
        if SIMULATOR in self.app.manager.processes:
            self.app.manager.processes[SIMULATOR].send(Stop("demo over"))
            self.app.manager.join(SIMULATOR, timeout=10)
        self.app.stop_workers("demo over")
        self.app.drain()

    def close(self) -> None:
        self.app.close()
        self.buffer.close()
        self._templates.cleanup()
