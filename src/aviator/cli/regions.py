"""`aviator regions show`: a screenshot with every configured region drawn and labelled."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from aviator.cli.commands import HELP
from aviator.cli.preflight import require_display
from aviator.config.loader import ConfigError, load_setup
from aviator.config.setup import Setup
from aviator.core.capture.mss_screen import MssScreen

COLOURS = ((255, 230, 0), (0, 255, 255), (255, 0, 255), (0, 255, 0), (255, 128, 0), (128, 160, 255))


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("regions", help=HELP["regions"])
    what = parser.add_subparsers(dest="what", required=True, metavar="WHAT")
    show = what.add_parser(
        "show",
        help="save a screenshot with the regions drawn and labelled",
        description="Grabs the display of the setup file and draws every bookmaker's regions on it.",
    )
    show.add_argument("--config", type=Path, required=True, metavar="FILE", help="the setup file")
    show.add_argument("--out", type=Path, required=True, metavar="PNG", help="the picture to write")
    show.set_defaults(handler=run_show)


def run_show(args: argparse.Namespace) -> int:
    from aviator.cli import UsageError

    try:
        setup = load_setup(args.config)
    except ConfigError as error:
        raise UsageError(f"bad setup file:\n{error}") from None
    screen = MssScreen(require_display(setup.display))
    try:
        image = draw_regions(screen.grab_all(), setup)
    finally:
        screen.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    image.save(args.out)
    print(f"{args.out}: {len(setup.bookmakers)} bookmakers' regions drawn")
    return 0


def draw_regions(screen: np.ndarray, setup: Setup) -> Image.Image:
    """The screenshot with each region outlined and named, one colour per kind of region."""
    image = Image.fromarray(screen)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=11)
    for entry in setup.bookmakers:
        for index, (name, rect) in enumerate(setup.game_regions(entry).named().items()):
            colour = COLOURS[index % len(COLOURS)]
            draw.rectangle((rect.left, rect.top, rect.right - 1, rect.bottom - 1), outline=colour, width=2)
            draw.text(
                (rect.left + 3, rect.top + 2),
                name,
                font=font,
                fill=colour,
                stroke_width=2,
                stroke_fill=(0, 0, 0),
            )
        game = setup.game_rect(entry)
        draw.text((game.left + 3, game.top - 14), entry.name, font=font, fill=(255, 255, 255))
    return image
