"""Worker cycle time: one look (grab + read + track + collectors + messages) per phase, for the
tiles of the 4x2, 3x2 and 2x2 layouts side by side in one run.

    .venv/bin/python -m benchmarks.bench_worker [--seconds 240]

A real BookmakerWorker looks at a real shared frame buffer that a TileRenderer fills the way the
simulator does (a tile is redrawn only when it changes), at 10 looks per simulated second on a
manual clock, so only the worker's own time is measured. Messages are pickled, as the queue would.
`read_ms` is GameScreenReader.look alone (grabs and OCR); `look_ms` the whole look, the players
and money under the game included (read by the amount font's templates when their pixels change);
`rgb_sample_ms` the RGB collector's sample of the game area, taken twice a second besides the looks.
"""

from __future__ import annotations

import argparse
import pickle
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import spread, write_result

from aviator.config.layouts import Rect
from aviator.core.capture.framebuffer import SharedFrameBuffer
from aviator.core.capture.regions import GameRegions
from aviator.core.capture.sim_screen import SimScreen
from aviator.core.communication.clock import ManualClock
from aviator.core.ocr.amount_font import AmountTemplates, learn_amount_font
from aviator.core.ocr.screen_reader import GameScreenReader, ScreenState
from aviator.core.ocr.template import TemplateOCR, TemplateSet, learn_labelled
from aviator.orchestration.bookmaker_worker import BookmakerWorker, WorkerConfig
from aviator.sim.engine import GameEngine
from aviator.sim.labelled_samples import labelled_amounts, labelled_crops
from aviator.sim.renderer import TileRenderer
from aviator.sim.skins import skin_for

TILES = {"4x2": (480, 540), "3x2": (640, 540), "2x2": (960, 540)}
LOOK_SECONDS = 0.1  # 10 looks per second


class PickledHub:
    """Stands in for the worker's mp.Queue: pays the pickling a real put costs, keeps the count."""

    def __init__(self) -> None:
        self.messages = 0

    def put(self, message: object) -> None:
        pickle.dumps(message)
        self.messages += 1


class TimedReader(GameScreenReader):
    """The real reader, timing each look."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.seconds = 0.0

    def look(self, now: Callable[[], float]) -> ScreenState:
        started = time.perf_counter()
        state = super().look(now)
        self.seconds = time.perf_counter() - started
        return state


def measure_tile(layout: str, sim_seconds: float, tmp: Path) -> dict[str, Any]:
    width, height = TILES[layout]
    skin, tile = skin_for(0), Rect(0, 0, width, height)
    templates = tmp / f"{layout}.npz"
    learn_labelled(labelled_crops(skin, width, height)).save(templates)
    buffer = SharedFrameBuffer.create(width, height, (tile,))
    try:
        return _looks(buffer, skin, templates, sim_seconds)
    finally:
        buffer.close()


def _looks(buffer: SharedFrameBuffer, skin: Any, templates: Path, sim_seconds: float) -> dict[str, Any]:
    tile = buffer.spec.tiles[0]
    regions, clock, hub = GameRegions.for_tile(tile), ManualClock(), PickledHub()
    screen = SimScreen(buffer.spec)
    reader = TimedReader(screen, regions, TemplateOCR(TemplateSet.load(templates)))
    amounts = AmountTemplates(learn_amount_font(labelled_amounts(skin, tile.width, tile.height)))
    config = WorkerConfig("Bench", regions, templates, buffer.spec)
    worker = BookmakerWorker(config, reader, clock, hub, amounts=amounts)
    renderer, engine = TileRenderer(skin, tile.width, tile.height), GameEngine("bench")
    looks: dict[str, list[float]] = defaultdict(list)
    reads: dict[str, list[float]] = defaultdict(list)
    shown = None
    while clock.t < sim_seconds:
        view = engine.view_at(clock.t)
        if view != shown:
            buffer.write_tile(0, renderer.render(view))
            shown = view
        started = time.perf_counter()
        worker.look()
        looks[view.phase.value].append(time.perf_counter() - started)
        reads[view.phase.value].append(reader.seconds)
        clock.advance(LOOK_SECONDS)
    rgb = _timed(worker.rgb.collect, 50)  # 2 Hz on the wall clock, so timed apart from the looks
    screen.close()
    phases = {p: {"look_ms": spread(looks[p], 1000), "read_ms": spread(reads[p], 1000)} for p in looks}
    everything = [s for samples in looks.values() for s in samples]
    return {
        "all": spread(everything, 1000),
        "rgb_sample_ms": spread(rgb, 1000),
        "phases": phases,
        "rounds": worker.rounds.rounds,
    }


def _timed(call: Callable[[], object], times: int) -> list[float]:
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return samples


def run(sim_seconds: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        tiles = {layout: measure_tile(layout, sim_seconds, Path(tmp)) for layout in TILES}
    return {"sim_seconds": sim_seconds, "looks_per_second": 1 / LOOK_SECONDS, "tiles": tiles}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=240.0, help="simulated seconds per tile size")
    args = parser.parse_args()
    print(write_result("worker_cycle", run(args.seconds)).read_text())


if __name__ == "__main__":
    main()
