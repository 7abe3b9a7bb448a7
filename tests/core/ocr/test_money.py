"""Amounts of money and counts of players in every site's style; anything else is rejected."""

from __future__ import annotations

import pytest

from aviator.core.ocr.money import parse_count, parse_kind, parse_money
from aviator.core.ocr.parse import ParseError


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234.56", 1234.56),  # the English style
        ("1.234,56", 1234.56),  # the Serbian and German style
        ("1 234.56", 1234.56),  # a space groups thousands
        ("1234.56", 1234.56),  # a reader that dropped the space, or a site that does not group
        ("1234,56", 1234.56),
        ("12,345,678.90", 12345678.9),
        ("12.345.678,90", 12345678.9),
        ("12 345 678.90", 12345678.9),
        ("0.00", 0.0),
        ("0,07", 0.07),
        ("999.99", 999.99),
        ("24.689,60 RSD", 24689.6),
        ("24.689,60RSD", 24689.6),  # templates see no space
        ("EUR 10.00", 10.0),
        ("1 000.00 BAM", 1000.0),
    ],
)
def test_money_in_every_style(text: str, value: float) -> None:
    assert parse_money(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "",
        "RSD",
        "1,234",  # money always shows two decimals
        "1234",
        "1,234.5",
        "1,234.567",
        "1,234,56",  # the decimal point must differ from the grouping
        "1.234.56",
        "1,23,456.00",  # groups of three only
        "12,34.56",
        "1,234 567.00",  # one grouping character
        "01.00",  # a leading zero
        "1.70x",  # a multiplier
        "403.79x",
        "18:59",  # a clock
        "1.234,56 rsd",  # a currency code is capitals
        "12.34.56",
        "-12.00",
        "1O.00",  # a letter O for a zero
        "999,999,999.00",  # more than any round's bets
    ],
)
def test_anything_else_is_not_money(text: str) -> None:
    with pytest.raises(ParseError):
        parse_money(text)


@pytest.mark.parametrize(
    ("text", "value"), [("3,486", 3486), ("3.486", 3486), ("3 486", 3486), ("3486", 3486), ("0", 0), ("7", 7)]
)
def test_counts_in_every_style(text: str, value: int) -> None:
    assert parse_count(text) == value


@pytest.mark.parametrize(
    "text",
    ["", "3,48", "3.4867", "34,86", "3,486.00", "012", "1.70x", "12 RSD", "3,486,", "1,234.567", "1,234 567"],
)
def test_anything_else_is_not_a_count(text: str) -> None:
    with pytest.raises(ParseError):
        parse_count(text)


def test_the_kind_decides_the_parse() -> None:
    assert parse_kind("1.234", "count") == 1234.0
    with pytest.raises(ParseError):
        parse_kind("1.234", "money")
