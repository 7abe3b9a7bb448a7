"""Timing: the cycle line recovered from start times built to follow it (and from times that mark
the crashes instead), pauses and backfilled rounds left out, rounds per hour by hand, and the real
start times of thiagosvl's files giving the line the data's README states."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from aviator.analysis.rounds_frame import read_rounds
from aviator.analysis.timing import cycles, fit_cycles, growth_curve, rounds_per_hour
from tests.analysis.rounds import frame, timed
from tests.analysis.sequences import fair


def test_the_line_of_exact_cycles() -> None:
    crashes = fair(500, seed=1)
    fit = fit_cycles(cycles(frame(crashes, timed(crashes))))
    assert fit is not None and fit.marks == "start" and fit.kept == fit.cycles == 499
    assert fit.base == pytest.approx(12.6) and fit.per_ln == pytest.approx(12.0)
    assert fit.seconds_to(2.0) == pytest.approx(12.0 * np.log(2))  # 8.3 s, as the README says


def test_a_missed_round_is_left_out_of_the_fit() -> None:
    crashes = fair(500, seed=2)
    starts = timed(crashes)
    starts[300:] += 20.0  # a round nobody recorded: one cycle 20 s longer than its line
    fit = fit_cycles(cycles(frame(crashes, starts)))
    assert fit is not None and fit.kept == 498 and fit.per_ln == pytest.approx(12.0)


def test_times_that_mark_the_crashes_are_told_apart() -> None:
    crashes = fair(500, seed=3)
    ends = timed(crashes) + 12.0 * np.log(crashes)  # the crash: the start plus the flight
    fit = fit_cycles(cycles(frame(crashes, ends)))
    assert fit is not None and fit.marks == "end" and fit.per_ln == pytest.approx(12.0)


def test_pauses_backfilled_rounds_and_other_bookmakers_make_no_cycle() -> None:
    crashes = np.array([2.0, 2.0, 2.0, 2.0, 2.0])
    starts = np.array([0.0, 20.0, 40.0, 1000.0, 1020.0])  # 960 s: a pause
    one = frame(crashes, starts, backfilled=np.array([False, False, False, False, True]))
    other = frame(crashes[:2], starts[:2], bookmaker="Soccer")
    table = cycles(pd.concat([one, other], ignore_index=True))
    assert table["cycle"].tolist() == [20.0, 20.0, 20.0]  # Admiral 0-20, 20-40; Soccer 0-20


def test_rounds_per_hour_by_hand() -> None:
    rates = rounds_per_hour(frame(np.full(11, 2.0), np.arange(11) * 24.0))
    assert rates["intervals"].iloc[0] == 10 and rates["rounds_per_hour"].iloc[0] == pytest.approx(150.0)


def test_the_growth_curve_of_a_fit() -> None:
    crashes = fair(200, seed=4)
    fit = fit_cycles(cycles(frame(crashes, timed(crashes))))
    assert fit is not None
    curve = growth_curve(fit, top=10.0)
    assert curve["multiplier"].iloc[0] == pytest.approx(1.0) and curve["multiplier"].iloc[
        -1
    ] == pytest.approx(10.0)
    assert curve["seconds"].iloc[-1] == pytest.approx(12.0 * np.log(10))  # 27.6 s


def test_the_real_start_times_give_the_known_line(real_data: Path) -> None:
    rounds = read_rounds([str(real_data / "thiagosvl-aviator-risk-analyzer" / "GRAFOS_CSV")])
    fit = fit_cycles(cycles(rounds))
    assert fit is not None and fit.marks == "start" and fit.follows_line
    assert fit.base == pytest.approx(12.6, abs=0.3) and fit.per_ln == pytest.approx(12.0, abs=0.3)
    assert 140 < rounds_per_hour(rounds)["rounds_per_hour"].iloc[0] < 170  # ~150-165 rounds/hour
