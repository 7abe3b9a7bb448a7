"""Validation and repair of readings: what may be stored, what is rejected and counted.

Repairs are limited to mistakes with one possible meaning, because the game always prints two
decimals and groups thousands by three: a dropped or misread separator or decimal point. A
multiplier's trailing 'x' is never repaired: a number without it is not a multiplier (a clock, an
amount of money, a number whose x was cut off), except in the history strip, where only
multipliers stand (repair_bubble). Anything else is rejected. Flight readings must be non-decreasing and
follow the growth curve m(t) = exp(GROWTH_RATE * t); a crash must match the newest history bubble.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from aviator.config.settings import GROWTH_RATE, flight_seconds
from aviator.core.ocr.parse import SUFFIX, ParseError, require_suffix

LOOSE_NUMBER = re.compile(r"^[0-9][0-9.,: ]*$")
GROUPED = re.compile(r"^\d{1,3}([., ]\d{3})*$")
SUFFIXES = (SUFFIX, SUFFIX.upper())  # what a recogniser may make of the game's x
CURVE_SLACK_SECONDS = 1.5  # how far a reading may lag or lead the growth curve (screen and look delays)


def repair_multiplier(text: str) -> float:
    """The value of a multiplier text, repairing unambiguous OCR slips; ParseError otherwise.

    '3,281.54x', '3281.54x', '3.281.54x', '3,281,54x' -> 3281.54; '170x', '1:70X' -> 1.70. The x
    (in either case: a recogniser may return either) must end the text: '1.70' is rejected.
    """
    body = text.strip().replace(" ", "")
    require_suffix(body, SUFFIXES)
    return _multiplier_value(body[:-1], text)


def repair_bubble(text: str) -> float:
    """A history strip bubble's value: the multiplier's repairs, with or without its x.

    The strip's rule, apart from the multiplier's on purpose: the strip shows only multipliers,
    each bubble's colour must fit its value, and on some real sites its bubbles have no x at all.
    """
    body = text.strip().replace(" ", "")
    return _multiplier_value(body[:-1] if body.endswith(SUFFIXES) else body, text)


def _multiplier_value(number: str, text: str) -> float:
    value = repair_amount(number)
    if value < 1.0:
        raise ParseError(f"multiplier below 1.00x: {text!r}")
    return value


def repair_amount(text: str) -> float:
    """An amount with two decimals in any site's style: '1,234.56', '1.234,56', '1 234.56', '123456'.

    The separator before the last two digits is the decimal point (':' is a misread one); the
    others must group thousands by three.
    """
    body = text.strip()
    if not LOOSE_NUMBER.match(body):
        raise ParseError(f"not a number: {text!r}")
    whole, cents = _split_decimals(body.replace(":", "."), text)
    if not GROUPED.match(whole) and not whole.isdigit():
        raise ParseError(f"misplaced thousands separator: {text!r}")
    digits = re.sub(r"[., ]", "", whole)
    if len(digits) > 1 and digits.startswith("0"):
        raise ParseError(f"leading zero: {text!r}")
    return float(f"{digits}.{cents}")


def _split_decimals(body: str, text: str) -> tuple[str, str]:
    """Whole part and the two decimals: after the last separator, or the last two digits if none."""
    if body[-3:-2] in (".", ",") and body[-2:].isdigit():
        return body[:-3], body[-2:]
    if body.isdigit() and len(body) >= 3:
        return body[:-2], body[-2:]  # the decimal point was not seen
    raise ParseError(f"not two decimals: {text!r}")


def crash_agrees_with_history(crash: float, newest_bubble: float | None) -> bool:
    """The recorded crash and the history strip's newest bubble name the same round's value."""
    return newest_bubble is not None and round(crash * 100) == round(newest_bubble * 100)


@dataclass
class FlightCheck:
    """Readings of one flight: each must be >= the last and on the growth curve.

    The curve is anchored by the first accepted reading (take-off = its time minus the flight
    seconds its value needs); later readings may differ from the curve by CURVE_SLACK_SECONDS.
    """

    slack: float = CURVE_SLACK_SECONDS
    rejected: Counter[str] = field(default_factory=Counter)
    _takeoff: float | None = None
    _highest: float = 0.0

    def new_flight(self) -> None:
        self._takeoff, self._highest = None, 0.0

    def check(self, value: float, at: float) -> str | None:
        """None when the reading is plausible, else why not (and it is counted)."""
        why = self._why(value, at)
        if why is None:
            self._highest = value
            if self._takeoff is None:
                self._takeoff = at - flight_seconds(value)
        else:
            self.rejected[why] += 1
        return why

    def _why(self, value: float, at: float) -> str | None:
        if value < self._highest:
            return "flight value went down"
        if self._takeoff is None:
            return None
        expected = math.exp(GROWTH_RATE * max(0.0, at - self._takeoff))
        if abs(math.log(value / expected)) > GROWTH_RATE * self.slack + 0.01:  # 0.01: display rounding
            return "off the growth curve"
        return None


def repair_count(text: str) -> int:
    """A whole number with optional thousands separators in any site's style: '1,330', '1.330', '1 330'."""
    body = text.strip()
    if not (GROUPED.match(body) or body.isdigit()):
        raise ParseError(f"not a count: {text!r}")
    return int(re.sub(r"[., ]", "", body))
