"""Bookmakers and their server groups: per bookmaker the rounds and how they fit the law, the share
of identical rounds between two bookmakers' sequences, and one sequence per server group.

Bookmakers that share a game server show the same rounds (Mozzart = MaxBet = Merkur = BetOle, ...:
`aviator.orchestration.demo.SERVER_GROUPS`, measured on real sites). Counting each of them would
count every round several times, so a group is analysed through ONE of its bookmakers, the one with
the most rounds. Whether two sequences really match is measured, not assumed: a round of one
sequence is "identical" when it lies in a run of MATCH_RUN consecutive crashes that the other
sequence also shows in a row (by chance, four equal cents in a row are about one in 10^9).
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd

from aviator.analysis.crash_law import cents, law_chi_square
from aviator.analysis.house_edge import pooled_rtp
from aviator.analysis.verdicts import TestResult, family

MATCH_RUN = 4


def server_groups() -> dict[str, str]:
    """Bookmaker -> server group, as the collector records it (one table for the whole package)."""
    from aviator.orchestration.demo import SERVER_GROUPS  # the collector's modules: loaded when asked

    return dict(SERVER_GROUPS)


def groups(frame: pd.DataFrame) -> dict[str, str]:
    """Each bookmaker's server group: the one recorded with its rounds (a `server_group` column),
    else the one the project knows for its name, else a group of its own."""
    known = server_groups()
    recorded: dict[str, str] = {}
    if "server_group" in frame:
        firsts = frame.dropna(subset=["server_group"]).groupby("bookmaker")["server_group"].first()
        recorded = {str(name): str(group) for name, group in firsts.items()}
    names = (str(name) for name in frame["bookmaker"].unique())
    return {name: recorded.get(name) or known.get(name, name) for name in names}


def representatives(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of one bookmaker per server group (the one with the most rounds, ties by name)."""
    counts = frame.groupby("bookmaker").size()
    of = groups(frame)
    table = pd.DataFrame({"bookmaker": counts.index.astype(str), "rounds": counts.to_numpy()})
    table["group"] = [of[name] for name in table["bookmaker"]]
    table = table.sort_values(["group", "rounds", "bookmaker"], ascending=[True, False, True])
    chosen = set(table.drop_duplicates("group")["bookmaker"])
    return frame[frame["bookmaker"].astype(str).isin(chosen)]


def bookmaker_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Per bookmaker: group, rounds, P(>= 2x), median, pooled return to player and the chi-square
    p-value of the law on its rounds."""
    rows, of = [], groups(frame)
    for name, rounds in frame.groupby("bookmaker", sort=True)["crash"]:
        values = cents(rounds.to_numpy())
        test = law_chi_square(values, name=str(name))
        share, median = float(np.mean(values >= 2.0)), float(np.median(values))
        rows.append(
            (
                name,
                of[str(name)],
                values.size,
                share,
                median,
                pooled_rtp(values).rtp,
                test.statistic,
                test.p_value,
            )
        )
    columns = ["bookmaker", "group", "rounds", "p_2x", "median", "rtp", "chi_square", "p_value"]
    return pd.DataFrame(rows, columns=columns)


def bookmaker_law_test(table: pd.DataFrame) -> TestResult:
    """Every bookmaker's law fit as one family (Holm)."""
    return family(
        "crash law per bookmaker (Holm)", table["chi_square"].to_numpy(), table["p_value"].to_numpy()
    )


def identical_share(first: np.ndarray, second: np.ndarray, run: int = MATCH_RUN) -> float:
    """The share of `first`'s rounds that lie in a run of `run` consecutive crashes which `second`
    also shows in a row, wherever (sequences recorded with gaps or offsets still align)."""
    a, b = _codes(first), _codes(second)
    if a.size < run or b.size < run:
        return 0.0
    seen = set(_windows(b, run))
    matched = np.fromiter((window in seen for window in _windows(a, run)), dtype=bool)
    covered = np.zeros(a.size, dtype=np.int32)
    np.add.at(covered, np.flatnonzero(matched)[:, None] + np.arange(run), 1)  # each window's rounds
    return float(np.mean(covered > 0))


def _codes(crashes: np.ndarray) -> np.ndarray:
    return np.round(np.asarray(crashes, dtype=float) * 100).astype(np.int64)  # cents, exact


def _windows(codes: np.ndarray, run: int) -> list[bytes]:
    view = np.lib.stride_tricks.sliding_window_view(codes, run)
    return [row.tobytes() for row in view]


def pair_table(frame: pd.DataFrame) -> pd.DataFrame:
    """For every pair of bookmakers: both groups, whether they share one, and their identical share
    (of the shorter sequence)."""
    sequences = {str(name): cents(s.to_numpy()) for name, s in frame.groupby("bookmaker", sort=True)["crash"]}
    rows, of = [], groups(frame)
    for a, b in combinations(sorted(sequences), 2):
        short, long_ = sorted((sequences[a], sequences[b]), key=len)
        rows.append((a, b, of[a], of[b], of[a] == of[b], identical_share(short, long_)))
    return pd.DataFrame(
        rows, columns=["first", "second", "group_first", "group_second", "same_group", "share"]
    )
