"""GameWatch: what one game showed while calibration watched it, kept small enough for minutes.

Every frame leaves its tallest white and red lines of text, which of its pixels changed since the
frame before (bit-packed), and, per row, the longest run of progress-bar-like pixels. From these
alone the regions are found afterwards (core/capture/site_regions.py): the frames themselves are
not kept, but the first and the last.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np

from aviator.core.capture.text_lines import RED, WHITE, TextLine, tallest
from aviator.core.ocr.phase import bar_pixels

CHANGED = 24  # a channel that moved more than this between two frames changed (not noise)
MIN_FLIGHT_LOOKS = 3  # frames of a white line on the red one's baseline that make it the multiplier
FLIGHT, CRASH, OTHER = "flight", "crash", "other"
STEP = 2  # changes and bars are kept for every STEP-th pixel each way: boxes to 2 pixels are plenty


@dataclass(frozen=True)
class FrameNote:
    """What one frame showed: when, its tallest white and red lines, its rows' bar-like runs."""

    at: float
    white: TextLine | None
    red: TextLine | None
    bar_runs: np.ndarray  # (rows, 2): each row's longest run of bar-like pixels, (start, length)


@dataclass
class GameWatch:
    """The notes of one game's frames, in order, and the changes between consecutive frames."""

    notes: list[FrameNote] = field(default_factory=list)
    changes: list[np.ndarray] = field(default_factory=list)  # bit-packed, one per pair of frames
    moved: np.ndarray | None = None  # how many pairs changed each pixel
    first: np.ndarray | None = None
    last: np.ndarray | None = None

    def add(self, frame: np.ndarray, at: float) -> None:
        """One more frame (RGB) of the game, grabbed at clock time `at`."""
        lines, small = tallest(frame, STEP), frame[::STEP, ::STEP]
        self.notes.append(FrameNote(at, lines[WHITE], lines[RED], bar_runs(small)))
        if self.last is not None:
            changed = np.abs(small.astype(np.int16) - self.last[::STEP, ::STEP]).max(axis=2) > CHANGED
            self.changes.append(np.packbits(changed))
            self.moved = changed.astype(np.uint16) if self.moved is None else self.moved + changed
        self.first = frame if self.first is None else self.first
        self.last = frame

    @property
    def shape(self) -> tuple[int, int]:
        """Rows and columns of the kept masks (every STEP-th pixel of the frames)."""
        assert self.first is not None, "no frame watched"
        return len(self.first[::STEP]), len(self.first[0, ::STEP])

    def changed(self, pair: int) -> np.ndarray:
        """The kept pixels that changed from frame `pair` to the next, as a boolean image."""
        rows, cols = self.shape
        return np.unpackbits(self.changes[pair], count=rows * cols).reshape(rows, cols).astype(bool)

    def multiplier(self) -> TextLine | None:
        """The tallest line seen both white and red, on one baseline: the multiplier in flight and
        crashed. None until a crash was watched (captions and logos keep one colour)."""
        whites = [note.white for note in self.notes if note.white is not None]
        crashed = [note.red for note in self.notes if note.red is not None]
        both = [red for red in crashed if sum(red.same_band(white) for white in whites) >= MIN_FLIGHT_LOOKS]
        return max(both, key=lambda line: line.height, default=None)

    def looks(self) -> list[str]:
        """Each frame as FLIGHT (the multiplier white), CRASH (red) or OTHER."""
        band = self.multiplier()
        return [_look(note, band) for note in self.notes]

    def crashes(self) -> int:
        """How many flights were watched to their crash: rounds seen whole."""
        looks = self.looks()
        return sum(a == FLIGHT and b == CRASH for a, b in itertools.pairwise(looks))


def _look(note: FrameNote, band: TextLine | None) -> str:
    if band is None:
        return OTHER
    if note.white is not None and note.white.same_band(band):
        return FLIGHT
    return CRASH if note.red is not None and note.red.same_band(band) else OTHER


def bar_runs(frame: np.ndarray) -> np.ndarray:
    """Each row's longest unbroken run of bar pixels, as (start column, length); (0, 0) for none."""
    pixels = bar_pixels(frame)
    rows, width = pixels.shape
    edges = np.diff(np.pad(pixels, ((0, 0), (1, 1))).astype(np.int8), axis=1)
    run_rows, starts = np.nonzero(edges == 1)
    lengths = np.nonzero(edges == -1)[1] - starts  # row by row, each run's end follows its start
    best = np.zeros(rows, np.int64)
    np.maximum.at(best, run_rows, lengths * (width + 1) + starts)  # the longest, then the rightmost
    return np.stack([best % (width + 1), best // (width + 1)], axis=1).astype(np.int32)
