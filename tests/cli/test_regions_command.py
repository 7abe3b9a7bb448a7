"""`aviator regions show` draws every configured region where the setup file puts it."""

from __future__ import annotations

import numpy as np

from aviator.cli.regions import COLOURS, draw_regions
from aviator.config.setup import BookmakerEntry, GameSize, Setup, region_boxes


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
