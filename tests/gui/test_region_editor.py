"""The region editor driven as a user drives it: real mouse events on the view, numbers typed in the
form, Save checked by the same models and checks as `aviator config validate`."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtWidgets import QGraphicsView
from pytestqt.qtbot import QtBot

from aviator.config.betting import BettingConfig
from aviator.config.loader import dump_setup, load_setup
from aviator.config.setup import BookmakerEntry, GameSize, Setup, region_boxes
from aviator.gui.region_editor import RegionEditor, moved, resized

LEFT = Qt.MouseButton.LeftButton
GAME = (616, 496)
MULTIPLIER = (24, 133, 567, 100)  # region_boxes(616, 496)'s, written out: where the drags start
MOZZART = (652, 40)  # its game's top left corner on the screen


def a_setup(templates: Path | None = None) -> Setup:
    """Two games in a 3x2 grid on a 1920x1080 screen, sharing the regions at the top of the file."""
    entries = [
        BookmakerEntry(name="Mozzart", offset=MOZZART, group="mozzart", templates=templates),
        BookmakerEntry(name="Soccer", offset=(6, 576)),
    ]
    game = GameSize(width=GAME[0], height=GAME[1])
    return Setup(layout="3x2", game=game, regions=region_boxes(*GAME), bookmakers=entries)


def a_screenshot() -> np.ndarray:
    return np.random.default_rng(5).integers(0, 256, (1080, 1920, 3), dtype=np.uint8)


@pytest.fixture
def editor(qtbot: QtBot, tmp_path: Path) -> RegionEditor:
    widget = RegionEditor(a_setup(), a_screenshot(), tmp_path / "setup.yaml")
    qtbot.addWidget(widget)
    widget.resize(1400, 900)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def drag(qtbot: QtBot, view: QGraphicsView, start: QPointF, by: QPoint) -> tuple[int, int]:
    """Drags with the left button from the scene point `start` by `by` pixels of the view; returns
    the whole screen pixels that makes at the view's zoom."""
    viewport, begin = view.viewport(), view.mapFromScene(start)
    end = begin + by
    qtbot.mousePress(viewport, LEFT, pos=begin)
    qtbot.mouseMove(viewport, pos=begin + by / 2)
    qtbot.mouseMove(viewport, pos=end)
    qtbot.mouseRelease(viewport, LEFT, pos=end)
    delta = view.mapToScene(end) - view.mapToScene(begin)
    return round(delta.x()), round(delta.y())


def centre_of(box: tuple[int, int, int, int]) -> QPointF:
    return QPointF(MOZZART[0] + box[0] + box[2] / 2, MOZZART[1] + box[1] + box[3] / 2)


def test_a_moved_or_resized_box_keeps_whole_pixels_inside_the_game_and_snaps_to_its_edges() -> None:
    assert moved(MULTIPLIER, -15.4, 20.6, GAME) == (9, 154, 567, 100)
    assert moved(MULTIPLIER, -22, 0, GAME) == (0, 133, 567, 100)  # 2 px from the left edge: on it
    assert moved(MULTIPLIER, 30, 0, GAME) == (49, 133, 567, 100)  # would end at 621: ends at 616
    assert moved(MULTIPLIER, 0, 500, GAME) == (24, 396, 567, 100)  # 396 + 100 = 496, the bottom
    assert resized(MULTIPLIER, (1, 1), -30, -20, GAME) == (24, 133, 537, 80)
    assert resized(MULTIPLIER, (0, 0), 10.2, 9.7, GAME) == (34, 143, 557, 90)  # bottom right stays
    assert resized(MULTIPLIER, (1, 1), 1000, 1000, GAME) == (24, 133, 592, 363)  # up to 616, 496
    assert resized(MULTIPLIER, (1, 0), 23, 0, GAME) == (24, 133, 592, 100)  # 614: 2 px off, snapped
    assert resized(MULTIPLIER, (0, 1), 1000, 0, GAME) == (590, 133, 1, 100)  # never below 1 px wide


