from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aviator.config.settings import GROWTH_RATE
from aviator.core.ocr.parse import ParseError, format_multiplier, parse_multiplier
from aviator.core.ocr.validation import (
    FlightCheck,
    crash_agrees_with_history,
    repair_bubble,
    repair_multiplier,
)

cents = st.integers(min_value=100, max_value=10**9).map(lambda c: c / 100)


@given(cents)
def test_the_game_notation_parses_back_to_its_value(value: float) -> None:
    assert parse_multiplier(format_multiplier(value)) == value
    assert repair_multiplier(format_multiplier(value)) == value


@given(cents)
def test_dropped_or_misread_separators_are_repaired(value: float) -> None:
    text = format_multiplier(value)
    assert repair_multiplier(text.replace(",", "")) == value
    assert repair_multiplier(text.replace(",", ".")) == value
    assert repair_multiplier(text.replace(".", ",")) == value
    assert repair_multiplier(text.replace("x", "X")) == value


@given(cents)
def test_a_number_without_its_x_is_no_multiplier_but_a_bubble_may_lack_it(value: float) -> None:
    text = format_multiplier(value)
    for reader in (parse_multiplier, repair_multiplier):
        with pytest.raises(ParseError, match="no x after the number"):
            reader(text.rstrip("x"))
    assert repair_bubble(text.rstrip("x")) == repair_bubble(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "18:59",
        "1859",
        "1.234,56",
        "1 234.56",
        "1 234.56 EUR",
        "250.00 EUR",
        "$250",
        "250",
        "403.79",
        "12.34 km",
        "2.50 odds",
        "1.70x EUR",
        "x1.70",
    ],
)
def test_clocks_amounts_and_numbers_without_their_x_are_rejected(text: str) -> None:
    with pytest.raises(ParseError):
        repair_multiplier(text)
    with pytest.raises(ParseError):
        parse_multiplier(text)


@given(cents)
def test_a_dropped_decimal_point_is_repaired(value: float) -> None:
    assert repair_multiplier(format_multiplier(value).replace(".", "").replace(",", "")) == value


@given(cents)
def test_the_strict_parser_rejects_what_only_a_repair_can_read(value: float) -> None:
    text = format_multiplier(value)
    with pytest.raises(ParseError):
        parse_multiplier(text.replace(".", ""))
    if value >= 1000:
        with pytest.raises(ParseError):
            parse_multiplier(text.replace(",", ""))


@given(st.text(alphabet="0123456789.,x ", max_size=12))
def test_any_text_is_either_a_multiplier_or_rejected(text: str) -> None:
    try:
        value = repair_multiplier(text)
    except ParseError:
        return
    assert value >= 1.0 and format_multiplier(value) == format_multiplier(round(value, 2))


@pytest.mark.parametrize(
    "text", ["", "x", "1.7x", "0.97x", "1,23,456.00x", "12a.00x", "01.50x", "1.234x", "99"]
)
def test_ambiguous_or_malformed_texts_are_rejected(text: str) -> None:
    with pytest.raises(ParseError):
        repair_multiplier(text)


def test_a_flight_must_not_go_down_nor_leave_the_growth_curve() -> None:
    check = FlightCheck()
    assert check.check(1.0, at=100.0) is None
    assert check.check(round(math.exp(GROWTH_RATE * 8), 2), at=108.0) is None
    assert check.check(1.5, at=108.2) == "flight value went down"
    assert check.check(9.0, at=109.0) == "off the growth curve"
    assert check.rejected == {"flight value went down": 1, "off the growth curve": 1}
    check.new_flight()
    assert check.check(1.5, at=200.0) is None  # a new flight starts anywhere on the curve


def test_a_crash_must_match_the_newest_history_bubble() -> None:
    assert crash_agrees_with_history(3281.54, 3281.54)
    assert not crash_agrees_with_history(1.69, 1.96)
    assert not crash_agrees_with_history(1.69, None)
