"""The game's number notation, parsed strictly: a malformed text is rejected, never guessed."""

from __future__ import annotations

import re

MULTIPLIER = re.compile(r"^(\d{1,3}(?:,\d{3})*|\d+)\.(\d{2})x$")


class ParseError(ValueError):
    pass


def parse_multiplier(text: str) -> float:
    """'3,281.54x' -> 3281.54. Thousands separators must be in the right places."""
    match = MULTIPLIER.match(text)
    if not match:
        raise ParseError(f"not a multiplier: {text!r}")
    whole = match.group(1).replace(",", "")
    if len(whole) > 1 and whole.startswith("0"):
        raise ParseError(f"leading zero in multiplier: {text!r}")
    if len(whole) > 3 and "," not in match.group(1):
        raise ParseError(f"missing thousands separator: {text!r}")
    value = float(f"{whole}.{match.group(2)}")
    if value < 1.0:
        raise ParseError(f"multiplier below 1.00x: {text!r}")
    return value


def format_multiplier(value: float) -> str:
    """The game's notation of a value: two decimals, thousands separators, a trailing x."""
    return f"{value:,.2f}x"
