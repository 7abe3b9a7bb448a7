"""A setup file's schema errors in the user's words: which key, what value, and what to write instead.

Pydantic says "Input should be greater than 0" at `regions.total_bets.3`; the user reads "the
height -22 is below 1: a box is [x, y, width, height] ...". One reason per error, on one line.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from typing import Any, get_args

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from aviator.config.setup import Setup
from aviator.config.setup_checks import Location
from aviator.core.capture.regions import GAME_LAYOUT, PANEL_LAYOUT

BOX = "[x, y, width, height], pixels from the game's top left corner"
SHAPES = {
    **{name: BOX for name in (*GAME_LAYOUT, *PANEL_LAYOUT)},
    "offset": "[x, y], the screen position of the game's top left corner",
    "game": "{width: W, height: H} in pixels",
    "width": "a whole number of pixels, at least 1",
    "height": "a whole number of pixels, at least 1",
    "panels": "a list of panels, each `- button: [x, y, width, height]` with optional stake and auto_cashout",
    "regions": "keys multiplier, game_area and the optional ones (see `aviator config example`)",
    "bookmakers": "a list of entries, each `- name: NAME` with `offset: [x, y]`",
    "name": "the bookmaker's name, unique in the file",
    "layout": "2x2, 3x2 or 4x2, or no `layout` at all",
    "looks_per_second": "looks at each game per second of game time, above 0 and up to 30",
    "thresholds": "a list of multipliers above 1, each once, for example [1.5, 2, 10]",
    "database": "a file path (SQLite), sqlite:///PATH or postgresql://USER@HOST/NAME",
    "learned_templates": "a folder, where workers keep the fonts they learn",
}
BOX_PARTS = ("x", "y", "width", "height")
PARTS = {**{name: BOX_PARTS for name in (*GAME_LAYOUT, *PANEL_LAYOUT)}, "offset": ("x", "y")}
EXAMPLE = "see `aviator config example`"
NOUNS = {
    "int": "a whole number",
    "tuple": "a list",
    "list": "a list",
    "model": "a set of keys",
    "dict": "a set of keys",
    "string": "text",
}


def explained(error: ErrorDetails) -> tuple[Location, str]:
    """Where the error is (a number inside a list: the list) and the reason, with the fix."""
    loc, kind = tuple(error["loc"]), error["type"]
    if len(loc) > 1 and isinstance(loc[-1], int) and loc[-2] in PARTS:
        return loc[:-1], _number(loc, error)
    handler = HANDLERS.get(kind)
    return loc, handler(loc, error) if handler else _other(loc, error)


def explained_for(model: type[BaseModel]) -> Callable[[ErrorDetails], tuple[Location, str]]:
    """`explained` for a file checked by another model than the setup (a strategy's --params): an
    unknown key is named beside `model`'s own keys, any other error by its value and pydantic's reason
    (the setup's hints would point at the wrong file)."""

    def explain(error: ErrorDetails) -> tuple[Location, str]:
        loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden":
            return loc, _unknown_key(str(loc[-1]), _allowed(loc[:-1], model))
        if error["type"] == "value_error":  # a validator's own sentence, without pydantic's prefix
            return loc, str(error.get("ctx", {}).get("error", error["msg"]))
        if not loc and error["type"] in ("model_type", "dict_type"):
            keys = ", ".join(model.model_fields)
            return loc, f"{_shown(error['input'])} is not a mapping: write `key: value` lines ({keys})"
        return loc, f"{_shown(error.get('input'))}: {error['msg'][:1].lower()}{error['msg'][1:]}"

    return explain


def _key(loc: tuple[str | int, ...]) -> str:
    """The innermost key name of `loc` ('' for the top of the file)."""
    return next((part for part in reversed(loc) if isinstance(part, str)), "")


def _shown(value: Any) -> str:
    text = json.dumps(value, default=str) if isinstance(value, list | dict) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _number(loc: tuple[str | int, ...], error: ErrorDetails) -> str:
    """An error about one number of a box or an offset: named by its part."""
    key, index, value = str(loc[-2]), int(loc[-1]), error["input"]
    parts, write = PARTS[key], f"write {SHAPES[key]}"
    if error["type"] == "missing":
        return f"{_shown(value)} has {len(value)} of the {len(parts)} numbers: {write}"
    if error["type"].startswith("greater_than"):
        return f"the {parts[index]} {_shown(value)} is below {_least(error)}: {write}"
    return f"the {parts[index]} {_shown(value)} is not a whole number: {write}"


def _least(error: ErrorDetails) -> int:
    """The smallest whole number a greater_than(_equal) error allows."""
    ctx = error.get("ctx", {})
    return int(ctx["gt"]) + 1 if "gt" in ctx else int(ctx.get("ge", 0))


def _too_small(loc: tuple[str | int, ...], error: ErrorDetails) -> str:
    write, bound = f"write {SHAPES.get(_key(loc), EXAMPLE)}", error.get("ctx", {}).get("gt")
    if isinstance(bound, float):  # a number that need not be whole: not 'below gt + 1'
        return f"{_shown(error['input'])} is not above {bound:g}: {write}"
    return f"{_shown(error['input'])} is below {_least(error)}: {write}"


def _too_large(loc: tuple[str | int, ...], error: ErrorDetails) -> str:
    return f"{_shown(error['input'])} is too large: write {SHAPES.get(_key(loc), EXAMPLE)}"


def _invalid(loc: tuple[str | int, ...], error: ErrorDetails) -> str:
    """A validator's own sentence (it names the value and the fix), without pydantic's prefix."""
    return str(error.get("ctx", {}).get("error", error["msg"]))


def _missing(loc: tuple[str | int, ...], error: ErrorDetails) -> str:
    key = _key(loc)
    return f"missing: add `{key}:` ({SHAPES.get(key, EXAMPLE)})"


def _extra(loc: tuple[str | int, ...], error: ErrorDetails) -> str:
    return _unknown_key(str(loc[-1]), _allowed(loc[:-1]))


def _unknown_key(key: str, allowed: list[str]) -> str:
    guess = difflib.get_close_matches(key, allowed, n=1)
    fix = f"did you mean {guess[0]!r}?" if guess else "remove it or correct its spelling"
    return f"unknown key {key!r}: {fix} (keys here: {', '.join(allowed)})"


def _allowed(loc: tuple[str | int, ...], root: type[BaseModel] = Setup) -> list[str]:
    """The keys the file of `root` may have at `loc`."""
    model: type[BaseModel] | None = root
    for part in loc:
        if isinstance(part, str) and model is not None:
            field = model.model_fields.get(part)
            model = _model_in(field.annotation) if field else None
    return list(model.model_fields) if model else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next((found for arg in get_args(annotation) if (found := _model_in(arg))), None)


def _choice(loc: tuple[str | int, ...], error: ErrorDetails) -> str:
    fix = "or remove `layout` to place the games at any offsets" if _key(loc) == "layout" else ""
    expected = error.get("ctx", {}).get("expected")
    return f"{_shown(error['input'])} is not one of {expected}: write one of them {fix}".rstrip()


def _too_short(loc: tuple[str | int, ...], error: ErrorDetails) -> str:
    if _key(loc) == "bookmakers":
        return f"no bookmakers: add at least one entry ({SHAPES['bookmakers']})"
    if _key(loc) == "name":
        return "the name is empty: give the bookmaker a name"
    return f"{_shown(error['input'])} is too short: write {SHAPES.get(_key(loc), EXAMPLE)}"


def _too_long(loc: tuple[str | int, ...], error: ErrorDetails) -> str:
    return f"{_shown(error['input'])} has too many numbers: write {SHAPES.get(_key(loc), EXAMPLE)}"


def _wrong_type(loc: tuple[str | int, ...], error: ErrorDetails) -> str:
    if not loc:
        return "the file holds no settings: start from `aviator config example` and edit it"
    noun = NOUNS.get(error["type"].split("_")[0], "of the right kind")
    return f"{_shown(error['input'])} is not {noun}: write {SHAPES.get(_key(loc), EXAMPLE)}"


def _other(loc: tuple[str | int, ...], error: ErrorDetails) -> str:
    return f"{_shown(error.get('input'))}: {error['msg'].lower()}: {SHAPES.get(_key(loc), EXAMPLE)}"


HANDLERS = {
    "missing": _missing,
    "greater_than": _too_small,
    "greater_than_equal": _too_small,
    "less_than": _too_large,
    "less_than_equal": _too_large,
    "value_error": _invalid,
    "extra_forbidden": _extra,
    "literal_error": _choice,
    "too_short": _too_short,
    "string_too_short": _too_short,
    "too_long": _too_long,
    "tuple_type": _wrong_type,
    "list_type": _wrong_type,
    "model_type": _wrong_type,
    "dict_type": _wrong_type,
    "string_type": _wrong_type,
    "int_parsing": _wrong_type,
    "int_type": _wrong_type,
    "int_from_float": _wrong_type,
}
