"""Sample records of every type, for the data tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aviator.data.models import Bet, BetEvent, PhaseTransition, RgbSample, Round, ThresholdCrossing

START = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def stamp(seconds: float) -> str:
    return (START + timedelta(seconds=seconds)).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def round_at(index: int, final_score: float, bookmaker: str = "Admiral", **extra: object) -> Round:
    """The index-th round of a bookmaker, 22 s apart like the real game."""
    return Round(bookmaker, final_score, stamp(22 * index), stamp(22 * index + 10), **extra)


def one_of_each(bookmaker: str = "Admiral") -> list[object]:
    started = stamp(0)
    return [
        Round(bookmaker, 3.41, started, stamp(15), "admiral-group", 14.7, 1.5, 812, 4521.5, 2210.0, False),
        ThresholdCrossing(bookmaker, started, 2.0, stamp(8.3), 401, 2150.25),
        PhaseTransition(bookmaker, "PLAYING", started),
        RgbSample(bookmaker, "multiplier", stamp(1), 40.5, 20.25, 90.0, 3.5, 2.25, 10.0),
        Bet(bookmaker, 1, 10.0, stamp(-5), started, 2.0, "settled", "won", 10.0, "paper", 3.41, "flat", "b1"),
        BetEvent(bookmaker, "b1", stamp(-5), "placed", "paper: stake 10.00 at 2.00x, panel 1"),
    ]
