"""The control panel on a real X display: `aviator gui --config` over simulated bookmakers in Qt
windows, calibrated as a user would; every round of the truth log recorded once and exactly, and
closing the window (SIGTERM, as the window manager's close) writes everything."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from aviator.analysis.truth_compare import compare
from aviator.cli.sim import clock_path
from aviator.sim.truth_log import read_truth
from tests.e2e.apps import AVIATOR, Games, printed, start, stop


def test_the_control_panel_records_a_setup_files_bookmakers_exactly(
    tmp_path: Path, display_env: dict[str, str], held_games: Callable[..., Games]
) -> None:
    games = held_games(bookmakers=2, layout="2x2", speed="4", rounds=4)
    db = tmp_path / "gui.db"
    options = ["--config", str(games.setup), "--db", str(db), "--speed", games.speed]
    panel = start(["gui", *options, "--sim-clock", str(clock_path(games.truth))], display_env)
    try:
        panel.out.expect("workers ready", timeout=180)  # every worker looks: no round is missed
        games.release()  # the panel's workers wait for the games' clock, published now
        games.app.out.expect("finished", timeout=600)
        wanted = Counter(r["bookmaker"] for r in read_truth(games.truth))
        panel.out.until(lambda seen: printed(seen) >= wanted, timeout=120, what=f"rounds {dict(wanted)}")
    finally:
        assert stop(panel) == 0
    export = [*AVIATOR, "export", "rounds", "--db", str(db), "--format", "jsonl"]
    exported = subprocess.run(export, env=display_env, check=True, capture_output=True, text=True)
    recorded = [json.loads(line) for line in exported.stdout.splitlines()]
    comparison = compare(read_truth(games.truth), recorded)
    assert [(b.truth, b.exact, b.extra) for b in comparison.bookmakers] == [(4, 4, 0), (4, 4, 0)]