def test_dragging_a_region_moves_it_and_the_form_follows(editor: RegionEditor, qtbot: QtBot) -> None:
    dx, dy = drag(qtbot, editor.view, centre_of(MULTIPLIER), QPoint(-10, 30))
    assert dx < 0 < dy  # it went left and down, by however many screen pixels that is at this zoom
    expected = (24 + dx, 133 + dy, 567, 100)
    assert editor.form.box("multiplier") == expected
    assert editor.items["multiplier"].rect() == QRectF(652 + 24 + dx, 40 + 133 + dy, 567, 100)
    assert editor.form.box("game_area") == region_boxes(*GAME).game_area  # only the one dragged


def test_dragging_a_corner_resizes_the_region(editor: RegionEditor, qtbot: QtBot) -> None:
    bottom_right = QPointF(652 + 24 + 567, 40 + 133 + 100)
    dx, dy = drag(qtbot, editor.view, bottom_right, QPoint(-30, -20))
    assert dx < 0 and dy < 0
    assert editor.form.box("multiplier") == (24, 133, 567 + dx, 100 + dy)
    top_left = QPointF(652 + 24, 40 + 133)
    dx2, dy2 = drag(qtbot, editor.view, top_left, QPoint(20, 10))
    assert editor.form.box("multiplier") == (24 + dx2, 133 + dy2, 567 + dx - dx2, 100 + dy - dy2)


def test_a_region_cannot_leave_its_game(editor: RegionEditor, qtbot: QtBot) -> None:
    drag(qtbot, editor.view, centre_of(MULTIPLIER), QPoint(-400, -400))
    assert editor.form.box("multiplier") == (0, 0, 567, 100)
    game = QRectF(652, 40, 616, 496)
    assert game.contains(editor.items["multiplier"].rect())
    drag(qtbot, editor.view, QPointF(652 + 567, 40 + 100), QPoint(600, 600))  # its bottom right corner
    assert editor.form.box("multiplier") == (0, 0, 616, 496)  # the whole game, no more
    assert editor.items["multiplier"].rect() == game


def test_typed_numbers_move_the_rectangle(editor: RegionEditor) -> None:
    editor.form.spins["multiplier"][0].setValue(40)
    editor.form.spins["multiplier"][3].setValue(90)
    assert editor.items["multiplier"].rect() == QRectF(652 + 40, 40 + 133, 567, 90)
    assert editor.boxes[0]["multiplier"] == (40, 133, 567, 90)


def test_save_writes_a_setup_the_loader_accepts_with_the_new_box(
    editor: RegionEditor, qtbot: QtBot, tmp_path: Path
) -> None:
    dx, dy = drag(qtbot, editor.view, centre_of(MULTIPLIER), QPoint(-10, 30))
    editor.rows.groups[1].setCurrentText("soccer")
    with qtbot.waitSignal(editor.saved) as written:
        qtbot.mouseClick(editor.save_button, LEFT)
    path = tmp_path / "setup.yaml"
    assert written.args == [path]
    loaded = load_setup(path)
    mozzart, soccer = loaded.bookmakers
    assert loaded.regions_of(mozzart).multiplier == (24 + dx, 133 + dy, 567, 100)
    assert soccer.regions is None and loaded.regions == region_boxes(*GAME)  # the other game's kept
    assert (mozzart.group, soccer.group) == ("mozzart", "soccer")
    assert path.read_text().splitlines()[0] == (
        "# aviator setup: written by the control panel's region editor (aviator gui)"
    )
    assert editor.status.text() == f"saved {path}"


def test_an_unedited_setup_is_saved_as_it_was(editor: RegionEditor, tmp_path: Path) -> None:
    assert editor.save()
    assert load_setup(tmp_path / "setup.yaml") == a_setup()


def test_a_box_leaving_the_game_is_named_beside_it_and_nothing_is_written(
    editor: RegionEditor, qtbot: QtBot, tmp_path: Path
) -> None:
    editor.form.spins["multiplier"][2].setValue(600)  # 24 + 600 = 624 > 616
    qtbot.mouseClick(editor.save_button, LEFT)
    error = editor.form.errors["multiplier"]
    assert "box [24, 133, 600, 100] ends at 624,233, outside the game (616x496)" in error.text()
    assert not error.isHidden() and editor.form.errors["game_area"].isHidden()
    assert editor.status.text().startswith("not saved: 1 problem")
    assert not (tmp_path / "setup.yaml").exists()


