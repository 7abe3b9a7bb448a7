"""`aviator bets status|unlock|stop`: the betting of a running collector, seen and controlled.

The collector's main process keeps its betting state in a small JSON file (--state); `stop`
sends it SIGUSR1 (the kill switch: waiting bets cancelled, no bet granted again this session),
`unlock` leaves a request beside that file and sends SIGUSR2.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from aviator.cli.commands import HELP
from aviator.orchestration.betting_desk import STATE_FILE, unlock_request_path


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("bets", help=HELP["bets"])
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    status = actions.add_parser("status", help="balance, profit per bookmaker, locks, whether stopped")
    status.add_argument("--json", action="store_true", help="print the state as JSON")
    unlock = actions.add_parser("unlock", help="clear locks set by protections")
    unlock.add_argument(
        "--bookmaker", metavar="NAME", help="only this bookmaker's locks ('all': the global ones)"
    )
    unlock.add_argument("--protection", metavar="NAME", help="only this protection's locks, e.g. take_profit")
    actions.add_parser("stop", help="the kill switch: cancel waiting bets and stop betting everywhere")
    for action in (status, unlock, actions.choices["stop"]):
        action.add_argument(
            "--state",
            type=Path,
            default=STATE_FILE,
            metavar="FILE",
            help=f"the collector's state (default {STATE_FILE})",
        )
        action.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    state = _read(args.state)
    if args.action == "status":
        _show(state, args.json)
        return 0
    if args.action == "unlock":
        request = {"scope": args.bookmaker, "protection": args.protection}
        unlock_request_path(args.state).write_text(json.dumps(request), encoding="utf-8")
        _signal(state, signal.SIGUSR2)
        print(
            f"unlock asked of the collector (pid {state['pid']}); `aviator bets status` shows the locks left"
        )
        return 0
    _signal(state, signal.SIGUSR1)
    print(f"betting stopped in the collector (pid {state['pid']}): waiting bets are cancelled")
    return 0


def _read(path: Path) -> dict[str, Any]:
    from aviator.cli import UsageError

    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(
            f"no betting state at {path}: is a collector betting (--strategy) with this --state?"
        ) from None
    except ValueError as error:
        raise UsageError(f"{path} is not a betting state file: {error}") from None


def _signal(state: dict[str, Any], number: signal.Signals) -> None:
    from aviator.cli import UsageError

    try:
        os.kill(int(state["pid"]), number)
    except ProcessLookupError:
        raise UsageError(f"the collector that wrote this state (pid {state['pid']}) is not running") from None


def _show(state: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(state))
        return
    console = Console(highlight=False)
    stopped = state.get("stopped")
    console.print(
        f"{state['mode']} betting by {state['strategy']} (pid {state['pid']})"
        + (f": STOPPED ({stopped})" if stopped else "")
    )
    if state.get("balance") is not None:
        console.print(f"balance {state['balance']:,.2f} of bankroll {state['bankroll']:,.2f}")
    books = Table("scope", "bets", "profit", "today", "at risk", "losses in a row")
    for scope, book in state.get("books", {}).items():
        books.add_row(
            scope,
            str(book["bets"]),
            f"{book['profit']:+,.2f}",
            f"{book['today']:+,.2f}",
            f"{book['at_risk']:,.2f}",
            str(book["losses_in_a_row"]),
        )
    console.print(books)
    locks = state.get("locks", [])
    if not locks:
        console.print("no locks")
    for lock in locks:
        until = lock["until"] or "until unlocked"
        console.print(f"locked: {lock['scope']} by {lock['protection']} ({lock['reason']}), {until}")
    console.print(
        "Rounds are independent; no strategy changes the expected loss of about 3 % of every stake."
    )
