"""Frames of rounds as the unified reader gives them (bookmaker, crash, started_at, source,
backfilled, server_group), built by hand for the analysis tests."""

from __future__ import annotations

import numpy as np
import pandas as pd


def frame(
    crashes: np.ndarray,
    starts: np.ndarray | None = None,
    bookmaker: str = "Admiral",
    source: str = "test.csv",
    backfilled: np.ndarray | None = None,
) -> pd.DataFrame:
    n = len(crashes)
    return pd.DataFrame(
        {
            "bookmaker": [bookmaker] * n,
            "crash": np.asarray(crashes, dtype=float),
            "started_at": np.full(n, np.nan) if starts is None else np.asarray(starts, dtype=float),
            "source": [source] * n,
            "backfilled": np.zeros(n, dtype=bool)
            if backfilled is None
            else np.asarray(backfilled, dtype=bool),
            "server_group": [None] * n,
        }
    )


def timed(crashes: np.ndarray, base: float = 12.6, per_ln: float = 12.0, t0: float = 1.76e9) -> np.ndarray:
    """Start times whose cycles are exactly base + per_ln * ln M of each round."""
    cycles = base + per_ln * np.log(np.asarray(crashes, dtype=float))
    return t0 + np.concatenate(([0.0], np.cumsum(cycles[:-1])))