def test_a_problem_in_another_bookmakers_regions_shows_that_bookmaker(
    editor: RegionEditor, qtbot: QtBot, tmp_path: Path
) -> None:
    editor.chooser.setCurrentIndex(1)
    editor.form.spins["history"][3].setValue(500)  # Soccer's history strip, 37 + 500 > 496
    editor.chooser.setCurrentIndex(0)
    assert editor.form.box("history") == region_boxes(*GAME).history  # Mozzart's own is untouched
    qtbot.mouseClick(editor.save_button, LEFT)
    assert editor.chooser.currentIndex() == 1
    assert "ends at 609,537, outside the game" in editor.form.errors["history"].text()
    assert not (tmp_path / "setup.yaml").exists()


def test_two_bookmakers_with_one_name_are_named_beside_the_second(
    editor: RegionEditor, qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "setup.yaml"
    assert editor.save()
    before = path.read_bytes()
    editor.rows.names[1].clear()
    qtbot.keyClicks(editor.rows.names[1], "Mozzart")
    assert editor.chooser.itemText(1) == "Mozzart"
    qtbot.mouseClick(editor.save_button, LEFT)
    assert editor.rows.errors[1].text() == (
        "'Mozzart' is also the name of bookmakers.0; names must be unique: "
        "rename one, for example 'Mozzart-2'"
    )
    assert editor.rows.errors[0].isHidden()
    assert path.read_bytes() == before


def test_an_empty_name_is_refused_by_the_schema_beside_its_field(editor: RegionEditor, qtbot: QtBot) -> None:
    editor.rows.names[0].clear()
    assert not editor.save()
    assert editor.rows.errors[0].text() == "the name is empty: give the bookmaker a name"


def test_the_layout_is_checked_against_the_screen(editor: RegionEditor, qtbot: QtBot, tmp_path: Path) -> None:
    editor.layout_choice.setCurrentText("2x2")  # 960x540 tiles: Mozzart's game, 652..1268, spans two
    assert not editor.save()
    assert "is not inside one tile of layout 2x2 (tiles of 960x540)" in editor.rows.errors[0].text()
    assert not (tmp_path / "setup.yaml").exists()
    editor.layout_choice.setCurrentText("none")
    assert editor.save()
    assert load_setup(tmp_path / "setup.yaml").layout is None
    assert editor.rows.errors[0].isHidden() and editor.status.text().startswith("saved")


def test_template_paths_stay_relative_to_the_file(qtbot: QtBot, tmp_path: Path) -> None:
    folder = tmp_path / "conf"
    (folder / "templates").mkdir(parents=True)
    (folder / "templates" / "Mozzart.npz").write_bytes(b"")
    path = folder / "setup.yaml"
    dump_setup(a_setup(Path("templates/Mozzart.npz")), path, "by hand")
    editor = RegionEditor(load_setup(path), a_screenshot(), path)
    qtbot.addWidget(editor)
    editor.form.spins["multiplier"][1].setValue(140)
    assert editor.save()
    assert "templates: templates/Mozzart.npz" in path.read_text()
    loaded = load_setup(path)
    assert loaded.bookmakers[0].templates == folder / "templates" / "Mozzart.npz"
    assert loaded.regions_of(loaded.bookmakers[0]).multiplier == (24, 140, 567, 100)


def test_a_problem_with_no_field_here_is_named_by_its_key_under_save(qtbot: QtBot, tmp_path: Path) -> None:
    setup = a_setup().model_copy(update={"betting": BettingConfig(strategy="no-such-strategy")})
    editor = RegionEditor(setup, a_screenshot(), tmp_path / "setup.yaml")
    qtbot.addWidget(editor)
    assert not editor.save()
    assert editor.general.text().startswith("betting.strategy: ")
    assert "no-such-strategy" in editor.general.text()
    assert not (tmp_path / "setup.yaml").exists()
