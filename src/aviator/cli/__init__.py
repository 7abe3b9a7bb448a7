"""`aviator …` commands. Each command lives in its own module and registers its own parser.

Exit codes: 0 done, 1 the run went wrong (a worker failed, rounds lost), 2 bad input (UsageError),
69 something the command needs is not installed or not running (MissingRequirement: one line saying
what and how to get it, never a traceback).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from aviator import __version__
from aviator.cli.arguments import add_verbose
from aviator.cli.commands import HELP
from aviator.core.requirements import EXIT_MISSING, MissingRequirement, missing_python_package


class UsageError(Exception):
    """Bad input from the user: printed as one clear line, exit code 2."""


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of `aviator`, every command's in full; given the `argv` it will parse, only the
    command named there is imported with what it needs (the others are named by their help alone):
    `aviator export …` does not load the analysis, the GUI or the drivers, and starts in a third
    of the time."""
    parser = argparse.ArgumentParser(
        prog="aviator",
        description="Record every round of several bookmakers' Aviator games through the screen's "
        "pixels. Paper mode by default. Rounds are independent and the house edge is about 3 %: "
        "nothing here predicts a round or beats the odds.",
    )
    parser.add_argument("--version", action="version", version=f"aviator {__version__}")
    add_verbose(parser, default=False)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    named = None if argv is None else command_named(argv)
    for name, help_ in HELP.items():
        if named is None or named == name:
            importlib.import_module(f"aviator.cli.{name.replace('-', '_')}").register(commands)
        else:
            commands.add_parser(name, help=help_)
    return parser


def command_named(argv: Sequence[str]) -> str:
    """The command `argv` names ('' if none): its first word that is not an option (the options
    before a command take no value)."""
    return next((arg for arg in argv if not arg.startswith("-")), "")


def worker_log_level(verbose: bool) -> int:
    """The workers' notes: what they learnt (INFO) always, why a round or a reading was dropped
    (DEBUG) with -v only: a screen rejected at every look would drown the rest."""
    return logging.DEBUG if verbose else logging.INFO


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        parser = build_parser(argv)
    except ImportError as error:  # what the command needs, left out of the install
        return missing(command_named(argv), missing_python_package(error))
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("aviator.worker").setLevel(worker_log_level(args.verbose))
    try:
        return int(args.handler(args) or 0)
    except UsageError as error:
        print(f"aviator {args.command}: {error}", file=sys.stderr)
        return 2
    except ImportError as error:  # a package (or the system library it loads) the install left out
        return missing(args.command, missing_python_package(error))
    except MissingRequirement as error:
        return missing(args.command, error)


def missing(command: str, error: MissingRequirement) -> int:
    """One line on stderr, what is missing and how to install it: no traceback."""
    print(f"aviator {command}: {error}", file=sys.stderr)
    return EXIT_MISSING
