"""How complete the data are, per bookmaker: rounds recorded live vs backfilled (read back from the
history strip after a gap), rounds without a start time, and the gaps in time (pauses longer than
RECORDING_GAP between two consecutive starts: a reconnect, a night, rounds nobody read).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from aviator.analysis.timing import sequence_ids
from aviator.data.readers.stats import RECORDING_GAP


def data_quality(frame: pd.DataFrame, gap: float = RECORDING_GAP) -> pd.DataFrame:
    """Per bookmaker: sources, rounds, recorded, backfilled, timed (with a start time), gaps (over
    `gap` seconds), gap_hours (their total), first and last start (seconds since 1970, NaN if none)."""
    start = frame["started_at"].to_numpy(dtype=float)
    same = sequence_ids(frame)
    interval = np.diff(start)
    is_gap = np.concatenate(([False], (same[1:] == same[:-1]) & (interval > gap)))
    gap_seconds = np.concatenate(([0.0], np.where(is_gap[1:], interval, 0.0)))
    table = frame.assign(
        _backfilled=frame["backfilled"].astype(bool),
        _timed=np.isfinite(start),
        _gap=is_gap,
        _gap_seconds=gap_seconds,
    )
    out = table.groupby("bookmaker", sort=True).agg(
        sources=("source", "nunique"),
        rounds=("crash", "size"),
        backfilled=("_backfilled", "sum"),
        timed=("_timed", "sum"),
        gaps=("_gap", "sum"),
        gap_seconds=("_gap_seconds", "sum"),
        first=("started_at", "min"),
        last=("started_at", "max"),
    )
    out["recorded"] = out["rounds"] - out["backfilled"]
    out["gap_hours"] = out.pop("gap_seconds") / 3600
    columns = ["sources", "rounds", "recorded", "backfilled", "timed", "gaps", "gap_hours", "first", "last"]
    return out.reset_index()[["bookmaker", *columns]]
