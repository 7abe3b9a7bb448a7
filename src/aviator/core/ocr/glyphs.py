"""From a crop to normalised glyph images: text mask, line finding, glyph segmentation.

Glyphs are connected components scaled by the height of the line's digits (not each glyph's
own height), so '.', ',' and '1' keep their size and position relative to the digits and stay
distinguishable at any font size.

Plain numpy, no scipy: the components come from the line's horizontal runs of pixels (a few
hundred), joined by vectorised union-find, numbered as scipy.ndimage.label numbers them. A worker
process so never loads scipy (some 20 MB of memory), and a line is labelled in some thirty
small array operations whatever its size.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np

GLYPH_H, GLYPH_W = 32, 28  # the normalised box; the digit band spans rows 6..26
BAND_TOP, BAND_BOTTOM = 6, 26
MIN_MASS = 0.5  # a row with less text mass than this is empty
MIN_AREA = 0.004  # components smaller than this share of digit height squared are noise
STEP = 4  # every STEP-th row and column is enough to find where the big text is
MARGIN = 2  # samples kept around the sampled text box
ROWS_PER_STRIDE = 56  # the fast path reads every k-th pixel of crops k * ROWS_PER_STRIDE rows tall
HOT_RED = 150  # both white and red text have a red channel above this; the game's backgrounds do not
MAX_COMPONENTS = 64  # "10,000.00x" is 10 glyphs: a line with more than this many specks is noise
CROWDED_RUNS = 16 * MAX_COMPONENTS  # a multiplier's line has a few hundred runs of pixels; noise thousands


@dataclass(frozen=True)
class TextColour:
    """Which kind of text the mask found: white (flying), red (crashed) or none."""

    name: str
    pixels: int


NO_COLOUR = TextColour("none", 0)


def text_mask(crop: np.ndarray) -> tuple[np.ndarray, TextColour]:
    """Text likeness of each pixel in 0..1, for white text and for red text, whichever dominates."""
    white, red = _likeness(crop, "white", 1), _likeness(crop, "red", 1)
    white_n, red_n = int((white > 0.5).sum()), int((red > 0.5).sum())
    if red_n > white_n:
        return red, TextColour("red", red_n)
    return white, TextColour("white" if white_n else "none", white_n)


def find_text(crop: np.ndarray) -> tuple[np.ndarray, TextColour]:
    """The text mask of only the box around the crop's text: the fast path's mask.

    Colour and box come from every STEP-th pixel; the mask is then computed inside the box plus a
    margin, on every k-th pixel where k grows with the crop's height: the glyphs are scaled to a
    20-pixel digit band anyway, so a big font loses nothing, and a region's height is fixed per
    skin, so learning and reading always see the same k.
    """
    # the sample's planes apart, each contiguous: arithmetic on interleaved channels is slower
    r, g, b = crop[::STEP, ::STEP].transpose(2, 0, 1).copy()
    white = np.minimum(r, np.minimum(g, b)) > 180  # likeness above 0.5, as text_mask counts it
    red = (r > HOT_RED) & (np.maximum(g, b) < r - 125)  # r > 150: the uint8 subtraction cannot wrap
    white_n, red_n = int(np.count_nonzero(white)), int(np.count_nonzero(red))
    colour = TextColour("red", red_n) if red_n > white_n else TextColour("white", white_n)
    if not colour.pixels:
        return np.zeros((0, 0), np.float32), NO_COLOUR
    chosen = red if colour.name == "red" else white
    rows, cols = chosen.any(axis=1).nonzero()[0], chosen.any(axis=0).nonzero()[0]
    # a thin stroke (the flag of a '1') can reach past the sampled pixels: keep MARGIN samples
    top, bottom = max(0, (rows[0] - MARGIN) * STEP), (rows[-1] + MARGIN + 1) * STEP
    left, right = max(0, (cols[0] - MARGIN) * STEP), (cols[-1] + MARGIN + 1) * STEP
    stride = max(1, crop.shape[0] // ROWS_PER_STRIDE)
    return _likeness(crop[top:bottom:stride, left:right], colour.name, stride), colour


def _likeness(pixels: np.ndarray, colour: str, stride: int) -> np.ndarray:
    """Text likeness of every `stride`-th pixel of each row of `pixels` (RGB), for white or red text.

    The channels are combined on the rows' bytes in a row, each byte with the next two (at a
    pixel's red byte: its green and blue bytes), and only then is each pixel's first byte kept:
    three passes over contiguous bytes instead of arithmetic on interleaved channels, which is
    several times slower.
    """
    flat = pixels.copy().reshape(-1)  # each row of a crop is contiguous: a cheap copy
    combined = np.empty_like(flat)
    head, at_pixels = combined[:-2], np.s_[:, :: 3 * stride]  # the last pixel's red byte is in `head`
    if colour == "red":
        np.maximum(flat[1:-1], flat[2:], out=head)  # green and blue's maximum
        return _red(flat.reshape(len(pixels), -1)[at_pixels], combined.reshape(len(pixels), -1)[at_pixels])
    np.minimum(flat[:-2], flat[1:-1], out=head)
    np.minimum(head, flat[2:], out=head)  # the least of the three channels
    return _white(combined.reshape(len(pixels), -1)[at_pixels])


def _white(least: np.ndarray) -> np.ndarray:
    likeness = least.astype(np.float32)
    likeness -= 140
    likeness *= 1 / 80
    return np.clip(likeness, 0, 1, out=likeness)


def _red(r: np.ndarray, green_blue: np.ndarray) -> np.ndarray:
    likeness = r.astype(np.float32)
    likeness -= green_blue
    likeness -= 90
    likeness *= 1 / 70
    np.clip(likeness, 0, 1, out=likeness)
    likeness *= r > HOT_RED  # (faster than assigning 0 through a boolean index)
    return likeness


def main_line(mask: np.ndarray) -> tuple[int, int] | None:
    """Rows of the tallest band of text: the big multiplier, not a caption above it."""
    rows = np.zeros(len(mask) + 2, bool)
    rows[1:-1] = mask.sum(axis=1) >= MIN_MASS
    edges = (rows[1:] != rows[:-1]).nonzero()[0]  # alternating starts and stops
    if not len(edges):
        return None
    starts, stops = edges[::2], edges[1::2]
    tallest = int((stops - starts).argmax())
    return int(starts[tallest]), int(stops[tallest])


@dataclass(frozen=True)
class Cut:
    """The glyphs of a mask's main text line, and how many connected components were found there."""

    glyphs: np.ndarray  # (n, GLYPH_H, GLYPH_W), left to right
    components: int

    @property
    def noise(self) -> bool:
        """Far more specks than a multiplier has glyphs: noise, left uncut (no glyphs)."""
        return self.components > MAX_COMPONENTS


