"""`aviator sim --web`: the simulated bookmakers as web pages, each in a Chromium window."""

from __future__ import annotations

import argparse
import itertools

from aviator.cli.preflight import require_display
from aviator.cli.sim import hold_or_release, start_clock
from aviator.orchestration.demo import BOOKMAKERS
from aviator.sim.web.layouts import DEFAULT_MIX, WEB_LAYOUTS, WebLayout


def web_layouts(names: list[str] | None, count: int | None) -> tuple[WebLayout, ...]:
    """The layout of each window: as --layout names them, or the default mix for --bookmakers N."""
    from aviator.cli import UsageError

    for name in names or []:
        if name not in WEB_LAYOUTS:
            raise UsageError(f"--layout {name}: not a web layout; choose from {', '.join(WEB_LAYOUTS)}")
    if names and count is not None and count != len(names):
        raise UsageError(f"--bookmakers {count} but {len(names)} --layout: give one --layout per window")
    if not names:
        names = list(itertools.islice(itertools.cycle(DEFAULT_MIX), count or len(DEFAULT_MIX)))
    if len(names) > len(BOOKMAKERS):
        raise UsageError(f"{len(names)} windows: at most {len(BOOKMAKERS)} simulated sites")
    return tuple(WEB_LAYOUTS[name] for name in names)


def screen_size(display: str) -> tuple[int, int]:
    from Xlib import display as xdisplay

    opened = xdisplay.Display(display)
    try:
        screen = opened.screen()
        return screen.width_in_pixels, screen.height_in_pixels
    finally:
        opened.close()


def run_web(args: argparse.Namespace) -> int:
    from aviator.cli import UsageError
    from aviator.sim.web.browser import require_chromium

    layouts = web_layouts(args.layout, args.bookmakers)
    if args.samples:
        raise UsageError("--samples is for the Qt windows; the web pages' fonts are learnt from the screen")
    display = require_display()
    chromium = require_chromium()
    from aviator.sim.web.layouts import place_windows
    from aviator.sim.web.site import WebSimConfig, run_web_sim  # FastAPI loads only for this command

    screen = screen_size(display)
    try:
        place_windows(list(layouts), screen)
    except ValueError as error:
        raise UsageError(str(error)) from None
    sites = BOOKMAKERS[: len(layouts)]
    fps = 30.0 if args.speed <= 5 else 60.0
    config = WebSimConfig(sites, layouts, args.seed, args.truth, chromium, display, screen, args.rounds, fps)
    clock = start_clock(args)
    hold_or_release(args, clock)
    return run_web_sim(config, clock, lambda line: print(line, flush=True))
