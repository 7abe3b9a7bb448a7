"""The region editor: one bookmaker's regions drawn on a screenshot of the screen, each a rectangle
whose body drags to move it and whose corners drag to resize it, in whole pixels and inside its game;
beside it every box's numbers to type, kept in step with the rectangles, the layout, and each
bookmaker's name and server group. Save checks the whole setup as `aviator config validate` does
(the same models and checks) and writes it, or shows each problem beside the field it names.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import ValidationError
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPen, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from aviator.cli.regions import COLOURS
from aviator.config.layouts import Rect
from aviator.config.loader import betting_problems, dump_setup
from aviator.config.schema_errors import explained
from aviator.config.setup import TEMPLATE_KEYS, BookmakerEntry, RegionBoxes, Setup
from aviator.config.setup_checks import Location, Problem

Box = tuple[int, int, int, int]  # x, y, width, height from the game's top left corner
Corner = tuple[int, int]  # which edges a corner handle moves: (1: the right one, 1: the bottom one)
CORNERS: tuple[Corner, ...] = ((0, 0), (1, 0), (0, 1), (1, 1))
SNAP = 4  # pixels: an edge dragged this close to the game's edge lands on it (regions often reach it)
HANDLE = 9  # device pixels: a corner handle's side, the same at any zoom
MARGIN = 24  # pixels of screen shown around the game, so that handles on its edges can be grabbed
MAX_PIXELS = 100_000  # a typed box may leave the game: Save names it rather than the form refusing it
BACKGROUND_Z = -1e12  # below every region (regions stack by area, the smallest on top)
NO_LAYOUT = "none"
LAYOUT_CHOICES: dict[str, str | None] = {NO_LAYOUT: None, "2x2": "2x2", "3x2": "3x2", "4x2": "4x2"}
HOW = "Drag a region to move it, a corner to resize it, or type its numbers."
COMMENT = "aviator setup: written by the control panel's region editor (aviator gui)"


def pixmap_of(image: np.ndarray) -> QPixmap:
    """An RGB (or RGBA) array as a pixmap of the same size and pixels."""
    rgb = np.ascontiguousarray(image[:, :, :3], dtype=np.uint8)
    height, width = rgb.shape[:2]
    picture = QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888)
    return QPixmap.fromImage(picture.copy())  # copy: the QImage only borrows the array's memory


def _snapped(value: float, limit: int) -> int:
    """`value` in whole pixels, on the game's edge (0 or `limit`) when within SNAP pixels of it."""
    pixel = round(value)
    return 0 if abs(pixel) < SNAP else limit if abs(limit - pixel) < SNAP else pixel


def _start(start: float, length: int, limit: int) -> int:
    """Where a span of `length` dragged to `start` begins: inside [0, limit], either end snapping."""
    pixel = _snapped(start, limit)
    if pixel != 0 and _snapped(pixel + length, limit) == limit:
        pixel = limit - length
    return max(0, min(pixel, limit - length))


def _edges(low: int, high: int, delta: float, limit: int, high_moves: bool) -> tuple[int, int]:
    """A span with one end dragged by `delta`: that end stays inside [0, limit] and past the other."""
    if high_moves:
        return low, max(low + 1, min(limit, _snapped(high + delta, limit)))
    return min(high - 1, max(0, _snapped(low + delta, limit))), high


def moved(box: Box, dx: float, dy: float, size: tuple[int, int]) -> Box:
    """`box` dragged by (dx, dy) in a game of `size` (width, height): whole pixels, inside the game."""
    x, y, width, height = box
    return _start(x + dx, width, size[0]), _start(y + dy, height, size[1]), width, height


def resized(box: Box, corner: Corner, dx: float, dy: float, size: tuple[int, int]) -> Box:
    """`box` with its `corner` dragged by (dx, dy); the opposite corner stays where it was."""
    x, y, width, height = box
    left, right = _edges(x, x + width, dx, size[0], corner[0] == 1)
    top, bottom = _edges(y, y + height, dy, size[1], corner[1] == 1)
    return left, top, right - left, bottom - top


