"""Calibration of a site it knows nothing about: watching two rounds of a game drawn by the
desktop simulator's renderer (whose layout the finder never sees), every region lands on the
element the renderer drew."""

from __future__ import annotations

import numpy as np
import pytest

from aviator.config.layouts import Rect
from aviator.config.settings import GamePhase
from aviator.core.capture.calibration import green_buttons
from aviator.core.capture.game_watch import GameWatch
from aviator.core.capture.site_calibration import SiteGame, find_site_games, site_name
from aviator.core.capture.site_regions import FoundRegions, find_regions
from aviator.sim.engine import GameView
from aviator.sim.renderer import TileRenderer
from aviator.sim.skins import skin_for

CRASHES = (2.37, 1.52)


def _cycle(crash: float, history: tuple[float, ...], number: int) -> list[GameView]:
    """A round as frames: betting with its bar emptying, loading, the flight, the crash."""
    views = [GameView(GamePhase.BETTING, 1.0, p, history, number) for p in (1.0, 0.8, 0.6, 0.4, 0.2)]
    views += [GameView(GamePhase.LOADING, 1.0, 0.0, history, number)] * 2
    steps = np.linspace(1.0, crash, 12, endpoint=False)[1:]
    views += [GameView(GamePhase.PLAYING, round(float(m), 2), 0.0, history, number) for m in steps]
    return views + [GameView(GamePhase.ENDED, crash, 0.0, (crash, *history), number)] * 3


def _watched(renderer: TileRenderer) -> GameWatch:
    watch, history = GameWatch(), (3.1, 1.2, 7.5, 1.01)
    for number, crash in enumerate(CRASHES, start=1):
        for frame_number, view in enumerate(_cycle(crash, history, number)):
            watch.add(renderer.render(view), number * 100 + frame_number * 0.2)
        history = (crash, *history)
    return watch


@pytest.fixture(scope="module", params=[0, 3])
def found(request: pytest.FixtureRequest) -> tuple[TileRenderer, FoundRegions]:
    renderer = TileRenderer(skin_for(request.param), 640, 540, site="Admiral")
    watch = _watched(renderer)
    return renderer, find_regions(watch, green_buttons(watch.first))


def _rect(box: tuple[int, int, int, int]) -> Rect:
    return Rect(*box)


def _inside(inner: Rect, outer: Rect, slack: int = 4) -> bool:
    return outer.union(inner) == outer or Rect(
        outer.left - slack, outer.top - slack, outer.width + 2 * slack, outer.height + 2 * slack
    ).contains(inner)


def test_every_region_lands_on_what_the_renderer_drew(found: tuple[TileRenderer, FoundRegions]) -> None:
    renderer, result = found
    truth, regions = renderer.regions, result.regions
    assert regions is not None, result.missing
    assert result.found[:4] == ["multiplier", "game area", "history strip", "progress bar"]
    assert _inside(_rect(regions.game_area), truth.game_area)
    multiplier = _rect(regions.multiplier)
    assert multiplier.overlaps(truth.multiplier) and _inside(multiplier, truth.game_area)
    assert regions.history is not None and _rect(regions.history).overlaps(truth.history)
    assert not _rect(regions.history).overlaps(truth.game_area)
    assert regions.progress_bar is not None and _inside(_rect(regions.progress_bar), truth.progress_bar, 6)
    assert [_rect(p.button) for p in regions.panels] == [p.button for p in truth.panels]


def test_the_bet_panels_fields_are_the_numbers_beside_their_buttons(
    found: tuple[TileRenderer, FoundRegions],
) -> None:
    renderer, result = found
    assert result.regions is not None
    for panel, truth in zip(result.regions.panels, renderer.regions.panels, strict=True):
        assert panel.stake is not None and _rect(panel.stake).overlaps(truth.stake)
        assert panel.auto_cashout is not None and _rect(panel.auto_cashout).overlaps(truth.auto_cashout)


def test_a_game_never_seen_crash_has_no_regions_and_says_why() -> None:
    renderer = TileRenderer(skin_for(0), 640, 540, site="Admiral")
    watch = GameWatch()
    for index, view in enumerate(_cycle(2.0, (), 1)[:-3]):  # the flight, not its crash
        watch.add(renderer.render(view), index * 0.2)
    result = find_regions(watch, green_buttons(watch.first))
    assert result.regions is None
    assert "watch longer" in result.missing[0]


def test_games_are_the_windows_with_green_buttons() -> None:
    renderer = TileRenderer(skin_for(1), 640, 540, site="Admiral")
    screen = np.zeros((1080, 1920, 3), np.uint8)
    screen[100:640, 700:1340] = renderer.render(_cycle(2.0, (), 1)[0])
    windows = [(Rect(0, 0, 600, 400), "Terminal"), (Rect(700, 100, 640, 540), "Admiral - Aviator")]
    buttons = tuple(panel.button for panel in renderer.regions.panels)
    assert find_site_games(screen, windows) == [
        SiteGame(Rect(700, 100, 640, 540), "Admiral - Aviator", buttons)
    ]


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Admiral - Aviator", "Admiral"),
        ("Soccer | Aviator", "Soccer"),
        ("Meridian Aviator", "Meridian"),
        ("Aviator", "Aviator"),
        ("Aviator – Mozzart", "Mozzart"),
    ],
)
def test_a_bookmaker_is_named_after_its_window_title(title: str, name: str) -> None:
    assert site_name(title) == name
