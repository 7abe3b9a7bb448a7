"""The region editor: one bookmaker's regions drawn on a screenshot of the screen, each a rectangle
whose body drags to move it and whose corners drag to resize it, in whole pixels and inside its game;
beside it every box's numbers to type, kept in step with the rectangles, with optional regions added
or removed; the layout; and the bookmakers, added (like the chosen one) or removed, each one's name,
server group and offset on the screen (bookmaker_rows). Save checks the whole setup as `aviator config
validate` does (the same models and checks) and writes it, or shows each problem beside its field.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
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
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from aviator.cli.regions import COLOURS
from aviator.config.layouts import Rect
from aviator.config.loader import betting_problems, dump_setup
from aviator.config.schema_errors import explained
from aviator.config.setup import TEMPLATE_KEYS, BookmakerEntry, Setup
from aviator.config.setup_checks import Location, Problem
from aviator.gui.bookmaker_rows import BookmakerRows, Row, Size, free_name, new_offset
from aviator.gui.box_form import Box, BoxForm, addable, in_order, new_box, regions_data, without
from aviator.gui.fields import ErrorLabel

Corner = tuple[int, int]  # which edges a corner handle moves: (1: the right one, 1: the bottom one)
CORNERS: tuple[Corner, ...] = ((0, 0), (1, 0), (0, 1), (1, 1))
SNAP = 4  # pixels: an edge dragged this close to the game's edge lands on it (regions often reach it)
HANDLE = 9  # device pixels: a corner handle's side, the same at any zoom
MARGIN = 24  # pixels of screen shown around the game, so that handles on its edges can be grabbed
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


@dataclass
class Game:
    """One bookmaker as edited, beside its row (which holds its name, group and offset): its entry
    in the file as opened, its game's size, and its boxes as opened and as edited."""

    entry: dict[str, Any]
    size: Size | None
    original: dict[str, Box]
    boxes: dict[str, Box]


def _game(setup: Setup, entry: BookmakerEntry) -> Game:
    regions, size = entry.regions or setup.regions, entry.game or setup.game
    boxes = {} if regions is None else dict(regions.boxes())
    return Game(entry.model_dump(), None if size is None else (size.width, size.height), boxes, dict(boxes))


def _like(game: Game) -> Game:
    """A new bookmaker's game copied from `game`: its size, regions as edited so far and templates
    (a tile of the same site reads the same font); its server group is left for the user to say,
    as two tiles of one site need not show one game server."""
    return Game({**game.entry, "group": None}, game.size, dict(game.original), dict(game.boxes))