class CornerHandle(QGraphicsRectItem):
    """A corner of a region: dragging it resizes the region, the opposite corner staying put."""

    def __init__(self, region: RegionItem, corner: Corner) -> None:
        super().__init__(-HANDLE / 2, -HANDLE / 2, HANDLE, HANDLE, region)
        self.region, self.corner = region, corner
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)  # grabbable at any zoom
        self.setBrush(QColor("white"))
        self.setPen(QPen(QColor("black"), 0))
        diagonal = corner[0] == corner[1]
        self.setCursor(Qt.CursorShape.SizeFDiagCursor if diagonal else Qt.CursorShape.SizeBDiagCursor)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self.region.press(event, self.corner)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self.region.drag(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self.region.release()


class RegionItem(QGraphicsRectItem):
    """One region of a game on the screenshot (scene units are screen pixels), labelled; `changed`
    hears every new box a drag gives it."""

    def __init__(
        self, name: str, box: Box, game: Rect, colour: QColor, changed: Callable[[str, Box], None]
    ) -> None:
        super().__init__()
        self.name, self.game, self.changed, self.box = name, game, changed, box
        self._drag: tuple[QPointF, Box, Corner | None] | None = None  # from where, the box then, a corner
        pen = QPen(colour, 2)
        pen.setCosmetic(True)  # as thin at every zoom
        self.setPen(pen)
        fill = QColor(colour)
        fill.setAlpha(40)
        self.setBrush(fill)
        self.setCursor(Qt.CursorShape.SizeAllCursor)
        self.label = QGraphicsSimpleTextItem(name, self)
        self.label.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.label.setBrush(colour)
        self.label.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # a press on it grabs the region
        self.handles = {corner: CornerHandle(self, corner) for corner in CORNERS}
        self.show_box(box)

    def show_box(self, box: Box) -> None:
        """Draws the region at `box` (from a drag, or typed in the form)."""
        x, y, width, height = box
        left, top = self.game.left + x, self.game.top + y
        self.box = box
        self.setRect(QRectF(left, top, width, height))
        self.setZValue(-width * height)  # a region inside another stays above it, to be grabbed
        for (right, bottom), handle in self.handles.items():
            handle.setPos(left + right * width, top + bottom * height)
        self.label.setPos(left + 3, top + 2)

    def press(self, event: QGraphicsSceneMouseEvent, corner: Corner | None) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        self._drag = (event.scenePos(), self.box, corner)
        event.accept()  # this item now gets the moves until the release

    def drag(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._drag is None:
            return
        start, box, corner = self._drag
        delta, size = event.scenePos() - start, (self.game.width, self.game.height)
        if corner is None:
            new = moved(box, delta.x(), delta.y(), size)
        else:
            new = resized(box, corner, delta.x(), delta.y(), size)
        if new != self.box:
            self.show_box(new)
            self.changed(self.name, new)

    def release(self) -> None:
        self._drag = None

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self.press(event, None)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self.drag(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self.release()


class GameView(QGraphicsView):
    """The screenshot, zoomed to show the chosen game whole (again whenever the view is resized)."""

    def __init__(self, scene: QGraphicsScene) -> None:
        super().__init__(scene)
        self.shown = QRectF()
        self.setMinimumSize(320, 240)

    def show_rect(self, rect: QRectF) -> None:
        self.shown = rect
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self.shown.isEmpty():
            self.fitInView(self.shown, Qt.AspectRatioMode.KeepAspectRatio)


class ErrorLabel(QLabel):
    """The problems of the field beside it, in red; hidden while there are none."""

    def __init__(self) -> None:
        super().__init__()
        self.setStyleSheet("color: #d33")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setVisible(False)

    def show_problems(self, reasons: list[str]) -> None:
        self.setText("\n".join(reasons))
        self.setVisible(bool(reasons))


def _spin(value: int, least: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(least, MAX_PIXELS)
    spin.setValue(value)
    return spin


class BoxForm(QWidget):
    """Every region's x, y, width and height, to type; each with its problems beneath it."""

    typed = Signal(str, object)  # the region's name, its box as typed

    def __init__(self, boxes: dict[str, Box]) -> None:
        super().__init__()
        self.spins: dict[str, list[QSpinBox]] = {}
        self.errors: dict[str, ErrorLabel] = {}
        grid = QGridLayout(self)
        for column, title in enumerate(("region", "x", "y", "width", "height")):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
        for row, (name, box) in enumerate(boxes.items()):
            self._add_row(grid, 1 + 2 * row, name, box)

    def _add_row(self, grid: QGridLayout, row: int, name: str, box: Box) -> None:
        self.spins[name] = [_spin(value, least) for value, least in zip(box, (0, 0, 1, 1), strict=True)]
        grid.addWidget(QLabel(name), row, 0)
        for column, spin in enumerate(self.spins[name], start=1):
            grid.addWidget(spin, row, column)
            spin.valueChanged.connect(lambda _value, name=name: self.typed.emit(name, self.box(name)))
        self.errors[name] = ErrorLabel()
        grid.addWidget(self.errors[name], row + 1, 0, 1, 5)

    def box(self, name: str) -> Box:
        x, y, width, height = (spin.value() for spin in self.spins[name])
        return x, y, width, height

    def show_box(self, name: str, box: Box) -> None:
        """The numbers of a box dragged on the screenshot (without echoing them back as typed)."""
        for spin, value in zip(self.spins[name], box, strict=True):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)


class BookmakerRows(QWidget):
    """Each bookmaker's name and server group, where its game sits, and its problems."""

    def __init__(self, setup: Setup) -> None:
        super().__init__()
        names = [entry.name for entry in setup.bookmakers]
        groups = sorted({e.group for e in setup.bookmakers if e.group} | set(names))
        self.names: list[QLineEdit] = []
        self.groups: list[QComboBox] = []
        self.errors: list[ErrorLabel] = []
        grid = QGridLayout(self)
        for column, title in enumerate(("name", "group (one game server)", "game")):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
        for index, entry in enumerate(setup.bookmakers):
            self._add_row(grid, 1 + 2 * index, entry, _where(setup, entry), groups)

    def _add_row(
        self, grid: QGridLayout, row: int, entry: BookmakerEntry, where: str, groups: list[str]
    ) -> None:
        name, group = QLineEdit(entry.name), QComboBox()
        group.setEditable(True)  # any group may be typed; these are the ones the setup knows
        group.addItems(["", *groups])
        group.setCurrentText(entry.group or "")
        self.names.append(name)
        self.groups.append(group)
        self.errors.append(ErrorLabel())
        for column, widget in enumerate((name, group, QLabel(where))):
            grid.addWidget(widget, row, column)
        grid.addWidget(self.errors[-1], row + 1, 0, 1, 3)

    def values(self, index: int) -> tuple[str, str | None]:
        """The name and group (None: none) of bookmaker `index` as typed."""
        return self.names[index].text().strip(), self.groups[index].currentText().strip() or None


def _where(setup: Setup, entry: BookmakerEntry) -> str:
    tile = _tile(setup, entry)
    size = "no size" if tile is None else f"{tile.width}x{tile.height}"
    return f"at {entry.offset[0]},{entry.offset[1]}, {size}"


def _tile(setup: Setup, entry: BookmakerEntry) -> Rect | None:
    """The game's rectangle on the screen; None for a game without a size (Save names it)."""
    return setup.game_rect(entry) if (entry.game or setup.game) is not None else None


def _regions(setup: Setup, entry: BookmakerEntry) -> RegionBoxes | None:
    return entry.regions or setup.regions


def _with_boxes(regions: dict[str, Any], boxes: dict[str, Box]) -> dict[str, Any]:
    """The regions' data with each box set by its name in the file (panels.0.stake and so on)."""
    data = {**regions, "panels": [dict(panel) for panel in regions.get("panels", ())]}
    for name, box in boxes.items():
        *path, key = (int(part) if part.isdigit() else part for part in name.split("."))
        target: Any = data
        for part in path:
            target = target[part]
        target[key] = box
    return data


def checked(data: dict[str, Any], screen: tuple[int, int] | None) -> tuple[Setup | None, list[Problem]]:
    """The setup `data` holds and its problems, found as `aviator config validate` finds them:
    the schema first, then the checks it cannot make, then (given a screen size) the screen's."""
    try:
        setup = Setup.model_validate(data)
    except ValidationError as error:
        return None, list(dict.fromkeys(explained(e) for e in error.errors()))  # one line per problem
    problems = setup.problems() + betting_problems(setup.betting)
    if not problems and screen is not None:
        problems = setup.screen_problems(*screen)
    return setup, problems


def _relative(path: Path | None, folder: Path) -> Path | None:
    return None if path is None else Path(os.path.relpath(path, folder))


def beside_file(setup: Setup, folder: Path) -> Setup:
    """`setup` with its paths relative to `folder`, the file's: the loader resolved them from it."""
    update = [{key: _relative(getattr(e, key), folder) for key in TEMPLATE_KEYS} for e in setup.bookmakers]
    entries = [entry.model_copy(update=u) for entry, u in zip(setup.bookmakers, update, strict=True)]
    betting = setup.betting
    if betting is not None and betting.strategies is not None:
        betting = betting.model_copy(update={"strategies": _relative(betting.strategies, folder)})
    return setup.model_copy(update={"bookmakers": entries, "betting": betting})


def _key(loc: Location) -> str:
    return ".".join(str(part) for part in loc)


def _in_regions(loc: Location) -> bool:
    """`loc` names a box of a bookmaker's own regions."""
    return len(loc) > 3 and loc[0] == "bookmakers" and loc[2] == "regions"


class RegionEditor(QWidget):
    """A setup to edit on a screenshot of the screen: the layout, each bookmaker's name and group,
    and the chosen bookmaker's regions as rectangles and numbers. Save writes it to `path` (asked
    for when None) once it holds. A bookmaker sharing the regions at the top of the file gets its
    own once they are edited: what is dragged on one game never moves another's."""

    saved = Signal(Path)  # the file just written

    def __init__(self, setup: Setup, screenshot: np.ndarray | None, path: Path | None = None) -> None:
        super().__init__()
        self.path = path
        self.problems: list[Problem] = []
        self.scene = QGraphicsScene(self)
        self.view = GameView(self.scene)
        self.background = self.scene.addPixmap(QPixmap())
        self.background.setZValue(BACKGROUND_Z)
        self.outline = self.scene.addRect(QRectF(), QPen(QColor("white"), 0, Qt.PenStyle.DashLine))
        self.outline.setZValue(BACKGROUND_Z + 1)
        self.outline.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.layout_choice, self.chooser = QComboBox(), QComboBox()
        self.layout_choice.addItems(list(LAYOUT_CHOICES))
        self.chooser.currentIndexChanged.connect(lambda index: self.choose(index) if index >= 0 else None)
        self.layout_error, self.general, self.note, self.status = (
            ErrorLabel(),
            ErrorLabel(),
            QLabel(),
            QLabel(),
        )
        self.note.setWordWrap(True)
        self.save_button = QPushButton("Save")
        self.save_button.clicked.connect(self.save)
        self.rows_holder, self.form_holder = QVBoxLayout(), QVBoxLayout()
        self.rows, self.form = BookmakerRows(setup), BoxForm({})  # load() builds them afresh
        self.items: dict[str, RegionItem] = {}
        self._lay_out()
        self.set_screenshot(screenshot)
        self.load(setup)

    def _lay_out(self) -> None:
        side = QVBoxLayout()
        side.addLayout(_line(QLabel("Layout"), self.layout_choice))
        side.addWidget(self.layout_error)
        bookmakers = QGroupBox("Bookmakers")
        bookmakers.setLayout(self.rows_holder)
        side.addWidget(bookmakers)
        side.addLayout(_line(QLabel("Regions of"), self.chooser))
        side.addWidget(self.note)
        side.addLayout(self.form_holder)
        side.addLayout(_line(self.save_button, self.status))
        side.addWidget(self.general)
        side.addStretch()
        panel = QWidget()
        panel.setLayout(side)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(panel)
        scroll.setMinimumWidth(460)
        layout = QHBoxLayout(self)
        layout.addWidget(self.view, 3)
        layout.addWidget(scroll, 2)

    def set_screenshot(self, image: np.ndarray | None) -> None:
        """Shows a new screenshot of the whole screen (RGB), whose size Save checks the games against;
        None: none to show (the screen could not be grabbed), and no screen size to check."""
        self.background.setPixmap(QPixmap() if image is None else pixmap_of(image))
        self.screen_size = None if image is None else (image.shape[1], image.shape[0])

    def load(self, setup: Setup) -> None:
        """Shows `setup` afresh (opened, or just calibrated); edits not saved are dropped."""
        self.setup, self.problems = setup, []
        self.tiles = [_tile(setup, entry) for entry in setup.bookmakers]
        self.original = [dict(r.boxes()) if (r := _regions(setup, e)) else {} for e in setup.bookmakers]
        self.boxes = [dict(boxes) for boxes in self.original]
        self.layout_choice.setCurrentText(setup.layout or NO_LAYOUT)
        self.rows = _replaced(self.rows_holder, self.rows, BookmakerRows(setup))
        for index, name in enumerate(self.rows.names):
            name.textChanged.connect(lambda text, index=index: self.chooser.setItemText(index, text))
        self.chooser.blockSignals(True)
        self.chooser.clear()
        self.chooser.addItems([entry.name for entry in setup.bookmakers])
        self.chooser.blockSignals(False)
        self.choose(0)

    def choose(self, index: int) -> None:
        """Shows bookmaker `index`'s regions on the screenshot and in the form."""
        self.chosen = index
        self.chooser.blockSignals(True)
        self.chooser.setCurrentIndex(index)
        self.chooser.blockSignals(False)
        self.form = _replaced(self.form_holder, self.form, BoxForm(self.boxes[index]))
        self.form.typed.connect(self._typed)
        self._draw(index)
        self.note.setText(self._note(index))
        self._show_problems()

    def _draw(self, index: int) -> None:
        for item in self.items.values():
            self.scene.removeItem(item)
        tile, colours = self.tiles[index], [QColor(*colour) for colour in COLOURS]
        if tile is None:
            self.items = {}
            return
        boxes = self.boxes[index].items()
        self.items = {
            name: RegionItem(name, box, tile, colours[i % len(colours)], self._dragged)
            for i, (name, box) in enumerate(boxes)
        }
        for item in self.items.values():
            self.scene.addItem(item)
        game = QRectF(tile.left, tile.top, tile.width, tile.height)
        self.outline.setRect(game)
        self.view.show_rect(game.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN))

    def _note(self, index: int) -> str:
        entry = self.setup.bookmakers[index]
        if self.tiles[index] is None:
            return "This game has no size: nothing to draw (Save says what to add)."
        if entry.regions is not None or self.setup.regions is None:
            return f"Its own regions. {HOW}"
        shared = sum(1 for e in self.setup.bookmakers if e.regions is None)
        return (
            f"The regions at the top of the file, shared by {shared} bookmakers: once edited here, "
            f"this bookmaker gets its own and the others keep theirs. {HOW}"
        )

    def _dragged(self, name: str, box: Box) -> None:
        self.boxes[self.chosen][name] = box
        self.form.show_box(name, box)

    def _typed(self, name: str, box: Box) -> None:
        self.boxes[self.chosen][name] = box
        if name in self.items:
            self.items[name].show_box(box)

    def draft(self) -> dict[str, Any]:
        """The setup as edited, as a file's data (Save checks it with the setup's own models)."""
        data = self.setup.model_dump()
        data["layout"] = LAYOUT_CHOICES[self.layout_choice.currentText()]
        for index, entry in enumerate(data["bookmakers"]):
            entry["name"], entry["group"] = self.rows.values(index)
            regions = _regions(self.setup, self.setup.bookmakers[index])
            if regions is not None and self.boxes[index] != self.original[index]:
                entry["regions"] = _with_boxes(regions.model_dump(), self.boxes[index])
        return data

    def save(self) -> bool:
        """Writes the setup as edited if it holds; else shows each problem beside its field."""
        setup, self.problems = checked(self.draft(), self.screen_size)
        if setup is None or self.problems:
            self._choose_a_problem()
            self._show_problems()
            self.status.setText(f"not saved: {len(self.problems)} problem(s), shown beside their fields")
            return False
        path = self.path or self._ask_path()
        if path is None:
            return False
        try:
            dump_setup(beside_file(setup, path.parent), path, COMMENT)
        except OSError as error:  # an operational error: told, and the edits stay to save elsewhere
            self.status.setText(f"not saved: {error}")
            return False
        self.path, self.setup, self.original = path, setup, [dict(boxes) for boxes in self.boxes]
        self.note.setText(self._note(self.chosen))
        self._show_problems()
        self.status.setText(f"saved {path}")
        self.saved.emit(path)
        return True

    def _ask_path(self) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(self, "Save the setup", "setup.yaml", "YAML (*.yaml *.yml)")
        return Path(chosen) if chosen else None

    def _choose_a_problem(self) -> None:
        """Shows the first bookmaker whose regions have a problem, unless the one shown has one."""
        indices = [int(loc[1]) for loc, _ in self.problems if _in_regions(loc)]
        if indices and self.chosen not in indices:
            self.choose(indices[0])

    def _show_problems(self) -> None:
        labels = (self.layout_error, self.general, *self.rows.errors, *self.form.errors.values())
        shown: dict[ErrorLabel, list[str]] = {label: [] for label in labels}
        for loc, reason in self.problems:
            label, text = self._place(loc, reason)
            shown[label].append(text)
        for label, reasons in shown.items():
            label.show_problems(reasons)

    def _place(self, loc: Location, reason: str) -> tuple[ErrorLabel, str]:
        """The label beside the field `loc` names, and what it says there."""
        if loc[:1] == ("layout",):
            return self.layout_error, reason
        index = loc[1] if len(loc) > 1 and loc[0] == "bookmakers" and isinstance(loc[1], int) else None
        if index is None or index >= len(self.rows.errors):
            return self.general, f"{_key(loc)}: {reason}"
        region = _key(loc[3:]) if _in_regions(loc) else ""
        if index == self.chosen and region in self.form.errors:
            return self.form.errors[region], reason
        inner = _key(loc[2:])  # the entry's other keys (offset, game) or another bookmaker's region
        return self.rows.errors[index], reason if inner in ("", "name") else f"{inner}: {reason}"


def _line(*widgets: QWidget) -> QHBoxLayout:
    line = QHBoxLayout()
    for widget in widgets:
        line.addWidget(widget)
    line.addStretch()
    return line


def _replaced(holder: QVBoxLayout, old: QWidget, new: Any) -> Any:
    """`new` in `holder` in place of `old` (rebuilt rather than edited: rows come and go)."""
    holder.removeWidget(old)
    old.deleteLater()
    holder.addWidget(new)
    return new
