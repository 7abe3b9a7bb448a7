"""`aviator regions show` draws every configured region where the setup file puts it."""

from __future__ import annotations

import numpy as np

from aviator.cli.regions import COLOURS, draw_regions
from aviator.config.layouts import Rect
from aviator.config.setup import BookmakerEntry, GameSize, RegionBoxes, Setup, region_boxes


def test_each_region_is_outlined_on_the_screenshot() -> None:
    entry = BookmakerEntry(name="Admiral", offset=(10, 30))
    setup = Setup(
        layout="3x2", game=GameSize(width=616, height=496), regions=region_boxes(616, 496), bookmakers=[entry]
    )
    picture = np.asarray(draw_regions(np.zeros((1080, 1920, 3), np.uint8), setup))
    for index, rect in enumerate(setup.game_regions(entry).named().values()):
        colour = COLOURS[index % len(COLOURS)]
        assert tuple(picture[rect.top + rect.height // 2, rect.left]) == colour  # the left edge
        assert tuple(picture[rect.bottom - 1, rect.left + rect.width // 2]) == colour  # the bottom edge
    assert not picture[700:, :].any()  # nothing drawn outside the bookmaker's game


def test_a_site_with_its_own_size_and_only_the_required_regions_is_drawn_as_it_is() -> None:
    minimal = RegionBoxes(multiplier=(10, 90, 380, 60), game_area=(0, 40, 400, 160))
    entry = BookmakerEntry(
        name="Small", offset=(100, 50), game=GameSize(width=400, height=300), regions=minimal
    )
    picture = np.asarray(draw_regions(np.zeros((1080, 1920, 3), np.uint8), Setup(bookmakers=[entry])))
    multiplier, game_area = Rect(110, 140, 380, 60), Rect(100, 90, 400, 160)
    assert tuple(picture[multiplier.top + 30, multiplier.left]) == COLOURS[1]  # named after game_area
    assert tuple(picture[game_area.bottom - 1, game_area.left + 200]) == COLOURS[0]
    assert not picture[360:, :].any()  # nothing drawn below the small game
