"""The report over generated rounds: a fair sequence gives every section, every plot, and a page
that says no test failed; a biased one (another house edge, a streak rule) is named as failing."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from aviator.analysis.report import build_report, write_report
from aviator.analysis.report.compute import SECTIONS, summary
from tests.analysis.rounds import frame, timed
from tests.analysis.sequences import fair, streak_rule

PLOTS = {
    "crash_law",
    "return_to_player",
    "autocorrelation",
    "gamblers_fallacy",
    "cycle_time",
    "growth",
    "bookmakers",
    "strategies",
}


def _rounds(crashes: pd.Series | object, bookmaker: str = "Merkur") -> pd.DataFrame:
    return frame(crashes, timed(crashes), bookmaker=bookmaker)  # type: ignore[arg-type]


def test_a_fair_report_has_every_section_plot_and_an_honest_verdict(tmp_path: Path) -> None:
    crashes = fair(30_000, seed=21)
    data = pd.concat([_rounds(crashes), _rounds(crashes[5000:], "MaxBet"), _rounds(fair(5000, 22), "Soccer")])
    told: list[str] = []
    report = build_report(data, paths=200, step=told.append)
    assert told == list(SECTIONS)
    assert report.rounds == 35_000 and report.all_rounds == 60_000  # MaxBet = Merkur counted once
    assert report.failed == [] and len(report.tests) == 7
    page = write_report(report, tmp_path).read_text()
    assert {p.stem for p in tmp_path.glob("*.png")} == PLOTS
    assert len(re.findall(r'src="data:image/png;base64,', page)) == len(PLOTS)
    assert "No test finds a departure" in page and "house edge" in page
    fits = summary(report)["cycle_fits"]
    assert fits["Merkur"]["per_ln"] == pytest.approx(12.0) and fits["Merkur"]["base"] == pytest.approx(12.6)


def test_another_house_edge_is_named_as_failing(tmp_path: Path) -> None:
    report = build_report(_rounds(fair(100_000, seed=23, rtp=0.99)), paths=50)
    failed = {t.name for t in report.failed}
    assert (
        "crash law: chi-square on log bins" in failed
        and "house edge: pooled return to player = 0.97" in failed
    )
    page = write_report(report, tmp_path).read_text()
    assert "tests fail at the 1% level" in page and "chi-square on log bins (statistic" in page


def test_a_streak_rule_is_named_as_failing() -> None:
    report = build_report(_rounds(streak_rule(50_000, seed=24, k=3, share=0.2)), paths=50)
    assert "P(>= 2x) after 1-10 rounds under 2x (Holm)" in {t.name for t in report.failed}


@pytest.mark.parametrize("rounds", [0, 99])
def test_too_few_rounds_no_report(rounds: int) -> None:
    with pytest.raises(ValueError, match="too few to test"):
        build_report(frame(fair(rounds, seed=1)))


def test_rounds_all_alike_still_give_a_report(tmp_path: Path) -> None:
    report = build_report(frame(np.full(200, 1.0)), paths=10)  # a broken reader's output, say
    assert {t.name for t in report.failed} >= {"crash law: chi-square on log bins"}
    assert write_report(report, tmp_path).exists()
