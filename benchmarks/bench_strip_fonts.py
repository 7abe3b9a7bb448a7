"""How well the history strip's small text is cut and read on the web layouts' strips.

    .venv/bin/python -m benchmarks.bench_strip_fonts [--seconds S] [--layout NAME ...]

Runs `aviator sim --web` (speed 2) on a private display, finds the strips with `aviator calibrate`,
grabs every game's strip 1.5 s after each of its crashes, with the values it shows (the truth log:
for measuring only). Then per game, one JSON object:
- `cut_right`: the share of bubbles cut into as many glyphs as their value has characters, at each
  ink level (history.ink_mask), and the level the game's StripLearner chose;
- `learnt_from`: the first half of the strips, shown to a StripLearner as a worker shows them
  (after each crash, the crashes recorded in a row); `read_alone`: the other half's bubbles read
  by its font (partial if some character is still unknown) alone, right, wrong and refused; and
  `line_cut_wrong`: the same bubbles' glyphs cut the multiplier's way (glyphs.cut) and matched
  against templates learnt that way from the same labels, misread.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
import yaml

from aviator.config.layouts import Rect
from aviator.core.capture.mss_screen import MssScreen
from aviator.core.ocr.glyphs import cut
from aviator.core.ocr.history import bubble_crop, ink_mask, read_history, whole_spans
from aviator.core.ocr.parse import format_multiplier
from aviator.core.ocr.strip_glyphs import cut_strip
from aviator.core.ocr.strip_learning import INK_LEVELS, StripLearner
from aviator.core.ocr.template import TemplateOCR, from_samples
from aviator.sim.private_display import private_display
from aviator.sim.truth_log import read_truth
from aviator.sim.web.layouts import DEFAULT_MIX

AVIATOR = [sys.executable, "-m", "aviator"]
SHOWN = 12  # values of the truth log kept per strip: more than a strip shows
Strips = list[tuple[np.ndarray, list[float]]]


def collect(layouts: list[str], seconds: float, work: Path) -> dict[str, Strips]:
    """Each game's strips after its crashes, with the values they show, newest first."""
    with private_display() as display:
        env = {**os.environ, "DISPLAY": display}
        truth, setup = work / "truth.jsonl", work / "setup.yaml"
        options = [option for name in layouts for option in ("--layout", name)]
        sim = subprocess.Popen(
            [*AVIATOR, "sim", "--web", *options, "--speed", "2", "--seed", "7", "--truth", str(truth)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        try:
            windows = [
                line.split() for line in iter(sim.stdout.readline, "ready\n") if line.startswith("window ")
            ]
            calibrate = [*AVIATOR, "calibrate", "--out", str(setup), "--watch", "60", "--learn", "0"]
            subprocess.run(calibrate, env=env, check=True, stdout=subprocess.DEVNULL)
            return _grab(_strips_of(setup, windows), truth, MssScreen(display), seconds)
        finally:
            sim.terminate()
            sim.wait(30)


def _strips_of(setup: Path, windows: list[list[str]]) -> dict[str, Rect]:
    """The truth log's name of each game -> its strip on the screen (games matched by offset)."""
    site_at = {words[3]: words[1] for words in windows}  # "window NAME LAYOUT X,Y WxH TITLE"
    games = yaml.safe_load(setup.read_text())["bookmakers"]
    strips = {}
    for game in games:
        x, y = game["offset"]
        box = game["regions"]["history"]
        strips[site_at[f"{x},{y}"]] = Rect(x + box[0], y + box[1], box[2], box[3])
    return strips


def _grab(strips: dict[str, Rect], truth: Path, screen: MssScreen, seconds: float) -> dict[str, Strips]:
    grabbed: dict[str, Strips] = {name: [] for name in strips}
    seen, end = Counter[str](), time.monotonic() + seconds
    while time.monotonic() < end:
        rounds = read_truth(truth) if truth.exists() else []
        crashed = Counter(r["bookmaker"] for r in rounds)
        new = [name for name in strips if crashed[name] > seen[name]]
        if new:
            time.sleep(1.5)  # the strip moves with the crash screen
        for name in new:
            shown = [r["crash"] for r in rounds if r["bookmaker"] == name][::-1][:SHOWN]
            grabbed[name].append((screen.grab(strips[name]), shown))
            seen[name] = crashed[name]
        time.sleep(0.2)
    return grabbed


def measure(name: str, strips: Strips) -> dict[str, object]:
    half = len(strips) // 2
    learner = StripLearner()
    for n, (strip, shown) in enumerate(strips[:half]):
        learner.observe(strip, shown[: n + 1])  # the crashes recorded so far, newest first
    later = [
        (bubble_crop(strip, span), span[2], value)
        for strip, shown in strips[half:]
        for span, value in zip(whole_spans(strip), shown, strict=False)
    ]
    return {
        "game": name,
        "strips": len(strips),
        "cut_right": {str(level): _cut_right(later, level) for level in INK_LEVELS},
        "level_chosen": learner.level,
        "learnt_from": half,
        "missing": learner.missing(),
        "read_alone": _read_alone(learner, strips[half:]),
        "line_cut_wrong": _line_cut_wrong(learner, strips[:half], later),
    }


def _cut_right(bubbles: list[tuple[np.ndarray, str, float]], level: float) -> float:
    right = sum(
        len(cut_strip(ink_mask(crop, colour, level)).glyphs) in _lengths(value)
        for crop, colour, value in bubbles
    )
    return round(right / max(1, len(bubbles)), 3)


def _lengths(value: float) -> tuple[int, int]:
    text = format_multiplier(value)
    return len(text), len(text) - 1


def _read_alone(learner: StripLearner, strips: Strips) -> dict[str, int]:
    font = learner.partial()
    counts = Counter[str]()
    if font is None:
        return {"no font": len(strips)}
    for strip, shown in strips:
        for bubble, value in zip(read_history(strip, TemplateOCR(font), font.ink_level), shown, strict=False):
            counts["refused" if bubble.value is None else "right" if bubble.value == value else "wrong"] += 1
    return dict(counts)


def _line_cut_wrong(
    learner: StripLearner, taught: Strips, later: list[tuple[np.ndarray, str, float]]
) -> float:
    """The misread share when the same labels (every bubble in a row) teach glyphs cut the
    multiplier's way, at the same ink level."""
    samples: dict[str, list[np.ndarray]] = {}
    for n, (strip, shown) in enumerate(taught):
        for span, value in zip(whole_spans(strip), shown[: n + 1], strict=False):
            _label(
                samples,
                cut(ink_mask(bubble_crop(strip, span), span[2], learner.level)).glyphs,
                value,
                learner.suffix,
            )
    if not samples:
        return 1.0
    templates = from_samples(samples)
    wrong = 0
    for crop, colour, value in later:
        glyphs = cut(ink_mask(crop, colour, learner.level)).glyphs
        text = format_multiplier(value) if learner.suffix else format_multiplier(value)[:-1]
        wrong += len(glyphs) == len(text) and templates.match(glyphs)[0] != text
    return round(wrong / max(1, len(later)), 3)


def _label(samples: dict[str, list[np.ndarray]], glyphs: np.ndarray, value: float, suffix: bool) -> None:
    text = format_multiplier(value) if suffix else format_multiplier(value)[:-1]
    if len(glyphs) == len(text):
        for char, glyph in zip(text, glyphs, strict=True):
            samples.setdefault(char, []).append(glyph)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--layout", action="append", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        grabbed = collect(args.layout or list(DEFAULT_MIX), args.seconds, Path(work))
    for name, strips in grabbed.items():
        print(json.dumps(measure(name, strips)), flush=True)


if __name__ == "__main__":
    main()
