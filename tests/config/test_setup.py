"""Setup files: written once per layout, offset per tile; every problem named with file, line, key."""

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
    button: [160, 356, 132, 120]
  - stake: [322, 359, 126, 48]
    button: [465, 356, 132, 120]
bookmakers:
- name: Admiral
  offset: [0]
"""


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as error:
        load_setup(path)
    return [str(p) for p in error.value.problems]


def test_every_schema_problem_is_named_with_its_line_and_key(tmp_path: Path) -> None:
    path = tmp_path / "setup.yaml"
    path.write_text(BROKEN)
    assert problems_of(path) == [
        f"{path}:1: layout: Input should be '2x2', '3x2' or '4x2'",
        f"{path}:10: regions.total_bets.3: Input should be greater than 0",
        f"{path}:11: regions.colour: Extra inputs are not permitted",
        f"{path}:16: regions.panels.1.auto_cashout: Field required",
        f"{path}:20: bookmakers.0.offset.1: Field required",
    ]


def test_problems_across_keys_are_named_too(tmp_path: Path) -> None:
    path = tmp_path / "setup.yaml"
    text = BROKEN.replace("5x5", "3x2").replace("-22]", "22]").replace("  colour: red\n", "")
    text = text.replace(
        "  - stake: [322, 359, 126, 48]\n",
        "  - stake: [322, 359, 126, 48]\n    auto_cashout: [600, 425, 126, 48]\n",
    )
    text = text.replace(
        "offset: [0]", "offset: [0, 0]\n- name: Admiral\n  offset: [5, 5]\n  templates: missing.npz"
    )
    path.write_text(text)
    assert problems_of(path) == [
        f"{path}:16: regions.panels.1.auto_cashout: box 600,425 126x48 reaches outside the game (616x496)",
        f"{path}:21: bookmakers.1.name: name 'Admiral' is used twice",
        f"{path}:23: bookmakers.1.templates: no templates file at {tmp_path / 'missing.npz'}",
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
    assert "ok: layout 3x2, 1 bookmakers" in capsys.readouterr().out
    assert main(["config", "validate", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:11: regions.colour: Extra inputs are not permitted" in err and "5 problem(s)" in err


def test_a_game_off_the_screen_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "setup.yaml"
    dump_setup(setup_of((0, 30), (1400, 40)), path, "the second site is off a 1920x1080 screen")
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "1400" in text)
    with pytest.raises(ConfigError) as error:
        load_setup(path, screen_size=lambda display: (1920, 1080))
    assert [str(p) for p in error.value.problems] == [
        f"{path}:{line}: bookmakers.1.offset: the game of site1 at 1400,40 (616x496) reaches outside "
        "the screen (1920x1080)"
    ]
    assert len(load_setup(path, screen_size=lambda display: (2016, 1080)).bookmakers) == 2  # 1400 + 616
