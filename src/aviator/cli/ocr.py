"""`aviator ocr read IMAGE...` and `aviator ocr learn DIR`: the reader on screenshots and crops.

`read` prints one line per image; with --json one JSON object per line:
{"file", "text", "value" (number, list for a history strip, null when rejected), "confidence",
"engine", "ms"}. `learn` makes templates for a skin from a folder of multiplier crops (in file
name order, as a worker saw them): from a labels CSV (file,text) when given, else by itself; with
--progress it also prints `progress DONE/TOTAL` as each image is labelled (for the control panel).
"""

from __future__ import annotations

import argparse
import csv
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
from PIL import Image

from aviator.cli.commands import HELP
from aviator.core.ocr.kinds import KINDS, reader_for
from aviator.core.ocr.learner import Progress, TemplateLearner
from aviator.core.ocr.template import TemplateOCR, TemplateSet, TemplateStore, learn_labelled
from aviator.core.ocr.tesseract import TesseractOCR

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp"}


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("ocr", help=HELP["ocr"])
    what = parser.add_subparsers(dest="what", required=True, metavar="WHAT")
    read = what.add_parser("read", help="read images of one kind of region")
    read.add_argument(
        "images", nargs="+", type=Path, metavar="IMAGE", help="screenshots or crops (PNG, JPEG)"
    )
    read.add_argument("--kind", choices=KINDS, default="multiplier", help="what the images show")
    read.add_argument(
        "--templates", type=Path, metavar="DIR", help="a folder of templates per skin (from `ocr learn`)"
    )
    read.add_argument(
        "--skin", metavar="NAME", help="which skin's templates (default: the folder's only one)"
    )
    read.add_argument("--json", action="store_true", help="one JSON object per image and line")
    read.set_defaults(handler=ocr_read)
    learn = what.add_parser("learn", help="templates from a folder of multiplier crops")
    learn.add_argument(
        "folder", type=Path, metavar="DIR", help="multiplier crops or frames, in file name order"
    )
    learn.add_argument(
        "--labels", type=Path, metavar="CSV", help="CSV of file,text; without it the reader teaches itself"
    )
    learn.add_argument("--out", type=Path, required=True, metavar="DIR", help="the templates folder")
    learn.add_argument("--skin", metavar="NAME", help="the skin's name (default: the folder's name)")
    learn.add_argument(
        "--interval",
        type=float,
        metavar="S",
        help="seconds between the frames: readings must then follow the growth curve",
    )
    learn.add_argument(
        "--progress", action="store_true", help="print `progress DONE/TOTAL` as each image is labelled"
    )
    learn.set_defaults(handler=ocr_learn)


def ocr_read(args: argparse.Namespace) -> int:
    read = _reader(args)
    for path in args.images:
        result = {"file": str(path), **read(_image(path))}
        print(json.dumps(result) if args.json else _line(result))
    return 0


def _reader(args: argparse.Namespace) -> Callable[[np.ndarray], dict]:
    return reader_for(args.kind, _templates(args))


def _templates(args: argparse.Namespace) -> TemplateOCR | None:
    from aviator.cli import UsageError

    if args.templates is None:
        return None
    skins = sorted(path.stem for path in args.templates.glob("*.npz"))
    skin = args.skin or (skins[0] if len(skins) == 1 else None)
    if skin is None:
        raise UsageError(f"{args.templates} holds templates of {skins or 'no skin'}: name one with --skin")
    templates = TemplateStore(args.templates).load(skin)
    if templates is None:
        raise UsageError(f"no usable templates for skin {skin!r} in {args.templates}")
    return TemplateOCR(templates)


def _line(result: dict) -> str:
    value, why = result["value"], result.get("rejected")
    outcome = f" = {value}" if value is not None else f" rejected: {why}" if why else ""
    return f"{result['file']}: {result['text']!r}{outcome} ({result['engine']}, {result['ms']:.2f} ms)"


def _image(path: Path) -> np.ndarray:
    from aviator.cli import UsageError

    try:
        return np.asarray(Image.open(path).convert("RGB"))
    except (OSError, ValueError) as error:
        raise UsageError(f"cannot read image {path}: {error}") from error


def ocr_learn(args: argparse.Namespace) -> int:
    from aviator.cli import UsageError

    files = (
        sorted(p for p in args.folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if args.folder.is_dir()
        else []
    )
    if not files:
        raise UsageError(f"no images in {args.folder}")
    progress = _print_progress if args.progress else None
    if args.labels:
        templates = _learn_labelled(files, args.labels, progress)
    else:
        times = None if args.interval is None else [n * args.interval for n in range(len(files))]
        templates = _learn_unlabelled(files, times, progress)
    if templates.missing():
        raise UsageError(f"no templates for {templates.missing()!r}: learn from more images (or frames)")
    path = TemplateStore(args.out).save(args.skin or args.folder.name, templates)
    print(f"templates for {''.join(templates.chars)!r} written to {path}")
    return 0


def _print_progress(done: int, total: int) -> None:
    # flushed: a reader of the pipe (the control panel's progress bar) sees each line as it comes
    print(f"progress {done}/{total}", flush=True)


def _learn_labelled(files: list[Path], labels: Path, progress: Progress | None = None) -> TemplateSet:
    from aviator.cli import UsageError

    with labels.open(encoding="utf-8", newline="") as handle:
        rows = {row[0]: row[1] for row in csv.reader(handle) if len(row) >= 2 and row[0] != "file"}
    by_name = {path.name: path for path in files}
    missing = sorted(set(rows) - set(by_name))
    if missing:
        raise UsageError(f"{labels} names images not in the folder: {', '.join(missing[:5])}")
    return learn_labelled(_labelled(by_name, rows, progress))


def _labelled(
    by_name: dict[str, Path], rows: dict[str, str], progress: Progress | None
) -> Iterator[tuple[np.ndarray, str]]:
    """The labelled images, read one by one; progress is told of each once its glyphs were taken
    (when the next one is asked for)."""
    for done, (name, text) in enumerate(rows.items(), start=1):
        yield _image(by_name[name]), text
        if progress is not None:
            progress(done, len(rows))


def _learn_unlabelled(
    files: list[Path], times: list[float] | None, progress: Progress | None = None
) -> TemplateSet:
    fallback = TesseractOCR()
    templates, report = TemplateLearner(fallback).learn([_image(path) for path in files], times, progress)
    print(report)
    fallback.close()
    return templates
