"""`aviator calibrate`: finds the games on the current screen by itself and writes the setup file."""

from __future__ import annotations

import argparse
import csv
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from PIL import Image

from aviator.cli.commands import HELP
from aviator.cli.preflight import require_display
from aviator.config.layouts import Rect
from aviator.config.loader import dump_setup
from aviator.config.settings import LEARNED_TEMPLATES
from aviator.config.setup import BookmakerEntry, GameSize, RegionBoxes, Setup, region_boxes
from aviator.config.setup_checks import unique_names
from aviator.core.capture.calibration import CalibrationError, find_games, layout_of
from aviator.core.capture.game_watch import GameWatch
from aviator.core.capture.mss_screen import MssScreen
from aviator.core.capture.site_calibration import (
    SiteGame,
    find_site_games,
    site_name,
    watch_games,
)
from aviator.core.capture.site_fonts import FontToLearn, forget_fonts, learn_fonts
from aviator.core.capture.site_regions import FoundRegions, find_regions
from aviator.core.capture.window_titles import title_at, window_titles
from aviator.core.ocr.parse import parse_multiplier
from aviator.core.ocr.strip_learning import StripLearner
from aviator.core.ocr.template import TemplateStore, learn_labelled
from aviator.orchestration.demo import SERVER_GROUPS
from aviator.sim.labelled_samples import LABELS_FILE, STRIPS_FOLDER