def _row(entry: BookmakerEntry, game: Game) -> Row:
    return Row(entry.name, entry.group, entry.offset, game.size)


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
    """A setup to edit on a screenshot of the screen: the layout, the bookmakers (added, removed,
    each one's name, group and offset), and the chosen bookmaker's regions as rectangles and
    numbers, optional ones added or removed. Save writes it to `path` (asked for when None) once it
    holds. A bookmaker sharing the regions at the top of the file gets its own once they are
    edited: what is dragged on one game never moves another's."""

    saved = Signal(Path)  # the file just written

    def __init__(self, setup: Setup, screenshot: np.ndarray | None, path: Path | None = None) -> None:
        super().__init__()
        self.path = path
        self.problems: list[Problem] = []
        self.games: list[Game] = []
        self.scene = QGraphicsScene(self)
        self.view = GameView(self.scene)
        self.background = self.scene.addPixmap(QPixmap())
        self.background.setZValue(BACKGROUND_Z)
        self.outline = self.scene.addRect(QRectF(), QPen(QColor("white"), 0, Qt.PenStyle.DashLine))
        self.outline.setZValue(BACKGROUND_Z + 1)
        self.outline.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.layout_choice, self.chooser, self.region_choice = QComboBox(), QComboBox(), QComboBox()
        self.layout_choice.addItems(list(LAYOUT_CHOICES))
        self.chooser.currentIndexChanged.connect(lambda index: self.choose(index) if index >= 0 else None)
        self.layout_error, self.general, self.note, self.status = (
            ErrorLabel(),
            ErrorLabel(),
            QLabel(),
            QLabel(),
        )
        self.note.setWordWrap(True)
        self._make_buttons()
        self.rows_holder, self.form_holder = QVBoxLayout(), QVBoxLayout()
        self.rows, self.form = BookmakerRows([]), BoxForm({})  # load() builds them afresh
        self.items: dict[str, RegionItem] = {}
        self._lay_out()
        self.set_screenshot(screenshot)
        self.load(setup)

    def _make_buttons(self) -> None:
        self.save_button = _button("Save", self.save)
        self.add_bookmaker_button = _button("Add bookmaker", self.add_bookmaker)
        self.add_bookmaker_button.setToolTip(
            "A new game of the chosen one's size and regions: give it its offset"
        )
        self.remove_bookmaker_button = _button("Remove bookmaker", self.remove_bookmaker)
        self.remove_bookmaker_button.setToolTip(
            "Removes the chosen bookmaker, the one whose regions are shown"
        )
        self.add_region_button = _button("Add region", self.add_region)
        self.add_region_button.setToolTip("Adds the region chosen beside it, in the middle of the game")

    @property
    def boxes(self) -> list[dict[str, Box]]:
        """Each bookmaker's boxes as edited."""
        return [game.boxes for game in self.games]

    def _lay_out(self) -> None:
        side = QVBoxLayout()
        side.addLayout(_line(QLabel("Layout"), self.layout_choice))
        side.addWidget(self.layout_error)
        bookmakers = QGroupBox("Bookmakers")
        bookmakers.setLayout(self.rows_holder)
        self.rows_holder.addWidget(self.rows)  # above the buttons: rebuilt rows take its place
        self.rows_holder.addLayout(_line(self.add_bookmaker_button, self.remove_bookmaker_button))
        side.addWidget(bookmakers)
        side.addLayout(_line(QLabel("Regions of"), self.chooser))
        side.addWidget(self.note)
        self.form_holder.addWidget(self.form)
        side.addLayout(self.form_holder)
        side.addLayout(_line(self.region_choice, self.add_region_button))
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
        self.games = [_game(setup, entry) for entry in setup.bookmakers]
        self.layout_choice.setCurrentText(setup.layout or NO_LAYOUT)
        self._show_rows([_row(e, game) for e, game in zip(setup.bookmakers, self.games, strict=True)], 0)

    def _show_rows(self, rows: list[Row], chosen: int) -> None:
        """Builds the bookmakers' rows and the chooser for `rows` (one per game) and shows `chosen`."""
        self.rows = _replaced(self.rows_holder, self.rows, BookmakerRows(rows))
        self.rows.renamed.connect(self.chooser.setItemText)
        self.rows.moved.connect(lambda index: self._draw(index) if index == self.chosen else None)
        self.remove_bookmaker_button.setEnabled(len(rows) > 1)  # a setup has at least one bookmaker
        self.chooser.blockSignals(True)
        self.chooser.clear()
        self.chooser.addItems([row.name for row in rows])
        self.chooser.blockSignals(False)
        self.choose(chosen)

    def choose(self, index: int) -> None:
        """Shows bookmaker `index`'s regions on the screenshot and in the form."""
        self.chosen = index
        self.chooser.blockSignals(True)
        self.chooser.setCurrentIndex(index)
        self.chooser.blockSignals(False)
        self.form = _replaced(self.form_holder, self.form, BoxForm(self.boxes[index]))
        self.form.typed.connect(self._typed)
        self.form.removed.connect(self.remove_region)
        self.region_choice.clear()
        self.region_choice.addItems(addable(self.boxes[index]))
        self.add_region_button.setEnabled(self.region_choice.count() > 0)
        self._draw(index)
        self.note.setText(self._note(index))
        self._show_problems()

    def _draw(self, index: int) -> None:
        for item in self.items.values():
            self.scene.removeItem(item)
        tile, colours = self.rows.game(index), [QColor(*colour) for colour in COLOURS]
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
        if self.games[index].size is None:
            return "This game has no size: nothing to draw (Save says what to add)."
        if self.games[index].entry["regions"] is not None or self.setup.regions is None:
            return f"Its own regions. {HOW}"
        shared = sum(1 for game in self.games if game.entry["regions"] is None)
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

    def add_bookmaker(self) -> None:
        """Appends a bookmaker like the chosen one in a free spot, and shows it. The edits so far stay:
        they live in the rows and the games, which are kept, never a setup validated again (which an
        edit in progress may not be)."""
        rows, like = self.rows.rows(), self.rows.game(self.chosen)
        games = [game for index in range(len(rows)) if (game := self.rows.game(index)) is not None]
        layout = LAYOUT_CHOICES[self.layout_choice.currentText()]
        offset = new_offset(games, like, self.screen_size, layout)
        rows.append(Row(free_name([row.name for row in rows]), None, offset, self.games[self.chosen].size))
        self.games.append(_like(self.games[self.chosen]))
        self._show_rows(rows, len(rows) - 1)
        self._check_again()

    def remove_bookmaker(self) -> None:
        """Removes the chosen bookmaker, unless it is the last one (a setup has at least one)."""
        if len(self.games) < 2:
            return
        rows, index = self.rows.rows(), self.chosen
        del rows[index], self.games[index]
        self._show_rows(rows, min(index, len(rows) - 1))
        self._check_again()

    def _check_again(self) -> None:
        """The draft's problems, shown: those shown before named bookmakers by their old places."""
        self.problems = checked(self.draft(), self.screen_size)[1]
        self._show_problems()
        self.status.setText(f"{len(self.problems)} problem(s) to fix before saving" if self.problems else "")

    def add_region(self) -> None:
        """Adds the optional region chosen in the list to the chosen bookmaker, in its game's middle."""
        name, game = self.region_choice.currentText(), self.games[self.chosen]
        if not name:  # none left to add
            return
        game.boxes = in_order({**game.boxes, name: new_box(game.size)})
        self.choose(self.chosen)

    def remove_region(self, name: str) -> None:
        """Removes an optional region (or the last bet panel) from the chosen bookmaker."""
        game = self.games[self.chosen]
        game.boxes = without(game.boxes, name)
        self.choose(self.chosen)

    def draft(self) -> dict[str, Any]:
        """The setup as edited, as a file's data (Save checks it with the setup's own models)."""
        data = self.setup.model_dump(exclude={"bookmakers"})
        data["layout"] = LAYOUT_CHOICES[self.layout_choice.currentText()]
        data["bookmakers"] = [self._entry(index) for index in range(len(self.games))]
        return data

    def _entry(self, index: int) -> dict[str, Any]:
        game, (name, group) = self.games[index], self.rows.values(index)
        entry = {**game.entry, "name": name, "group": group, "offset": self.rows.offset(index)}
        if game.boxes != game.original:  # edited: its own regions, written whole
            entry["regions"] = regions_data(game.boxes)
        return entry

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
        self.path, self.setup = path, setup
        self.games = [_game(setup, entry) for entry in setup.bookmakers]  # as saved: nothing edited since
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


def _button(text: str, clicked: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.clicked.connect(lambda _checked: clicked())
    return button


def _replaced(holder: QVBoxLayout, old: QWidget, new: Any) -> Any:
    """`new` in `holder` where `old` was (rebuilt rather than edited: rows come and go); at its end
    when `old` is not in it yet."""
    place = holder.indexOf(old)
    holder.removeWidget(old)
    old.hide()  # at once: deleted only once back in the event loop (it may be emitting the signal now)
    old.deleteLater()
    holder.insertWidget(place, new)
    return new
