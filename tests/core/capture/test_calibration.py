"""Calibration finds every game on a screenshot by itself, pixel exact, whatever each site's frame."""

from __future__ import annotations

import numpy as np
import pytest

from aviator.config.layouts import LAYOUTS, SCREEN_HEIGHT, SCREEN_WIDTH, Rect
from aviator.config.settings import BetState, GamePhase
from aviator.core.capture.calibration import CalibrationError, find_games, layout_of
from aviator.sim.engine import GameView
from aviator.sim.renderer import TileRenderer
from aviator.sim.skins import skin_for
from aviator.sim.table import IDLE_TABLE, PanelView, TableView

VIEWS = (
    GameView(GamePhase.BETTING, 1.0, 0.4, (1.2, 15.0), 3),
    GameView(GamePhase.PLAYING, 2.5, 0.0, (1.2, 15.0), 3),
    GameView(GamePhase.ENDED, 1.0, 0.0, (1.2,), 3),
    GameView(GamePhase.LOADING, 1.0, 0.0, (), 3),
)


def screen_of(
    layout: str, games: int, tables: dict[int, TableView] | None = None
) -> tuple[np.ndarray, list[Rect]]:
    """A desktop with `games` sites tiled as `layout`, each with its own skin, and their game rectangles."""
    screen = np.full((SCREEN_HEIGHT, SCREEN_WIDTH, 3), 40, np.uint8)
    expected = []
    for index in range(games):
        tile = LAYOUTS[layout].tile(index)
        skin = skin_for(index)
        renderer = TileRenderer(skin, tile.width, tile.height, site=f"site{index}")
        image = renderer.render(VIEWS[index % len(VIEWS)], (tables or {}).get(index, IDLE_TABLE))
        screen[tile.top : tile.bottom, tile.left : tile.right] = image
        expected.append(skin.game_rect(tile))
    return screen, expected


@pytest.mark.parametrize(("layout", "games"), [("2x2", 4), ("3x2", 6), ("4x2", 8), ("3x2", 4)])
def test_every_game_is_found_exactly_and_the_layout_named(layout: str, games: int) -> None:
    screen, expected = screen_of(layout, games)
    found = find_games(screen)
    assert found == expected
    assert layout_of(found, SCREEN_WIDTH, SCREEN_HEIGHT).name == layout


def test_a_placed_bet_stops_calibration_with_the_reason() -> None:
    waiting = TableView(990.0, (PanelView("10.00", "2.00", BetState.WAITING, 10.0), IDLE_TABLE.panels[1]))
    screen, _ = screen_of("2x2", 4, {2: waiting})
    with pytest.raises(CalibrationError, match="3 green buttons"):
        find_games(screen)


def test_an_empty_screen_has_no_game() -> None:
    with pytest.raises(CalibrationError, match="no game found"):
        find_games(np.zeros((SCREEN_HEIGHT, SCREEN_WIDTH, 3), np.uint8))
