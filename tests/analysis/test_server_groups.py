"""Bookmakers and server groups: the share of identical rounds between sequences built to match
(with offsets and gaps) or not, the groups the project knows, and one bookmaker per group."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from aviator.analysis.server_groups import (
    bookmaker_law_test,
    bookmaker_table,
    groups,
    identical_share,
    pair_table,
    representatives,
)
from tests.analysis.rounds import frame
from tests.analysis.sequences import fair


def test_one_servers_rounds_seen_with_an_offset_and_a_gap_are_identical() -> None:
    rounds = fair(2000, seed=1)
    first = rounds[100:1500]  # joined later
    second = np.concatenate((rounds[:700], rounds[900:]))  # missed 200 rounds
    # first's rounds 100..1499: all but 700..899 appear in second, in runs far longer than 4
    assert identical_share(first, second) == pytest.approx(1200 / 1400)


def test_independent_sequences_share_no_rounds() -> None:
    assert identical_share(fair(5000, seed=2), fair(5000, seed=3)) == 0.0


def test_the_known_server_groups() -> None:
    names = ["Mozzart", "MaxBet", "Merkur", "BetOle", "Admiral", "Meridian", "Soccer", "Someone"]
    of = groups(pd.DataFrame({"bookmaker": names}))
    assert len({of[n] for n in names[:4]}) == 1 and of["Admiral"] == of["Meridian"] != of["Merkur"]
    assert of["Someone"] == "Someone"  # a group of its own


def test_a_group_is_read_through_its_bookmaker_with_the_most_rounds() -> None:
    rounds = fair(300, seed=4)
    data = pd.concat(
        [
            frame(rounds, bookmaker="Merkur"),
            frame(rounds[:200], bookmaker="MaxBet"),
            frame(rounds, bookmaker="Soccer"),
        ]
    )
    kept = representatives(data)
    assert sorted(kept["bookmaker"].unique()) == ["Merkur", "Soccer"] and len(kept) == 600
    pairs = pair_table(data).set_index(["first", "second"])
    assert pairs.loc[("MaxBet", "Merkur"), "same_group"] and pairs.loc[("MaxBet", "Merkur"), "share"] == 1.0
    assert not pairs.loc[("Merkur", "Soccer"), "same_group"]


def test_the_bookmaker_table_by_hand() -> None:
    data = pd.concat(
        [frame(np.array([1.0, 2.0, 3.0, 1.5]), bookmaker="A"), frame(fair(1000, 5), bookmaker="B")]
    )
    table = bookmaker_table(data).set_index("bookmaker")
    assert (
        table.loc["A", "rounds"] == 4 and table.loc["A", "p_2x"] == 0.5 and table.loc["A", "median"] == 1.75
    )
    assert bookmaker_law_test(table.reset_index()).name == "crash law per bookmaker (Holm)"
