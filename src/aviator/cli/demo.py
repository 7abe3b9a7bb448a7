"""`aviator demo`: simulated bookmakers, one worker process each, rounds into SQLite."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from rich.console import Console
from rich.live import Live
from rich.table import Table

from aviator.analysis.truth_compare import compare
from aviator.cli.arguments import add_skins, add_verbose, positive_float, positive_int
from aviator.cli.betting_arguments import add_strategy_arguments, bet_lines, betting_config
from aviator.cli.commands import HELP
from aviator.cli.db_argument import add_db_argument
from aviator.cli.live_view import live_table, summary_lines
from aviator.cli.output import print_alert, print_bet_steps, print_failures, print_round, say
from aviator.cli.preflight import require_postgres
from aviator.cli.remote import Remote, add_remote_arguments
from aviator.core.communication.messages import RecordedBatch, RoundRecorded
from aviator.core.ocr.tesseract import require_tesseract
from aviator.data.backends import DatabaseError
from aviator.data.export import iter_rounds
from aviator.orchestration.demo import BOOKMAKERS, Demo, DemoOptions
from aviator.orchestration.health_monitor import Alert, Lifecycle, WorkerStateChanged
from aviator.sim.truth_log import read_truth


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "demo",
        help=HELP["demo"],
        description="Simulated bookmakers on a shared virtual screen, one worker process each, "
        "every round recorded into SQLite and compared with the simulator's truth log.",
    )
    add_demo_arguments(parser)
    add_strategy_arguments(parser)
    add_remote_arguments(parser)
    add_verbose(parser)
    parser.set_defaults(handler=run)


def add_demo_arguments(parser: argparse.ArgumentParser) -> None:
    """The simulated bookmakers and where their rounds go (the demo's, and the control panel's)."""
    parser.add_argument("--bookmakers", type=_bookmakers, default=6, metavar="N", help="1-8 (default 6)")
    limit = parser.add_mutually_exclusive_group()
    limit.add_argument("--rounds", type=positive_int, metavar="R", help="stop after R rounds per bookmaker")
    limit.add_argument("--minutes", type=positive_float, metavar="M", help="stop after M minutes")
    parser.add_argument(
        "--speed", type=positive_float, default=1.0, metavar="X", help="simulated clock factor"
    )
    parser.add_argument(
        "--seed", type=int, default=1, metavar="S", help="the same seed gives the same rounds"
    )
    add_db_argument(parser, default="storage/demo.db")
    parser.add_argument("--truth", type=Path, metavar="PATH", help="truth log (default: beside the db)")
    add_skins(parser)
    parser.add_argument(
        "--self-learn",
        type=Path,
        metavar="DIR",
        help="no labelled templates: each worker reads with Tesseract until it has taught itself its "
        "skin from the screen, and keeps the templates in DIR for the next run",
    )


def _bookmakers(text: str) -> int:
    value = positive_int(text)
    if value > len(BOOKMAKERS):
        raise argparse.ArgumentTypeError(f"at most {len(BOOKMAKERS)} bookmakers fit one screen, got {text}")
    return value


def demo_options(args: argparse.Namespace) -> DemoOptions:
    """The demo the options ask for; the truth log starts anew, and what it needs is checked."""
    db = args.db if "://" in args.db else Path(args.db)
    options = DemoOptions(
        args.bookmakers,
        args.rounds,
        args.minutes,
        args.speed,
        args.seed,
        db,
        args.truth,
        args.self_learn,
        args.skins,
        betting_config(args),
        args.betting_state,
        getattr(args, "node", None),
    )
    if options.truth_path.exists():
        options.truth_path.unlink()  # the truth log describes this run only
    require_postgres(args.db)
    if args.self_learn:
        require_tesseract()  # in this process, before the workers that will read with it start
    return options


def run(args: argparse.Namespace) -> int:
    from aviator.cli import UsageError

    options = demo_options(args)
    signal.signal(signal.SIGTERM, _interrupt)  # a polite kill stops like Ctrl-C: nothing is lost
    try:
        demo = Demo(options)
    except DatabaseError as error:
        raise UsageError(str(error)) from error
    if not sys.stdout.isatty():  # a log line per round, flushed, so a pipe or a log file follows
        demo.app.bus.subscribe(RoundRecorded, print_round)
        demo.app.bus.subscribe(RecordedBatch, print_bet_steps)
        demo.app.bus.subscribe(WorkerStateChanged, _print_worker)
        demo.app.bus.subscribe(Alert, print_alert)
    remote = Remote()
    try:
        remote.start(args, demo.app, options.db)  # before the workers start: it sees their every event
        started = _run(demo)
        failed = report(demo, options)
    finally:
        demo.close()  # the shared screen is released whatever happened
        remote.close()  # after the drain (in _run): the last rounds went out too
    crashed = [n for n in demo.app.workers if demo.app.monitor.state(n) is Lifecycle.CRASHED]
    return failed or (0 if started and not crashed else 1)


def _run(demo: Demo) -> bool:
    """Runs the demo until it is over or interrupted; False if its workers could not start."""
    try:
        demo.start()
        _stop_on_signals(demo)
        if demo.app.betting is not None:
            demo.app.betting.listen_to_signals()  # aviator bets stop / unlock
        _watch(demo)
        if demo.interrupted.is_set():
            raise KeyboardInterrupt
    except KeyboardInterrupt:  # during the start, or told by a signal since
        print("interrupted: stopping and saving what was recorded", file=sys.stderr)
    except RuntimeError as error:  # workers that could not start
        print(f"aviator demo: {error}", file=sys.stderr)
        return False
    finally:
        demo.stop()
    return True


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _stop_on_signals(demo: Demo) -> None:
    """Once the demo runs, Ctrl-C and SIGTERM only ask it to stop: an exception raised wherever the
    main thread happens to be (inside a lock's `with`, a queue's put) could leave a lock held and
    the stop waiting on it."""
    for stop in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop, lambda *_: demo.interrupted.set())


def _watch(demo: Demo) -> None:
    title = "aviator demo (paper mode: " + (
        "bets on paper, no input sent)" if demo.app.betting else "nothing is bet)"
    )
    if sys.stdout.isatty():
        with Live(_table(demo, title), refresh_per_second=4) as live:
            demo.wait_finished(lambda: live.update(_table(demo, title)))
        return
    ready = demo.app.ready
    workers = ", ".join(f"{name} pid {pid}" for name, pid in sorted(ready.items()))
    print(f"started {len(ready)} workers: {workers}", flush=True)
    demo.wait_finished(lambda: None)


def _table(demo: Demo, title: str) -> Table:
    desk = demo.app.betting
    balance = desk.ledger.balance if desk is not None and desk.ledger is not None else None
    return live_table(demo.app.state.snapshot(), title, balance)


def _print_worker(event: WorkerStateChanged) -> None:
    reason = f": {event.reason}" if event.reason else ""
    say(f"worker {event.bookmaker} {event.state.value} (restarts {event.restarts}){reason}")


def report(demo: Demo, options: DemoOptions) -> int:
    """The recorded rounds against the truth; returns the exit code of the workers' failures."""
    recorded = list(iter_rounds(demo.app.database, after_id=demo.first_round_id))
    truth = read_truth(options.truth_path) if options.truth_path.exists() else []
    comparison = compare(truth, recorded)
    failed = print_failures(demo.app.failures, alerted=not sys.stdout.isatty())
    console = Console(highlight=False)
    console.print(f"database: {options.db}   truth log: {options.truth_path}")
    for line in summary_lines(demo.app.state.snapshot(), comparison):
        console.print(line)
    if demo.app.betting is not None:
        for line in bet_lines(demo.app.database, demo.first_bet_id):
            console.print(line)
    return failed
