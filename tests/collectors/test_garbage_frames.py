"""Garbage frames: black, noise, a popup over the game, a half-drawn frame, another web page and
frozen frames, 10,860 in all, and 2,400 frames of lookalikes, in the skin's own font and colours,
of text that is no multiplier (a flight whose x the region cuts off, a clock, amounts of money in
the multiplier's place and around it), through a real BookmakerWorker (GameScreenReader,
PhaseTracker, MainCollector and the other collectors) at 10 looks per simulated second: no round is
recorded, and the worker reports the bookmaker as unreadable. The lookalikes go through the
template reader and through the hybrid reader with its Tesseract fallback (a self-learning
worker's), which gave them values while a number without its x passed for a multiplier. Game
frames come from the simulator's TileRenderer; the garbage is drawn here with numpy and PIL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest
from benchmarks.lookalikes import X_CUTS, lookalike_texts, x_cut_frame
from PIL import Image, ImageDraw

from aviator.collectors.phase_tracker import UNREADABLE_AFTER
from aviator.config.layouts import Rect
from aviator.config.settings import GamePhase
from aviator.core.capture.regions import GameRegions
from aviator.core.capture.sources import DisplaySpec
from aviator.core.communication.clock import ManualClock
from aviator.core.communication.messages import RoundRecorded, WorkerStatus
from aviator.core.ocr.engine import MultiplierReader, OCREngine
from aviator.core.ocr.screen_reader import GameScreenReader
from aviator.core.ocr.template import TemplateOCR, learn_labelled
from aviator.core.ocr.tesseract import TesseractOCR
from aviator.orchestration.bookmaker_worker import BookmakerWorker, WorkerConfig
from aviator.sim.engine import GameEngine, GameView
from aviator.sim.labelled_samples import labelled_crops
from aviator.sim.renderer import TileRenderer
from aviator.sim.skins import skin_for
from tests.collectors.test_phase_and_rgb_collectors import PaintedScreen

TILE = Rect(0, 0, 640, 540)  # a 3x2 tile, as in the demo with six bookmakers
REGIONS = GameRegions.for_tile(TILE)
LOOK = 0.1  # simulated seconds between looks
POOL_STEP = 0.5  # simulated seconds between the pooled game frames (garbage plays them one a look)
HOLD = round(POOL_STEP / LOOK)  # looks a lookalike frame stays: the pool's half second in real time
LOOKALIKES = 600  # frames of each lookalike: four times the looks that make a bookmaker unreadable

Frames = Callable[[], Iterator[np.ndarray]]


class Hub(list):
    """Stands in for the worker's queue to the main process."""

    def put(self, message: object) -> None:
        self.append(message)


@pytest.fixture(scope="module")
def ocr() -> TemplateOCR:
    return TemplateOCR(learn_labelled(labelled_crops(skin_for(0), TILE.width, TILE.height)))


@pytest.fixture(scope="module")
def renderer() -> TileRenderer:
    return TileRenderer(skin_for(0), TILE.width, TILE.height)


@pytest.fixture(scope="module")
def pool(renderer: TileRenderer) -> list[tuple[GamePhase, np.ndarray]]:
    """Two minutes of one simulated game, a frame every half second: every phase, many values."""
    engine = GameEngine("garbage")
    views = [engine.view_at(i * POOL_STEP) for i in range(240)]
    return [(view.phase, renderer.render(view)) for view in views]


@pytest.fixture(scope="module")
def hybrid(ocr: TemplateOCR) -> Iterator[OCREngine]:
    """The templates with the Tesseract fallback, as a worker that learnt its skin reads."""
    fallback = TesseractOCR()
    yield OCREngine(ocr, fallback)
    fallback.close()


@pytest.fixture(scope="module")
def shows() -> list[GameView]:
    """The flight and crash views of the pool's two minutes: where the game shows a multiplier."""
    engine = GameEngine("garbage")
    views = [engine.view_at(i * POOL_STEP) for i in range(240)]
    return [view for view in views if view.phase in (GamePhase.PLAYING, GamePhase.ENDED)]


def watch(
    frames: Iterator[np.ndarray], ocr: MultiplierReader, paused: bool = False
) -> tuple[list[object], WorkerStatus]:
    """Every frame looked at once by a fresh worker; what it sent, and its status after the last
    (as a paused worker would send it, if `paused`)."""
    screen, clock, hub = PaintedScreen(np.zeros((TILE.height, TILE.width, 3), np.uint8)), ManualClock(), Hub()
    config = WorkerConfig("Garbage", REGIONS, Path("unused.npz"), DisplaySpec())
    worker = BookmakerWorker(config, GameScreenReader(screen, REGIONS, ocr), clock, hub)
    for frame in frames:
        screen.image = frame
        worker.look()
        clock.advance(LOOK)
    worker.heartbeat(force=True, paused=paused)  # the status as of the last look
    return hub, hub[-1]


def black(count: int) -> Iterator[np.ndarray]:
    for _ in range(count):
        yield np.zeros((TILE.height, TILE.width, 3), np.uint8)


