"""What a setup's schema cannot check alone: unique names, games that have a size and regions,
boxes inside their game, games apart from each other, on the screen and in their grid's tiles.

Each problem is (location of the key in the file, reason), and the reason ends with what to change.
"""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING

from aviator.config.layouts import LAYOUTS, GridLayout, Rect

if TYPE_CHECKING:
    from aviator.config.setup import BookmakerEntry, GameSize, RegionBoxes, Setup

Location = tuple[str | int, ...]  # keys and indices from the top of the file
Problem = tuple[Location, str]


def name_problems(names: list[str]) -> list[Problem]:
    """Every name after the first that another bookmaker already has, with a free one to use."""
    first: dict[str, int] = {}
    taken, problems = set(names), []
    for index, name in enumerate(names):
        if name not in first:
            first[name] = index
            continue
        free = _free_name(name, taken)
        taken.add(free)
        reason = f"{name!r} is also the name of bookmakers.{first[name]}; names must be unique"
        problems.append((("bookmakers", index, "name"), f"{reason}: rename one, for example {free!r}"))
    return problems


def unique_names(names: list[str]) -> list[str]:
    """`names` with each repeated one numbered: two windows titled "Aviator" become Aviator and Aviator-2."""
    taken, unique = set(names), []
    for name in names:
        if name in unique:
            name = _free_name(name, taken)
            taken.add(name)
        unique.append(name)
    return unique


def _free_name(name: str, taken: set[str]) -> str:
    number = 2
    while f"{name}-{number}" in taken:
        number += 1
    return f"{name}-{number}"


def geometry_problems(setup: Setup) -> list[Problem]:
    return _missing(setup) + _outside(setup) + _overlaps(setup)


def _missing(setup: Setup) -> list[Problem]:
    """Bookmakers that neither give a game size or regions nor inherit them from the top of the file."""
    problems: list[Problem] = []
    for index, entry in enumerate(setup.bookmakers):
        if entry.game is None and setup.game is None:
            fix = "add `game: {width: W, height: H}` to it, or at the top of the file for every bookmaker"
            problems.append((("bookmakers", index), f"{entry.name!r} has no game size: {fix}"))
        if entry.regions is None and setup.regions is None:
            fix = "add `regions:` (at least multiplier and game_area) to it, or at the top of the file"
            problems.append((("bookmakers", index), f"{entry.name!r} has no regions: {fix}"))
    return problems


def _outside(setup: Setup) -> list[Problem]:
    problems: list[Problem] = []
    if setup.game is not None and setup.regions is not None:
        problems += _boxes_outside(setup.regions, setup.game, ("regions",))
    for index, entry in enumerate(setup.bookmakers):
        size = entry.game or setup.game
        if entry.regions is not None and size is not None:
            problems += _boxes_outside(entry.regions, size, ("bookmakers", index, "regions"))
        elif entry.game is not None and setup.regions is not None:
            problems += _inherited_outside(setup.regions, entry, index)
    return problems


def _boxes_outside(regions: RegionBoxes, size: GameSize, where: Location) -> list[Problem]:
    problems = []
    for name, (x, y, width, height) in regions.boxes().items():
        if x + width > size.width or y + height > size.height:
            key = (*where, *(int(p) if p.isdigit() else p for p in name.split(".")))
            reason = f"box [{x}, {y}, {width}, {height}] ends at {x + width},{y + height}, outside the game"
            fix = "shrink or move the box, or correct the game's size"
            problems.append((key, f"{reason} ({size.width}x{size.height}): {fix}"))
    return problems


def _inherited_outside(regions: RegionBoxes, entry: BookmakerEntry, index: int) -> list[Problem]:
    """A bookmaker with its own game size and the top of the file's regions, which do not fit it."""
    size = entry.game
    assert size is not None
    outside = [n for n, (x, y, w, h) in regions.boxes().items() if x + w > size.width or y + h > size.height]
    if not outside:
        return []
    reason = f"the regions at the top of the file ({', '.join(outside)}) reach outside this game"
    fix = "give this bookmaker its own `regions`, or correct its size"
    return [(("bookmakers", index, "game"), f"{reason} ({size.width}x{size.height}): {fix}")]


def _placed(setup: Setup) -> list[tuple[int, BookmakerEntry, Rect]]:
    """Every bookmaker whose game has a size, with its screen rectangle."""
    return [
        (index, entry, setup.game_rect(entry))
        for index, entry in enumerate(setup.bookmakers)
        if entry.game is not None or setup.game is not None
    ]


def _overlaps(setup: Setup) -> list[Problem]:
    problems: list[Problem] = []
    for (first, a, ra), (index, b, rb) in combinations(_placed(setup), 2):
        if ra.overlaps(rb):
            reason = (
                f"the game of {b.name!r} ({_where(rb)}) overlaps the game of {a.name!r} (bookmakers.{first}, "
            )
            fix = f"move one, for example {b.name!r} to [{ra.right}, {rb.top}]"
            problems.append((("bookmakers", index, "offset"), f"{reason}{_where(ra)}): {fix}"))
    return problems


def _where(rect: Rect) -> str:
    return f"at {rect.left},{rect.top}, {rect.width}x{rect.height}"


def screen_problems(setup: Setup, width: int, height: int) -> list[Problem]:
    """Games that reach off a `width` x `height` screen, or that do not sit one per tile of the
    setup's grid layout when it names one."""
    problems: list[Problem] = []
    tiles = [] if setup.layout is None else _tiles(LAYOUTS[setup.layout], width, height)
    used: dict[int, str] = {}
    for index, entry, game in _placed(setup):
        if game.right > width or game.bottom > height:
            reason = (
                f"the game of {entry.name!r} ({_where(game)}) reaches outside the screen ({width}x{height})"
            )
            problems.append((("bookmakers", index, "offset"), f"{reason}: move it or make the game smaller"))
        elif tiles and (reason := _tile_problem(setup, entry, game, tiles, used)):
            problems.append((("bookmakers", index, "offset"), reason))
    return problems


def _tiles(layout: GridLayout, width: int, height: int) -> list[Rect]:
    return [layout.tile(i, width, height) for i in range(layout.capacity)]


def _tile_problem(
    setup: Setup, entry: BookmakerEntry, game: Rect, tiles: list[Rect], used: dict[int, str]
) -> str:
    """Why `game` breaks the grid (None: it sits alone in a tile, now marked used)."""
    tile = next((i for i, t in enumerate(tiles) if t.contains(game)), None)
    fix = "move it into a tile of its own, or remove `layout` to place games freely"
    game_of, grid = f"the game of {entry.name!r}", f"layout {setup.layout}"
    if tile is None:
        size = f"{tiles[0].width}x{tiles[0].height}"
        return f"{game_of} ({_where(game)}) is not inside one tile of {grid} (tiles of {size}): {fix}"
    if tile in used:
        return f"{game_of} shares tile {tile + 1} of {grid} with {used[tile]!r}: {fix}"
    used[tile] = entry.name
    return ""
