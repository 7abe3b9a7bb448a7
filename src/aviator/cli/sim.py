"""`aviator sim`: simulated bookmakers as real windows tiled on the current display."""

from __future__ import annotations

import argparse
import signal
from pathlib import Path

from aviator.cli.arguments import add_skins, positive_float, positive_int
from aviator.cli.commands import HELP
from aviator.cli.preflight import require_display, require_qt_x11
from aviator.config.layouts import LAYOUTS
from aviator.core.communication.clock import HeldClock
from aviator.orchestration.demo import BOOKMAKERS
from aviator.sim.labelled_samples import write_samples
from aviator.sim.simulator import SimBookmaker
from aviator.sim.skins import skin_for
from aviator.sim.web.layouts import DEFAULT_MIX, WEB_LAYOUTS


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "sim",
        help=HELP["sim"],
        description="Opens N simulated bookmakers, each a window with its own site skin, tiled on the "
        "X display named by DISPLAY (Qt's X libraries: `sudo make system`). With --web each is a web "
        "page in a Chromium window of its own (Debian's chromium), laid out as --layout says. They "
        "take real mouse and keyboard input. Their truth log is for tests and reports only. Prints "
        "'ready' once every window is on screen and 'finished' once every allowed round has crashed.",
    )
    _game_options(parser)
    _web_option(parser)
    parser.add_argument(
        "--samples",
        type=Path,
        metavar="DIR",
        help="write labelled multiplier crops of each site to DIR/NAME/",
    )
    parser.add_argument(
        "--drop-keystroke",
        type=positive_int,
        metavar="N",
        help="fault injection for tests: the first site loses the Nth character typed into it",
    )
    parser.add_argument(
        "--hold",
        action="store_true",
        help="show the first betting screen and start the games' clock only on SIGUSR1",
    )
    parser.add_argument(
        "--truth",
        type=Path,
        default=Path("storage/sim.truth.jsonl"),
        metavar="PATH",
        help="the truth log of every round and bet (default storage/sim.truth.jsonl; "
        "its clock, for `aviator run --sim-clock`, beside it)",
    )
    parser.set_defaults(handler=run)


def _web_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--web",
        action="store_true",
        help="web pages in Chromium windows, one per site; --layout NAME once per window "
        f"({', '.join(WEB_LAYOUTS)}; default: {' '.join(DEFAULT_MIX)})",
    )


def _game_options(parser: argparse.ArgumentParser) -> None:
    """What is simulated: how many sites, their grid, their clock and their rounds."""
    parser.add_argument(
        "--bookmakers", type=positive_int, metavar="N", help="how many sites (default 6; with --web, 5)"
    )
    parser.add_argument(
        "--layout",
        action="append",
        metavar="NAME",
        help=f"the grid ({', '.join(LAYOUTS)}; default 3x2); with --web a page layout, once per window",
    )
    parser.add_argument(
        "--speed", type=positive_float, default=1.0, metavar="X", help="simulated clock factor"
    )
    parser.add_argument("--rounds", type=positive_int, metavar="R", help="stop after R rounds per bookmaker")
    parser.add_argument(
        "--seed", type=int, default=1, metavar="S", help="the same seed gives the same rounds"
    )
    add_skins(parser)


def clock_path(truth: Path) -> Path:
    """Where the simulator publishes its clock: beside its truth log."""
    return truth.with_suffix(".clock.json")


def run(args: argparse.Namespace) -> int:
    if args.web:
        from aviator.cli.sim_web import run_web

        return run_web(args)
    from aviator.cli import UsageError

    layout = LAYOUTS.get(grid := (args.layout or ["3x2"])[-1])
    if layout is None or len(args.layout or []) > 1:
        grids = ", ".join(LAYOUTS)
        raise UsageError(f"--layout {' '.join(args.layout)}: give one grid of {grids} (or --web)")
    count = args.bookmakers or 6
    if count > min(layout.capacity, len(BOOKMAKERS)):
        raise UsageError(f"{count} bookmakers do not fit layout {grid}")
    require_display()
    require_qt_x11()  # before Qt starts: a plugin that fails to load there aborts the process
    from aviator.sim.windows import SimWindows, WindowsConfig  # Qt loads only for this command

    bookmakers = tuple(
        SimBookmaker(name, skin_for(i, args.skins).name, f"{args.seed}:{name}")
        for i, name in enumerate(BOOKMAKERS[:count])
    )
    clock = start_clock(args)
    fps = 30.0 if args.speed <= 5 else 60.0
    config = WindowsConfig(bookmakers, layout, args.truth, args.rounds, fps, args.drop_keystroke)
    windows = SimWindows(config, clock, lambda word: print(word, flush=True))
    hold_or_release(args, clock)
    if args.samples:
        for window in windows.windows:
            game = window.renderer.game
            write_samples(window.renderer.skin, game.width, game.height, args.samples / window.game.name)
    return windows.run()


def start_clock(args: argparse.Namespace) -> HeldClock:
    """The games' clock, held at 0; the truth log and its published clock start afresh."""
    args.truth.parent.mkdir(parents=True, exist_ok=True)
    args.truth.unlink(missing_ok=True)  # the truth log describes this run only
    clock_path(args.truth).unlink(missing_ok=True)  # a collector must not start on an old clock
    return HeldClock(args.speed)


def hold_or_release(args: argparse.Namespace, clock: HeldClock) -> None:
    """Starts the clock now, or with --hold on SIGUSR1; publishes it beside the truth log."""

    def release(*_: object) -> None:
        clock.release().save(clock_path(args.truth))

    if args.hold:
        signal.signal(signal.SIGUSR1, release)
    else:
        release()
