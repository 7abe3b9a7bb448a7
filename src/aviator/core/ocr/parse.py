"""The game's number notation, parsed strictly: a malformed text is rejected, never guessed.

A multiplier is a number followed by its suffix, the "x": a number without it is something else
that a site shows in or near the multiplier's place (a clock, an amount of money, a number whose
x the region cuts off), never a multiplier reading. Template readers label the suffix glyph of
their skin "x" (their labels are this notation), so for them the rule is "the last glyph is the
skin's learnt suffix".
"""

from __future__ import annotations

import re

SUFFIX = "x"
NO_SUFFIX = "no x after the number"  # the start of the reason a reading without its suffix is rejected
MULTIPLIER = re.compile(r"^(\d{1,3}(?:,\d{3})*|\d+)\.(\d{2})x$")


class ParseError(ValueError):
    """A text that is not what it was read as (its message says why): rejected, never guessed."""


def parse_multiplier(text: str) -> float:
    """'3,281.54x' -> 3281.54. Thousands separators must be in the right places."""
    require_suffix(text, (SUFFIX,))
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


def require_suffix(text: str, suffixes: tuple[str, ...]) -> None:
    """ParseError unless `text` ends with one of `suffixes`, its number's multiplier sign."""
    if not text.endswith(suffixes):
        raise ParseError(f"{NO_SUFFIX}: {text!r}")


def format_multiplier(value: float) -> str:
    """The game's notation of a value: two decimals, thousands separators, a trailing x."""
    return f"{value:,.2f}x"
