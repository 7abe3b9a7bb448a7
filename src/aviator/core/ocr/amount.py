"""Amounts of money: the balance, each panel's stake and auto cash-out (read back after typing),
the players' total bets, and the amount on the bet button.

Their text is small and its colour differs per element and site, so the ink is whatever differs
from the crop's dominant background colour; the fallback engine reads it and the last number in
its text is the amount, in any site's style ('1,234.56', '1.234,56', '1 234.56').
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from typing import Protocol

import numpy as np

from aviator.core.ocr.parse import ParseError
from aviator.core.ocr.reading import Reading
from aviator.core.ocr.validation import repair_amount, repair_count

NUMBER = re.compile(r"\d(?:[\d.,: ]*\d)?")
INK_CONTRAST = 60  # channel difference from the background at which a pixel starts to be ink


class TextReader(Protocol):
    engine_name: str

    def read_text(self, mask: np.ndarray) -> tuple[str, float]: ...


def contrast_mask(crop: np.ndarray) -> np.ndarray:
    """Ink likeness 0..1: how far each pixel is from the crop's median (background) colour."""
    rgb = crop.astype(np.int16)
    background = np.median(rgb.reshape(-1, 3), axis=0).astype(np.int16)
    difference = np.abs(rgb - background).max(axis=2)
    return np.clip((difference - INK_CONTRAST) / 80, 0, 1).astype(np.float32)


def read_amount(crop: np.ndarray, reader: TextReader) -> Reading:
    """The last number in the crop's text, as an amount with two decimals ('Total bets 1,629.64 EUR')."""
    return _read_number(crop, reader, repair_amount, reversed)


def read_count(crop: np.ndarray, reader: TextReader) -> Reading:
    """The first number in the crop's text, as a whole count ('1,330 players')."""
    return _read_number(crop, reader, repair_count, iter)


def _read_number(
    crop: np.ndarray,
    reader: TextReader,
    parse: Callable[[str], float],
    order: Callable[[list[str]], Iterable[str]],
) -> Reading:
    """The first number, in `order`, of the crop's text that `parse` accepts (stray specks read as
    digits are skipped)."""
    started = time.perf_counter()
    text, confidence = reader.read_text(contrast_mask(crop))
    for number in order([number.strip() for number in NUMBER.findall(text)]):
        try:
            value = float(parse(number))
        except ParseError:
            continue
        return Reading(text, value, confidence, reader.engine_name, _ms(started))
    return Reading(text, None, confidence, reader.engine_name, _ms(started), f"no number in {text!r}")


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000
