"""`aviator config validate FILE`: checks a setup file and names every problem in it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from aviator.config.loader import ConfigError, load_setup


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("config", help="check configuration files")
    what = parser.add_subparsers(dest="what", required=True, metavar="WHAT")
    validate = what.add_parser(
        "validate",
        help="check a setup file",
        description="Checks a setup file (bookmakers, layout, regions) and prints every problem as "
        "FILE:LINE: KEY: REASON. Exit code 1 when there is any.",
    )
    validate.add_argument(
        "file", type=Path, metavar="FILE", help="the setup file (aviator calibrate writes one)"
    )
    validate.set_defaults(handler=run_validate)


def run_validate(args: argparse.Namespace) -> int:
    try:
        setup = load_setup(args.file)
    except ConfigError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{args.file}: {len(error.problems)} problem(s)", file=sys.stderr)
        return 1
    missing = [b for b in setup.bookmakers if b.templates and not b.templates.exists()]
    for entry in missing:
        print(
            f"{args.file}: bookmakers.{entry.name}.templates: no file at {entry.templates}", file=sys.stderr
        )
    game = f"{setup.game.width}x{setup.game.height}"
    print(f"{args.file}: ok: layout {setup.layout}, {len(setup.bookmakers)} bookmakers, game {game}")
    return 0
