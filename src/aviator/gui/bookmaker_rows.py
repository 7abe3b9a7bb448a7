"""The region editor's bookmakers: each one's name, server group and offset (where its game sits on
the screen) to edit, with its problems beneath it; and where a bookmaker added to them goes."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QSpinBox, QWidget

from aviator.config.layouts import LAYOUTS, GridLayout, Rect
from aviator.gui.fields import ErrorLabel, pixel_spin

Size = tuple[int, int]  # width, height in pixels


@dataclass(frozen=True)
class Row:
    """One bookmaker as its row shows it: name, group (None: none), offset, and its game's size."""

    name: str
    group: str | None
    offset: tuple[int, int]
    size: Size | None  # None: the game has no size (Save names it)


class BookmakerRows(QWidget):
    """Each bookmaker's name and server group, the x and y of its game's top left corner on the
    screen with the game's size, and its problems."""

    renamed = Signal(int, str)  # the bookmaker's index, its name as typed
    moved = Signal(int)  # the bookmaker's index: its offset was typed

    def __init__(self, rows: list[Row]) -> None:
        super().__init__()
        groups = sorted({row.group for row in rows if row.group} | {row.name for row in rows})
        self.sizes = [row.size for row in rows]
        self.names: list[QLineEdit] = []
        self.groups: list[QComboBox] = []
        self.offsets: list[tuple[QSpinBox, QSpinBox]] = []
        self.errors: list[ErrorLabel] = []
        grid = QGridLayout(self)
        for column, title in enumerate(("name", "group (one game server)", "x", "y", "game")):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
        for index, row in enumerate(rows):
            self._add_row(grid, index, row, groups)

    def _add_row(self, grid: QGridLayout, index: int, row: Row, groups: list[str]) -> None:
        name, group = QLineEdit(row.name), QComboBox()
        group.setEditable(True)  # any group may be typed; these are the ones the setup knows
        group.addItems(["", *groups])
        group.setCurrentText(row.group or "")
        offset = (pixel_spin(row.offset[0], 0), pixel_spin(row.offset[1], 0))
        name.textChanged.connect(lambda text: self.renamed.emit(index, text))
        for spin in offset:
            spin.valueChanged.connect(lambda _value: self.moved.emit(index))
        self.names.append(name)
        self.groups.append(group)
        self.offsets.append(offset)
        self.errors.append(ErrorLabel())
        size = QLabel("no size" if row.size is None else f"{row.size[0]}x{row.size[1]}")
        for column, widget in enumerate((name, group, *offset, size)):
            grid.addWidget(widget, 1 + 2 * index, column)
        grid.addWidget(self.errors[-1], 2 + 2 * index, 0, 1, 5)

    def values(self, index: int) -> tuple[str, str | None]:
        """The name and group (None: none) of bookmaker `index` as typed."""
        return self.names[index].text().strip(), self.groups[index].currentText().strip() or None

    def offset(self, index: int) -> tuple[int, int]:
        """Where bookmaker `index`'s game sits on the screen, as typed."""
        x, y = self.offsets[index]
        return x.value(), y.value()

    def rows(self) -> list[Row]:
        """Every bookmaker as typed: to build the rows afresh when one comes or goes."""
        return [Row(*self.values(i), self.offset(i), size) for i, size in enumerate(self.sizes)]

    def game(self, index: int) -> Rect | None:
        """Bookmaker `index`'s game on the screen as typed; None without a size."""
        size = self.sizes[index]
        return None if size is None else Rect(*self.offset(index), *size)


def free_name(names: list[str]) -> str:
    """A name for a new bookmaker that none of `names` has: bookmaker 3 after two."""
    number = len(names) + 1
    while f"bookmaker {number}" in names:
        number += 1
    return f"bookmaker {number}"


def new_offset(
    games: list[Rect], like: Rect | None, screen: Size | None, layout: str | None
) -> tuple[int, int]:
    """Where a new game like `like` goes among `games`: a guess the user corrects (Save checks it).
    With a grid, in its first tile no game touches, where `like` sits in its own tile, since a
    tile of the same site has its game at the same place; else (or with no tile free) right of the
    last game when it fits the screen's width, else at the left edge below the lowest game; at
    0,0 when there is no game to place it by."""
    if like is None or not games:
        return 0, 0
    spot = None if layout is None or screen is None else _in_free_tile(games, like, LAYOUTS[layout], screen)
    if spot is not None:
        return spot
    last = games[-1]
    if screen is None or last.right + like.width <= screen[0]:
        return last.right, last.top
    return 0, max(game.bottom for game in games)


def _in_free_tile(games: list[Rect], like: Rect, layout: GridLayout, screen: Size) -> tuple[int, int] | None:
    tiles = [layout.tile(i, *screen) for i in range(layout.capacity)]
    home = next((tile for tile in tiles if tile.contains(like)), None)
    free = next((tile for tile in tiles if not any(game.overlaps(tile) for game in games)), None)
    if home is None or free is None:
        return None
    return free.left + like.left - home.left, free.top + like.top - home.top
