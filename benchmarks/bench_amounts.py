"""Amounts under the game: the read time of the amount font's templates, and a self-learning
worker's memory before, while and after it learns its skin.

    .venv/bin/python -m benchmarks.bench_amounts [--rounds 20] [--seconds 120]

`read_ms`: AmountTemplates.read_amount of one region's crop (mask, cut, match, parse), templates
taught from labelled pictures, on the frames of a played game, per tile size of the 4x2, 3x2 and
2x2 layouts (every region's crop changes often in a flight, so each is read, not cached).
`self_learning_rss_mb`: a real `aviator demo --self-learn` run of two bookmakers in a fresh
template folder; each worker's RSS is sampled every SAMPLE seconds with whether its Tesseract
process still runs: `before` is the first sample after the worker started looking, `peak_learning`
the highest while Tesseract ran (the multiplier learner keeps 200 crops), `learnt` the last
sample once Tesseract has ended.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import psutil
from benchmarks.common import spread, write_result

from aviator.config.layouts import Rect
from aviator.config.settings import GamePhase
from aviator.core.capture.regions import GameRegions
from aviator.core.ocr.amount_font import KINDS, AmountTemplates, learn_amount_font
from aviator.sim.engine import GameEngine
from aviator.sim.labelled_samples import labelled_amounts
from aviator.sim.renderer import TileRenderer
from aviator.sim.skins import SKINS

TILES = {"4x2": (480, 540), "3x2": (640, 540), "2x2": (960, 540)}
SAMPLE = 1.0  # seconds between RSS samples


def read_times(width: int, height: int, sim_seconds: float) -> dict[str, Any]:
    """Read time of every amount region over the flights and crashes of a played game, all skins."""
    times: list[float] = []
    wrong = unread = 0
    regions = GameRegions.for_tile(Rect(0, 0, width, height))
    for skin in SKINS.values():
        reader = AmountTemplates(learn_amount_font(labelled_amounts(skin, width, height)))
        renderer, engine, t = TileRenderer(skin, width, height), GameEngine(f"bench:{skin.name}"), 0.0
        while t < sim_seconds:
            view, t = engine.view_at(t), t + 0.5
            if view.phase not in (GamePhase.PLAYING, GamePhase.ENDED):
                continue
            image = renderer.render(view)
            for name in KINDS:
                rect = getattr(regions, name)
                crop = image[rect.top : rect.bottom, rect.left : rect.right].copy()
                started = time.perf_counter()
                reading = reader.read_amount(crop, name)
                times.append(time.perf_counter() - started)
                unread += reading.value is None
                wrong += reading.value is not None and reading.value != getattr(view, name)
    return {"read_ms": spread(times, 1000), "wrong": wrong, "unread": unread}


def self_learning_memory(rounds: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="aviator-bench-amounts-") as tmp:
        folder = Path(tmp)
        command = [sys.executable, "-m", "aviator", "demo", "--bookmakers", "2", "--rounds", str(rounds)]
        command += ["--speed", "5", "--seed", "3", "--db", str(folder / "run.db")]
        command += ["--truth", str(folder / "truth.jsonl"), "--self-learn", str(folder / "templates")]
        demo = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        samples = _sample_workers(psutil.Process(demo.pid))
        out, _ = demo.communicate(timeout=60)
        return {"rounds": rounds, "workers": _memory_figures(samples), "demo_summary": out.splitlines()[-1:]}


def _sample_workers(demo: psutil.Process) -> dict[str, list[tuple[float, bool]]]:
    """Per worker title: (RSS MB, Tesseract running) every SAMPLE seconds until the demo ends."""
    samples: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    while demo.is_running() and demo.status() != psutil.STATUS_ZOMBIE:
        try:
            for process in demo.children(recursive=True):
                title = " ".join(process.cmdline()[:2])
                if title.startswith("aviator: worker"):
                    samples[title].append((process.memory_info().rss / 2**20, bool(process.children())))
        except psutil.Error:
            pass  # a process ended while we looked
        time.sleep(SAMPLE)
    return samples


def _memory_figures(samples: dict[str, list[tuple[float, bool]]]) -> dict[str, Any]:
    figures = {}
    for title, series in samples.items():
        learning = [rss for rss, running in series if running]
        started = next((n for n, (_, running) in enumerate(series) if running), len(series))
        learnt = [rss for rss, running in series[started:] if not running]  # after Tesseract ended
        figures[title.removeprefix("aviator: worker ").strip()] = {
            "before": round(series[0][0], 1),
            "peak_learning": round(max(learning), 1) if learning else None,
            "learnt": round(learnt[-1], 1) if learnt else None,
            "learnt_max": round(max(learnt), 1) if learnt else None,
            "tesseract_ended": bool(learnt),
            "samples": len(series),
        }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="rounds of the self-learning demo")
    parser.add_argument(
        "--seconds", type=float, default=120.0, help="simulated seconds of reads per tile size"
    )
    args = parser.parse_args()
    result = {
        "tiles": {layout: read_times(*size, args.seconds) for layout, size in TILES.items()},
        "self_learning_rss_mb": self_learning_memory(args.rounds),
    }
    print(write_result("amounts", result).read_text())


if __name__ == "__main__":
    main()