def noise(count: int) -> Iterator[np.ndarray]:
    rng = np.random.default_rng(6)
    for _ in range(count):
        yield rng.integers(0, 256, (TILE.height, TILE.width, 3), dtype=np.uint8)


def popup(pool: list[tuple[GamePhase, np.ndarray]], count: int) -> Iterator[np.ndarray]:
    """The game goes on under a site's modal dialog: the page dimmed, a light box over its middle."""
    covered = [_with_popup(frame) for _, frame in pool]
    for i in range(count):
        yield covered[i % len(covered)]


def _with_popup(frame: np.ndarray) -> np.ndarray:
    image = Image.fromarray((frame * 0.35).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    w, h = TILE.width, TILE.height
    draw.rounded_rectangle((w * 0.15, h * 0.2, w * 0.85, h * 0.6), 12, fill=(245, 245, 245))
    draw.text((w * 0.2, h * 0.25), "Your session has expired. Please log in again.", fill=(20, 20, 20))
    draw.rounded_rectangle((w * 0.35, h * 0.48, w * 0.65, h * 0.56), 8, fill=(40, 168, 12))
    return np.asarray(image)


def half_drawn(pool: list[tuple[GamePhase, np.ndarray]], count: int) -> Iterator[np.ndarray]:
    """The game drawn down to a line through the middle of the multiplier, black below."""
    rng, box = np.random.default_rng(7), REGIONS.multiplier
    middle = box.top + box.height // 2
    for i in range(count):
        frame = pool[i % len(pool)][1].copy()
        frame[rng.integers(middle - box.height // 8, middle + box.height // 8) :] = 0
        yield frame


def web_page(count: int) -> Iterator[np.ndarray]:
    """Another site's page scrolling by: a header, lines of text with odds in them, a picture."""
    pages = [_page(offset) for offset in range(0, 200, 10)]
    for i in range(count):
        yield pages[i % len(pages)]


def _page(offset: int) -> np.ndarray:
    image = Image.new("RGB", (TILE.width, TILE.height), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, TILE.width, 50), fill=(30, 60, 140))
    draw.text((10, 18), "NEWS   SPORT   CASINO   LIVE   2.35x BONUS", fill=(255, 255, 255))
    words = ("odds", "1.25x", "bonus", "20,00", "match", "12.50x", "live", "win")
    for row, y in enumerate(range(70 - offset, TILE.height, 18)):
        draw.text((20, y), " ".join(words[(row + k) % len(words)] for k in range(9)), fill=(60, 60, 60))
    draw.rectangle((400, 140 - offset, 600, 300 - offset), fill=(200, 40, 60))
    return np.asarray(image)


def frozen(pool: list[tuple[GamePhase, np.ndarray]], phase: GamePhase, count: int) -> Iterator[np.ndarray]:
    """The screen stopped on one frame of the given phase (the middle one of its frames)."""
    frames = [frame for shown, frame in pool if shown is phase]
    for _ in range(count):
        yield frames[len(frames) // 2]


def held(frames: Sequence[np.ndarray], count: int, hold: int = HOLD) -> Iterator[np.ndarray]:
    """`count` looks at `frames` in turn, each shown for `hold` looks."""
    for i in range(count):
        yield frames[i // hold % len(frames)]


def x_cut_off(renderer: TileRenderer, shows: list[GameView], count: int) -> Iterator[np.ndarray]:
    """The game's flights and crashes, each round's x all or mostly past the region's right edge:
    numbers that grow on the curve and crash as multipliers do, but without their x."""
    frames = [x_cut_frame(renderer, view, X_CUTS[view.round_number % len(X_CUTS)]) for view in shows]
    return held(frames, count)


def clock(renderer: TileRenderer, shows: list[GameView], count: int) -> Iterator[np.ndarray]:
    """A clock where the multiplier is, over the flight and crash scenes, ticking every second."""
    kinds = ("clock with seconds", "clock")
    texts = [lookalike_texts(renderer.skin, 1.0, 68_340 + k) for k in range(count // 10 + 1)]
    frames = [
        renderer.render_shown(shows[k % len(shows)], text[kinds[k // 60 % 2]]) for k, text in enumerate(texts)
    ]
    return held(frames, count, hold=10)


AMOUNT_KINDS = ("amount", "amount and currency", "dollars", "number without x", "number without point or x")


def amounts_in_place(renderer: TileRenderer, shows: list[GameView], count: int) -> Iterator[np.ndarray]:
    """Amounts of money and bare numbers where the multiplier is, growing and crashing with the
    game's flights (a jackpot counter, a multiplier printed without its x), one kind a round."""
    frames = []
    for view in shows:
        kind = AMOUNT_KINDS[view.round_number % len(AMOUNT_KINDS)]
        frames.append(renderer.render_shown(view, lookalike_texts(renderer.skin, view.multiplier, 0)[kind]))
    return held(frames, count)


def amounts_around(renderer: TileRenderer, shows: list[GameView], count: int) -> Iterator[np.ndarray]:
    """No multiplier, but a clock, a balance and an amount in smaller type in the corners of its
    place and above the game area, in the skin's font and colours."""
    frames = [_around(renderer, view, k) for k, view in enumerate(shows)]
    return held(frames, count)


def _around(renderer: TileRenderer, view: GameView, k: int) -> np.ndarray:
    image = Image.fromarray(renderer.render_shown(view, ""))
    draw, box, skin = ImageDraw.Draw(image), REGIONS.multiplier, renderer.skin
    texts = lookalike_texts(skin, 97.31 + 13.7 * k, 68_340 + k)
    colour = skin.crash_colour if view.phase is GamePhase.ENDED else skin.text_colour
    small, medium = skin.font(box.height // 4), skin.font(box.height // 2)
    draw.text((box.left + 4, box.top + 2), texts["clock"], font=small, fill=colour)
    draw.text(
        (box.right - 4, box.bottom - 2), texts["amount and currency"], font=medium, fill=colour, anchor="rb"
    )
    draw.text((box.left + 4, box.bottom - 2), texts["dollars"], font=small, fill=colour, anchor="lb")
    draw.text(
        (box.left + 4, box.top - box.height // 3), texts["amount"], font=medium, fill=colour, anchor="lb"
    )
    return np.asarray(image)


@pytest.fixture(scope="module")
def lookalikes(renderer: TileRenderer, shows: list[GameView]) -> dict[str, Frames]:
    makers = {"x cut off": x_cut_off, "clock": clock, "amounts in place": amounts_in_place}
    makers["amounts around"] = amounts_around
    return {kind: (lambda make=make: make(renderer, shows, LOOKALIKES)) for kind, make in makers.items()}


LOOKALIKE_KINDS = ["x cut off", "clock", "amounts in place", "amounts around"]


@pytest.mark.parametrize("method", ["template", "hybrid"])
@pytest.mark.parametrize("kind", LOOKALIKE_KINDS)
def test_lookalikes_give_no_value_record_no_round_and_are_reported_unreadable(
    kind: str, method: str, lookalikes: dict[str, Frames], ocr: TemplateOCR, hybrid: OCREngine
) -> None:
    sent, status = watch(lookalikes[kind](), ocr if method == "template" else hybrid)
    assert [m for m in sent if isinstance(m, RoundRecorded)] == []
    assert status.rounds == 0 and status.unreadable
    assert status.looks == LOOKALIKES and status.rejected == LOOKALIKES  # every look rejected: no value
    assert status.multiplier is None


@pytest.fixture(scope="module")
def garbage(pool: list[tuple[GamePhase, np.ndarray]]) -> dict[str, Frames]:
    kinds: dict[str, Frames] = {
        "black": lambda: black(2000),
        "noise": lambda: noise(int(UNREADABLE_AFTER / LOOK) + 10),  # a look at noise costs ~100 ms of OCR
        "popup": lambda: popup(pool, 2500),
        "half-drawn": lambda: half_drawn(pool, 2500),
        "web page": lambda: web_page(1000),
    }
    for phase in (GamePhase.BETTING, GamePhase.LOADING, GamePhase.PLAYING, GamePhase.ENDED):
        kinds[f"frozen {phase.value}"] = lambda phase=phase: frozen(pool, phase, 675)
    return kinds


KINDS = ["black", "noise", "popup", "half-drawn", "web page"] + [
    f"frozen {p.value}" for p in (GamePhase.BETTING, GamePhase.LOADING, GamePhase.PLAYING, GamePhase.ENDED)
]


@pytest.mark.parametrize("kind", KINDS)
def test_garbage_records_no_round_and_is_reported_unreadable(
    kind: str, garbage: dict[str, Frames], ocr: TemplateOCR
) -> None:
    sent, status = watch(garbage[kind](), ocr)
    assert [m for m in sent if isinstance(m, RoundRecorded)] == []
    assert status.rounds == 0 and status.unreadable


def test_the_same_worker_records_a_real_game_and_finds_it_readable(
    renderer: TileRenderer, ocr: TemplateOCR
) -> None:
    """The control: the harness sees rounds when there are some, so the garbage results mean something."""
    engine = GameEngine("garbage")
    frames = (renderer.render(engine.view_at(i * LOOK)) for i in range(int(90 / LOOK)))
    sent, status = watch(frames, ocr)
    recorded = [m.round.final_score for m in sent if isinstance(m, RoundRecorded)]
    assert recorded == [plan.crash for plan in engine.crashed_until(90 - LOOK)]
    assert recorded and not status.unreadable


def test_a_game_that_comes_back_is_readable_again(renderer: TileRenderer, ocr: TemplateOCR) -> None:
    engine = GameEngine("back")
    game = (renderer.render(engine.view_at(i * LOOK)) for i in range(100))
    _, status = watch(_chain(black(200), game), ocr)
    assert not status.unreadable


def _chain(*parts: Iterator[np.ndarray]) -> Iterator[np.ndarray]:
    for part in parts:
        yield from part


def test_a_paused_worker_is_not_reported_unreadable(garbage: dict[str, Frames], ocr: TemplateOCR) -> None:
    """Paused, it is not looking: what the screen shows is unknown, not unreadable."""
    _, status = watch(garbage["black"](), ocr, paused=True)
    assert not status.unreadable