TITLE_SEPARATOR = " - "  # "Admiral - Aviator": the site's name comes first


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "calibrate",
        help=HELP["calibrate"],
        description="Finds every game on the display by its green bet buttons (calibrate while the games "
        "run and no bet is placed: each in its own window, fully visible), watches them through two "
        "rounds to find each one's regions (the multiplier, the game area, the history strip, the "
        "progress bar, the bet panels), names each bookmaker after its window's title, writes the setup "
        "file and says per game what it found and what it could not; then it learns each game's "
        "multiplier font from its flights, for `aviator run` to read by.",
    )
    parser.add_argument("--out", type=Path, required=True, metavar="FILE", help="the setup file to write")
    parser.add_argument("--display", metavar="D", help="X display (default: DISPLAY)")
    parser.add_argument(
        "--watch",
        type=float,
        default=120.0,
        metavar="SECONDS",
        help="watch the games at most this long (default 120; it stops once each was watched through two "
        "rounds); 0: one screenshot, for games in the simulator's own layout only (`aviator sim`)",
    )
    parser.add_argument(
        "--learn",
        type=float,
        default=180.0,
        metavar="SECONDS",
        help="then watch each game's flights at most this long to learn its multiplier's font, into "
        "--learned-templates, so that `aviator run` reads by it from its first look (default 180; it "
        "stops once every font is learnt; 0: leave the learning to `aviator run`)",
    )
    parser.add_argument(
        "--learned-templates",
        type=Path,
        default=LEARNED_TEMPLATES,
        metavar="DIR",
        help=f"the fonts' folder `aviator run` reads (default {LEARNED_TEMPLATES}); what it held under the "
        "names written is forgotten (with --learn 0 too): a name may have been another site's",
    )
    parser.add_argument(
        "--names",
        metavar="A,B,...",
        help="bookmaker names, games ordered top to bottom then left to right (default: window titles)",
    )
    parser.add_argument(
        "--samples",
        type=Path,
        metavar="DIR",
        help="labelled multiplier crops per bookmaker (DIR/NAME/labels.csv): learn OCR templates from them",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from aviator.cli import UsageError

    for option, value in (("--watch", args.watch), ("--learn", args.learn)):
        if value < 0:
            raise UsageError(f"{option} {value:g}: give a number of seconds, 0 or more")
    if args.watch > 0:
        return watch_and_write(args)
    screen = MssScreen(require_display(args.display))
    try:
        image = screen.grab_all()
    finally:
        screen.close()
    try:
        games = find_games(image)
        layout = layout_of(games, image.shape[1], image.shape[0])
    except CalibrationError as error:
        raise UsageError(str(error)) from None
    names = _names(args, games)
    entries = [_entry(name, game, args) for name, game in zip(names, games, strict=True)]
    size = GameSize(width=games[0].width, height=games[0].height)
    setup = Setup(
        layout=layout.name,
        display=args.display,
        game=size,
        regions=region_boxes(size.width, size.height),
        bookmakers=entries,
    )
    dump_setup(
        setup,
        args.out,
        f"aviator setup: {len(games)} games in a {layout.name} grid, found by aviator calibrate",
    )
    print(f"{args.out}: layout {layout.name}, game {size.width}x{size.height}: {', '.join(names)}")
    return 0


def watch_and_write(args: argparse.Namespace) -> int:
    """Finds the games by their windows and buttons, watches them, writes what was found, then
    learns the multiplier's font of each game found."""
    from aviator.cli import UsageError

    screen = MssScreen(require_display(args.display))
    try:
        try:
            games = find_site_games(screen.grab_all(), window_titles(args.display))
            print(f"watching {len(games)} games for at most {args.watch:g} s (two rounds each)", flush=True)
            watches = watch_games(games, screen.grab, time.monotonic, args.watch, time.sleep)
        except CalibrationError as error:
            raise UsageError(str(error)) from None
        fonts = _write_found(args, games, watches)
        store = TemplateStore(args.learned_templates)
        # a name written may have been another site's: its fonts would misread this one
        forget_fonts(store, [font.name for font in fonts])
        if args.learn > 0:
            _learn_fonts(store, args.learn, screen, fonts)
    finally:
        screen.close()
    return 0


def _write_found(
    args: argparse.Namespace, games: list[SiteGame], watches: list[GameWatch]
) -> list[FontToLearn]:
    """Writes the setup of every game whose regions were found; returns their multipliers' boxes."""
    from aviator.cli import UsageError

    names = _given_names(args, len(games)) or unique_names([site_name(g.title) for g in games])
    entries, fonts = [], []
    for name, game, watch in zip(names, games, watches, strict=True):
        found = find_regions(watch, list(game.buttons))
        print(_found_line(name, game, found))
        if found.regions is not None:
            entries.append(_site_entry(name, game, found.regions, args))
            box = Rect(*found.regions.multiplier)
            fonts.append(FontToLearn(name, box.offset(game.rect.left, game.rect.top)))
    if not entries:
        raise UsageError("no game's regions were found: nothing written (see the lines above)")
    setup = Setup(display=args.display, bookmakers=entries)
    dump_setup(setup, args.out, f"aviator setup: {len(entries)} games found and watched by aviator calibrate")
    written = ", ".join(entry.name for entry in entries)
    print(f"{args.out}: {len(entries)} of {len(games)} games: {written}", flush=True)
    return fonts


def _learn_fonts(store: TemplateStore, seconds: float, screen: MssScreen, fonts: list[FontToLearn]) -> None:
    """Each game's multiplier font, learnt by Tesseract's readings confirmed on the growth curve."""
    from aviator.core.ocr.tesseract_process import TesseractProcess

    print(f"learning the multiplier's font of {len(fonts)} games for at most {seconds:g} s", flush=True)
    tesseract = TesseractProcess()  # without Tesseract: one line naming what to install
    try:
        reports = learn_fonts(fonts, store, tesseract, screen.grab, time.monotonic, seconds, time.sleep)
    finally:
        tesseract.close()
    for name, report in reports.items():
        if store.load(name) is not None:
            print(f"{name}: the multiplier's font learnt ({report}; {store.path(name)}): read from the start")
        else:
            tried = f" ({report})" if report is not None else ""
            print(f"{name}: the multiplier's font not learnt{tried}: `aviator run` learns it from the screen")


def _found_line(name: str, game: SiteGame, found: FoundRegions) -> str:
    rect = game.rect
    where = f"{name} (window {game.title!r} at {rect.left},{rect.top} {rect.width}x{rect.height})"
    line = f"{where}: found {', '.join(found.found) or 'nothing'}"
    return line + (f"; not found: {'; '.join(found.missing)}" if found.missing else "")


def _site_entry(name: str, game: SiteGame, regions: RegionBoxes, args: argparse.Namespace) -> BookmakerEntry:
    entry = _entry(name, game.rect, args)
    size = GameSize(width=game.rect.width, height=game.rect.height)
    return entry.model_copy(update={"game": size, "regions": regions, "group": None})


def _given_names(args: argparse.Namespace, count: int) -> list[str] | None:
    """--names, checked: as many as games, none twice."""
    from aviator.cli import UsageError

    if not args.names:
        return None
    names = [n.strip() for n in args.names.split(",")]
    if len(names) != count:
        raise UsageError(f"{len(names)} names for {count} games found")
    if (unique := unique_names(names)) != names:
        twice = next(n for n, u in zip(names, unique, strict=True) if n != u)
        raise UsageError(f"--names: {twice!r} is given twice: names must be unique, rename one")
    return names


def _names(args: argparse.Namespace, games: list[Rect]) -> list[str]:
    if given := _given_names(args, len(games)):
        return given
    windows = window_titles(args.display)
    titles = [title_at(windows, g.left + g.width // 2, g.top + g.height // 2) for g in games]
    return unique_names(  # windows titled alike would collide as bookmakers
        [t.split(TITLE_SEPARATOR)[0].strip() if t else f"bookmaker{i}" for i, t in enumerate(titles, start=1)]
    )


def _entry(name: str, game: Rect, args: argparse.Namespace) -> BookmakerEntry:
    from aviator.cli import UsageError

    templates = strip = None
    if args.samples:
        folder = args.samples / name
        if not (folder / LABELS_FILE).is_file():
            raise UsageError(f"no labelled samples for {name}: {folder / LABELS_FILE} is missing")
        learned = learn_labelled(_labelled(folder))
        if not len(learned):
            raise UsageError(f"no usable labelled samples for {name} in {folder}")
        templates = Path("templates") / f"{name}.npz"
        learned.save(args.out.parent / templates)
        strip = _strip_templates(name, folder / STRIPS_FOLDER, args.out.parent)
    return BookmakerEntry(
        name=name,
        offset=(game.left, game.top),
        templates=templates,
        strip_templates=strip,
        group=SERVER_GROUPS.get(name),
    )


def _strip_templates(name: str, folder: Path, beside: Path) -> Path | None:
    """The history strip's own font, from strips labelled by their newest bubble, when there are
    some; without them the strip is read by the multiplier's templates and Tesseract agreeing."""
    if not (folder / LABELS_FILE).is_file():
        return None
    learner = StripLearner.taught((strip, parse_multiplier(text)) for strip, text in _labelled(folder))
    if not learner.ready:  # a digit too small to cut apart: better no templates than a look-alike
        missing = learner.missing()
        print(f"{name}: the strip's own font misses {missing!r}; Tesseract reads it beside the templates")
        return None
    path = Path("templates") / f"{name}-strip.npz"
    learner.templates().save(beside / path)
    return path


def _labelled(folder: Path) -> Iterator[tuple[np.ndarray, str]]:
    """Labelled crops of a folder with a labels.csv of (file, text) rows."""
    with (folder / LABELS_FILE).open(encoding="utf-8", newline="") as labels:
        for row in csv.DictReader(labels):
            yield np.asarray(Image.open(folder / row["file"]).convert("RGB")), row["text"]
