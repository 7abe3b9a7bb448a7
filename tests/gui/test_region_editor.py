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
from aviator.config.layouts import Rect
from aviator.config.loader import dump_setup, load_setup
from aviator.config.setup import BookmakerEntry, GameSize, Setup, region_boxes
from aviator.gui.bookmaker_rows import new_offset
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


def test_an_added_bookmaker_lands_in_a_free_tile_and_is_saved_where_it_is_moved(
    editor: RegionEditor, qtbot: QtBot, tmp_path: Path
) -> None:
    qtbot.mouseClick(editor.add_bookmaker_button, LEFT)
    assert editor.chooser.count() == 3 and editor.chooser.currentIndex() == 2
    assert editor.rows.names[2].text() == "bookmaker 3"
    assert editor.rows.offset(2) == (12, 40)  # 3x2 tile 1 is free: where Mozzart sits in tile 2
    assert editor.outline.rect() == QRectF(12, 40, *GAME)
    assert editor.items["multiplier"].rect() == QRectF(12 + 24, 40 + 133, 567, 100)
    assert editor.rows.errors[2].isHidden() and editor.status.text() == ""  # that spot holds
    editor.rows.names[2].clear()
    qtbot.keyClicks(editor.rows.names[2], "Meridian")
    assert editor.chooser.itemText(2) == "Meridian"
    editor.rows.offsets[2][0].setValue(1292)  # into tile 6, 1280..1920 x 540..1080
    editor.rows.offsets[2][1].setValue(580)
    assert editor.outline.rect() == QRectF(1292, 580, *GAME)  # the shown game follows its offset
    assert editor.items["multiplier"].rect() == QRectF(1292 + 24, 580 + 133, 567, 100)
    qtbot.mouseClick(editor.save_button, LEFT)
    loaded = load_setup(tmp_path / "setup.yaml")
    assert [entry.name for entry in loaded.bookmakers] == ["Mozzart", "Soccer", "Meridian"]
    meridian = loaded.bookmakers[2]
    assert meridian.offset == (1292, 580) and loaded.game_rect(meridian) == Rect(1292, 580, *GAME)
    assert meridian.regions is None and meridian.group is None  # the shared regions, as Mozzart has


def test_edits_are_kept_when_bookmakers_come_and_go(
    editor: RegionEditor, qtbot: QtBot, tmp_path: Path
) -> None:
    editor.form.spins["multiplier"][0].setValue(40)  # Mozzart's, not saved yet
    editor.rows.names[1].setText("Soccerbet")
    editor.rows.groups[1].setCurrentText("soccer")
    qtbot.mouseClick(editor.add_bookmaker_button, LEFT)  # like Mozzart, its edit included
    editor.chooser.setCurrentIndex(0)
    qtbot.mouseClick(editor.remove_bookmaker_button, LEFT)
    assert [editor.chooser.itemText(i) for i in range(editor.chooser.count())] == ["Soccerbet", "bookmaker 3"]
    qtbot.mouseClick(editor.save_button, LEFT)
    soccer, added = load_setup(tmp_path / "setup.yaml").bookmakers
    assert (soccer.name, soccer.group, soccer.offset, soccer.regions) == (
        "Soccerbet",
        "soccer",
        (6, 576),
        None,
    )
    assert added.name == "bookmaker 3" and added.offset == (12, 40)
    assert added.regions is not None and added.regions.multiplier == (40, 133, 567, 100)


def test_a_removed_bookmaker_is_gone_from_the_file_and_the_last_one_stays(
    editor: RegionEditor, qtbot: QtBot, tmp_path: Path
) -> None:
    editor.chooser.setCurrentIndex(0)
    qtbot.mouseClick(editor.remove_bookmaker_button, LEFT)
    assert editor.chooser.count() == 1 and editor.rows.names[0].text() == "Soccer"
    assert editor.outline.rect() == QRectF(6, 576, *GAME)  # the one left is shown
    assert not editor.remove_bookmaker_button.isEnabled()
    qtbot.mouseClick(editor.remove_bookmaker_button, LEFT)
    editor.remove_bookmaker()  # refused even when asked directly
    assert editor.chooser.count() == 1
    assert editor.save()
    loaded = load_setup(tmp_path / "setup.yaml")
    assert [(entry.name, entry.offset) for entry in loaded.bookmakers] == [("Soccer", (6, 576))]
    assert "Mozzart" not in (tmp_path / "setup.yaml").read_text()


