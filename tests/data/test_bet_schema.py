"""Schema version 4: bets written once they end, with their crash, strategy and id, and every
step in bet_events; a database of version 3 that holds bets keeps them."""

from __future__ import annotations

import pytest

from aviator.data.backends import base, open_database
from aviator.data.export import iter_records
from aviator.data.models import Bet, BetEvent, columns_of, row_getter
from aviator.data.schema import MIGRATIONS
from tests.data.records import stamp

V3_BET_COLUMNS = ["bookmaker", "panel", "stake", "placed_at", "round_started_at", "auto_cashout"]
V3_BET_COLUMNS += ["state", "result", "profit", "mode"]


def test_a_version_3_database_keeps_its_bets_and_gains_the_audit(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(base, "MIGRATIONS", [m for m in MIGRATIONS if m[0] <= 3])
        patch.setattr(base, "LATEST", 3)
        with open_database(database_url) as db:
            row = ("Admiral", 1, 10.0, stamp(0), stamp(5), 2.2, "settled", "lost", -10.0, "paper")
            db.insert_many("bets", V3_BET_COLUMNS, [row])
    with open_database(database_url) as db:
        old = list(iter_records(db, Bet))
        assert len(old) == 1 and old[0]["profit"] == -10.0
        assert (old[0]["crash"], old[0]["strategy"], old[0]["cycle_lost"]) == (None, None, False)
        step = BetEvent("Admiral", "b2", stamp(9), "rolled_back", "the stake field shows 1.0, typed 10.00")
        db.insert_many("bet_events", columns_of(BetEvent), [row_getter(BetEvent)(step)])
        assert [r["detail"] for r in iter_records(db, BetEvent)] == [step.detail]
