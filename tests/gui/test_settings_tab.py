"""The Settings tab: what is typed is checked by the model `aviator run` uses, each problem beside
its field; Save writes the setup file's `settings:` (and the region editor keeps them)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aviator.config.collector_settings import CollectorSettings
from aviator.config.loader import dump_setup, load_setup
from aviator.gui.settings_tab import DEMO, SettingsTab, share_settings
from aviator.gui.setup_tab import SetupTab
from tests.gui.test_region_editor import a_screenshot, a_setup
from tests.gui.test_region_visualizer import FakeScreen

LEFT = Qt.MouseButton.LeftButton


def a_file(tmp_path: Path) -> Path:
    path = tmp_path / "setup.yaml"
    dump_setup(a_setup(), path, "a test setup")
    return path


def test_bad_values_show_beside_their_fields_and_are_not_saved(qtbot: QtBot, tmp_path: Path) -> None:
    path = a_file(tmp_path)
    before = path.read_text()
    tab = SettingsTab(load_setup(path).run_settings, path)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.fields["thresholds"].text() == "1.5, 2, 2.5, 3, 4, 5, 10"
    tab.fields["looks_per_second"].setText("0")
    tab.fields["thresholds"].setText("2, 0.5")
    tab.fields["database"].setText("mysql://db/x")
    assert tab.errors["looks_per_second"].isVisible()
    assert "0 is not above 0" in tab.errors["looks_per_second"].text()
    assert "0.5 is not a multiplier above 1" in tab.errors["thresholds"].text()
    assert "neither a file path nor sqlite:///PATH" in tab.errors["database"].text()
    assert not tab.errors["learned_templates"].isVisible()
    assert not tab.save_button.isEnabled() and not tab.save()
    assert path.read_text() == before


def test_saved_settings_are_what_the_setup_file_then_holds(qtbot: QtBot, tmp_path: Path) -> None:
    path = a_file(tmp_path)
    tab = SettingsTab(load_setup(path).run_settings, path)
    qtbot.addWidget(tab)
    tab.fields["looks_per_second"].setText("5")
    tab.fields["thresholds"].setText("10; 2 1.2")
    tab.fields["database"].setText("postgresql://aviator@127.0.0.1/test")
    tab.fields["learned_templates"].setText("fonts")
    assert tab.save_button.isEnabled()
    with qtbot.waitSignal(tab.saved):
        qtbot.mouseClick(tab.save_button, LEFT)
    setup = load_setup(path)
    assert setup.settings == CollectorSettings(
        looks_per_second=5,
        thresholds=(1.2, 2, 10),
        database="postgresql://aviator@127.0.0.1/test",
        learned_templates=Path("fonts"),
    )
    assert [e.name for e in setup.bookmakers] == [e.name for e in a_setup().bookmakers]  # the rest kept
    assert f"saved {path}" in tab.status.text()


def test_the_region_editor_saving_afterwards_keeps_the_new_settings(qtbot: QtBot, tmp_path: Path) -> None:
    path = a_file(tmp_path)
    setup_tab = SetupTab(path, load_setup(path), a_screenshot, FakeScreen().grab)
    settings_tab = SettingsTab(load_setup(path).run_settings, path)
    qtbot.addWidget(setup_tab)
    qtbot.addWidget(settings_tab)
    share_settings(settings_tab, setup_tab)
    settings_tab.fields["looks_per_second"].setText("7")
    assert settings_tab.save()
    assert setup_tab.editor is not None
    setup_tab.editor.form.spins["multiplier"][0].setValue(40)
    assert setup_tab.editor.save()
    saved = load_setup(path)
    assert saved.run_settings.looks_per_second == 7
    assert saved.regions_of(saved.bookmakers[0]).multiplier[0] == 40


def test_the_demos_settings_are_shown_but_not_edited(qtbot: QtBot) -> None:
    tab = SettingsTab(CollectorSettings(database="storage/demo.db"), None)
    qtbot.addWidget(tab)
    assert tab.fields["database"].text() == "storage/demo.db"
    assert not any(field.isEnabled() for field in tab.fields.values())
    assert not tab.save_button.isEnabled() and tab.status.text() == DEMO
