"""A fleet's rounds stored once: several nodes writing the rounds they saw into one database keep
one row per round (the first written, with its node), on SQLite and PostgreSQL, also when they
write at the same instant; every other record says which node wrote it."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from aviator.core.communication.clock import iso
from aviator.data.backends import open_database
from aviator.data.models import Round
from aviator.data.rounds_once import SAME_ROUND
from aviator.data.writers import RecordWriters
from tests.data.records import one_of_each, round_at


def later(round_: Round, seconds: float) -> Round:
    """The same round as another node saw it: its start and end `seconds` later."""

    def shift(text: str) -> str:
        return iso(datetime.fromisoformat(text) + timedelta(seconds=seconds))

    return replace(round_, started_at=shift(round_.started_at), ended_at=shift(round_.ended_at))


def stored(url: str) -> list[tuple[str, float, str, str]]:
    with open_database(url) as db:
        return db.query("SELECT bookmaker, final_score, started_at, node FROM rounds ORDER BY id")


def written(url: str, tmp_path: Path, node: str, records: list[object]) -> None:
    writers = RecordWriters(url, spill_dir=tmp_path / node, node=node)
    writers.add_many(records)
    writers.close()


def test_a_round_another_node_stored_is_not_stored_again(database_url: str, tmp_path: Path) -> None:
    seen = [round_at(i, score) for i, score in enumerate((1.5, 2.5, 12.0))]
    written(database_url, tmp_path, "first", seen)
    written(database_url, tmp_path, "second", [later(r, 0.4) for r in seen] + [round_at(3, 7.7)])
    rows = stored(database_url)
    assert [(score, node) for _, score, _, node in rows] == [
        (1.5, "first"),
        (2.5, "first"),
        (12.0, "first"),
        (7.7, "second"),
    ]
    assert [start for _, _, start, _ in rows[:3]] == [r.started_at for r in seen]  # the first written is kept


def test_rounds_that_only_look_alike_are_both_kept(database_url: str, tmp_path: Path) -> None:
    one = round_at(0, 1.0)
    next_game_round = later(one, SAME_ROUND + 6.6)  # the same crash in the next round: 12.6 s on
    other_game = replace(one, bookmaker="Mozzart")
    written(database_url, tmp_path, "a", [one])
    written(database_url, tmp_path, "b", [next_game_round, other_game, replace(one, final_score=1.01)])
    assert len(stored(database_url)) == 4


def test_nodes_writing_the_same_rounds_at_once_store_each_once(postgres_url: str, tmp_path: Path) -> None:
    rounds = [round_at(i, 1.0 + i / 100, f"B{i % 4}") for i in range(400)]
    writers = [RecordWriters(postgres_url, spill_dir=tmp_path / n, node=n) for n in ("a", "b", "c")]
    go = threading.Barrier(len(writers))

    def write(index: int) -> None:
        go.wait()  # all three at the same instant
        for round_ in rounds:
            writers[index].add(later(round_, 0.1 * index))

    threads = [threading.Thread(target=write, args=(i,)) for i in range(len(writers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for each in writers:
        each.close()
    rows = stored(postgres_url)
    assert sorted((b, s) for b, s, _, _ in rows) == sorted((r.bookmaker, r.final_score) for r in rounds)


def test_every_record_names_its_node(database_url: str, tmp_path: Path) -> None:
    written(database_url, tmp_path, "collector-3", one_of_each("Soccer"))
    with open_database(database_url) as db:
        for table in (
            "rounds",
            "threshold_crossings",
            "phase_transitions",
            "rgb_samples",
            "bets",
            "bet_events",
        ):
            assert db.query(f"SELECT node FROM {table}") == [("collector-3",)], table
