"""The history strip: the last rounds' crash values, newest first, each in a coloured bubble.

Text lines (another reader's output, or ours) are parsed token by token with the same repairs as
live readings, but by the strip's own rule for the x: a token may lack it (repair_bubble), since
the strip shows nothing but multipliers and some real sites' bubbles have no x. The multiplier
reader's rule (no x, no value) does not reach the strip: its readers' rejected text is parsed
here. From pixels, bubbles are found by the colour of their text (#34b4ff below 2x, #913ef8
from 2x, #c017b4 from 10x); each bubble's text (how much of each pixel its colour covers) is read
by the readers given, and a value whose bubble has the wrong colour for it is rejected. The
strip's own font cuts its glyphs its own way (strip_glyphs): its text is small.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aviator.core.ocr.engine import MultiplierReader
from aviator.core.ocr.parse import ParseError
from aviator.core.ocr.validation import repair_bubble

BUBBLE_COLOURS = {"blue": (52, 180, 255), "purple": (145, 62, 248), "magenta": (192, 23, 180)}
COLOUR_RADIUS = 70  # RGB distance within which a pixel is a bubble's ink
INK_LEVEL = 0.7  # by default a pixel is text where the text's colour covers this share of it; each
# strip font learns its own (StripLearner): below, a condensed 13-pixel font's antialiased feet join
# its digits; above, its thin strokes break, while another font's '6' and 'x' join below 0.75
OFF_BLEND = 90  # RGB distance (summed) beyond which a pixel is no blend of the text and its background
STRIP_SUFFIX = "-strip"  # the strip font's name in a TemplateStore: beside its bookmaker's multiplier font
PARTIAL_SUFFIX = "-strip-partial"  # the strip font while some digit is still missing
GAP = 0.3  # columns without ink wider than this share of the strip's height separate two bubbles


@dataclass(frozen=True)
class Bubble:
    text: str
    value: float | None  # None when rejected
    colour: str | None = None  # the bubble's colour name when read from pixels
    rejected: str | None = None


def colour_of(value: float) -> str:
    """The colour the game gives a bubble of this value."""
    return "magenta" if value >= 10 else "purple" if value >= 2 else "blue"


def parse_history_line(line: str) -> list[Bubble]:
    """Every token of a history line, newest first; tokens that cannot be read are rejected."""
    return [_parse_token(token) for token in line.split()]


def _parse_token(token: str, colour: str | None = None) -> Bubble:
    try:
        value = repair_bubble(token)
    except ParseError as error:
        return Bubble(token, None, colour, str(error))
    if colour is not None and colour != colour_of(value):
        return Bubble(token, None, colour, f"{colour} bubble cannot show {value:.2f}x")
    return Bubble(token, value, colour)


def whole_spans(strip: np.ndarray) -> list[tuple[int, int, str]]:
    """The bubbles' spans but the last when the strip's end cuts it (its text is not whole)."""
    return [span for span in bubble_spans(strip) if span[1] < strip.shape[1] - 1]


def bubble_crop(strip: np.ndarray, span: tuple[int, int, str]) -> np.ndarray:
    """One bubble's text and a margin of two columns."""
    return strip[:, max(0, span[0] - 2) : span[1] + 2]


def bubble_spans(strip: np.ndarray) -> list[tuple[int, int, str]]:
    """Column spans (left, right) of the bubbles' text, newest (leftmost) first, with their colour."""
    distances = {
        name: np.abs(strip.astype(np.int16) - colour).sum(axis=2) for name, colour in BUBBLE_COLOURS.items()
    }
    nearest = np.argmin(np.stack(list(distances.values())), axis=0)
    ink = np.min(np.stack(list(distances.values())), axis=0) < COLOUR_RADIUS
    columns = np.flatnonzero(ink.any(axis=0))
    if not len(columns):
        return []
    breaks = np.flatnonzero(np.diff(columns) > GAP * strip.shape[0])
    spans = zip(np.r_[columns[0], columns[breaks + 1]], np.r_[columns[breaks], columns[-1]] + 1, strict=True)
    names = list(BUBBLE_COLOURS)
    result = []
    for left, right in spans:
        votes = np.bincount(nearest[:, left:right][ink[:, left:right]], minlength=len(names))
        result.append((int(left), int(right), names[int(votes.argmax())]))
    return result


def ink_mask(crop: np.ndarray, colour: str, level: float = INK_LEVEL) -> np.ndarray:
    """Text likeness 0..1 of one bubble's text of `colour` (a BUBBLE_COLOURS name): how much of each
    pixel that colour covers over the bubble's background (the crop's median), mapped so that
    `level` is 0.5 and full cover 1. A pixel off the blend of the two (another colour) is none.

    Measured on strips of five web fonts: every bubble cut into as many glyphs as it has characters,
    where the distance to the bubble colours (text within COLOUR_RADIUS) cut 46 % of a condensed
    strip's bubbles wrong, its thin strokes broken and its feet joined.
    """
    return mask_at(ink_share(crop, colour), level)


def ink_share(crop: np.ndarray, colour: str) -> np.ndarray:
    """How much of each pixel the bubble's text `colour` covers over its background (ink_mask)."""
    rgb = crop.astype(np.float32)
    background = np.median(rgb.reshape(-1, 3), axis=0)
    towards = np.asarray(BUBBLE_COLOURS[colour], np.float32) - background
    share = (rgb - background) @ towards / max(float(towards @ towards), 1.0)
    off = np.abs(rgb - background - share[..., None] * towards).sum(axis=2) > OFF_BLEND
    share[off] = 0.0
    return share


def mask_at(share: np.ndarray, level: float) -> np.ndarray:
    """The text likeness of an ink share: 0.5 at `level`, 1 at full cover."""
    low = 2 * level - 1  # the share mapped to 0, on the line through (level, 0.5) and (1, 1)
    return np.clip((share - low) / (1 - low), 0, 1).astype(np.float32)


def read_history(strip: np.ndarray, reader: MultiplierReader, level: float = INK_LEVEL) -> list[Bubble]:
    """The bubbles of a history strip crop, newest first; a bubble cut by the strip's end is left out.

    Each bubble's ink mask (text where its colour covers `level` of a pixel: the strip font's)
    goes to `reader` (an OCREngine: the skin's templates fit the strip's smaller text too, since
    glyphs are scaled to one digit height; the fallback reads the rest).
    """
    bubbles = []
    for span in whole_spans(strip):
        crop, colour = bubble_crop(strip, span), span[2]
        reading = reader.read_multiplier(crop, ink_mask(crop, colour, level))
        bubbles.append(
            _parse_token(reading.text, colour) if reading.text else Bubble("", None, colour, "no text")
        )
    return bubbles
