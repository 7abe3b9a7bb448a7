"""`aviator verify-fair FILE`: recompute the SHA-512 of every round published with its seeds, and
check the multipliers against the hash where a formula holds on the data; exit 1 on any mismatch."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table

from aviator.analysis.crash_data import CrashDataError
from aviator.analysis.provably_fair import FairnessReport, read_seeded, verify
from aviator.cli.commands import HELP

NOT_CHECKED = "not checked: no published formula holds on this data; only the hashes were checked"
SHOWN_LINES = 10  # mismatching lines named in the summary; --json names them all


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "verify-fair",
        help=HELP["verify-fair"],
        description="Recomputes SHA-512(server_seed + client_seed_1 + client_seed_2 + client_seed_3) of "
        "every row and compares it with the published hash. Where a formula mapping the hash to the "
        "multiplier holds on the data it checks the multipliers too, and it says which was checked. "
        "Rows: round_id,date,time,server_seed,client_seed_1,client_seed_2,client_seed_3,sha512_hash,"
        "multiplier. "
        "Exit code 1 on any mismatch.",
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="CSV of published rounds, no header")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the summary")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from aviator.cli import UsageError

    try:
        rounds = read_seeded(args.file)
    except CrashDataError as error:
        raise UsageError(str(error)) from None
    if not rounds:
        raise UsageError(f"{args.file}: no rounds in it")
    report = verify(args.file, rounds)
    if args.json:
        print(json.dumps(report.as_json()))
    else:
        Console(highlight=False).print(summary(report))
    return 0 if report.ok else 1


def summary(report: FairnessReport) -> Table:
    """What was checked, on how many rows, and what failed."""
    table = Table(title=f"provably fair check: {report.path}", box=box.SIMPLE, title_justify="left")
    for column in ("check", "result"):
        table.add_column(column)
    table.add_row("rows", str(report.rows))
    table.add_row(
        "SHA-512 of the seeds",
        f"{report.hashes_matched} of {report.rows} match" + _lines(report.hash_mismatches),
    )
    for formula in report.formulas:
        verdict = "holds" if formula.holds else "does not hold"
        table.add_row(f"formula {formula.name}", f"agrees on {formula.agree} of {formula.rows}: {verdict}")
    checked = report.formula_checked
    if checked is None:
        table.add_row("multipliers", NOT_CHECKED)
    else:
        matched = report.rows - len(report.multiplier_mismatches)
        table.add_row(
            "multipliers",
            f"by {checked.name}: {matched} of {report.rows} match" + _lines(report.multiplier_mismatches),
        )
    checks = "hashes" if checked is None else f"hashes and multipliers ({checked.name})"
    table.add_row("verdict", f"passed: {checks}" if report.ok else f"MISMATCH: {checks} checked")
    return table


def _lines(lines: list[int]) -> str:
    if not lines:
        return ""
    shown = ", ".join(map(str, lines[:SHOWN_LINES]))
    return f"; mismatching lines: {shown}{', …' if len(lines) > SHOWN_LINES else ''}"
