"""`aviator run` turns a setup file into one worker per bookmaker reading the display."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from aviator.cli import main
from aviator.cli.run import _skin_source, say_what_is_skipped
from aviator.config.layouts import Rect
from aviator.config.loader import dump_setup
from aviator.config.setup import BookmakerEntry, GameSize, RegionBoxes, Setup, region_boxes
from aviator.core.capture.regions import GameRegions
from aviator.core.capture.sources import DisplaySpec
from aviator.core.ocr.glyphs import GLYPH_H, GLYPH_W
from aviator.core.ocr.template import TemplateSet
from aviator.core.requirements import EXIT_MISSING
from aviator.orchestration.setup_workers import worker_configs


def setup_with(templates: Path | None) -> Setup:
    entries = [
        BookmakerEntry(name="Mozzart", offset=(652, 40), templates=templates, group="mozzart"),
        BookmakerEntry(name="Soccer", offset=(6, 576), templates=templates),
    ]
    game = GameSize(width=616, height=496)
    return Setup(layout="3x2", display=":7", game=game, regions=region_boxes(616, 496), bookmakers=entries)


def test_each_bookmaker_gets_a_worker_on_the_display_with_its_regions(tmp_path: Path) -> None:
    configs = worker_configs(setup_with(tmp_path / "t.npz"), speed=4.0)
    assert [c.bookmaker for c in configs] == ["Mozzart", "Soccer"]
    assert configs[0].regions == GameRegions.for_tile(Rect(652, 40, 616, 496))
    assert configs[0].screen == DisplaySpec(":7") and configs[0].server_group == "mozzart"
    assert configs[1].looks_per_second == 40.0


def test_a_site_with_its_own_size_and_fewer_regions_gets_them_and_is_told_what_it_goes_without(
    capsys: pytest.CaptureFixture[str],
) -> None:
    minimal = RegionBoxes(multiplier=(10, 90, 380, 60), game_area=(0, 40, 400, 160))
    small = BookmakerEntry(
        name="Small", offset=(1300, 600), game=GameSize(width=400, height=300), regions=minimal
    )
    setup = setup_with(None)
    setup = setup.model_copy(update={"layout": None, "bookmakers": [*setup.bookmakers, small]})
    configs = worker_configs(setup, speed=1.0)
    assert configs[2].regions == GameRegions(
        multiplier=Rect(1310, 690, 380, 60), game_area=Rect(1300, 640, 400, 160)
    )
    say_what_is_skipped(configs)
    assert capsys.readouterr().out == (
        "Small: no progress_bar: betting is not told apart from the flight (its looks count as rejected "
        "readings); no history: rounds missed while it was not watched cannot be recovered\n"
    )


def test_a_bookmaker_without_templates_learns_its_skin(tmp_path: Path) -> None:
    configs = worker_configs(setup_with(None), speed=1.0, learned=tmp_path)
    assert [(c.templates, c.learned_templates) for c in configs] == [(None, tmp_path)] * 2


def test_a_display_that_does_not_open_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "setup.yaml"
    dump_setup(setup_with(None).model_copy(update={"display": ":93"}), path, "no such display")
    assert main(["run", "--config", str(path), "--db", str(tmp_path / "x.db")]) == EXIT_MISSING
    assert "cannot open X display :93" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()


def test_a_bad_setup_file_stops_before_any_worker_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "setup.yaml"
    bad.write_text("layout: 9x9\n")
    assert main(["run", "--config", str(bad), "--db", str(tmp_path / "x.db")]) == 2
    assert f"{bad}:1: layout:" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()


def test_a_bookmaker_without_templates_is_told_where_its_skin_comes_from(tmp_path: Path) -> None:
    config = worker_configs(setup_with(None), speed=1.0, learned=tmp_path)[0]
    where = tmp_path / "Mozzart.npz"
    assert _skin_source(config) == f"it learns its skin from the screen, into {where}"
    np.savez(where, chars=np.array(["1"]), images=np.zeros((1, 4)), pipeline=0)  # another glyph pipeline
    assert _skin_source(config).startswith(f"{where} is out of date or unreadable: it learns")
    TemplateSet(["1"], np.zeros((1, GLYPH_H * GLYPH_W))).save(where)
    assert _skin_source(config) == f"reads by the skin it learnt before, loaded from {where}"


@pytest.mark.parametrize(
    ("argv", "verbose"),
    [
        (["run", "--config", "s"], False),
        (["-v", "run", "--config", "s"], True),
        (["run", "-v", "--config", "s"], True),
    ],
)
def test_verbose_is_taken_before_or_after_the_command(argv: list[str], verbose: bool) -> None:
    from aviator.cli import build_parser

    assert build_parser().parse_args(argv).verbose is verbose


def test_a_bad_strategy_parameter_is_named_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "setup.yaml"
    dump_setup(setup_with(None), path, "a setup")
    text = (
        path.read_text()
        + "betting:\n  strategy: martingale\n  params:\n    stakes: [10, 20]\n    cashout: [2, 2]\n"
    )
    path.write_text(text)
    line = text.splitlines().index("    cashout: [2, 2]") + 1
    assert main(["run", "--config", str(path), "--db", str(tmp_path / "x.db")]) == 2
    err = capsys.readouterr().err
    assert f"{path}:{line}: betting.params.cashout: unknown key 'cashout': did you mean 'cashouts'?" in err
    path.write_text(text.replace("strategy: martingale", "strategy: doubler"))
    assert main(["run", "--config", str(path), "--db", str(tmp_path / "x.db")]) == 2
    assert "betting.strategy: no strategy named 'doubler'" in capsys.readouterr().err
