"""The Setup tab: the editor and the live crops of one setup, the screenshot taken again on demand,
and `aviator calibrate` run for real on a private X display (simulated games held still on it),
its setup loaded into the editor to be saved there."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aviator.config.layouts import LAYOUTS, Rect
from aviator.config.loader import ConfigError, dump_setup, load_setup
from aviator.core.capture.mss_screen import MssScreen
from aviator.gui.setup_tab import NO_SETUP, SetupTab
from aviator.sim.private_display import private_display
from tests.e2e.apps import start, stop
from tests.gui.test_region_editor import a_screenshot, a_setup
from tests.gui.test_region_visualizer import FakeScreen, pixels

LEFT = Qt.MouseButton.LeftButton
CALIBRATION = 60_000  # ms: `aviator calibrate --watch 0` takes about a second


@pytest.fixture
def display(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A private X display, the DISPLAY of the calibrations the tab starts."""
    with private_display() as name:
        monkeypatch.setenv("DISPLAY", name)
        yield name


@pytest.fixture
def screen(display: str) -> Iterator[MssScreen]:
    screen = MssScreen(display)
    yield screen
    screen.close()


def test_the_tab_edits_the_setup_on_a_new_screenshot_and_shows_what_is_saved_live(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path, screen = tmp_path / "setup.yaml", FakeScreen()
    shots = [a_screenshot(), np.full((1080, 1920, 3), 77, dtype=np.uint8)]
    tab = SetupTab(path, a_setup(), lambda: shots.pop(0), screen.grab)
    qtbot.addWidget(tab)
    assert [tab.tabs.tabText(i) for i in range(tab.tabs.count())] == ["Regions", "Live crops"]
    assert tab.editor is not None and tab.visualizer is not None
    assert np.array_equal(pixels(tab.editor.background.pixmap()), a_screenshot())
    qtbot.mouseClick(tab.screenshot_button, LEFT)
    assert np.array_equal(pixels(tab.editor.background.pixmap()), np.full((1080, 1920, 3), 77))
    assert tab.status.text() == "screenshot taken (1920x1080)"
    tab.editor.form.spins["multiplier"][0].setValue(40)
    with qtbot.waitSignal(tab.saved) as saved:
        qtbot.mouseClick(tab.editor.save_button, LEFT)
    assert saved.args == [path]
    assert tab.visualizer.grid.regions["multiplier"] == Rect(652 + 40, 40 + 133, 567, 100)
    loaded = load_setup(path)
    assert loaded.regions_of(loaded.bookmakers[0]).multiplier == (40, 133, 567, 100)


def test_the_tab_opens_its_file(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "setup.yaml"
    dump_setup(a_setup(), path, "by hand")
    tab = SetupTab(path, None, a_screenshot, FakeScreen().grab)
    qtbot.addWidget(tab)
    assert tab.editor is not None and tab.editor.setup == a_setup() and tab.editor.path == path


def test_without_a_setup_the_tab_says_how_to_get_one(qtbot: QtBot) -> None:
    tab = SetupTab(None, None, a_screenshot, FakeScreen().grab)
    qtbot.addWidget(tab)
    assert tab.tabs.count() == 1 and tab.tabs.widget(0).text() == NO_SETUP
    assert tab.editor is None and tab.visualizer is None


def test_a_file_that_does_not_hold_is_named_with_its_problems(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "setup.yaml"
    path.write_text("bookmakers: 3\n")
    with pytest.raises(ConfigError) as error:
        load_setup(path)
    tab = SetupTab(path, None, a_screenshot, FakeScreen().grab)
    qtbot.addWidget(tab)
    assert f"{path}:1: bookmakers:" in str(error.value) and str(error.value) in tab.status.text()
    assert tab.editor is None


def test_a_screenshot_that_fails_is_said_and_the_regions_are_still_edited(qtbot: QtBot) -> None:
    def broken() -> np.ndarray:
        raise OSError("no display")

    tab = SetupTab(None, a_setup(), broken, FakeScreen().grab)
    qtbot.addWidget(tab)
    assert tab.status.text() == "could not take a screenshot: OSError('no display')"
    assert tab.editor is not None and tab.editor.screen_size is None and "multiplier" in tab.editor.items


def test_a_calibration_that_finds_no_game_says_so_and_keeps_the_setup(
    qtbot: QtBot, tmp_path: Path, screen: MssScreen
) -> None:
    tab = SetupTab(tmp_path / "setup.yaml", a_setup(), screen.grab_all, screen.grab)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.calibrated, timeout=CALIBRATION) as ended:
        qtbot.mouseClick(tab.calibrate_button, LEFT)
        assert not tab.calibrate_button.isEnabled()  # one calibration at a time
    assert ended.args == ["calibration failed (exit 2): its output above says why"]
    assert "aviator calibrate: no game found" in tab.output.toPlainText()  # its own line, with the fix
    assert tab.editor is not None and [e.name for e in tab.editor.setup.bookmakers] == ["Mozzart", "Soccer"]
    assert tab.calibrate_button.isEnabled()


def test_calibration_on_the_live_screen_loads_the_games_it_finds_for_saving(
    qtbot: QtBot, tmp_path: Path, screen: MssScreen
) -> None:
    games = start(
        ["sim", "--bookmakers", "2", "--layout", "2x2", "--hold", "--rounds", "3"], dict(os.environ)
    )
    try:
        games.out.expect("ready", timeout=180)  # both windows drawn, their clocks held
        path = tmp_path / "setup.yaml"
        tab = SetupTab(path, None, screen.grab_all, screen.grab)
        qtbot.addWidget(tab)
        with qtbot.waitSignal(tab.calibrated, timeout=CALIBRATION) as ended:
            qtbot.mouseClick(tab.calibrate_button, LEFT)
        assert ended.args == [""], tab.output.toPlainText()
        assert tab.editor is not None and tab.visualizer is not None
        found = tab.editor.setup
        assert [entry.name for entry in found.bookmakers] == ["Admiral", "Mozzart"]  # the sim's first two
        assert found.layout == "2x2"
        for tile, entry in enumerate(found.bookmakers):
            assert LAYOUTS["2x2"].tile(tile).contains(found.game_rect(entry))
        assert "layout 2x2" in tab.output.toPlainText() and not path.exists()  # saved only on Save
        multiplier = found.game_regions(found.bookmakers[0]).multiplier
        tab.visualizer.refresh()
        assert np.array_equal(
            pixels(tab.visualizer.grid.images["multiplier"].pixmap()), screen.grab(multiplier)
        )
        assert tab.editor.save()
        assert [entry.name for entry in load_setup(path).bookmakers] == ["Admiral", "Mozzart"]
    finally:
        stop(games)
