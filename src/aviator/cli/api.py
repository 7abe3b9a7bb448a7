"""`aviator api token`: makes the token the API's control routes and WebSocket need (and without
which the API is never bound beyond loopback), writes it readable by its owner only, prints it once."""

from __future__ import annotations

import argparse
from pathlib import Path

from aviator.api.tokens import TOKEN_FILE, create_token
from aviator.cli.commands import HELP


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("api", help=HELP["api"])
    what = parser.add_subparsers(dest="what", required=True, metavar="WHAT")
    token = what.add_parser(
        "token",
        help="make a new token (the old one stops working) and print it once",
        description="Writes a new random token into FILE (mode 0600) and prints it once. Clients send "
        "it as `Authorization: Bearer TOKEN` (the dashboard asks for it once). Binding the API to "
        "anything but loopback (`--api 0.0.0.0:8765`) needs it; control routes and /ws always do.",
    )
    token.add_argument(
        "--file",
        type=Path,
        default=TOKEN_FILE,
        metavar="FILE",
        help=f"where to keep it (default {TOKEN_FILE})",
    )
    token.set_defaults(handler=make_token)


def make_token(args: argparse.Namespace) -> int:
    from aviator.cli import UsageError

    try:
        token = create_token(args.file)
    except OSError as error:
        raise UsageError(f"cannot write {args.file}: {error.strerror or error}") from None
    print(token)
    print(f"kept in {args.file} (readable by you only); the collectors read it when they start", flush=True)
    return 0
