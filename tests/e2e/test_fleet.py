"""A fleet on one PostgreSQL: three collector processes as three nodes, on a real X display with two
simulated bookmakers. Nodes A and B both watch the first game (redundancy), node C the other,
through a connection that is cut for 30 s in the middle of the games. Every round of the truth log
is stored exactly once, each row naming a node that saw it."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import yaml

from aviator.analysis.truth_compare import compare
from aviator.cli.sim import clock_path
from aviator.data.backends import open_database
from aviator.data.export import iter_rounds
from aviator.sim.truth_log import read_truth
from tests.api.tcp_proxy import TcpProxy
from tests.data.conftest import postgres_url  # noqa: F401  (the real PostgreSQL fixture)
from tests.e2e.apps import App, Games, printed, start, stop

SPEED = "4"
ROUNDS = 10  # per game: at speed 4 about 50 s of games, the outage inside it
OUTAGE = 30.0  # seconds node C cannot reach the database: the scenario itself, not a wait
POSTGRES_PORT = ":5432/"


def split(setup: Path, first: int) -> tuple[Path, Path]:
    """The calibrated setup as two files: its first `first` games, and the others (beside it, so
    that its template paths still hold)."""
    data = yaml.safe_load(setup.read_text())
    files = []
    for name, games in (("pair", data["bookmakers"][:first]), ("solo", data["bookmakers"][first:])):
        path = setup.with_name(f"{name}.yaml")
        path.write_text(yaml.safe_dump({**data, "bookmakers": games}, sort_keys=False))
        files.append(path)
    return files[0], files[1]


def collector(games: Games, config: Path, url: str, node: str, env: dict[str, str]) -> App:
    options = ["--config", str(config), "--db", url, "--speed", games.speed, "--node", node]
    return start(["run", *options, "--sim-clock", str(clock_path(games.truth))], env)


def test_three_nodes_store_every_round_once(
    tmp_path: Path,
    display_env: dict[str, str],
    held_games: Callable[..., Games],
    postgres_url: str,  # noqa: F811
) -> None:
    games = held_games(bookmakers=2, layout="2x2", speed=SPEED, rounds=ROUNDS)
    pair, solo = split(games.setup, 1)
    proxy = TcpProxy(("127.0.0.1", 5432))
    cut_url = postgres_url.replace(POSTGRES_PORT, f":{proxy.port}/")
    nodes = {
        "A": collector(games, pair, postgres_url, "A", display_env),
        "B": collector(games, pair, postgres_url, "B", display_env),
        "C": collector(games, solo, cut_url, "C", display_env),
    }
    try:
        for app in nodes.values():
            app.out.expect("workers ready", timeout=180)
        games.release()
        nodes["C"].out.until(lambda seen: sum(printed(seen).values()) >= 1, 120, "node C's first round")
        cut_at = len(nodes["C"].out.seen)
        proxy.cut()
        time.sleep(OUTAGE)  # the outage is the scenario: the games go on meanwhile
        proxy.restore()
        during = printed(nodes["C"].out.since(cut_at))
        games.app.out.expect("finished", timeout=600)
        wanted = Counter(r["bookmaker"] for r in read_truth(games.truth))
        for name, app in nodes.items():
            mine = Counter({b: n for b, n in wanted.items() if b in _watched(pair if name != "C" else solo)})
            app.out.until(lambda seen, m=mine: printed(seen) >= m, 120, f"node {name}: rounds {mine}")
    finally:
        codes = {name: stop(app) for name, app in nodes.items()}
        proxy.close()
    assert codes == {"A": 0, "B": 0, "C": 0}
    assert sum(during.values()) >= 3, during  # node C saw rounds while it could not write them
    _check_every_round_once(games, postgres_url)


def _watched(config: Path) -> set[str]:
    return {entry["name"] for entry in yaml.safe_load(config.read_text())["bookmakers"]}


def _check_every_round_once(games: Games, url: str) -> None:
    with open_database(url) as database:
        recorded = list(iter_rounds(database))
    comparison = compare(read_truth(games.truth), recorded)
    assert [(b.bookmaker, b.truth, b.exact, b.extra) for b in comparison.bookmakers] == [
        (b.bookmaker, ROUNDS, ROUNDS, 0) for b in comparison.bookmakers
    ]
    assert len(comparison.bookmakers) == 2
    nodes = {(r["bookmaker"], r["node"]) for r in recorded}
    shared = {b for b, _ in nodes} - {b for b, n in nodes if n == "C"}
    assert {n for b, n in nodes if b in shared} <= {"A", "B"} and len(shared) == 1
    assert {b for b, n in nodes if n == "C"} == {b for b, _ in nodes} - shared
