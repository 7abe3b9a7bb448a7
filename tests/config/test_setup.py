"""Setup files: games at any offsets, each with its own size and regions or the shared ones; only the
multiplier and game area required; every problem named with file, line, key, value and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from aviator.cli import main
from aviator.config.layouts import Rect
from aviator.config.loader import ConfigError, dump_setup, load_setup
from aviator.config.setup import BookmakerEntry, GameSize, Setup, region_boxes
from aviator.core.capture.regions import GameRegions


def setup_of(*offsets: tuple[int, int], templates: Path | None = None) -> Setup:
    entries = [BookmakerEntry(name=f"site{i}", offset=o, templates=templates) for i, o in enumerate(offsets)]
    return Setup(
        layout="3x2", game=GameSize(width=616, height=496), regions=region_boxes(616, 496), bookmakers=entries
    )


def test_regions_are_the_game_layout_offset_per_bookmaker(tmp_path: Path) -> None:
    path = tmp_path / "setup.yaml"
    dump_setup(setup_of((0, 30), (652, 40)), path, "two sites")
    loaded = load_setup(path)
    for entry, (x, y) in zip(loaded.bookmakers, ((0, 30), (652, 40)), strict=True):
        assert loaded.game_regions(entry) == GameRegions.for_tile(Rect(x, y, 616, 496))


def test_a_site_without_players_in_play_or_cashed_out_still_validates(tmp_path: Path) -> None:
    boxes = region_boxes(616, 496).model_copy(update={"players_left": None, "cashed_out": None})
    setup = setup_of((0, 30)).model_copy(update={"regions": boxes})
    path = tmp_path / "setup.yaml"
    dump_setup(setup, path, "a site that shows only players and total bets")
    assert "players_left" not in path.read_text() and "players:" in path.read_text()
    loaded = load_setup(path)
    regions = loaded.game_regions(loaded.bookmakers[0])
    assert (regions.players_left, regions.cashed_out) == (None, None)
    assert regions.total_bets == GameRegions.for_tile(Rect(0, 30, 616, 496)).total_bets


def test_templates_are_found_beside_the_file(tmp_path: Path) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "a.npz").write_bytes(b"")
    dump_setup(setup_of((0, 0), templates=Path("t/a.npz")), tmp_path / "setup.yaml", "")
    assert load_setup(tmp_path / "setup.yaml").bookmakers[0].templates == tmp_path / "t" / "a.npz"


BROKEN = """\
layout: 5x5
game: {width: 616, height: 496}
regions:
  multiplier: [24, 133, 567, 100]
  progress_bar: [154, 248, 308, 12]
  game_area: [6, 69, 603, 238]
  history: [6, 37, 603, 25]
  balance: [357, 5, 252, 25]
  players: [6, 312, 265, 22]
  total_bets: [283, 312, 326, -22]
  colour: red
  panels:
  - stake: [17, 359, 126, 48]
    auto_cashout: [17, 425, 126, 48]
    buton: [160, 356, 132, 120]
  - stake: [322, 359, 126, 48]
    button: [465, 356, 132]
bookmakers:
- name: Admiral
  offset: [0]
  game: {width: 0, height: big}
