"""Template OCR: glyphs matched against templates learned from the game's own frames.

Each glyph's nearest template is found by squared distance (one matrix product) and then gated
by its mean absolute difference: a read whose worst glyph is farther than the gate from its best
template is rejected, so a font the templates do not know gives a rejection, not a silent wrong
number.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from aviator.core.ocr.glyphs import GLYPH_H, GLYPH_W, Cut, cut, find_text, segment
from aviator.core.ocr.parse import ParseError, parse_multiplier
from aviator.core.ocr.reading import Reading
from aviator.core.ocr.strip_glyphs import cut_strip

MAX_DISTANCE = 0.055  # mean absolute difference above which a glyph is not trusted: same font <= 0.048,
# another font's wrong glyphs >= 0.059 (measured over the six simulator skins)
RADIUS_FACTOR = 2.0  # a template accepts glyphs this much farther than its farthest sample
RADIUS_FLOOR = 0.04  # and never less than this: a few samples understate the spread
ENGINE = "template"
REQUIRED_CHARS = "0123456789.x"  # in every multiplier; ',' only from 1,000x (the fallback reads it)
PIPELINE = 4  # version of glyph cutting (glyphs.py, strip_glyphs.py); templates of another version are stale
LINE, STRIP = "line", "strip"  # how a font's glyphs are cut: a multiplier's line, a strip's small text
CUTTERS: dict[str, Callable[[np.ndarray], Cut]] = {LINE: cut, STRIP: cut_strip}


@dataclass
class TemplateSet:
    """Prototype glyph images per character, stored per skin.

    Each template has a radius: how far its own samples strayed from it (times RADIUS_FACTOR,
    within RADIUS_FLOOR..MAX_DISTANCE), usually tighter than the gate.
    """

    chars: list[str] = field(default_factory=list)
    images: np.ndarray = field(default_factory=lambda: np.zeros((0, GLYPH_H * GLYPH_W), np.float32))
    radii: np.ndarray | None = None  # None: every template's radius is MAX_DISTANCE
    cutting: str = LINE  # how its glyphs were cut, and so how the glyphs it reads must be (CUTTERS)
    ink_level: float = 0.7  # a strip font's: the share of a pixel its text's colour covers where it
    # is text, in the glyphs it was learnt from and so in those it reads (history.ink_mask)

    def __post_init__(self) -> None:
        shape = (len(self.chars), GLYPH_H * GLYPH_W)
        self.images = np.ascontiguousarray(self.images, np.float32).reshape(shape)
        self._half_norms = 0.5 * (self.images**2).sum(axis=1)
        self._lookup = np.array(self.chars or [""], dtype=object)
        if self.radii is None:
            self.radii = np.full(len(self.chars), MAX_DISTANCE, np.float32)
        self._scale = MAX_DISTANCE / self.radii

    def __len__(self) -> int:
        return len(self.chars)

    def missing(self) -> str:
        """Characters of every multiplier that have no template. A set that misses one must not
        be used: in a condensed font the radius cannot keep every look-alike out ('6' read as '8')."""
        return missing_chars(self.chars)

    def match(self, glyphs: np.ndarray) -> tuple[str, np.ndarray]:
        """Best character per glyph (n, GLYPH_H, GLYPH_W) and its distance in units of the gate:
        the mean absolute difference, scaled so that the template's radius scores MAX_DISTANCE."""
        flat = glyphs.reshape(len(glyphs), -1)
        # einsum, not `@`: a product this small is no faster through BLAS, whose threads then
        # spin on the other core and slow every array operation of the next reads
        scores = np.einsum("ij,kj->ik", flat, self.images)
        best = (scores - self._half_norms).argmax(axis=1)  # least squared distance
        distances = np.abs(flat - self.images[best]).sum(axis=1) / flat.shape[1] * self._scale[best]  # mean
        return "".join(self._lookup[best]), distances

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays = {"chars": np.array(self.chars), "images": self.images, "radii": self.radii}
        arrays["cutting"], arrays["ink_level"] = np.array(self.cutting), np.array(self.ink_level)
        np.savez_compressed(path, **arrays, pipeline=PIPELINE)

    @classmethod
    def load(cls, path: Path) -> TemplateSet:
        with np.load(path) as data:
            if "pipeline" not in data or int(data["pipeline"]) != PIPELINE:
                raise StaleTemplates(f"{path} was made by another glyph pipeline: delete it and learn again")
            chars, images = [str(c) for c in data["chars"]], data["images"].astype(np.float32)
            return cls(chars, images, data.get("radii"), str(data["cutting"]), float(data["ink_level"]))


class StaleTemplates(ValueError):
    """Templates whose glyphs were cut by another version of the pipeline: they match nothing."""


def missing_chars(known: Iterable[str]) -> str:
    """The characters of REQUIRED_CHARS not in `known`."""
    have = set(known)
    return "".join(char for char in REQUIRED_CHARS if char not in have)


