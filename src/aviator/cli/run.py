"""`aviator run`: the real collector, one worker process per configured bookmaker, reading the display."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from pathlib import Path

from aviator.cli.arguments import add_verbose, positive_float
from aviator.cli.betting_arguments import HOUSE_EDGE, add_betting_state
from aviator.cli.commands import HELP
from aviator.cli.db_argument import DB_HELP
from aviator.cli.output import print_alert, print_bet_steps, print_failures, print_round
from aviator.cli.preflight import require_display, require_postgres
from aviator.cli.remote import Remote, add_remote_arguments
from aviator.config.collector_settings import DEFAULT_DATABASE
from aviator.config.loader import ConfigError, load_setup
from aviator.config.setup import Setup
from aviator.core.communication.clock import ScaledClock
from aviator.core.communication.messages import RecordedBatch, RoundRecorded, WorkerFailed, WorkerReady
from aviator.core.ocr.template import TemplateStore
from aviator.core.ocr.tesseract import require_tesseract
from aviator.orchestration.bookmaker_worker import WorkerConfig
from aviator.orchestration.collector_app import READY_TIMEOUT, CollectorApp
from aviator.orchestration.health_monitor import Alert, Lifecycle
from aviator.orchestration.setup_workers import BettingRefused, betting_mode, with_betting, worker_configs

CLOCK_POLL = 0.02  # seconds between looks for the simulator's clock file
# What a bookmaker whose setup leaves out a region goes without: said once at the start.
WITHOUT = {
    "progress_bar": "betting is not told apart from the flight (its looks count as rejected readings)",
    "history": "rounds missed while it was not watched cannot be recovered",
}


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "run",
        help=HELP["run"],
        description="One worker process per bookmaker of the setup file reads its game from the display "
        "and records every round. Nothing is bet unless the setup file has a `betting:` section; then bets "
        "are on paper (real money only with --live, `live: true` and every limit). Stops on Ctrl-C, "
        "SIGTERM or after --minutes.",
    )
    parser.add_argument("--config", type=Path, required=True, metavar="FILE", help="the setup file")
    add_setup_db(parser)
    parser.add_argument("--minutes", type=positive_float, metavar="M", help="stop after M minutes")
    parser.add_argument(
        "--speed", type=positive_float, default=1.0, metavar="X", help="the games' speed (simulated only)"
    )
    parser.add_argument(
        "--sim-clock",
        type=Path,
        metavar="FILE",
        help="the time axis of simulated bookmakers running faster than real time (aviator sim writes it)",
    )
    parser.add_argument(
        "--learned-templates",
        type=Path,
        metavar="DIR",
        help="where bookmakers without templates keep the ones they learn "
        "(default: the setup's `settings: learned_templates:`, else storage/templates)",
    )
    parser.add_argument(
        "--live",
        action="store_true",
        help="bet real money: also needs `betting: live: true` and every limit set in the setup file",
    )
    add_betting_state(parser)
    add_remote_arguments(parser, node_default="the setup's `node:`, else the host name")
    add_verbose(parser)
    parser.set_defaults(handler=run)


def add_setup_db(parser: argparse.ArgumentParser) -> None:
    """`--db` for a setup's collector: when not given, the setup's own `settings: database:`."""
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help=f"{DB_HELP} (default: the setup's `settings: database:`, else {DEFAULT_DATABASE})",
    )


def _setup(path: Path) -> Setup:
    from aviator.cli import UsageError

    try:
        return load_setup(path, _screen_size)
    except ConfigError as error:
        raise UsageError(f"bad setup file:\n{error}") from None


def _screen_size(display: str | None) -> tuple[int, int]:
    from aviator.cli import UsageError
    from aviator.core.capture.mss_screen import MssScreen

    require_display(display)
    try:
        screen = MssScreen(display)
    except Exception as error:  # mss names the display and the reason; any failure means no screen
        raise UsageError(f"cannot open display {display or '(default)'}: {error}") from None
    try:
        return screen.size()
    finally:
        screen.close()


def _say_who_learns(configs: list[WorkerConfig]) -> None:
    for config in configs:
        if config.templates is None:
            print(f"{config.bookmaker}: no templates in the setup; {_skin_source(config)}")


def _skin_source(config: WorkerConfig) -> str:
    """Whether the worker reads by the skin it learnt before or learns it now, and from which file."""
    where = config.learned_templates / f"{config.bookmaker}.npz"
    if TemplateStore(config.learned_templates).load(config.bookmaker) is not None:
        return f"reads by the skin it learnt before, loaded from {where}"
    if where.exists():
        return f"{where} is out of date or unreadable: it learns its skin from the screen again, into it"
    return f"it learns its skin from the screen, into {where}"


def say_what_is_skipped(configs: list[WorkerConfig]) -> None:
    for config in configs:
        notes = [f"no {n}: {why}" for n, why in WITHOUT.items() if getattr(config.regions, n) is None]
        if notes:
            print(f"{config.bookmaker}: " + "; ".join(notes))


def _preflight(configs: list[WorkerConfig], db: str) -> None:
    """In the main process, before any worker starts: what the workers and the writers will need."""
    if any(c.templates is None or (c.strip_templates is None and c.regions.history) for c in configs):
        require_tesseract()  # self-learning, and the strip's second reader without strip templates
    require_postgres(db)


def _betting_mode(setup: Setup, live: bool) -> str | None:
    from aviator.cli import UsageError

    try:
        return betting_mode(setup.betting, live)
    except BettingRefused as error:
        raise UsageError(str(error)) from None


def _with_betting(
    app: CollectorApp, setup: Setup, mode: str | None, args: argparse.Namespace, configs: list[WorkerConfig]
) -> list[WorkerConfig]:
    if mode is not None and setup.betting is not None:
        print(f"betting on {mode} by {setup.betting.strategy}: {HOUSE_EDGE}")
    return with_betting(app, setup, mode, configs, args.betting_state)


def run(args: argparse.Namespace) -> int:
    setup = _setup(args.config)
    args.db = args.db or setup.run_settings.database
    mode = _betting_mode(setup, args.live)  # refused before anything starts
    configs = worker_configs(setup, args.speed, args.learned_templates)
    _preflight(configs, args.db)
    _say_who_learns(configs)
    say_what_is_skipped(configs)
    app = CollectorApp(args.db, [c.bookmaker for c in configs], node=args.node or setup.node)
    configs = _with_betting(app, setup, mode, args, configs)
    app.continue_recorded()  # the games went on while we were away: the history strips bring back the gap
    for kind, show in ((RoundRecorded, print_round), (RecordedBatch, print_bet_steps), (Alert, print_alert)):
        app.bus.subscribe(kind, show)
    remote = Remote()
    try:
        remote.start(args, app, args.db, setup.node)  # before the workers: it sees their every event
        _record(app, configs, args)
    except KeyboardInterrupt:
        print("interrupted: stopping and saving what was recorded", file=sys.stderr)
    finally:
        app.stop_workers("collector stopped")
        app.drain()  # what the workers sent is dispatched and written before the process exits
        app.close()
        remote.close()
    return print_failures(app.failures, alerted=True)


def _record(app: CollectorApp, configs: list[WorkerConfig], args: argparse.Namespace) -> None:
    """Starts the workers and records until told to stop (Ctrl-C, SIGTERM, --minutes)."""
    ready = _ready_event(app, len(configs))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    for config in configs:
        app.add_worker(config)
    ready.wait(READY_TIMEOUT)  # sync point: every worker looks at the display (or one failed)
    app.start(_clock(args, stop))
    if app.betting is not None:
        app.betting.listen_to_signals()  # aviator bets stop / unlock
    mode = "paper mode" if app.betting is None else f"{app.betting.mode} bets"
    print(f"recording {len(configs)} bookmakers into {args.db} ({mode})", flush=True)
    _wait(app, stop, None if args.minutes is None else args.minutes * 60)


def _ready_event(app: CollectorApp, workers: int) -> threading.Event:
    """Set once every worker said it is ready, or one failed."""
    event, seen = threading.Event(), set()

    def on_ready(message: WorkerReady) -> None:
        seen.add(message.bookmaker)
        if len(seen) == workers:
            event.set()

    app.bus.subscribe(WorkerReady, on_ready)
    app.bus.subscribe(WorkerFailed, lambda _: event.set())
    return event


def _clock(args: argparse.Namespace, stop: threading.Event) -> ScaledClock:
    """Real time, or the simulator's time axis once the simulator publishes it."""
    from aviator.cli import UsageError

    if args.sim_clock is None:
        return ScaledClock()
    print(f"workers ready; waiting for the simulator's clock at {args.sim_clock}", flush=True)
    while not args.sim_clock.is_file():
        if stop.wait(CLOCK_POLL):
            raise KeyboardInterrupt
    clock = ScaledClock.load(args.sim_clock)
    if clock.speed != args.speed:
        raise UsageError(f"the simulator runs at speed {clock.speed}, not {args.speed} (--speed)")
    return clock


def _wait(app: CollectorApp, stop: threading.Event, seconds: float | None) -> None:
    """Until asked to stop (SIGTERM) or the time is up; the health monitor restarts failed workers."""
    deadline = None if seconds is None else time.monotonic() + seconds
    while not stop.wait(0.25):
        if deadline is not None and time.monotonic() >= deadline:
            return
        if all(app.monitor.state(name) is Lifecycle.CRASHED for name in app.workers):
            return  # nobody left to record (each said why in an alert): waiting would hide it
