"""Checks of recorded data against the simulator's truth log, shared by the collection tests."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

LAG = 5.0  # simulated seconds: half the shortest time between two crashes
LATE_AFTER = 1.0  # the PhaseTracker's, written out: a round with a longer bound must be flagged late
MS = 0.001  # times are stored to the millisecond (truncated): compare at that resolution


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


def assert_seen_in_time(truth: dict[str, Any], recorded: dict[str, Any]) -> None:
    """A round seen live: never stored before its crash, and the screen first showed the crash
    within the stored bound before `ended_at` (the simulator's `shown_at` is when its frame was
    whole on screen; it differs from `crashed_at` only when the simulator fell behind). A round
    whose bound exceeds LATE_AFTER is flagged late, and only such a round."""
    context = (recorded, truth)
    assert seconds(recorded["ended_at"], truth["crashed_at"]) >= 0, context
    within = recorded["ended_within"]
    assert within is not None and within >= 0, context
    assert seconds(recorded["ended_at"], truth["shown_at"]) <= within + 1e-9, context
    assert bool(recorded["late"]) == (within > LATE_AFTER), context


def assert_rounds_exactly(
    truth: list[dict[str, Any]], recorded: list[dict[str, Any]]
) -> list[tuple[dict, dict]]:
    """Every truth round once, with its exact multiplier, at its time; nothing else. A round seen
    live is checked against its stored bound (assert_seen_in_time); a backfilled one, whose times
    are estimates from the history strip, must be flagged late and within LAG.

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
            if r["backfilled"]:
                assert r["late"] and abs(seconds(r["ended_at"], t["crashed_at"])) < LAG, (r, t)
            else:
                assert_seen_in_time(t, r)
            pairs.append((t, r))
    return pairs
