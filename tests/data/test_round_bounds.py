"""Schema version 3: how well each round's end is known (`ended_within`, `late`), on both backends,
added to databases that already hold rounds."""

from __future__ import annotations

from dataclasses import astuple, fields

import pytest

from aviator.data.backends import base, open_database
from aviator.data.export import iter_rounds
from aviator.data.models import Round
from aviator.data.schema import LATEST, MIGRATIONS
from tests.data.records import round_at

OLD_COLUMNS = [  # the rounds table of schema version 2
    *("bookmaker", "final_score", "started_at", "ended_at", "server_group", "flight_seconds"),
    *("loading_seconds", "players", "total_bets", "cashed_out", "backfilled"),
]


def _version_2_database(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A database as the previous release left it: schema version 2 with one round."""
    with monkeypatch.context() as patch:
        patch.setattr(base, "MIGRATIONS", [m for m in MIGRATIONS if m[0] <= 2])
        patch.setattr(base, "LATEST", 2)
        with open_database(url) as db:
            old = round_at(0, 2.5)
            db.insert_many("rounds", OLD_COLUMNS, [tuple(getattr(old, name) for name in OLD_COLUMNS)])
            assert db.query("SELECT MAX(version) FROM schema_version") == [(2,)]


def test_an_existing_database_gains_the_bound_and_keeps_its_rounds(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _version_2_database(database_url, monkeypatch)
    seen = round_at(1, 3.1, ended_within=0.112)
    late = round_at(2, 7.25, ended_within=8.05, late=True)
    with open_database(database_url) as db:
        assert db.query("SELECT MAX(version) FROM schema_version") == [(LATEST,)]  # 3 and later
        names = [f.name for f in fields(Round)]
        db.insert_many("rounds", names, [astuple(seen), astuple(late)])
        rounds = list(iter_rounds(db))
    old, *new = rounds
    assert old["final_score"] == 2.5 and old["ended_within"] is None and old["late"] is False
    assert [(r["ended_within"], r["late"]) for r in new] == [(0.112, False), (8.05, True)]
