"""The whole product on a real X display: six simulated bookmakers in Qt windows, calibration from a
screenshot, the collector capturing with mss, and every round of the truth log recorded exactly once.
"""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from aviator.analysis.truth_compare import compare
from aviator.sim.skins import SKINS
from aviator.sim.truth_log import read_truth
from tests.e2e.apps import AVIATOR, Games, printed, start_collector, stop
from tests.e2e.lines import Lines

SPEED = "4"  # fast enough for a short test, slow enough for a busy 2-core machine
ROUNDS = 5  # per bookmaker
BOOKMAKERS = 6


def _collect(games: Games, db: Path, env: dict[str, str]) -> Lines:
    """Runs the collector while the held games play all their rounds; stops it once it printed, for
    every bookmaker, as many rounds as the truth log holds."""
    collector = start_collector(games, db, env)
    try:
        collector.out.expect("workers ready", timeout=120)
        games.release()  # the games start while the collector watches
        games.app.out.expect("finished", timeout=600)
        wanted = Counter(r["bookmaker"] for r in read_truth(games.truth))
        collector.out.until(lambda seen: printed(seen) >= wanted, timeout=60, what=f"rounds {dict(wanted)}")
    finally:
        assert stop(collector) == 0
    return collector.out


def test_every_round_of_six_windowed_bookmakers_is_recorded_once_and_exactly(
    tmp_path: Path, display_env: dict[str, str], held_games: Callable[..., Games]
) -> None:
    games = held_games(bookmakers=BOOKMAKERS, layout="3x2", speed=SPEED, rounds=ROUNDS)
    db = tmp_path / "rounds.db"
    printed_lines = _collect(games, db, display_env).seen
    export = [*AVIATOR, "export", "rounds", "--db", str(db), "--format", "jsonl"]
    exported = subprocess.run(export, env=display_env, check=True, capture_output=True, text=True)
    recorded = [json.loads(line) for line in exported.stdout.splitlines()]
    comparison = compare(read_truth(games.truth), recorded)
    every_round_once_exactly = [(b.bookmaker, ROUNDS, ROUNDS, 0) for b in comparison.bookmakers]
    assert [
        (b.bookmaker, b.truth, b.exact, b.extra) for b in comparison.bookmakers
    ] == every_round_once_exactly, printed_lines
    assert len(comparison.bookmakers) == BOOKMAKERS
    setup = games.setup.read_text()
    assert setup.count(" templates: templates/") == BOOKMAKERS and len(SKINS) >= BOOKMAKERS  # six skins
    # and each strip's own font, but for the condensed Fjalla skin, whose small '4' cannot be cut apart
    assert setup.count("strip_templates: templates/") == BOOKMAKERS - 1