"""
BOX = "write [x, y, width, height], pixels from the game's top left corner"


def problems_of(path: Path, screen: tuple[int, int] | None = None) -> list[str]:
    with pytest.raises(ConfigError) as error:
        load_setup(path, None if screen is None else lambda display: screen)
    return [str(p) for p in error.value.problems]


def test_every_schema_problem_is_named_with_its_line_key_value_and_fix(tmp_path: Path) -> None:
    path = tmp_path / "setup.yaml"
    path.write_text(BROKEN)
    assert problems_of(path) == [
        f"{path}:1: layout: '5x5' is not one of '2x2', '3x2' or '4x2': write one of them or remove "
        "`layout` to place the games at any offsets",
        f"{path}:10: regions.total_bets: the height -22 is below 1: {BOX}",
        f"{path}:11: regions.colour: unknown key 'colour': remove it or correct its spelling (keys here: "
        "multiplier, game_area, progress_bar, history, balance, players, total_bets, players_left, "
        "cashed_out, panels)",
        f"{path}:13: regions.panels.0.button: missing: add `button:` ([x, y, width, height], pixels from "
        "the game's top left corner)",
        f"{path}:15: regions.panels.0.buton: unknown key 'buton': did you mean 'button'? (keys here: "
        "button, stake, auto_cashout)",
        f"{path}:17: regions.panels.1.button: [465, 356, 132] has 3 of the 4 numbers: {BOX}",
        f"{path}:20: bookmakers.0.offset: [0] has 1 of the 2 numbers: write [x, y], the screen position "
        "of the game's top left corner",
        f"{path}:21: bookmakers.0.game.width: 0 is below 1: write a whole number of pixels, at least 1",
        f"{path}:21: bookmakers.0.game.height: 'big' is not a whole number: write a whole number of "
        "pixels, at least 1",
    ]


def test_an_empty_file_says_where_to_start(tmp_path: Path) -> None:
    path = tmp_path / "setup.yaml"
    path.write_text("# nothing yet\n")
    assert problems_of(path) == [
        f"{path}: (top): the file holds no settings: start from `aviator config example` and edit it"
    ]
    path.write_text("bookmakers: []\n")
    assert problems_of(path) == [
        f"{path}:1: bookmakers: no bookmakers: add at least one entry (a list of entries, each "
        "`- name: NAME` with `offset: [x, y]`)"
    ]


def test_problems_across_keys_are_named_too(tmp_path: Path) -> None:
    path = tmp_path / "setup.yaml"
    text = BROKEN.replace("5x5", "3x2").replace("-22]", "22]").replace("  colour: red\n", "")
    text = text.replace("buton", "button").replace("132]", "132, 120]")
    text = text.replace("  game: {width: 0, height: big}\n", "")
    text = text.replace(
        "  - stake: [322, 359, 126, 48]\n",
        "  - stake: [322, 359, 126, 48]\n    auto_cashout: [600, 425, 126, 48]\n",
    )
    text = text.replace(
        "offset: [0]", "offset: [0, 0]\n- name: Admiral\n  offset: [700, 5]\n  templates: missing.npz"
    )
    path.write_text(text)
    assert problems_of(path) == [
        f"{path}:16: regions.panels.1.auto_cashout: box [600, 425, 126, 48] ends at 726,473, outside the "
        "game (616x496): shrink or move the box, or correct the game's size",
        f"{path}:21: bookmakers.1.name: 'Admiral' is also the name of bookmakers.0; names must be unique: "
        "rename one, for example 'Admiral-2'",
        f"{path}:23: bookmakers.1.templates: no templates file at {tmp_path / 'missing.npz'}: correct the "
        "path (relative to this file), or remove the key to learn the font",
    ]


def test_not_yaml_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "setup.yaml"
    path.write_text("layout: 3x2\ngame: [1, 2\nregions: {}\n")
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:3: (top): not YAML")


def test_validate_command_exits_non_zero_and_prints_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    dump_setup(setup_of((0, 30)), good, "one site")
    bad.write_text(BROKEN)
    assert main(["config", "validate", str(good)]) == 0
    assert capsys.readouterr().out == f"{good}: ok: layout 3x2, 1 bookmakers, game 616x496\n"
    assert main(["config", "validate", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:11: regions.colour: unknown key 'colour'" in err and "9 problem(s)" in err


def test_a_game_off_the_screen_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "setup.yaml"
    dump_setup(setup_of((0, 30), (1400, 40)), path, "the second site is off a 1920x1080 screen")
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "1400" in text)
    assert problems_of(path, (1920, 1080)) == [
        f"{path}:{line}: bookmakers.1.offset: the game of 'site1' (at 1400,40, 616x496) reaches outside "
        "the screen (1920x1080): move it or make the game smaller"
    ]
    assert len(load_setup(path, screen_size=lambda display: (2016, 1080)).bookmakers) == 2  # 1400 + 616
