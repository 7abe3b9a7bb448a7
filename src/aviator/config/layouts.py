"""Grid layouts: how N bookmaker tiles share one screen (the seed's 2x2, 3x2 and 4x2)."""

from __future__ import annotations

from dataclasses import dataclass

SCREEN_WIDTH = 1920
SCREEN_HEIGHT = 1080


@dataclass(frozen=True)
class Rect:
    """A rectangle in screen pixels."""

    left: int
    top: int
    width: int
    height: int

    def offset(self, dx: int, dy: int) -> Rect:
        return Rect(self.left + dx, self.top + dy, self.width, self.height)

    def union(self, other: Rect) -> Rect:
        """The smallest rectangle holding both."""
        left, top = min(self.left, other.left), min(self.top, other.top)
        return Rect(left, top, max(self.right, other.right) - left, max(self.bottom, other.bottom) - top)

    def contains(self, other: Rect) -> bool:
        """`other` lies wholly inside this rectangle."""
        return (
            self.left <= other.left
            and self.top <= other.top
            and other.right <= self.right
            and other.bottom <= self.bottom
        )

    def overlaps(self, other: Rect) -> bool:
        """The two share at least one pixel."""
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


@dataclass(frozen=True)
class GridLayout:
    name: str
    columns: int
    rows: int

    @property
    def capacity(self) -> int:
        return self.columns * self.rows

    def tile(self, index: int, width: int = SCREEN_WIDTH, height: int = SCREEN_HEIGHT) -> Rect:
        """The screen rectangle of tile `index`, filled row by row from the top left."""
        if not 0 <= index < self.capacity:
            raise ValueError(f"tile {index} is outside layout {self.name}")
        tile_w, tile_h = width // self.columns, height // self.rows
        row, column = divmod(index, self.columns)
        return Rect(column * tile_w, row * tile_h, tile_w, tile_h)


LAYOUTS = {
    "2x2": GridLayout("2x2", 2, 2),
    "3x2": GridLayout("3x2", 3, 2),
    "4x2": GridLayout("4x2", 4, 2),
}


def layout_for(count: int) -> GridLayout:
    """The smallest standard layout that holds `count` bookmakers."""
    for layout in LAYOUTS.values():
        if count <= layout.capacity:
            return layout
    raise ValueError(f"{count} bookmakers do not fit the largest layout (4x2 = 8)")
