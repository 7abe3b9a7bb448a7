"""The rounds reader on both backends: a scope's crashes and starts in order, its crossings, and
server groups read from one bookmaker each so that no round counts twice."""

from __future__ import annotations

from dataclasses import astuple, fields
from datetime import UTC, datetime

import pytest

from aviator.data.backends import Database
from aviator.data.models import Round, ThresholdCrossing
from aviator.data.readers.rounds import ALL, Scope, group_readers, read_scope, scopes
from tests.data.records import stamp

T0 = datetime(2026, 11, 29, 12, 0, tzinfo=UTC).timestamp()  # tests/data/records.py's START
ADMIRAL = [1.5, 2.0, 1.2, 1.1, 10.5]  # rounds 22 s apart
SOCCER = [3.0, 1.0, 1.7]  # its own server, its rounds 11 s after Admiral's


def insert(db: Database, records: list) -> None:
    record_type = type(records[0])
    db.insert_many(record_type.TABLE, [f.name for f in fields(record_type)], [astuple(r) for r in records])


def game(bookmaker: str, crashes: list[float], group: str | None, offset: float = 0.0) -> list[Round]:
    return [
        Round(bookmaker, m, stamp(22 * i + offset), stamp(22 * i + offset + 10), group)
        for i, m in enumerate(crashes)
    ]


def crossed(bookmaker: str, index: int, threshold: float, offset: float = 0.0) -> ThresholdCrossing:
    return ThresholdCrossing(bookmaker, stamp(22 * index + offset), threshold, stamp(22 * index + offset + 3))


@pytest.fixture
def recorded(database: Database) -> Database:
    """Admiral and Meridian share a server (Meridian missed the last round); MaxBet and Mozzart
    share another with two rounds each; Soccer has no group."""
    insert(database, game("Admiral", ADMIRAL, "admiral"))
    insert(database, game("Meridian", ADMIRAL[:4], "admiral"))
    insert(database, game("Mozzart", [1.3, 4.0], "mozzart", offset=5))
    insert(database, game("MaxBet", [1.3, 4.0], "mozzart", offset=5))
    insert(database, game("Soccer", SOCCER, None, offset=11))
    admiral = [
        crossed("Admiral", i, t) for i, t in ((0, 1.5), (0, 1.5), (1, 1.5), (1, 2.0), (4, 1.5), (4, 2.0))
    ]
    others = [crossed("Meridian", 1, 1.5), crossed("Meridian", 1, 2.0), crossed("Soccer", 0, 2.0, offset=11)]
    insert(database, [*admiral, *others, crossed("Admiral", 99, 2.0)])  # round 99 was never recorded
    return database


def test_the_chooser_offers_all_each_bookmaker_and_each_group(recorded: Database) -> None:
    names = ["Admiral", "MaxBet", "Meridian", "Mozzart", "Soccer"]
    groups = [Scope("group", "admiral"), Scope("group", "mozzart")]
    assert scopes(recorded) == [ALL, *(Scope("bookmaker", n) for n in names), *groups]
    assert ALL.label == "all games (each server group once)"
    assert Scope("group", "mozzart").label == "server group: mozzart"


def test_a_group_is_read_from_its_bookmaker_with_the_most_rounds(recorded: Database) -> None:
    assert group_readers(recorded) == {"admiral": "Admiral", "mozzart": "MaxBet"}  # a tie: first by name
    group = read_scope(recorded, Scope("group", "admiral"))
    assert group.sources == (("admiral", "Admiral"),)
    assert group.crashes.tolist() == ADMIRAL  # each round once, though Meridian showed four of them
    assert group.starts == pytest.approx([T0 + 22 * i for i in range(5)], abs=1e-3)
    assert group.thresholds.tolist() == [1.5, 2.0]
    assert group.crossed.tolist() == [
        3,
        2,
    ]  # rounds 0, 1, 4 crossed 1.5 (round 0 twice: once); 1, 4 crossed 2


def test_all_counts_each_group_once_and_every_ungrouped_round(recorded: Database) -> None:
    everything = read_scope(recorded, ALL)
    assert everything.sources == (("admiral", "Admiral"), ("mozzart", "MaxBet"), (None, "Soccer"))
    # in order of start: Admiral at 0, 22, …; MaxBet at 5, 27; Soccer at 11, 33, 55
    assert everything.crashes.tolist() == [1.5, 1.3, 3.0, 2.0, 4.0, 1.0, 1.2, 1.7, 1.1, 10.5]
    offsets = [0, 5, 11, 22, 27, 33, 44, 55, 66, 88]
    assert everything.starts == pytest.approx([T0 + s for s in offsets], abs=1e-3)
    assert (everything.thresholds.tolist(), everything.crossed.tolist()) == ([1.5, 2.0], [3, 3])


def test_one_bookmaker_is_its_own_rows_only(recorded: Database) -> None:
    meridian = read_scope(recorded, Scope("bookmaker", "Meridian"))
    assert meridian.sources == (("admiral", "Meridian"),)
    assert meridian.crashes.tolist() == ADMIRAL[:4]
    assert (meridian.thresholds.tolist(), meridian.crossed.tolist()) == ([1.5, 2.0], [1, 1])
    soccer = read_scope(recorded, Scope("bookmaker", "Soccer"))
    assert soccer.sources == ((None, "Soccer"),) and soccer.crashes.tolist() == SOCCER


def test_a_scope_without_rounds_is_empty(recorded: Database) -> None:
    for scope in (Scope("group", "nobody"), Scope("bookmaker", "Nobody")):
        nothing = read_scope(recorded, scope)
        assert nothing.sources == () and nothing.scope == scope
        assert [a.size for a in (nothing.crashes, nothing.starts, nothing.thresholds)] == [0, 0, 0]


def test_an_empty_database(database: Database) -> None:
    assert scopes(database) == [ALL]
    empty = read_scope(database)
    assert (empty.sources, empty.crashes.size, empty.crossed.size) == ((), 0, 0)