def glyphs_of(crop: np.ndarray) -> np.ndarray:
    """The fast path's glyph images of a crop's main text line."""
    return segment(find_text(crop)[0])


Samples = dict[str, list[np.ndarray]]  # glyph images per character


def learn_labelled(samples: Iterable[tuple[np.ndarray, str]]) -> TemplateSet:
    """Templates from labelled crops: one averaged prototype per character."""
    return from_samples(labelled_glyphs(samples))


def labelled_glyphs(samples: Iterable[tuple[np.ndarray, str]]) -> Samples:
    """The glyphs of labelled crops per character.

    A crop whose glyph count differs from its label's length is skipped (touching glyphs or
    noise), so a bad sample cannot teach a wrong glyph.
    """
    collected: Samples = {}
    for crop, label in samples:
        glyphs = glyphs_of(crop)
        if len(glyphs) != len(label):
            continue
        for char, glyph in zip(label, glyphs, strict=True):
            collected.setdefault(char, []).append(glyph)
    return collected


def from_samples(collected: Samples, cutting: str = LINE, ink_level: float = 0.7) -> TemplateSet:
    """One prototype per character, the mean of its glyph samples (cut as `cutting` says, from a
    mask at `ink_level` for a strip font), and the radius they span."""
    chars = sorted(collected)
    images = np.array([np.mean(collected[char], axis=0).reshape(-1) for char in chars], np.float32)
    radii = np.array([_radius(collected[char], image) for char, image in zip(chars, images, strict=True)])
    flat = images.reshape(len(chars), GLYPH_H * GLYPH_W)
    return TemplateSet(chars, flat, radii.astype(np.float32), cutting, ink_level)


def _radius(samples: list[np.ndarray], mean: np.ndarray) -> float:
    spread = max(float(np.abs(sample.reshape(-1) - mean).mean()) for sample in samples)
    return min(MAX_DISTANCE, max(RADIUS_FLOOR, RADIUS_FACTOR * spread))


class TemplateOCR:
    def __init__(self, templates: TemplateSet, max_distance: float = MAX_DISTANCE) -> None:
        if not len(templates):
            raise ValueError("template OCR needs at least one template")
        self.templates, self.max_distance = templates, max_distance

    def read_multiplier(self, crop: np.ndarray, mask: np.ndarray | None = None) -> Reading:
        """Reads the multiplier; `mask` is an optional text mask of the crop already computed."""
        return read_glyph_line(crop, mask, self._classify, ENGINE, CUTTERS[self.templates.cutting])

    def _classify(self, glyphs: np.ndarray) -> tuple[str, float, bool]:
        text, distances = self.templates.match(glyphs)
        worst = float(distances.max())
        return text, max(0.0, 1.0 - worst / (2 * self.max_distance)), worst <= self.max_distance


Classify = Callable[[np.ndarray], tuple[str, float, bool]]  # glyphs -> text, confidence, all recognised


def read_glyph_line(
    crop: np.ndarray,
    mask: np.ndarray | None,
    classify: Classify,
    engine: str,
    cutter: Callable[[np.ndarray], Cut] = cut,
) -> Reading:
    """What every glyph classifier does around its classification: cut the text line (by `cutter`),
    refuse noise and crops without text, then parse what `classify` made of the glyphs."""
    started = time.perf_counter()
    line = cutter(find_text(crop)[0] if mask is None else mask)
    if line.noise:
        return _reading("", None, 0.0, started, engine, noise(line.components))
    if not len(line.glyphs):
        return _reading("", None, 0.0, started, engine, "no text")
    text, confidence, recognised = classify(line.glyphs)
    if not recognised:
        return _reading(text, None, confidence, started, engine, "glyph not recognised")
    try:
        value = parse_multiplier(text)
    except ParseError as error:
        return _reading(text, None, confidence, started, engine, str(error))
    return _reading(text, value, confidence, started, engine, None)


def noise(components: int) -> str:
    """Why a line of specks is rejected: it is not text, so no engine should be asked to read it."""
    return f"noise: {components} specks in the text line"  # engine.NOISE starts it


def _reading(
    text: str, value: float | None, confidence: float, started: float, engine: str, why: str | None
) -> Reading:
    return Reading(text, value, confidence, engine, (time.perf_counter() - started) * 1000, why)


@dataclass(frozen=True)
class TemplateStore:
    """Templates per skin in one folder: `<folder>/<skin>.npz`."""

    folder: Path

    def path(self, skin: str) -> Path:
        return self.folder / f"{skin}.npz"

    def load(self, skin: str) -> TemplateSet | None:
        """The skin's templates, or None when there are none or they are stale."""
        try:
            return TemplateSet.load(self.path(skin))
        except (FileNotFoundError, StaleTemplates):
            return None

    def save(self, skin: str, templates: TemplateSet) -> Path:
        templates.save(self.path(skin))
        return self.path(skin)
