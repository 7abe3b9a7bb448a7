"""Data quality per bookmaker, on a frame worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd

from aviator.analysis.data_quality import data_quality
from tests.analysis.rounds import frame


def test_recorded_backfilled_untimed_and_gaps_by_hand() -> None:
    starts = np.array([0.0, 20.0, 40.0, 3640.0, 3660.0])  # one gap of an hour (3,600 s)
    admiral = frame(np.full(5, 2.0), starts, backfilled=np.array([False, False, True, True, False]))
    soccer = frame(np.full(3, 2.0), bookmaker="Soccer")  # no times at all
    table = data_quality(pd.concat([admiral, soccer], ignore_index=True)).set_index("bookmaker")
    assert table.loc["Admiral", ["rounds", "recorded", "backfilled", "timed", "gaps"]].tolist() == [
        5,
        3,
        2,
        5,
        1,
    ]
    assert table.loc["Admiral", "gap_hours"] == 1.0 and table.loc["Admiral", "last"] == 3660.0
    assert table.loc["Soccer", ["rounds", "timed", "gaps"]].tolist() == [3, 0, 0]
