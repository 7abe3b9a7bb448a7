"""Checks of recorded data against the simulator's truth log, shared by the collection tests."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

LAG = 5.0  # simulated seconds: half the shortest time between two crashes


def when(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def seconds(a: str, b: str) -> float:
    return (when(a) - when(b)).total_seconds()


def truth_rounds(path: Path) -> list[dict[str, Any]]:
    records = map(json.loads, path.read_text().splitlines())
    return [r for r in records if r["event"] == "round"]


def by_bookmaker(rows: list[dict[str, Any]], when_key: str) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: r[when_key]):
        grouped[row["bookmaker"]].append(row)
    return grouped


def assert_rounds_exactly(
    truth: list[dict[str, Any]], recorded: list[dict[str, Any]]
) -> list[tuple[dict, dict]]:
    """Every truth round once, with its exact multiplier, at its time; nothing else.

    Returns the pairs (truth, recorded) for further checks.
    """
    expected, mine = by_bookmaker(truth, "crashed_at"), by_bookmaker(recorded, "ended_at")
    assert set(mine) <= set(expected)
    pairs = []
    for bookmaker, rounds in expected.items():
        got = mine.get(bookmaker, [])
        assert [f"{float(r['final_score']):.2f}" for r in got] == [f"{r['crash']:.2f}" for r in rounds], (
            bookmaker
        )
        for t, r in zip(rounds, got, strict=True):
            assert 0 <= seconds(r["ended_at"], t["crashed_at"]) < LAG, (bookmaker, r, t)
            pairs.append((t, r))
    return pairs


def assert_crowds_exactly(pairs: list[tuple[dict, dict]]) -> None:
    """Players, total bets and money cashed out of every recorded round are the truth's, exactly."""
    for t, r in pairs:
        got = (r["players"], r["total_bets"], r["cashed_out"])
        assert got == (t["players"], t["total_bets"], t["cashed_out"]), (t["bookmaker"], t["round"], got)


def assert_left_at_thresholds(pairs: list[tuple[dict, dict]], crossings: list[dict]) -> int:
    """Players and money left at every crossing where they were read are the truth's, exactly;
    returns how many crossings had them."""
    truth = {
        (t["bookmaker"], r["started_at"], left["threshold"]): left
        for t, r in pairs
        for left in t["thresholds"]
    }
    read = 0
    for c in crossings:
        if c["players_left"] is None and c["money_left"] is None:
            continue
        left = truth[(c["bookmaker"], c["round_started_at"], c["threshold"])]
        assert (c["players_left"], c["money_left"]) == (left["players_left"], left["money_left"]), (c, left)
        read += 1
    return read
