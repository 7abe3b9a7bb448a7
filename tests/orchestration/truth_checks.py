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
    assert within not in (None, ""), context
    within = float(within)
    assert within >= 0 and seconds(recorded["ended_at"], truth["shown_at"]) <= within + 1e-9, context
    assert flag(recorded["late"]) == (within > LATE_AFTER), context


def flag(value: object) -> bool:
    """A boolean column as exported: a bool in JSON and from the database, the text True in CSV."""
    return value is True or value == "True" or value == 1


def _side_by_side(bookmaker: str, truth: list[dict[str, Any]], got: list[dict[str, Any]]) -> str:
    """What the truth and the records say, for the failure message: values, times and flags."""
    expected = [f"{t['crash']:.2f} crashed {t['crashed_at']} shown {t['shown_at']}" for t in truth]
    mine = [
        f"{float(r['final_score']):.2f} ended {r['ended_at']} within {r['ended_within']}"
        f"{' late' if flag(r['late']) else ''}{' backfilled' if flag(r['backfilled']) else ''}"
        for r in got
    ]
    return "\n".join([bookmaker, "truth:", *expected, "recorded:", *mine])


def assert_rounds_exactly(
    truth: list[dict[str, Any]], recorded: list[dict[str, Any]]
) -> list[tuple[dict, dict]]:
    """Every truth round once, with its exact multiplier, at its time; nothing else. A round seen
    live is checked against its stored bound (assert_seen_in_time); a backfilled one, whose times
    are estimates from the history strip, must be flagged late and within LAG (_estimated_in_time).

    Returns the pairs (truth, recorded) for further checks.
    """
    expected, mine = by_bookmaker(truth, "crashed_at"), by_bookmaker(recorded, "ended_at")
    assert set(mine) <= set(expected)
    pairs = []
    for bookmaker, rounds in expected.items():
        got = mine.get(bookmaker, [])
        assert [f"{float(r['final_score']):.2f}" for r in got] == [f"{r['crash']:.2f}" for r in rounds], (
            _side_by_side(bookmaker, rounds, got)
        )
        for t, r in zip(rounds, got, strict=True):
            if flag(r["backfilled"]):
                assert flag(r["late"]) and _estimated_in_time(r, t), (r, t)
            else:
                assert_seen_in_time(t, r)
            pairs.append((t, r))
    return pairs


def _estimated_in_time(recorded: dict[str, Any], truth: dict[str, Any]) -> bool:
    """A backfilled round's time, estimated from the strip, within LAG of its crash, or of the
    moment the screen first showed it when the simulator, starved, drew it late: the collector can
    know no better than its screen."""
    after = seconds(recorded["ended_at"], truth["crashed_at"]) > -LAG
    return after and seconds(recorded["ended_at"], max(truth["crashed_at"], truth["shown_at"])) < LAG


def assert_crowds_exactly(pairs: list[tuple[dict, dict]], learning: int = 0) -> None:
    """Players, total bets and money cashed out of every recorded round are the truth's, exactly;
    with `learning`, a bookmaker's first rounds (read while its worker learnt the font) may have
    none (never a wrong one)."""
    seen: dict[str, int] = {}
    for t, r in pairs:
        seen[t["bookmaker"]] = seen.get(t["bookmaker"], 0) + 1
        for key in ("players", "total_bets", "cashed_out"):
            got = _number(r[key])
            if got is None and seen[t["bookmaker"]] <= learning:
                continue
            assert got == t[key], (key, t["bookmaker"], t["round"], r[key], t[key])


def _number(value: Any) -> float | None:
    """A value from the database or from a CSV export ('' for none)."""
    return None if value is None or value == "" else float(value)


def assert_left_at_thresholds(pairs: list[tuple[dict, dict]], crossings: list[dict]) -> int:
    """Players and money left at every crossing, where they were read, are the truth's, exactly;
    returns how many crossings had both."""
    truth = {
        (t["bookmaker"], r["started_at"], left["threshold"]): left
        for t, r in pairs
        for left in t["thresholds"]
    }
    read = 0
    for c in crossings:
        left = truth[(c["bookmaker"], c["round_started_at"], c["threshold"])]
        for key in ("players_left", "money_left"):
            assert c[key] is None or c[key] == left[key], (key, c, left)
        read += c["players_left"] is not None and c["money_left"] is not None
    return read
