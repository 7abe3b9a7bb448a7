"""`aviator config validate FILE`: checks a setup file and names every problem in it.
`aviator config example`: prints a commented setup file to start from."""

from __future__ import annotations

import argparse
import sys
from importlib.resources import files
from pathlib import Path

from aviator.cli.arguments import screen_size
from aviator.cli.commands import HELP
from aviator.config.loader import ConfigError, load_setup
from aviator.config.setup import Setup


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("config", help=HELP["config"])
    what = parser.add_subparsers(dest="what", required=True, metavar="WHAT")
    validate = what.add_parser(
        "validate",
        help="check a setup file",
        description="Checks a setup file (bookmakers, their games and regions) and prints every problem "
        "as FILE:LINE: KEY: REASON, the reason saying what to change. Exit code 1 when there is any.",
    )
    validate.add_argument(
        "file", type=Path, metavar="FILE", help="the setup file (aviator calibrate writes one)"
    )
    validate.add_argument(
        "--screen",
        type=screen_size,
        metavar="WxH",
        help="also check that every game fits a screen of this size, and its tile with `layout` "
        "(aviator run checks the display's own size)",
    )
    validate.set_defaults(handler=run_validate)
    example = what.add_parser(
        "example",
        help="print a commented setup file",
        description="Prints a setup file whose comments explain every key (the optional ones marked "
        "optional): `aviator config example > setup.yaml`, then edit it.",
    )
    example.set_defaults(handler=run_example)


def example_setup() -> str:
    """The commented example setup, as shipped with the package."""
    return files("aviator.config").joinpath("example_setup.yaml").read_text(encoding="utf-8")


def run_example(args: argparse.Namespace) -> int:
    sys.stdout.write(example_setup())
    return 0


def run_validate(args: argparse.Namespace) -> int:
    try:
        setup = load_setup(args.file, None if args.screen is None else lambda display: args.screen)
    except ConfigError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{args.file}: {len(error.problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"{args.file}: ok: {summary(setup)}")
    return 0


def summary(setup: Setup) -> str:
    """The setup in a few words: its layout and each size of game."""
    sizes = sorted({(s.width, s.height) for s in map(setup.size_of, setup.bookmakers)})
    games = ", ".join(f"{w}x{h}" for w, h in sizes)
    layout = f"layout {setup.layout}" if setup.layout else "games at any offsets"
    return f"{layout}, {len(setup.bookmakers)} bookmakers, game {games}"