def test_optional_regions_added_and_removed_are_so_in_the_file(qtbot: QtBot, tmp_path: Path) -> None:
    setup = a_setup()
    without_history = region_boxes(*GAME).model_copy(update={"history": None})
    entries = [setup.bookmakers[0], setup.bookmakers[1].model_copy(update={"regions": without_history})]
    editor = RegionEditor(
        setup.model_copy(update={"bookmakers": entries}), a_screenshot(), tmp_path / "s.yaml"
    )
    qtbot.addWidget(editor)
    editor.chooser.setCurrentIndex(1)
    assert "history" not in editor.form.spins
    editor.region_choice.setCurrentText("history")
    qtbot.mouseClick(editor.add_region_button, LEFT)
    assert editor.form.box("history") == (231, 186, 154, 124)  # a quarter of 616x496, in its middle
    assert editor.items["history"].rect() == QRectF(6 + 231, 576 + 186, 154, 124)
    assert editor.region_choice.findText("history") == -1
    editor.chooser.setCurrentIndex(0)
    assert {"multiplier", "game_area", "panels.0.button"}.isdisjoint(editor.form.removers)  # required
    qtbot.mouseClick(editor.form.removers["balance"], LEFT)
    assert "balance" not in editor.form.spins and "balance" not in editor.items
    assert editor.save()
    loaded = load_setup(tmp_path / "s.yaml")
    mozzart, soccer = loaded.bookmakers
    assert soccer.regions is not None and soccer.regions.history == (231, 186, 154, 124)
    assert mozzart.regions is not None and mozzart.regions.balance is None
    assert mozzart.regions.history == region_boxes(*GAME).history  # the rest as it was
    assert loaded.regions == region_boxes(*GAME)  # the shared ones keep their balance


def test_the_last_bet_panel_is_removed_whole_and_a_new_one_added(
    editor: RegionEditor, qtbot: QtBot, tmp_path: Path
) -> None:
    assert "panels.0.button" not in editor.form.removers  # panel 1 is not the last
    qtbot.mouseClick(editor.form.removers["panels.1.button"], LEFT)
    assert not [name for name in editor.form.spins if name.startswith("panels.1.")]
    assert editor.save()
    regions = load_setup(tmp_path / "setup.yaml").bookmakers[0].regions
    assert regions is not None and regions.panels == region_boxes(*GAME).panels[:1]
    editor.region_choice.setCurrentText("panels.1.button")
    qtbot.mouseClick(editor.add_region_button, LEFT)
    assert editor.save()
    regions = load_setup(tmp_path / "setup.yaml").bookmakers[0].regions
    assert regions is not None and len(regions.panels) == 2
    assert (regions.panels[1].button, regions.panels[1].stake) == ((231, 186, 154, 124), None)


def test_an_offset_off_the_screen_is_named_beside_its_row_and_nothing_is_written(
    editor: RegionEditor, qtbot: QtBot, tmp_path: Path
) -> None:
    editor.rows.offsets[0][0].setValue(1400)  # 1400 + 616 > 1920
    assert editor.outline.rect() == QRectF(1400, 40, *GAME)
    qtbot.mouseClick(editor.save_button, LEFT)
    assert editor.rows.errors[0].text() == (
        "offset: the game of 'Mozzart' (at 1400,40, 616x496) reaches outside the screen (1920x1080): "
        "move it or make the game smaller"
    )
    assert editor.rows.errors[1].isHidden() and editor.status.text().startswith("not saved: 1 problem")
    assert not (tmp_path / "setup.yaml").exists()


def test_a_new_game_goes_right_of_the_last_else_below_the_lowest() -> None:
    games, like = [Rect(0, 0, 600, 500), Rect(600, 0, 600, 500)], Rect(0, 0, 600, 500)
    assert new_offset(games, like, (1920, 1080), None) == (1200, 0)
    assert new_offset(games, like, (1800, 1080), None) == (1200, 0)  # ends at 1800: it fits
    assert new_offset(games, like, (1799, 1080), None) == (0, 500)
    assert new_offset(games, like, None, None) == (1200, 0)  # no screen to check against
    assert new_offset(games, like, (1200, 1000), "2x2") == (0, 500)  # the first free tile, the third
    inset = Rect(610, 20, 580, 470)  # 10,20 into its tile
    assert new_offset(games, inset, (1200, 1000), "2x2") == (10, 520)  # as far into the free one
    assert new_offset([], like, (1920, 1080), None) == (0, 0)
    assert new_offset(games, None, (1920, 1080), None) == (0, 0)  # a game without a size


def test_a_bookmaker_added_to_a_draft_that_does_not_hold_keeps_it_and_names_its_problems(
    editor: RegionEditor, qtbot: QtBot
) -> None:
    editor.rows.names[0].clear()
    qtbot.mouseClick(editor.add_bookmaker_button, LEFT)
    assert [name.text() for name in editor.rows.names] == ["", "Soccer", "bookmaker 3"]
    assert editor.rows.errors[0].text() == "the name is empty: give the bookmaker a name"
    assert editor.status.text() == "1 problem(s) to fix before saving"
    editor.rows.names[0].setText("Mozzart")
    assert editor.save()
