"""The stats reader: exact numbers for a known history on both backends, a property over random
histories, and a cache that lasts exactly until a row is added."""

from __future__ import annotations

import itertools
import tempfile
from dataclasses import astuple, fields
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aviator.data.backends import Database, open_database
from aviator.data.models import ThresholdCrossing
from aviator.data.readers.stats import DISTRIBUTION, StatsReader, expected_share, read_stats
from tests.data.records import round_at, stamp

HISTORY = [1.5, 2.0, 1.2, 1.1, 1.3, 10.5, 1.0]


def insert(db: Database, records: list) -> None:
    record_type = type(records[0])
    db.insert_many(record_type.TABLE, [f.name for f in fields(record_type)], [astuple(r) for r in records])


def crossing(index: int, threshold: float, bookmaker: str = "Admiral") -> ThresholdCrossing:
    return ThresholdCrossing(bookmaker, stamp(22 * index), threshold, stamp(22 * index + 3))


def test_a_known_history_gives_exact_numbers(database: Database) -> None:
    insert(database, [round_at(i, score) for i, score in enumerate(HISTORY)])
    insert(database, [round_at(0, 5.0, bookmaker="Mozzart")])
    crossings = [crossing(0, 1.5), crossing(1, 1.5), crossing(1, 2.0), crossing(5, 2.0), crossing(5, 1.5)]
    insert(database, [*crossings, crossing(5, 2.0), crossing(99, 2.0)])  # a repeat; a round not recorded
    admiral, mozzart = read_stats(database)
    assert (admiral.bookmaker, admiral.rounds, admiral.server_group) == ("Admiral", 7, None)
    assert admiral.at_least == {1.5: 3, 2.0: 2, 3.0: 1, 5.0: 1, 10.0: 1, 100.0: 0}
    assert admiral.longest_under_2x == 3
    assert admiral.rounds_per_hour == pytest.approx(3600 / 22)
    assert admiral.crossing_rates() == {1.5: 3 / 7, 2.0: 2 / 7}
    assert (mozzart.rounds, mozzart.longest_under_2x, mozzart.crossings) == (1, 0, {})


def test_rounds_per_hour_leaves_out_pauses_in_the_recording(database: Database) -> None:
    today = [round_at(i, 1.5) for i in range(4)]
    next_day = [round_at(i, 1.5) for i in range(4000, 4003)]  # a day later, 22 s apart again
    insert(database, today + next_day)
    (stats,) = read_stats(database)
    assert (stats.intervals, stats.watched_seconds) == (5, pytest.approx(5 * 22))
    assert stats.rounds_per_hour == pytest.approx(3600 / 22)


def test_one_bookmaker_only(database: Database) -> None:
    insert(database, [round_at(0, 1.5), round_at(0, 3.0, bookmaker="Mozzart", server_group="mozzart")])
    (only,) = read_stats(database, "Mozzart")
    assert (only.bookmaker, only.server_group, only.rounds, only.distribution()[2]) == (
        "Mozzart",
        "mozzart",
        1,
        1.0,
    )
    assert read_stats(database, "Nobody") == []


def test_the_cache_lasts_until_a_row_is_added(database: Database) -> None:
    reader = StatsReader(database)
    insert(database, [round_at(0, 1.5)])
    first = reader.read()
    assert reader.read() is first
    insert(database, [crossing(0, 1.5)])
    second = reader.read()
    assert second is not first and second[0].crossings == {1.5: 1}
    insert(database, [round_at(1, 2.5)])
    assert reader.read()[0].rounds == 2


def test_the_crash_law_is_capped_at_certainty() -> None:
    assert expected_share(2) == pytest.approx(0.485) and expected_share(0.5) == 1.0


_db_dir = tempfile.TemporaryDirectory()
_names = itertools.count()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([1.0, 1.01, 1.99, 2.0, 2.01, 9.99, 10.0, 250.0]), min_size=1, max_size=60))
def test_counts_and_streaks_match_a_plain_count(history: list[float]) -> None:
    bookmaker = f"B{next(_names)}"  # one database for all examples, a fresh bookmaker for each
    with open_database(Path(_db_dir.name) / "property.db") as db:
        insert(db, [round_at(i, score, bookmaker) for i, score in enumerate(history)])
        (stats,) = read_stats(db, bookmaker)
    runs = [len(list(run)) for below, run in itertools.groupby(history, key=lambda s: s < 2) if below]
    assert stats.rounds == len(history)
    assert stats.at_least == {x: sum(s >= x for s in history) for x in DISTRIBUTION}
    assert stats.longest_under_2x == max(runs, default=0)
