"""Paper betting in the demo as a user runs it: real worker processes bet by a strategy through
the main process's ledger; `aviator export bets` shows every bet, and the kill switch stops them."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

from tests.orchestration.demo_process import AVIATOR, export_rounds, next_line, start_demo

# The seed's Martingale ladder, written here again: the test's own reference.
STAKES = (10.0, 20.0, 40.0, 70.0, 120.0, 200.0)
CASHOUTS = (2.20, 2.20, 2.20, 2.50, 3.00, 3.00)


def export(tmp_path: Path, table: str) -> list[dict[str, str]]:
    out = subprocess.run(
        [*AVIATOR, "export", table, "--db", str(tmp_path / "run.db"), "--format", "csv"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return list(csv.DictReader(io.StringIO(out)))


def assert_martingale(bets: list[dict[str, str]]) -> None:
    """Each bet as the ladder asks after the ones before it, settled by its round's crash; a bet
    whose crash its worker did not see counts as lost and the ladder starts over."""
    step = 0
    for bet in bets:
        stake, auto = float(bet["stake"]), float(bet["auto_cashout"])
        assert (stake, auto) == (STAKES[step], CASHOUTS[step]), bet
        if bet["result"] == "unknown":
            assert (bet["crash"], float(bet["profit"])) == ("", -stake), bet
            step = 0
            continue
        won = float(bet["crash"]) >= auto
        assert bet["result"] == ("won" if won else "lost"), bet
        assert float(bet["profit"]) == (round(stake * (auto - 1), 2) if won else -stake), bet
        assert bet["cycle_lost"] == str(not won and step == len(STAKES) - 1), bet
        step = 0 if won else (step + 1) % len(STAKES)


def assert_one_bet_a_round(played: list[dict[str, str]], placed: list[dict[str, str]]) -> None:
    """One bet on each round after the first (its betting window opened before the worker
    watched), in order: settled by that round's crash, or, where a starved worker did not see the
    crash (the history strip brought the round back later), counted as lost. Most are settled."""
    assert len(placed) == len(played) - 1
    for bet, round_ in zip(placed, played[1:], strict=True):
        if bet["result"] == "unknown":
            assert round_["backfilled"] in ("1", "True", "true"), (bet, round_)
        else:
            assert bet["round_started_at"] == round_["started_at"], (bet, round_)
            assert float(bet["crash"]) == float(round_["final_score"]), (bet, round_)
    assert sum(bet["result"] != "unknown" for bet in placed) >= 3 * len(placed) // 4


def test_demo_bets_by_martingale_once_a_round_after_the_first(tmp_path: Path) -> None:
    demo = start_demo(
        tmp_path, "--bookmakers", "3", "--rounds", "20", "--speed", "10", "--strategy", "martingale",
        "--betting-state", str(tmp_path / "betting.json"),
    )  # fmt: skip
    out, err = demo.communicate(timeout=300)
    assert demo.returncode == 0, err
    rounds, bets = export_rounds(tmp_path), export(tmp_path, "bets")
    for name in ("Admiral", "Mozzart", "BalkanBet"):
        played = [r for r in rounds if r["bookmaker"] == name]
        placed = [b for b in bets if b["bookmaker"] == name]
        assert len(played) == 20
        assert_one_bet_a_round(played, placed)
        assert {(b["state"], b["mode"], b["strategy"]) for b in placed} == {
            ("settled", "paper", "martingale")
        }
        assert_martingale(placed)
    total = sum(float(b["profit"]) for b in bets)
    state = json.loads((tmp_path / "betting.json").read_text())
    assert state["balance"] == round(1000 + total, 2) and state["books"]["all"]["bets"] == 57
    assert "no strategy changes the expected loss" in out


def test_the_kill_switch_stops_every_worker_betting(tmp_path: Path) -> None:
    state_file = tmp_path / "betting.json"
    demo = start_demo(
        tmp_path, "--bookmakers", "3", "--rounds", "8", "--speed", "10", "--strategy", "flat",
        "--betting-state", str(state_file),
    )  # fmt: skip
    try:
        for _ in range(6):
            next_line(demo, "round ")  # sync point: rounds recorded, so bets have been placed
        stop = subprocess.run(
            [*AVIATOR, "bets", "stop", "--state", str(state_file)], capture_output=True, text=True
        )
        assert stop.returncode == 0, stop.stderr
        assert "stopped: SIGUSR1" in next_line(demo, "alert betting")
        _, err = demo.communicate(timeout=300)
    finally:
        demo.kill()
    assert demo.returncode == 0, err
    state = json.loads(state_file.read_text())
    assert state["stopped"].startswith("SIGUSR1")
    stopped_at = state["stopped_at"]
    events = export(tmp_path, "bet_events")
    ends = {b["bet_id"]: b["result"] for b in export(tmp_path, "bets")}
    # The ledger grants nothing once stopped: a bet granted later than that was asked before it
    # and is cancelled, never played; every request after the stop is refused.
    granted_late = [e["bet_id"] for e in events if e["event"] == "granted" and e["at"] > stopped_at]
    assert all(ends[bet] == "cancelled" for bet in granted_late)
    refused = [e for e in events if e["event"] == "refused"]
    assert all("betting is stopped" in e["detail"] for e in refused)
    played_after = [e for e in events if e["event"] == "placed" and e["at"] > stopped_at]
    assert played_after == []
    assert any(r == "won" or r == "lost" for r in ends.values())  # it did bet before the stop


def test_bets_commands_without_a_collector_say_so(tmp_path: Path) -> None:
    done = subprocess.run(
        [*AVIATOR, "bets", "status", "--state", str(tmp_path / "none.json")], capture_output=True, text=True
    )
    assert done.returncode == 2 and "no betting state at" in done.stderr and "Traceback" not in done.stderr
    gone = tmp_path / "gone.json"
    gone.write_text(json.dumps({"pid": 2**22 + 12345, "mode": "paper", "strategy": "flat"}))
    done = subprocess.run([*AVIATOR, "bets", "stop", "--state", str(gone)], capture_output=True, text=True)
    assert done.returncode == 2 and "is not running" in done.stderr


def test_an_unknown_strategy_stops_the_demo_before_it_starts(tmp_path: Path) -> None:
    done = subprocess.run(
        [*AVIATOR, "demo", "--strategy", "sure-win", "--db", str(tmp_path / "x.db")],
        capture_output=True,
        text=True,
    )
    assert (
        done.returncode == 2 and "no strategy named 'sure-win'" in done.stderr and "martingale" in done.stderr
    )
    assert not (tmp_path / "x.db").exists()  # refused before anything was opened
