"""The demo's and `aviator run`'s round lines say when a round's time is not a timely sighting."""

from __future__ import annotations

import pytest
from tests.data.records import round_at

from aviator.cli.output import print_round
from aviator.core.communication.messages import RoundRecorded


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        ({"ended_within": 0.104}, ""),
        ({"ended_within": 8.05, "late": True}, " (late: seen up to 8.1 s after the crash)"),
        ({"backfilled": True, "late": True}, " (backfilled from the history strip)"),
    ],
)
def test_a_late_round_says_by_how_much_at_most(
    capsys: pytest.CaptureFixture[str], extra: dict[str, object], said: str
) -> None:
    recorded = round_at(0, 10.02, bookmaker="BalkanBet", **extra)
    print_round(RoundRecorded("BalkanBet", recorded))
    assert capsys.readouterr().out == f"round BalkanBet 10.02x ended {recorded.ended_at}{said}\n"
