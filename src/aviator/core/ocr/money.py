"""Amounts of money and counts of players as sites write them, parsed strictly.

Money always shows two decimals; the separator before them is the decimal point ('.' or ','),
and the other one, or a space, groups thousands by three: '1,234.56', '1.234,56', '1 234.56'.
A reader that drops spaces gives '1234.56', which is as plain. A currency code before or after
('RSD', 'EUR') is allowed and dropped. Anything else is rejected (ParseError), never guessed.
"""

from __future__ import annotations

import re

from aviator.core.ocr.parse import ParseError

CURRENCY = re.compile(r"^[A-Z]{2,4}(?=[\d ])|(?<=[\d ])[A-Z]{2,4}$")
GROUPED = r"\d{1,3}(?P<group>[., ])\d{3}(?:(?P=group)\d{3})*"  # one grouping character throughout
MONEY = re.compile(rf"^(?P<whole>\d+|{GROUPED})(?P<point>[.,])(?P<cents>\d{{2}})$")
COUNT = re.compile(rf"^(?:\d+|{GROUPED})$")
MAX_MONEY = 100_000_000.0  # more than any round's bets: a longer number is a misread
MAX_COUNT = 1_000_000


def _body(text: str) -> str:
    return CURRENCY.sub("", text.strip()).strip()


def parse_money(text: str) -> float:
    """'1.234,56 RSD' -> 1234.56. The grouping must be consistent and differ from the point."""
    body = _body(text)
    match = MONEY.match(body)
    if not match:
        raise ParseError(f"not an amount: {text!r}")
    group, point = match.group("group"), match.group("point")
    if group is not None and group == point:
        raise ParseError(f"mixed separators: {text!r}")
    whole = re.sub(r"[., ]", "", match.group("whole"))
    if len(whole) > 1 and whole.startswith("0"):
        raise ParseError(f"leading zero: {text!r}")
    value = float(f"{whole}.{match.group('cents')}")
    if value >= MAX_MONEY:
        raise ParseError(f"too large for an amount: {text!r}")
    return value


def parse_count(text: str) -> int:
    """'3.486', '3,486', '3 486', '3486' -> 3486; no decimals, no currency."""
    body = text.strip()
    if not COUNT.match(body):
        raise ParseError(f"not a count: {text!r}")
    digits = re.sub(r"[., ]", "", body)
    if len(digits) > 1 and digits.startswith("0"):
        raise ParseError(f"leading zero: {text!r}")
    value = int(digits)
    if value >= MAX_COUNT:
        raise ParseError(f"too large for a count: {text!r}")
    return value


def parse_kind(text: str, kind: str) -> float:
    """`kind` is "money" or "count"."""
    return parse_money(text) if kind == "money" else float(parse_count(text))
