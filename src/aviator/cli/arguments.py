"""Argument types shared by the commands: a bad value is named by argparse with the option."""

from __future__ import annotations

import argparse

from aviator.sim.skins import ROTATION, skin_names


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {text}")
    return value


def positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be above 0, got {text}")
    return value


def screen_size(text: str) -> tuple[int, int]:
    """WIDTHxHEIGHT in pixels, both at least 1."""
    width, x, height = text.lower().partition("x")
    if not (x and width.isdigit() and height.isdigit() and int(width) > 0 and int(height) > 0):
        raise argparse.ArgumentTypeError(f"write WIDTHxHEIGHT in pixels, for example 1920x1080, not {text!r}")
    return int(width), int(height)


def add_verbose(parser: argparse.ArgumentParser, default: object = argparse.SUPPRESS) -> None:
    """`-v` before or after the command's name (`aviator -v run`, `aviator run -v`); the command's
    own copy leaves the value alone unless given (SUPPRESS), so either place counts."""
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=default,
        help="log debug messages: every reading rejected and every round not recorded, with the reason",
    )


def add_skins(parser: argparse.ArgumentParser) -> None:
    """`--skins NAME,...`: the simulated sites' skins in turn, instead of the default rotation."""
    parser.add_argument(
        "--skins",
        type=_skins,
        default=(),
        metavar="NAME,...",
        help=f"the sites' skins, in turn (default: each another of {', '.join(ROTATION)}; "
        "also plain-strip: a history strip without 'x')",
    )


def _skins(text: str) -> tuple[str, ...]:
    try:
        return skin_names(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
