"""OCR speed and accuracy, every engine side by side in one run (the seed's ocr_performance and
ocr_accuracy), plus the phase and button readers.

    .venv/bin/python -m benchmarks.ocr_benchmark [--per-group 120] [--slow 150] [--out FILE.json]

Crops: every simulator skin at the 4x2, 3x2 and 2x2 tile sizes (`--per-group` each: four values
with thousands separators, the rest drawn by the real crash law, a third crashed), plus the real
game's five multiplier crops. Engines:
- template: templates learned from labelled crops of the same skin (the fast path alone);
- learned classifier: the softmax glyph classifier trained on the same labelled crops;
- hybrid: those templates, gated, with the tesserocr fallback;
- self-learned: hybrid with templates the reader taught itself from 200 unlabelled frames;
- tesserocr, pytesseract, rapidocr: each engine alone on the same text mask (pytesseract and
  RapidOCR on the first `--slow` crops only: they take 20-150 ms a read).
Silent wrong = a value returned that is not the truth; rejected = no value returned.
Lookalikes: crops of every skin (3x2 tile) that hold no multiplier (numbers without their x or with
it cut off, clocks, amounts of money, numbers and words: benchmarks/lookalikes.py), read by the
same engines; any value returned is a silent error.
Writes one JSON file and prints two Markdown tables.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from benchmarks.lookalikes import lookalike_crops
from benchmarks.ocr_phase import phase_results
from benchmarks.ocr_samples import (
    REAL_MULTIPLIERS,
    SEPARATOR_VALUES,
    TILE_SIZES,
    multiplier_crops,
    played_frames,
    real_image,
    regions,
)

from aviator.core.ocr.engine import OCREngine
from aviator.core.ocr.glyphs import find_text
from aviator.core.ocr.learned import LearnedOCR, train_classifier
from aviator.core.ocr.learner import TemplateLearner
from aviator.core.ocr.parse import ParseError, format_multiplier
from aviator.core.ocr.reading import Reading
from aviator.core.ocr.template import Samples, TemplateOCR, from_samples, labelled_glyphs
from aviator.core.ocr.tesseract import MULTIPLIER_CHARS, TesseractOCR, to_page
from aviator.core.ocr.validation import repair_multiplier
from aviator.sim.skins import SKINS

Read = Callable[[np.ndarray], Reading]
RESULTS = Path(__file__).resolve().parent / "results" / "ocr.json"


@dataclass
class Case:
    group: str  # skin@size, or "real"
    crop: np.ndarray
    value: float | None  # None: the crop holds no multiplier
    slow: bool = False  # read by the slow engines too


@dataclass(frozen=True)
class Stats:
    engine: str
    crops: int
    median_ms: float
    p99_ms: float
    exact_pct: float
    silent_wrong_pct: float
    rejected_pct: float
    served_by: dict[str, int]


def cases_of(skin_name: str, size: tuple[int, int], count: int) -> list[Case]:
    group = f"{skin_name}@{size[0]}x{size[1]}"
    crops = multiplier_crops(SKINS[skin_name], size, count, f"bench-{group}", first=SEPARATOR_VALUES)
    return [Case(group, crop, value) for crop, value in crops]


def lookalike_cases(slow: int) -> list[Case]:
    """Every skin's lookalikes at the 3x2 tile size; the slow engines read the first `slow`."""
    size = TILE_SIZES[1]
    cases = [
        Case(f"{skin}@{size[0]}x{size[1]}", crop, None)
        for skin in SKINS
        for _, crop in lookalike_crops(SKINS[skin], size)
    ]
    for case in cases[:: max(1, len(cases) // slow)][:slow]:
        case.slow = True
    return cases


def real_cases() -> list[Case]:
    return [Case("real", real_image(name), value, slow=True) for name, value in REAL_MULTIPLIERS.items()]


def labelled_samples(skin_name: str, size: tuple[int, int]) -> Samples:
    crops = multiplier_crops(SKINS[skin_name], size, 40, "bench-train", first=SEPARATOR_VALUES)
    return labelled_glyphs((crop, format_multiplier(value)) for crop, value in crops)


def self_learned_templates(skin_name: str, size: tuple[int, int], fallback: TesseractOCR) -> TemplateOCR:
    region = regions(size).multiplier
    frames = list(played_frames(SKINS[skin_name], size, 100, 0.5, f"bench-learn-{skin_name}"))
    crops, times = [f.crop(region) for f in frames], [f.at for f in frames]
    templates, report = TemplateLearner(fallback).learn(crops, times)
    print(f"  self-learned {skin_name}@{size[0]}x{size[1]}: {report}", flush=True)
    return TemplateOCR(templates)


@dataclass
class Tally:
    """One engine's readings so far."""

    times: list[float] = field(default_factory=list)
    exact: int = 0
    wrong: int = 0
    served: dict[str, int] = field(default_factory=dict)

    def add(self, reading: Reading, truth: float | None) -> None:
        self.times.append(reading.ms)
        self.exact += reading.value == truth
        self.wrong += reading.value is not None and reading.value != truth
        key = reading.engine if reading.ok else "rejected"
        self.served[key] = self.served.get(key, 0) + 1

    def stats(self, name: str) -> Stats:
        n, times = len(self.times), self.times
        median, p99 = round(float(np.median(times)), 4), round(float(np.percentile(times, 99)), 3)
        share = {
            what: round(100 * count / n, 3) for what, count in (("exact", self.exact), ("wrong", self.wrong))
        }
        rejected = round(100 * self.served.get("rejected", 0) / n, 3)
        return Stats(name, n, median, p99, share["exact"], share["wrong"], rejected, self.served)


def measure(engines: dict[str, Callable[[Case], Read | None]], cases: list[Case]) -> list[Stats]:
    """One engine after the other over all crops, as a worker's loop runs one engine: interleaving
    them would leave the fast path behind RapidOCR's still-spinning threads and cold caches."""
    results = []
    for name, read_of in engines.items():
        tally = Tally()
        for case in cases:
            read = read_of(case)
            if read is not None:
                case.crop.sum()  # in cache, as a crop just grabbed from the screen is; not timed
                tally.add(read(case.crop), case.value)
        results.append(tally.stats(name))
    return results


def pytesseract_reader() -> Read | None:
    try:
        import pytesseract
    except ImportError:
        return None
    config = f"--psm 7 -c tessedit_char_whitelist={MULTIPLIER_CHARS}"
    return lambda crop: _external(
        "pytesseract", crop, lambda page: pytesseract.image_to_string(page, config=config)
    )


def rapidocr_reader() -> Read | None:
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        return None
    engine = RapidOCR()

    def recognise(page) -> str:
        result, _ = engine(np.asarray(page.convert("RGB")), use_det=False, use_cls=False, use_rec=True)
        return result[0][0] if result else ""

    return lambda crop: _external("rapidocr", crop, recognise)


def _external(name: str, crop: np.ndarray, recognise: Callable) -> Reading:
    """An engine fed the same black-on-white text page as tesserocr, parsed by the same rules."""
    started = time.perf_counter()
    text = recognise(to_page(find_text(crop)[0])).strip()
    ms = (time.perf_counter() - started) * 1000
    try:
        return Reading(text, repair_multiplier(text), 1.0, name, ms)
    except ParseError as error:
        return Reading(text, None, 0.0, name, ms, str(error))


Engines = dict[str, Callable[[Case], Read | None]]  # which reader reads a case (None: skip it)


def run(per_group: int, slow: int) -> dict:
    fallback = TesseractOCR()
    groups = [(skin, size) for skin in SKINS for size in TILE_SIZES]
    sim = [case for skin, size in groups for case in cases_of(skin, size, per_group)]
    for case in sim[:: max(1, len(sim) // slow)][:slow]:
        case.slow = True
    cases = sim + real_cases()
    engines = {**fast_engines(groups, fallback), **slow_engines()}
    results = measure(engines, cases)
    lookalikes = measure(engines, lookalike_cases(slow))
    return {
        "crops": len(cases),
        "sim_crops": len(sim),
        "real_crops": len(cases) - len(sim),
        "engines": [asdict(r) for r in results],
        "lookalikes": [asdict(r) for r in lookalikes],
        "template_speedup": speedups(results),
        "phase": phase_results(),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
    }


def speedups(results: list[Stats]) -> dict[str, float]:
    """How many times the fast path's median read is faster than each other engine's, same run."""
    medians = {r.engine: r.median_ms for r in results}
    return {name: round(ms / medians["template"], 1) for name, ms in medians.items() if name != "template"}


def fast_engines(groups: list[tuple[str, tuple[int, int]]], fallback: TesseractOCR) -> Engines:
    samples = {f"{s}@{w}x{h}": labelled_samples(s, (w, h)) for s, (w, h) in groups}
    labelled = {group: TemplateOCR(from_samples(glyphs)) for group, glyphs in samples.items()}
    classifier = {group: LearnedOCR(train_classifier(glyphs)) for group, glyphs in samples.items()}
    learned = {f"{s}@{w}x{h}": self_learned_templates(s, (w, h), fallback) for s, (w, h) in groups}
    hybrid = {group: OCREngine(ocr, fallback) for group, ocr in labelled.items()}
    hybrid["real"] = OCREngine(labelled["classic@640x540"], fallback)  # another font: the gate hands on
    taught = {group: OCREngine(ocr, fallback) for group, ocr in learned.items()}
    return {
        "template": lambda c: labelled[c.group].read_multiplier if c.group in labelled else None,
        "learned classifier": lambda c: classifier[c.group].read_multiplier if c.group in labelled else None,
        "hybrid": lambda c: hybrid[c.group].read_multiplier,
        "self-learned (hybrid)": lambda c: taught.get(c.group, hybrid["real"]).read_multiplier,
        "tesserocr": lambda c: fallback.read_multiplier,
    }


def slow_engines() -> Engines:
    """pytesseract and RapidOCR, when installed (the `bench` extra), on the cases marked slow."""
    readers = {"pytesseract": pytesseract_reader(), "rapidocr": rapidocr_reader()}
    return {name: (lambda c, r=reader: r if c.slow else None) for name, reader in readers.items() if reader}


def table(engines: list[dict]) -> str:
    rows = [
        "| engine | crops | median ms | p99 ms | exact % | silent wrong % | rejected % |",
        "|---|---|---|---|---|---|---|",
    ]
    for e in engines:
        rows.append(
            f"| {e['engine']} | {e['crops']} | {e['median_ms']:.3f} | {e['p99_ms']:.2f} | "
            f"{e['exact_pct']:.2f} | {e['silent_wrong_pct']:.2f} | {e['rejected_pct']:.2f} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-group", type=int, default=120, help="crops per skin and tile size")
    parser.add_argument("--slow", type=int, default=150, help="crops for pytesseract and RapidOCR")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    result = run(args.per_group, args.slow)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(table(result["engines"]))
    print("Lookalikes (no multiplier in the crop: exact = rejected, silent wrong = a value given):")
    print(table(result["lookalikes"]))
    print("template fast path, times faster than:", json.dumps(result["template_speedup"]))
    print(json.dumps(result["phase"], indent=2))
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
