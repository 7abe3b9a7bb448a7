"""Log lines of the long-running commands (demo, run), for a terminal, a pipe or a log file."""

from __future__ import annotations

import os
import sys

from aviator.core.communication.messages import RecordedBatch, RoundRecorded, WorkerFailed
from aviator.core.requirements import EXIT_MISSING
from aviator.data.models import BetEvent, Round
from aviator.orchestration.health_monitor import Alert


def say(line: str) -> None:
    """One write per line, flushed: lines printed by several threads at once never share a line
    (print writes the text and its newline separately). Once the reader of a pipe has gone
    (`| head`), the rest goes nowhere."""
    try:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def print_round(message: RoundRecorded) -> None:
    """One line per recorded round: a terminal, a pipe or a log file follows the run."""
    r = message.round
    say(f"round {r.bookmaker} {r.final_score:,.2f}x ended {r.ended_at}{_how_known(r)}")


SHOWN_BET_STEPS = ("placed", "refused", "rolled_back", "mismatch", "settled", "cancelled", "cancel_failed")


def print_bet_steps(message: RecordedBatch) -> None:
    """One line per step of a bet that matters to its user: placed, refused or rolled back and
    why, settled, cancelled. Every step is in the bet_events table."""
    if message.record_type is not BetEvent:
        return
    for row in message.rows:
        event = BetEvent(*row)
        if event.event in SHOWN_BET_STEPS:
            say(f"bet {event.bookmaker} {event.event} at {event.at}: {event.detail or ''}".rstrip(": "))


def _how_known(r: Round) -> str:
    """Says when a round's end is not the time of its crash, give or take a look."""
    if r.backfilled:
        return " (backfilled from the history strip)"
    if r.late:  # the worker saw the crash late (starved, paused, unreadable): say by how much at most
        within = "an unknown time" if r.ended_within is None else f"up to {r.ended_within:.1f} s"
        return f" (late: seen {within} after the crash)"
    return ""


def print_alert(alert: Alert) -> None:
    """Alerts (a worker restarted, the database down, a history strip that does not align)."""
    say(f"alert {alert.source}: {alert.message}")


def print_failures(failures: list[WorkerFailed], alerted: bool) -> int:
    """What failed in the workers, on stderr, and the command's exit code. A missing requirement
    is one line (none if its alert line was printed already); anything else is a bug: its traceback."""
    for failure in failures:
        if not failure.missing:
            print(f"worker {failure.bookmaker} failed:\n{failure.error}", file=sys.stderr)
        elif not alerted:
            print(f"worker {failure.bookmaker}: {failure.error}", file=sys.stderr)
    if any(failure.missing for failure in failures):
        return EXIT_MISSING
    return 1 if failures else 0
