"""The demo's screens: up to eight bookmakers on one, more (for benchmarks) on screens side by side."""

from __future__ import annotations

import itertools

import pytest

from aviator.config.layouts import SCREEN_HEIGHT, SCREEN_WIDTH, layout_for
from aviator.orchestration.demo import demo_names, demo_tiles


@pytest.mark.parametrize("count", [1, 4, 6, 8])
def test_up_to_eight_share_one_screen_in_the_standard_layout(count: int) -> None:
    width, tiles = demo_tiles(count)
    assert width == SCREEN_WIDTH
    assert tiles == tuple(layout_for(count).tile(i) for i in range(count))


@pytest.mark.parametrize("count", [9, 12, 16])
def test_more_are_spread_over_screens_side_by_side_without_overlap(count: int) -> None:
    width, tiles = demo_tiles(count)
    assert width == 2 * SCREEN_WIDTH
    assert all(t.left >= 0 and t.right <= width and t.top >= 0 and t.bottom <= SCREEN_HEIGHT for t in tiles)
    assert len({(t.width, t.height) for t in tiles}) == 1  # every bookmaker the same tile size
    for a, b in itertools.combinations(tiles, 2):
        assert a.right <= b.left or b.right <= a.left or a.bottom <= b.top or b.bottom <= a.top


def test_names_stay_unique_beyond_the_eight_sites() -> None:
    names = demo_names(12)
    assert names[:8] == demo_names(8) and len(set(names)) == 12 and names[8] == "Admiral-2"
