"""The game's clock from the rounds' start times: rounds per hour, the round cycle (this round's
start to the next one's) against ln M with its fitted line, and the growth curve that line implies.

A round lasts a fixed part (crash display, loading, the betting window) plus its flight, and the
multiplier grows as m(t) = exp(t / s), so a flight to M lasts s * ln M: the cycle is a + s * ln M
(real rounds: about 12.6 s + 12.0 s * ln M, so m(t) = exp(0.083 t), 2x at 8.3 s). A cycle longer
than expected by over CYCLE_SLACK seconds means rounds between were not recorded (a reconnect, a
missed round): the line is fitted once on all cycles, then again without those. Some sources time
a round at its crash rather than its start; their cycle grows with the NEXT round's flight, and the
fit says so (CycleFit.marks). Where fewer than ON_LINE of the cycles lie near either line, the times
are neither (a logger's own clock), and no growth is read from them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from aviator.analysis.crash_law import cents
from aviator.data.readers.stats import RECORDING_GAP

CYCLE_SLACK = 6.0  # seconds off the first line at which a cycle is an outlier (timestamps are 1 s apart)
ON_LINE = 0.8  # the share of cycles near the line for the times to be the rounds' own
SEQUENCE = ["source", "bookmaker"]  # rows of one sequence of rounds, in order


def sequence_ids(frame: pd.DataFrame) -> np.ndarray:
    """A number per row, the same for the rows of one source and bookmaker."""
    return frame.groupby(SEQUENCE, sort=False, dropna=False).ngroup().to_numpy()


def cycles(frame: pd.DataFrame, gap: float = RECORDING_GAP) -> pd.DataFrame:
    """Each round's cycle, the next row's time minus this row's, within one source and bookmaker,
    where both were recorded live (a backfilled round's time is not its own) and the two are at most
    `gap` seconds apart: columns bookmaker, crash, log_crash, next_log_crash (of the next round),
    cycle."""
    start = frame["started_at"].to_numpy(dtype=float)
    key = sequence_ids(frame)
    live = ~frame["backfilled"].to_numpy(dtype=bool)
    cycle = np.diff(start)
    ok = (key[1:] == key[:-1]) & live[1:] & live[:-1] & (cycle > 0) & (cycle <= gap)
    crash = cents(frame["crash"].to_numpy())
    return pd.DataFrame(
        {
            "bookmaker": frame["bookmaker"].to_numpy()[:-1][ok],
            "crash": crash[:-1][ok],
            "log_crash": np.log(crash[:-1][ok]),
            "next_log_crash": np.log(crash[1:][ok]),
            "cycle": cycle[ok],
        }
    )


@dataclass(frozen=True)
class CycleFit:
    """cycle = base + per_ln * ln M, fitted by least squares on the cycles within CYCLE_SLACK of a
    first fit; `kept` of `cycles` were used. `marks` says what the times are: the rounds' "start"
    (the cycle grows with this round's flight) or their "end" (it grows with the next one's)."""

    base: float
    per_ln: float
    cycles: int
    kept: int
    residual_sd: float
    marks: str = "start"

    @property
    def growth_rate(self) -> float:
        """r in m(t) = exp(r t): a flight to M lasts ln M / r."""
        return 1.0 / self.per_ln if self.per_ln > 0 else float("nan")

    @property
    def on_line(self) -> float:
        """The share of cycles within CYCLE_SLACK of the line."""
        return self.kept / self.cycles

    @property
    def follows_line(self) -> bool:
        """Whether the times are the rounds' own (starts or ends), so the fit tells the growth."""
        return self.on_line >= ON_LINE

    def seconds_to(self, multiplier: float) -> float:
        return float(np.log(multiplier) * self.per_ln)


def fit_cycles(table: pd.DataFrame) -> CycleFit | None:
    """The cycle line of `cycles(...)` against this round's ln M (times that mark starts) or the next
    round's (times that mark crashes), whichever holds more cycles; None with fewer than 3 cycles."""
    y = table["cycle"].to_numpy()
    fits = [_fit(table[column].to_numpy(), y, marks) for column, marks in COLUMNS_MARKS]
    found = [fit for fit in fits if fit is not None]
    return max(found, key=lambda fit: fit.kept) if found else None  # max keeps the first (start) on ties


COLUMNS_MARKS = (("log_crash", "start"), ("next_log_crash", "end"))


def _fit(x: np.ndarray, y: np.ndarray, marks: str) -> CycleFit | None:
    if x.size < 3 or np.ptp(x) == 0:
        return None
    slope, base = np.polyfit(x, y, 1)
    kept = np.abs(y - (base + slope * x)) <= CYCLE_SLACK
    if kept.sum() >= 3 and np.ptp(x[kept]) > 0:
        slope, base = np.polyfit(x[kept], y[kept], 1)
    residual = y[kept] - (base + slope * x[kept])
    return CycleFit(float(base), float(slope), int(x.size), int(kept.sum()), float(residual.std()), marks)


def rounds_per_hour(frame: pd.DataFrame, gap: float = RECORDING_GAP) -> pd.DataFrame:
    """Per bookmaker, the rounds per hour while recording: intervals between consecutive starts at
    most `gap` apart, counted and timed (longer pauses neither count nor dilute): columns bookmaker,
    intervals, hours, rounds_per_hour."""
    start = frame["started_at"].to_numpy(dtype=float)
    key = sequence_ids(frame)
    interval = np.diff(start)
    ok = (key[1:] == key[:-1]) & (interval > 0) & (interval <= gap)
    table = pd.DataFrame({"bookmaker": frame["bookmaker"].to_numpy()[1:][ok], "seconds": interval[ok]})
    out = table.groupby("bookmaker", sort=True)["seconds"].agg(["count", "sum"]).reset_index()
    out.columns = ["bookmaker", "intervals", "seconds"]
    out["hours"] = out["seconds"] / 3600
    out["rounds_per_hour"] = out["intervals"] / out["hours"]
    return out[["bookmaker", "intervals", "hours", "rounds_per_hour"]]


def growth_curve(fit: CycleFit, top: float = 100.0, points: int = 200) -> pd.DataFrame:
    """The multiplier during a flight as the cycle line implies it, m(t) = exp(t / per_ln), from 1x
    to `top`: columns seconds, multiplier."""
    seconds = np.linspace(0.0, fit.seconds_to(top), points)
    return pd.DataFrame({"seconds": seconds, "multiplier": np.exp(seconds / fit.per_ln)})
