"""Setups of real screens: sites of different sizes and layouts at any offsets, regions a site does
not have left out, games apart from each other, names unique; each problem says what to change."""

from __future__ import annotations

from pathlib import Path

import pytest

from aviator.config.layouts import Rect
from aviator.config.loader import ConfigError, load_setup
from aviator.config.setup_checks import unique_names
from aviator.core.capture.regions import GameRegions, PanelRegions

SHARED = """\
game: {width: 616, height: 496}
regions:
  multiplier: [24, 133, 567, 100]
  game_area: [6, 69, 603, 216]
  history: [6, 37, 603, 25]
  panels:
  - button: [160, 356, 132, 120]
    stake: [17, 359, 126, 48]
    auto_cashout: [17, 425, 126, 48]
  - button: [465, 356, 132, 120]
"""
SMALL_SITE = """\
- name: Small
  offset: [1300, 600]
  game: {width: 400, height: 300}
  regions:
    multiplier: [10, 90, 380, 60]
    game_area: [0, 40, 400, 160]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "setup.yaml"
    path.write_text(text)
    return path


def problems_of(path: Path, screen: tuple[int, int] | None = None) -> list[str]:
    with pytest.raises(ConfigError) as error:
        load_setup(path, None if screen is None else lambda display: screen)
    return [str(p) for p in error.value.problems]


def test_each_site_may_have_its_own_size_and_regions_beside_the_shared_ones(tmp_path: Path) -> None:
    text = SHARED + "bookmakers:\n- name: Wide\n  offset: [13, 7]\n" + SMALL_SITE
    setup = load_setup(write(tmp_path, text), lambda display: (1920, 1080))
    wide, small = setup.bookmakers
    assert setup.layout is None  # no grid: the games sit at any offsets
    assert setup.game_rect(wide) == Rect(13, 7, 616, 496)
    assert setup.game_rect(small) == Rect(1300, 600, 400, 300)
    assert setup.game_regions(wide).history == Rect(19, 44, 603, 25)
    assert setup.game_regions(wide).panels[1] == PanelRegions(button=Rect(478, 363, 132, 120))
    assert setup.game_regions(small) == GameRegions(
        multiplier=Rect(1310, 690, 380, 60), game_area=Rect(1300, 640, 400, 160)
    )


def test_a_site_with_only_a_multiplier_and_a_game_area_has_nothing_else(tmp_path: Path) -> None:
    setup = load_setup(write(tmp_path, "bookmakers:\n" + SMALL_SITE))
    regions = setup.game_regions(setup.bookmakers[0])
    assert regions.panels == () and regions.history is None and regions.progress_bar is None
    assert set(regions.named()) == {"multiplier", "game_area"}


def test_a_site_without_a_size_or_regions_is_told_where_to_give_them(tmp_path: Path) -> None:
    path = write(tmp_path, "bookmakers:\n- name: Bare\n  offset: [0, 0]\n")
    assert problems_of(path) == [
        f"{path}:2: bookmakers.0: 'Bare' has no game size: add `game: {{width: W, height: H}}` to it, "
        "or at the top of the file for every bookmaker",
        f"{path}:2: bookmakers.0: 'Bare' has no regions: add `regions:` (at least multiplier and "
        "game_area) to it, or at the top of the file",
    ]


def test_shared_regions_that_do_not_fit_a_smaller_site_are_named(tmp_path: Path) -> None:
    text = SHARED + "bookmakers:\n- name: Tiny\n  offset: [0, 0]\n  game: {width: 616, height: 300}\n"
    path = write(tmp_path, text)
    assert problems_of(path) == [
        f"{path}:14: bookmakers.0.game: the regions at the top of the file (panels.0.stake, "
        "panels.0.auto_cashout, panels.0.button, panels.1.button) reach outside this game (616x300): "
        "give this bookmaker its own `regions`, or correct its size"
    ]


def test_overlapping_games_are_an_error_naming_both(tmp_path: Path) -> None:
    text = SHARED + "bookmakers:\n- name: Left\n  offset: [0, 0]\n- name: Right\n  offset: [600, 100]\n"
    path = write(tmp_path, text)
    assert problems_of(path) == [
        f"{path}:15: bookmakers.1.offset: the game of 'Right' (at 600,100, 616x496) overlaps the game of "
        "'Left' (bookmakers.0, at 0,0, 616x496): move one, for example 'Right' to [616, 100]"
    ]
    write(tmp_path, text.replace("[600, 100]", "[616, 100]"))  # touching is not overlapping
    assert len(load_setup(path).bookmakers) == 2


def test_the_same_name_twice_suggests_a_free_one(tmp_path: Path) -> None:
    entries = "".join(f"- name: Aviator\n  offset: [{x}, 0]\n" for x in (0, 620, 1240))
    entries += "- name: Aviator-2\n  offset: [0, 500]\n"
    path = write(tmp_path, SHARED + "bookmakers:\n" + entries)
    assert problems_of(path) == [
        f"{path}:14: bookmakers.1.name: 'Aviator' is also the name of bookmakers.0; names must be "
        "unique: rename one, for example 'Aviator-3'",
        f"{path}:16: bookmakers.2.name: 'Aviator' is also the name of bookmakers.0; names must be "
        "unique: rename one, for example 'Aviator-4'",
    ]


def test_windows_titled_alike_are_numbered_into_unique_names() -> None:
    names = ["Aviator", "Admiral", "Aviator", "Aviator-2", "Aviator"]
    assert unique_names(names) == ["Aviator", "Admiral", "Aviator-3", "Aviator-2", "Aviator-4"]


def test_a_grid_layout_only_checks_that_each_game_sits_in_a_tile_of_its_own(tmp_path: Path) -> None:
    entries = "- name: A\n  offset: [0, 0]\n- name: B\n  offset: [960, 20]\n"
    path = write(tmp_path, "layout: 2x2\n" + SHARED + "bookmakers:\n" + entries)
    assert len(load_setup(path, lambda display: (1920, 1080)).bookmakers) == 2
    write(tmp_path, path.read_text().replace("[960, 20]", "[620, 20]"))
    assert problems_of(path, (1920, 1080)) == [
        f"{path}:16: bookmakers.1.offset: the game of 'B' (at 620,20, 616x496) is not inside one tile of "
        "layout 2x2 (tiles of 960x540): move it into a tile of its own, or remove `layout` to place "
        "games freely"
    ]
    write(tmp_path, path.read_text().replace("layout: 2x2\n", ""))  # no grid: any offsets apart
    assert len(load_setup(path, lambda display: (1920, 1080)).bookmakers) == 2


def test_more_games_than_the_grid_has_tiles(tmp_path: Path) -> None:
    entries = "".join(f"- name: G{i}\n  offset: [{i * 620}, 0]\n" for i in range(5))
    path = write(tmp_path, "layout: 2x2\n" + SHARED + "bookmakers:\n" + entries)
    assert problems_of(path) == [
        f"{path}:1: layout: 5 games do not fit layout 2x2 (4 tiles): choose a larger layout or remove "
        "`layout`"
    ]


def test_any_number_of_panels_each_needing_only_its_button(tmp_path: Path) -> None:
    panels = "".join(f"  - button: [{x}, 400, 60, 40]\n" for x in (0, 100, 200))
    text = (
        SHARED.split("  panels:")[0]
        + "  panels:\n"
        + panels
        + "bookmakers:\n- name: Three\n  offset: [0, 0]\n"
    )
    setup = load_setup(write(tmp_path, text))
    panels_read = setup.game_regions(setup.bookmakers[0]).panels
    assert [p.button.left for p in panels_read] == [0, 100, 200]
    assert all(p.stake is None and p.auto_cashout is None for p in panels_read)
