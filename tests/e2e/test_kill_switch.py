"""The kill switch under load: six windowed bookmakers each with a live bet waiting for its round;
`aviator bets stop` has every one cancelled on its screen within a second, as the simulator's
truth log, which only it writes, shows."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import yaml

from aviator.cli.sim import clock_path
from aviator.sim.truth_log import read_truth
from tests.e2e.apps import AVIATOR, Games, start, stop
from tests.e2e.test_live_betting import LIMITS

BOOKMAKERS = 6
# The six sites' rounds are drawn from this seed: their second betting windows overlap by 6.4 s
# (found by reading the engine's plans), so the six bets placed in them all wait at once.
SEED = "9035"


def waiting_everywhere(lines: list[str]) -> bool:
    """Every bookmaker placed a bet since the last bet settled anywhere: six bets wait at once."""
    settled = [i for i, line in enumerate(lines) if line.startswith("bet ") and " settled " in line]
    since = lines[settled[-1] + 1 :] if settled else lines
    placed = {line.split()[1] for line in since if line.startswith("bet ") and " placed " in line}
    return len(placed) == BOOKMAKERS


def test_the_seed_overlaps_the_second_betting_windows() -> None:
    from aviator.orchestration.demo import BOOKMAKERS as NAMES
    from aviator.sim.engine import GameEngine

    plans = [GameEngine(f"{SEED}:{name}").plan(2) for name in NAMES[:BOOKMAKERS]]
    assert min(p.flight_start for p in plans) - max(p.betting_start for p in plans) > 6.0


def at(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def test_bets_stop_cancels_six_waiting_bets_within_a_second(
    tmp_path: Path, display_env: dict[str, str], held_games: Callable[..., Games]
) -> None:
    games = held_games(bookmakers=BOOKMAKERS, layout="3x2", speed="1", rounds=3, extra=("--seed", SEED))
    setup = yaml.safe_load(games.setup.read_text())
    setup["betting"] = {"strategy": "flat", "live": True, "limits": LIMITS, "per_bookmaker": LIMITS}
    games.setup.write_text(yaml.safe_dump(setup, sort_keys=False))
    state = tmp_path / "betting.json"
    options = ["--config", str(games.setup), "--db", str(tmp_path / "live.db"), "--live"]
    options += ["--sim-clock", str(clock_path(games.truth)), "--betting-state", str(state)]
    collector = start(["run", *options], display_env)
    try:
        collector.out.expect("workers ready", timeout=120)
        games.release()
        collector.out.until(waiting_everywhere, timeout=240, what="six bets waiting at once")
        subprocess.run([*AVIATOR, "bets", "stop", "--state", str(state)], env=display_env, check=True)
        collector.out.until(
            lambda seen: sum(" cancelled " in s for s in seen if s.startswith("bet ")) == BOOKMAKERS,
            timeout=30,
            what="six bets cancelled",
        )
    finally:
        assert stop(collector) == 0
    stopped_at = at(json.loads(state.read_text())["stopped_at"])
    cancelled = read_truth(games.truth, "bet_cancelled")
    assert sorted(c["bookmaker"] for c in cancelled) == sorted(b["name"] for b in setup["bookmakers"])
    late = [(c["bookmaker"], (at(c["at"]) - stopped_at).total_seconds()) for c in cancelled]
    assert all(0 <= seconds <= 1.0 for _, seconds in late), late
