"""What a site's tile shows in each phase and bet state, checked on its pixels."""

from __future__ import annotations

import numpy as np
import pytest

from aviator.config.layouts import Rect
from aviator.config.settings import BetState, GamePhase
from aviator.core.capture.regions import GameRegions
from aviator.core.ocr.button import button_state
from aviator.core.ocr.screen_reader import GameScreenReader
from aviator.core.ocr.template import TemplateOCR, learn_labelled
from aviator.sim.engine import GameView
from aviator.sim.labelled_samples import labelled_crops
from aviator.sim.renderer import LOW_BUBBLE, TileRenderer, bubble_colour
from aviator.sim.skins import SKINS, format_money
from aviator.sim.table import PanelView, TableView

WIDTH, HEIGHT = 640, 540
HISTORY = (1.5, 3.2, 12.0, 3281.54)


def crop(image: np.ndarray, rect: Rect) -> np.ndarray:
    return image[rect.top : rect.bottom, rect.left : rect.right]


def median(image: np.ndarray, rect: Rect) -> tuple[int, ...]:
    return tuple(int(v) for v in np.median(crop(image, rect).reshape(-1, 3), axis=0))


@pytest.fixture(params=sorted(SKINS))
def renderer(request: pytest.FixtureRequest) -> TileRenderer:
    return TileRenderer(SKINS[request.param], WIDTH, HEIGHT, site="Admiral")


def test_the_game_sits_inside_the_site_frame_where_the_skin_puts_it(renderer: TileRenderer) -> None:
    game = renderer.game
    assert (game.left, game.top) == (renderer.skin.offset_x, renderer.skin.offset_y)
    image = renderer.render(GameView(GamePhase.BETTING, 1.0, 1.0, (), 1))
    assert tuple(image[1, WIDTH - 2]) == renderer.skin.page_colour  # the site's own frame


def test_flight_background_is_blue_then_purple_then_magenta(renderer: TileRenderer) -> None:
    area = renderer.regions.game_area
    low, mid, high = (
        median(renderer.render(GameView(GamePhase.PLAYING, v, 0.0, (), 1)), area) for v in (1.5, 5, 15)
    )
    assert low[2] > low[0] + 40 and low[1] > low[0]  # blue
    assert mid[2] > mid[0] + 30 and mid[0] > mid[1]  # purple
    assert high[0] > high[1] + 40 and abs(high[0] - high[2]) < 25  # magenta


def test_the_crash_shows_the_value_in_red_on_a_dark_screen(renderer: TileRenderer) -> None:
    image = renderer.render(GameView(GamePhase.ENDED, 1.69, 0.0, (), 1))
    value = crop(image, renderer.regions.multiplier).astype(int)
    red = (value[..., 0] > 180) & (value[..., 1] < 80)
    assert red.sum() > 500
    assert max(median(image, renderer.regions.game_area)) < 30


def test_the_betting_bar_counts_down(renderer: TileRenderer) -> None:
    bar = renderer.regions.progress_bar
    for progress in (1.0, 0.6, 0.2):
        row = crop(renderer.render(GameView(GamePhase.BETTING, 1.0, progress, (), 1)), bar)[bar.height // 2]
        red = ((row[:, 0] > 180) & (row[:, 1] < 90)).mean()
        assert red == pytest.approx(progress, abs=0.03)


def test_loading_is_a_dark_screen(renderer: TileRenderer) -> None:
    image = renderer.render(GameView(GamePhase.LOADING, 1.0, 0.0, (), 1))
    assert crop(image, renderer.regions.game_area).mean() < 30


def test_history_bubbles_are_newest_first_in_their_colours(renderer: TileRenderer) -> None:
    strip = crop(renderer.render(GameView(GamePhase.BETTING, 1.0, 1.0, HISTORY, 1)), renderer.regions.history)
    first_column = {}
    for value in HISTORY:
        matches = np.all(np.abs(strip.astype(int) - bubble_colour(value)) < 12, axis=2)
        assert matches.any(), value
        first_column[value] = int(np.argmax(matches.any(axis=0)))
    assert list(first_column.values()) == sorted(first_column.values())  # left to right = newest first
    assert bubble_colour(1.99) == LOW_BUBBLE and bubble_colour(2.0) != bubble_colour(10.0)


@pytest.mark.parametrize("state", list(BetState))
def test_each_button_state_has_the_game_colour(renderer: TileRenderer, state: BetState) -> None:
    panels = (PanelView("10.00", "2.00", state, 12.5), PanelView("10.00", "", BetState.PLACE, 10.0))
    image = renderer.render(GameView(GamePhase.PLAYING, 1.25, 0.0, (), 1), TableView(990.0, panels))
    assert button_state(crop(image, renderer.regions.panels[0].button)) is state
    assert button_state(crop(image, renderer.regions.panels[1].button)) is BetState.PLACE


def test_money_is_written_in_the_site_style() -> None:
    assert [format_money(1234.5, style) for style in ("1,234.56", "1.234,56", "1 234.56")] == [
        "1,234.50",
        "1.234,50",
        "1 234.50",
    ]


class Still:
    """A screen that shows one image."""

    def __init__(self, image: np.ndarray) -> None:
        self.image = image

    def grab(self, rect: Rect) -> np.ndarray:
        return crop(self.image, rect)

    def close(self) -> None:
        pass


@pytest.mark.parametrize(
    ("view", "phase"),
    [
        (GameView(GamePhase.BETTING, 1.0, 0.7, HISTORY, 1), GamePhase.BETTING),
        (GameView(GamePhase.LOADING, 1.0, 0.0, HISTORY, 1), GamePhase.LOADING),
        (GameView(GamePhase.PLAYING, 12.34, 0.0, HISTORY, 1), GamePhase.PLAYING),
        (GameView(GamePhase.ENDED, 1.69, 0.0, HISTORY, 1), GamePhase.ENDED),
    ],
)
def test_the_collector_reads_every_phase_of_a_site_tile(
    renderer: TileRenderer, view: GameView, phase: GamePhase
) -> None:
    game = renderer.game
    ocr = TemplateOCR(learn_labelled(labelled_crops(renderer.skin, game.width, game.height)))
    reader = GameScreenReader(Still(renderer.render(view)), GameRegions.for_tile(game), ocr)
    state = reader.look(lambda: 0.0)
    assert state.phase is phase
    if phase in (GamePhase.PLAYING, GamePhase.ENDED):
        assert state.reading is not None and state.reading.value == view.multiplier
