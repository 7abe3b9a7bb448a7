"""The report's numbers: every section computed from one DataFrame of rounds (the columns of
`aviator.analysis.rounds_frame`: bookmaker, crash, started_at, source, backfilled, server_group).

Bookmakers of one server group show the same rounds, so the crash law, the edge, the randomness
tests and the strategies use one bookmaker per group (server_groups.representatives); the
per-bookmaker tables, the timing and the data quality use every row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from aviator.analysis import crash_law, house_edge, randomness, server_groups, timing
from aviator.analysis.data_quality import data_quality
from aviator.analysis.strategy_risk import PATHS, StrategyRisk, all_strategies
from aviator.analysis.verdicts import TestResult

MIN_ROUNDS = 100  # fewer leave the 20 lags and the chi-square's bins without meaning
PLOTTED_CYCLES = 20_000  # cycles drawn in the scatter (all are fitted): a million dots draw slowly
Step = Callable[[str], None]  # told the name of each section as it starts


@dataclass
class Report:
    """Everything the report shows, section by section."""

    rounds: int  # analysed: one bookmaker per server group
    all_rounds: int  # in the data, every bookmaker
    sources: list[str]
    headline: pd.DataFrame = field(default_factory=pd.DataFrame)
    survival: pd.DataFrame = field(default_factory=pd.DataFrame)
    rtp: pd.DataFrame = field(default_factory=pd.DataFrame)
    edge: house_edge.EdgeEstimate | None = None
    acf: pd.DataFrame = field(default_factory=pd.DataFrame)
    gamblers: pd.DataFrame = field(default_factory=pd.DataFrame)
    cycles: pd.DataFrame = field(default_factory=pd.DataFrame)  # a sample of at most PLOTTED_CYCLES
    fits: dict[str, timing.CycleFit] = field(default_factory=dict)
    rates: pd.DataFrame = field(default_factory=pd.DataFrame)
    bookmakers: pd.DataFrame = field(default_factory=pd.DataFrame)
    pairs: pd.DataFrame = field(default_factory=pd.DataFrame)
    quality: pd.DataFrame = field(default_factory=pd.DataFrame)
    strategies: list[StrategyRisk] = field(default_factory=list)
    tests: list[TestResult] = field(default_factory=list)

    def figure(self, name: str) -> float:
        """A headline figure as observed (P(1.00x), median, P(>= 2x), ...)."""
        return float(self.headline.set_index("figure").loc[name, "observed"])

    @property
    def lag1(self) -> float:
        return float(self.acf["acf"].iloc[0])

    @property
    def failed(self) -> list[TestResult]:
        return [test for test in self.tests if test.verdict == "fail"]


SECTIONS = ("crash law", "house edge", "randomness", "timing", "bookmakers", "strategies", "data quality")


def build_report(frame: pd.DataFrame, seed: int = 0, paths: int = PATHS, step: Step | None = None) -> Report:
    """Every section over `frame`; `step` (a progress bar) is told each section's name first."""
    analysed = server_groups.representatives(frame)
    crashes = crash_law.cents(analysed["crash"].to_numpy())
    if crashes.size < MIN_ROUNDS:
        raise ValueError(f"{crashes.size} rounds: too few to test (the report needs {MIN_ROUNDS} at least)")
    report = Report(len(crashes), len(frame), sorted(map(str, frame["source"].unique())))
    sections: list[Callable[[], None]] = [
        lambda: _law(report, crashes),
        lambda: _edge(report, crashes),
        lambda: _randomness(report, crashes),
        lambda: _timing(report, frame, seed),
        lambda: _bookmakers(report, frame),
        lambda: setattr(report, "strategies", all_strategies(crashes, seed, paths)),
        lambda: setattr(report, "quality", data_quality(frame)),
    ]
    for name, section in zip(SECTIONS, sections, strict=True):
        if step is not None:
            step(name)
        section()
    return report


def _law(report: Report, crashes: np.ndarray) -> None:
    report.headline = crash_law.headline(crashes)
    report.survival = crash_law.survival_frame(crashes)
    report.tests.append(crash_law.law_chi_square(crashes))


def _edge(report: Report, crashes: np.ndarray) -> None:
    report.rtp = house_edge.rtp_curve(crashes)
    report.edge = house_edge.pooled_rtp(crashes)
    report.tests.append(house_edge.edge_test(report.edge))


def _randomness(report: Report, crashes: np.ndarray) -> None:
    report.acf = randomness.autocorrelation(crashes)
    report.gamblers = randomness.gamblers_fallacy(crashes)
    report.tests += [
        randomness.autocorrelation_test(report.acf),
        randomness.ljung_box(report.acf, crashes.size),
        randomness.runs_test(crashes),
        randomness.gamblers_fallacy_test(report.gamblers),
    ]


def _timing(report: Report, frame: pd.DataFrame, seed: int) -> None:
    cycles = timing.cycles(frame)
    fits = {str(name): timing.fit_cycles(part) for name, part in cycles.groupby("bookmaker", sort=True)}
    report.fits = {name: fit for name, fit in fits.items() if fit is not None}
    if len(cycles) > PLOTTED_CYCLES:
        cycles = cycles.sample(PLOTTED_CYCLES, random_state=seed)
    report.cycles = cycles
    report.rates = timing.rounds_per_hour(frame)


def _bookmakers(report: Report, frame: pd.DataFrame) -> None:
    report.bookmakers = server_groups.bookmaker_table(frame)
    report.pairs = server_groups.pair_table(frame)
    if len(report.bookmakers) > 1:
        report.tests.append(server_groups.bookmaker_law_test(report.bookmakers))


def summary(report: Report) -> dict[str, Any]:
    """The report's figures and tests as one JSON-ready object (`aviator report --json`)."""
    edge = report.edge
    figures = {row.figure: {"observed": row.observed, "law": row.law} for row in report.headline.itertuples()}
    return {
        "rounds": report.rounds,
        "all_rounds": report.all_rounds,
        "sources": report.sources,
        "figures": figures,
        "lag1_autocorrelation": report.lag1,
        "return_to_player": None
        if edge is None
        else {"estimate": edge.rtp, "interval": [edge.lower, edge.upper]},
        "house_edge": None if edge is None else {"estimate": edge.edge, "interval": list(edge.edge_interval)},
        "cycle_fits": {
            name: {"base": f.base, "per_ln": f.per_ln, "cycles": f.cycles} for name, f in report.fits.items()
        },
        "strategies": [
            {
                "name": s.name,
                "return_per_staked": s.return_per_staked,
                "recorded_return": s.recorded_return,
                "ruin_probability": s.ruin_probability,
            }
            for s in report.strategies
        ],
        "tests": [test.as_dict() for test in report.tests],
    }
