"""The region editor's form: every region's numbers to type, with its problems beneath it and, for
a region the site may lack, a button to remove it; and which regions may be added or removed, the
setup's models deciding which are required."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSpinBox, QWidget

from aviator.config.setup import PanelBoxes, RegionBoxes
from aviator.core.capture.regions import GAME_LAYOUT, PANEL_LAYOUT
from aviator.gui.fields import ErrorLabel, pixel_spin

Box = tuple[int, int, int, int]  # x, y, width, height from the game's top left corner
REQUIRED = frozenset(
    name
    for model in (RegionBoxes, PanelBoxes)
    for name, field in model.model_fields.items()
    if field.is_required()
)
OPTIONAL = tuple(name for name in GAME_LAYOUT if name not in REQUIRED)
PANEL_OPTIONAL = tuple(name for name in PANEL_LAYOUT if name not in REQUIRED)
ORDER = (*GAME_LAYOUT, *PANEL_LAYOUT)  # RegionBoxes.boxes()'s order: the form's and the file's


def _panels(boxes: dict[str, Box]) -> int:
    """How many bet panels `boxes` has: each has its button."""
    return sum(1 for name in boxes if name.startswith("panels.") and name.endswith(".button"))


def addable(boxes: dict[str, Box]) -> list[str]:
    """The optional regions `boxes` lacks, and the button of one more bet panel (which adds it)."""
    count = _panels(boxes)
    panels = [f"panels.{index}.{name}" for index in range(count) for name in PANEL_OPTIONAL]
    return [name for name in (*OPTIONAL, *panels, f"panels.{count}.button") if name not in boxes]


def removable(name: str, boxes: dict[str, Box]) -> bool:
    """An optional region, or the last bet panel's button (removing that panel: panels are numbered
    from the left, so only the last goes without renumbering the others)."""
    return name.split(".")[-1] not in REQUIRED or name == f"panels.{_panels(boxes) - 1}.button"


def without(boxes: dict[str, Box], name: str) -> dict[str, Box]:
    """`boxes` less `name`; less its whole panel when `name` is a panel's button."""
    panel = name.removesuffix("button") if name.endswith(".button") else None
    return {n: box for n, box in boxes.items() if n != name and not (panel and n.startswith(panel))}


def _rank(name: str) -> tuple[int, int]:
    *panel, key = name.split(".")
    return (int(panel[1]) + 1 if panel else 0, ORDER.index(key))


def in_order(boxes: dict[str, Box]) -> dict[str, Box]:
    """`boxes` in the file's order, wherever an added one was put."""
    return dict(sorted(boxes.items(), key=lambda item: _rank(item[0])))


def new_box(size: tuple[int, int] | None) -> Box:
    """A new region's box, to drag onto what it reads: a quarter of the game's width and height, in
    its middle (a pixel for a game without a size, which Save names first)."""
    width, height = size or (1, 1)
    return width * 3 // 8, height * 3 // 8, max(1, width // 4), max(1, height // 4)


def regions_data(boxes: dict[str, Box]) -> dict[str, Any]:
    """The regions' data in the file holding exactly `boxes`, each set by its name there
    (panels.0.stake and so on): a region removed in the editor is gone, not kept from before."""
    data: dict[str, Any] = {}
    panels: list[dict[str, Box]] = []
    for name, box in boxes.items():
        *panel, key = name.split(".")
        if not panel:
            data[key] = box
            continue
        index = int(panel[1])
        panels.extend({} for _ in range(index + 1 - len(panels)))
        panels[index][key] = box
    return {**data, "panels": panels}


class BoxForm(QWidget):
    """Every region's x, y, width and height, to type; each with its problems beneath it, and a
    region the site may lack with a button to remove it."""

    typed = Signal(str, object)  # the region's name, its box as typed
    removed = Signal(str)  # the region's name: its Remove button was clicked

    def __init__(self, boxes: dict[str, Box]) -> None:
        super().__init__()
        self.spins: dict[str, list[QSpinBox]] = {}
        self.errors: dict[str, ErrorLabel] = {}
        self.removers: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        for column, title in enumerate(("region", "x", "y", "width", "height")):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
        for row, (name, box) in enumerate(boxes.items()):
            self._add_row(grid, 1 + 2 * row, name, box)
            if removable(name, boxes):
                self.removers[name] = QPushButton("Remove")
                self.removers[name].clicked.connect(lambda _checked, name=name: self.removed.emit(name))
                grid.addWidget(self.removers[name], 1 + 2 * row, 5)

    def _add_row(self, grid: QGridLayout, row: int, name: str, box: Box) -> None:
        self.spins[name] = [pixel_spin(value, least) for value, least in zip(box, (0, 0, 1, 1), strict=True)]
        grid.addWidget(QLabel(name), row, 0)
        for column, spin in enumerate(self.spins[name], start=1):
            grid.addWidget(spin, row, column)
            spin.valueChanged.connect(lambda _value, name=name: self.typed.emit(name, self.box(name)))
        self.errors[name] = ErrorLabel()
        grid.addWidget(self.errors[name], row + 1, 0, 1, 6)

    def box(self, name: str) -> Box:
        x, y, width, height = (spin.value() for spin in self.spins[name])
        return x, y, width, height

    def show_box(self, name: str, box: Box) -> None:
        """The numbers of a box dragged on the screenshot (without echoing them back as typed)."""
        for spin, value in zip(self.spins[name], box, strict=True):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)