NO_GLYPHS = np.zeros((0, GLYPH_H, GLYPH_W), np.float32)


def segment(mask: np.ndarray) -> np.ndarray:
    """Normalised glyph images (n, GLYPH_H, GLYPH_W) of the main text line, left to right."""
    return cut(mask).glyphs


def cut(mask: np.ndarray) -> Cut:
    """The main text line cut into glyphs.

    Glyphs are connected components, not column runs: a '.' tucked under the arm of a '7' shares
    columns with it but never pixels. A line of more than MAX_COMPONENTS components is not cut
    further: a noise frame gives no glyphs, and no thousands of specks to normalise and match.
    """
    line = main_line(mask) if mask.size else None
    if line is None:
        return Cut(NO_GLYPHS, 0)
    band = mask[line[0] : line[1]]
    runs = Runs.of(band >= 0.5)
    if len(runs.starts) > CROWDED_RUNS and (alone := runs.alone()) > MAX_COMPONENTS:
        return Cut(NO_GLYPHS, alone)  # so many lone specks need no labelling to be known as noise
    numbers, firsts = runs.components()
    count = len(firsts)
    if not count or count > MAX_COMPONENTS:
        return Cut(NO_GLYPHS, count)
    top, bottom, left, right = runs.boxes(numbers, firsts)
    heights, widths = bottom - top, right - left
    digit_h = int(heights.max())
    tops = top[heights >= 0.8 * digit_h]
    tops.sort()
    order = left.argsort(kind="stable")
    overlap = bool((left[order[1:]] < np.maximum.accumulate(right[order[:-1]])).any())
    order = order[(heights * widths)[order] >= MIN_AREA * digit_h**2]  # smaller ones are specks of noise
    if not len(order):  # a band taller than 1 / MIN_AREA rows: nothing is big enough to be a glyph
        return Cut(NO_GLYPHS, count)
    # each pixel is told from its neighbours' by its component's number only where columns are shared
    owners = (runs.paint(numbers, band.shape), order + 1) if overlap else None
    glyphs = _normalise(band, owners, left[order], widths[order], int(tops[len(tops) // 2]), digit_h)
    return Cut(glyphs, count)


@dataclass(frozen=True)
class Runs:
    """The horizontal runs of a binary image, as flat indices into the image padded by one empty
    column on each side (width `stride`): `starts` of the first pixel, `stops` of the one after
    the last; row-major, so every row's runs are sorted and a row's come before the next's."""

    starts: np.ndarray
    stops: np.ndarray
    stride: int
    height: int

    @classmethod
    def of(cls, binary: np.ndarray) -> Runs:
        height, width = binary.shape
        padded = np.zeros((height, width + 2), bool)
        padded[:, 1:-1] = binary
        flat = padded.reshape(-1)
        flips = (flat[1:] != flat[:-1]).nonzero()[0]  # index k: pixel k + 1 starts or ends a run
        return cls(flips[::2], flips[1::2], width + 2, height)

    def components(self) -> tuple[np.ndarray, np.ndarray]:
        """The 8-connected component of each run, numbered 1.. in the order of each component's
        first pixel (as scipy.ndimage.label numbers them), and the index of each one's first run."""
        parent = self._roots()
        firsts = (parent == np.arange(len(parent))).nonzero()[0]
        numbers = np.zeros(len(parent), np.int64)
        numbers[firsts] = 1
        return numbers.cumsum(out=numbers)[parent], firsts

    def _roots(self) -> np.ndarray:
        """Each run's root: the first run of its component. Union-find on arrays: every run points
        at a run above it, pointer jumping collapses the chains, then while two touching runs
        have different roots the later root is hooked under the earlier one."""
        upper, lower = self.touching
        parent = np.arange(len(self.starts))
        parent[lower] = upper  # a chain climbs one row a step: height.bit_length() jumps end it
        for _ in range(self.height.bit_length()):
            parent = parent[parent]
        while True:
            a, b = parent[upper], parent[lower]
            apart = a != b
            if not apart.any():
                return parent
            a, b = a[apart], b[apart]
            parent[np.maximum(a, b)] = np.minimum(a, b)
            parent = _flatten(parent)

    def alone(self) -> int:
        """How many runs touch no other run: each is a component by itself."""
        upper, lower = self.touching
        touched = np.zeros(len(self.starts), bool)
        touched[upper] = True
        touched[lower] = True
        return len(touched) - int(np.count_nonzero(touched))

    @cached_property
    def touching(self) -> tuple[np.ndarray, np.ndarray]:
        """Pairs of runs in neighbouring rows that touch, also diagonally: (upper, lower)."""
        below = self.starts + self.stride  # the same columns one row down
        first = self.stops.searchsorted(below)  # first run of the next row that reaches them
        count = self.starts.searchsorted(self.stops + self.stride, "right") - first
        np.maximum(count, 0, out=count)
        upper = np.arange(len(self.starts)).repeat(count)
        lower = np.arange(len(upper)) + (first - count.cumsum() + count).repeat(count)
        return upper, lower

    def boxes(self, numbers: np.ndarray, firsts: np.ndarray) -> tuple[np.ndarray, ...]:
        """Top, bottom, left and right (stops exclusive) of each component."""
        rows, starts = np.divmod(self.starts, self.stride)
        stops = self.stops - rows * self.stride
        count = len(firsts)
        top = rows[firsts]  # a component's first run is in its top row
        bottom = np.zeros(count + 1, np.int64)
        np.maximum.at(bottom, numbers, rows + 1)
        left = np.full(count + 1, self.stride, np.int64)
        np.minimum.at(left, numbers, starts)
        right = np.zeros(count + 1, np.int64)
        np.maximum.at(right, numbers, stops)
        return top, bottom[1:], left[1:], right[1:]

    def paint(self, numbers: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
        """The image of component numbers (0: background)."""
        steps = np.zeros(self.height * self.stride + 1, np.int32)
        steps[self.starts + 1] = numbers
        steps[self.stops + 1] = -numbers
        return np.cumsum(steps[:-1], dtype=np.int32).reshape(self.height, self.stride)[:, 1 : shape[1] + 1]


def _flatten(parent: np.ndarray) -> np.ndarray:
    """Pointer jumping until every run points at its root."""
    while True:
        jumped = parent[parent]
        if not (jumped != parent).any():
            return parent
        parent = jumped


@cache
def _rows(top: int, digit_h: int, band_h: int) -> tuple[np.ndarray, np.ndarray]:
    """Band rows sampled into the glyph box, and where they land in a flattened box (a column).

    The same few (top, height) pairs come back frame after frame, so they are computed once.
    """
    ys = ((np.arange(GLYPH_H) - BAND_TOP + 0.5) * (digit_h / (BAND_BOTTOM - BAND_TOP)) + top).astype(np.int32)
    inside = np.flatnonzero((ys >= 0) & (ys < band_h))  # a run of rows: ys increases
    return _frozen(ys[inside]), _frozen(inside[:, None] * GLYPH_W)


def _normalise(
    band: np.ndarray,
    owners: tuple[np.ndarray, np.ndarray] | None,
    starts: np.ndarray,
    spans: np.ndarray,
    top: int,
    digit_h: int,
) -> np.ndarray:
    """Scale so the digit band maps to rows BAND_TOP..BAND_BOTTOM; centre each glyph horizontally.

    All glyphs are sampled with one gather: the rows are shared, the columns of every glyph are
    concatenated. A glyph keeps only its own pixels: those of the band's text (>= 0.5) or, where
    components share columns (`owners`: the image of component numbers and each glyph's number),
    those of its component.
    """
    rows, places = _rows(top, digit_h, band.shape[0])
    sources, targets = zip(*[_columns(span, digit_h) for span in spans.tolist()], strict=True)
    widths = [len(source) for source in sources]
    xs = np.concatenate(sources) + starts.repeat(widths)
    sampled = band.take(xs, axis=1).take(rows, axis=0)
    if owners is None:
        sampled *= sampled >= 0.5
    else:
        sampled *= owners[0].take(xs, axis=1).take(rows, axis=0) == owners[1].repeat(widths)
    out = np.zeros((len(widths), GLYPH_H, GLYPH_W), np.float32)
    places = places + (np.concatenate(targets) + (np.arange(len(widths)) * GLYPH_H * GLYPH_W).repeat(widths))
    out.reshape(-1)[places] = sampled
    for n, width in enumerate(widths):
        if not width:
            out[n] = 1.0  # too wide for one glyph: matches nothing
    return out


@cache
def _columns(span: int, digit_h: int) -> tuple[np.ndarray, np.ndarray]:
    """Where the columns of a glyph `span` pixels wide come from (offsets from its left) and go to
    (columns of the glyph box, centred); none when it is too wide for the box.

    Glyph widths repeat (one per character and font size), so each is computed once.
    """
    scale = (BAND_BOTTOM - BAND_TOP) / digit_h
    width = max(1, round(span * scale))
    if width > GLYPH_W:
        return _frozen(np.zeros(0, np.int64)), _frozen(np.zeros(0, np.int64))
    k = np.arange(width)
    sources = np.minimum(((k + 0.5) / scale).astype(np.int64), span - 1)
    return _frozen(sources), _frozen((GLYPH_W - width) // 2 + k)


def _frozen(array: np.ndarray) -> np.ndarray:
    """A cached array, shared by every later read: read-only, so no read can change another's."""
    array.flags.writeable = False
    return array
