"""The tools tab's skin learning (LearnSkin) on real folders: `aviator ocr learn --progress` runs as a
process of its own, its progress lines move the bar, and the templates it writes read the skin."""

from __future__ import annotations

from pathlib import Path

from benchmarks.ocr_samples import TILE_SIZES, multiplier_crops, played_frames, regions
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from aviator.core.communication.event_bus import EventBus
from aviator.core.communication.shared_state import SharedGameState
from aviator.core.ocr.template import TemplateOCR, TemplateStore
from aviator.gui.bridge import QtBridge
from aviator.gui.learn_skin import LearnSkin
from aviator.gui.tools_tab import ToolsTab
from aviator.sim.skins import SKINS

LEFT = Qt.MouseButton.LeftButton
WAIT = 180_000  # ms: a loaded machine starts Python, reads the frames and runs Tesseract slowly
SIZE = TILE_SIZES[0]


def frames(folder: Path) -> int:
    """A minute and a half of a lato-bold game's multiplier, a look every half second, as PNG files."""
    folder.mkdir()
    region = regions(SIZE).multiplier
    for n, frame in enumerate(played_frames(SKINS["lato-bold"], SIZE, 100, 0.5, "gui-skin")):
        Image.fromarray(frame.crop(region)).save(folder / f"{n:04d}.png")
    return len(list(folder.glob("*.png")))


def learner(qtbot: QtBot, folder: Path, out: Path) -> LearnSkin:
    widget = LearnSkin(out, choose_folder=lambda: str(folder))
    qtbot.addWidget(widget)
    qtbot.mouseClick(widget.choose_button, LEFT)
    return widget


def test_a_skin_is_learnt_from_a_folder_of_frames_with_progress(qtbot: QtBot, tmp_path: Path) -> None:
    images = frames(tmp_path / "lato")
    widget = learner(qtbot, tmp_path / "lato", tmp_path / "skins")
    assert widget.skin.text() == "lato"  # the folder's name unless the user types another
    widget.interval.setValue(0.5)
    values: list[int] = []
    widget.bar.valueChanged.connect(values.append)
    qtbot.mouseClick(widget.learn_button, LEFT)
    assert not widget.learn_button.isEnabled()  # one learning at a time
    qtbot.waitUntil(lambda: widget.learn_button.isEnabled(), timeout=WAIT)  # the process ended
    assert widget.bar.maximum() == images and widget.bar.value() == images, widget.output.text()
    assert values == sorted(values) and values[-1] == images  # fed as it went, never backwards
    path = tmp_path / "skins" / "lato.npz"
    assert f"written to {path}" in widget.output.text()
    templates = TemplateStore(tmp_path / "skins").load("lato")
    assert templates is not None
    crops = list(multiplier_crops(SKINS["lato-bold"], SIZE, 12, "gui-skin-read"))
    reader = TemplateOCR(templates)
    assert [reader.read_multiplier(crop).value for crop, _ in crops] == [value for _, value in crops]


def test_a_folder_without_images_shows_the_commands_error(qtbot: QtBot, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    widget = learner(qtbot, tmp_path / "empty", tmp_path / "skins")
    qtbot.mouseClick(widget.learn_button, LEFT)
    qtbot.waitUntil(lambda: "learning failed" in widget.output.text(), timeout=WAIT)
    assert f"no images in {tmp_path / 'empty'}" in widget.output.text()
    assert widget.learn_button.isEnabled() and not (tmp_path / "skins").exists()


def test_the_tools_tab_offers_skin_learning(qtbot: QtBot) -> None:
    tools = ToolsTab(SharedGameState([]), QtBridge(EventBus()))
    qtbot.addWidget(tools)
    assert tools.skin_learning.parent() is tools
    assert "templates:" in " ".join(label.text() for label in tools.skin_learning.findChildren(QLabel))
