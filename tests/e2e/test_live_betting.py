"""Live betting on a real X display: three simulated bookmakers in Qt windows, `aviator run --live`
betting by Martingale through real input events. The simulator's truth log, which only it writes,
says what it received; it must equal the bets table one to one, its balances the ledger."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import yaml

from aviator.cli.sim import clock_path
from aviator.sim.truth_log import read_truth
from tests.e2e.apps import AVIATOR, Games, printed, start, stop

SPEED = "2"  # a betting window of about 3 s: room for three transactions on a busy machine
ROUNDS = 16  # per bookmaker: the first one's betting window opens before the collector watches
BOOKMAKERS = 3
DROPPED = 2  # the first site loses the second character typed into it: '10.00' arrives as '1.00'
LIMITS = {
    "max_stake": 200,
    "session_stop_loss": 5000,
    "daily_loss_limit": 5000,
    "take_profit": 5000,
    "max_consecutive_losses": 50,
    "cooldown_after_lost_cycle": 0,
    "max_bets_per_hour": 1000,
}


def live_setup(games: Games) -> dict:
    """The calibrated setup, betting live by Martingale with every limit set and a SessionKeeper
    clicking the middle of the game area now and then (a spot that takes no input)."""
    setup = yaml.safe_load(games.setup.read_text())
    keeper = {"safe_zone": setup["regions"]["game_area"], "first": 4, "stagger": 3, "every": [7, 11]}
    setup["betting"] = {
        "strategy": "martingale",
        "live": True,
        "limits": LIMITS,
        "per_bookmaker": LIMITS,
        "session_keeper": keeper,
    }
    games.setup.write_text(yaml.safe_dump(setup, sort_keys=False))
    return setup


def run_live(games: Games, tmp_path: Path, env: dict[str, str]) -> list[str]:
    """`aviator run --live` while the games play all their rounds; its printed lines."""
    options = [
        "--config",
        str(games.setup),
        "--db",
        str(tmp_path / "live.db"),
        "--speed",
        games.speed,
        "--live",
    ]
    options += [
        "--sim-clock",
        str(clock_path(games.truth)),
        "--betting-state",
        str(tmp_path / "betting.json"),
    ]
    collector = start(["run", *options], env)
    try:
        collector.out.expect("workers ready", timeout=120)
        games.release()
        games.app.out.expect("finished", timeout=900)
        wanted = Counter(r["bookmaker"] for r in read_truth(games.truth))
        collector.out.until(lambda seen: printed(seen) >= wanted, timeout=60, what=f"rounds {dict(wanted)}")
    finally:
        assert stop(collector) == 0
    return collector.out.seen


def export(tmp_path: Path, table: str, env: dict[str, str]) -> list[dict]:
    command = [*AVIATOR, "export", table, "--db", str(tmp_path / "live.db"), "--format", "jsonl"]
    done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_live_martingale_bets_equal_what_the_windows_received(
    tmp_path: Path, display_env: dict[str, str], held_games: Callable[..., Games]
) -> None:
    games = held_games(
        bookmakers=BOOKMAKERS,
        layout="2x2",
        speed=SPEED,
        rounds=ROUNDS,
        extra=("--drop-keystroke", str(DROPPED)),
    )
    setup = live_setup(games)
    lines = run_live(games, tmp_path, display_env)
    assert any(line.startswith("betting on live by martingale") for line in lines), lines
    bets, events = export(tmp_path, "bets", display_env), export(tmp_path, "bet_events", display_env)
    state = json.loads((tmp_path / "betting.json").read_text())
    names = [b["name"] for b in setup["bookmakers"]]
    settled_in_all = 0
    for name in names:
        settled_in_all += _assert_one_to_one(games.truth, name, bets, state)
    assert settled_in_all >= 40
    _assert_the_typo_was_rolled_back(games.truth, names[0], bets, events)
    _assert_keepers_never_clicked_during_a_bet(games.truth, names)


def _truth(truth: Path, event: str, name: str) -> list[dict]:
    return [r for r in read_truth(truth, event) if r["bookmaker"] == name]


def _assert_one_to_one(truth: Path, name: str, bets: list[dict], state: dict) -> int:
    """The bets the game settled are the bets settled in the table, in order, with their money;
    its balance is the ledger's."""
    settled = _truth(truth, "bet_settled", name)
    ours = [b for b in bets if b["bookmaker"] == name and b["state"] == "settled"]
    assert [(s["stake"], s["auto_cashout"], s["won"]) for s in settled] == [
        (b["stake"], b["auto_cashout"], b["result"] == "won") for b in ours
    ]
    assert [round(s["payout"] - s["stake"], 2) for s in settled] == [b["profit"] for b in ours]
    placed, cancelled = _truth(truth, "bet_placed", name), _truth(truth, "bet_cancelled", name)
    assert len(placed) == len(settled) + len(cancelled)  # every bet the game received ended, once
    book = state["books"][name]
    assert book["bets"] == len(ours)
    assert settled[-1]["balance"] == round(1000 + book["profit"], 2)  # the screen's money is the ledger's
    return len(ours)


def _assert_the_typo_was_rolled_back(truth: Path, name: str, bets: list[dict], events: list[dict]) -> None:
    assert len(_truth(truth, "key_dropped", name)) == 1
    cancelled = _truth(truth, "bet_cancelled", name)
    assert [(c["stake"], c["auto_cashout"]) for c in cancelled] == [(1.0, 2.2)]  # '10.00' arrived as '1.00'
    refused = [b for b in bets if b["bookmaker"] == name and b["result"] == "refused"]
    rolled = [e for e in events if e["event"] == "rolled_back" and e["bookmaker"] == name]
    assert len(refused) == 1 and [e["bet_id"] for e in rolled] == [refused[0]["bet_id"]]
    assert "the stake field shows 1.0, typed 10.00" in rolled[0]["detail"]


def _assert_keepers_never_clicked_during_a_bet(truth: Path, names: list[str]) -> None:
    """Each SessionKeeper clicked, and never while its bookmaker had a bet: from the opening of the
    betting window in which it bet to that round's crash (or to the bet's cancellation)."""
    for name in names:
        clicks = [c["at"] for c in _truth(truth, "click_outside", name)]
        assert clicks, f"{name}: no SessionKeeper click"
        rounds = {r["round"]: r for r in _truth(truth, "round", name)}
        cancelled = {c["round"]: c["at"] for c in _truth(truth, "bet_cancelled", name)}
        for bet in _truth(truth, "bet_placed", name):
            number = bet["round"]
            start = rounds[number]["betting_started_at"]
            end = cancelled.get(number, rounds[number]["crashed_at"])
            assert not [at for at in clicks if start <= at <= end], (
                f"{name} clicked during round {number}'s bet"
            )
