"""CrowdWatcher: what the screen shows of the players and money, checked across looks."""

from __future__ import annotations

from aviator.collectors.crowd_watcher import CrowdWatcher, RoundCrowd
from aviator.config.settings import GamePhase


class Shown:
    """Stands in for the CrowdReader: the values the next look reads."""

    def __init__(self) -> None:
        self.values: dict[str, float | None] = {}
        self.asked: list[tuple[str, ...]] = []

    def read(self, names: tuple[str, ...]) -> dict[str, float | None]:
        self.asked.append(names)
        return {name: self.values.get(name) for name in names}


def _look(watcher: CrowdWatcher, shown: Shown, phase: GamePhase, **values: float | None) -> None:
    shown.values = values
    watcher.look(phase)


def test_a_round_ends_with_what_the_crash_shows() -> None:
    shown = Shown()
    watcher = CrowdWatcher(shown)  # type: ignore[arg-type]
    _look(watcher, shown, GamePhase.LOADING, players=900, total_bets=5000.0)
    _look(
        watcher, shown, GamePhase.PLAYING, players=900, total_bets=5000.0, players_left=800, cashed_out=120.5
    )
    assert watcher.left() == (800, 4879.5)  # money left: total bets minus cashed out
    _look(
        watcher, shown, GamePhase.ENDED, players=900, total_bets=5000.0, players_left=640, cashed_out=910.25
    )
    assert watcher.round_crowd() == RoundCrowd(900, 5000.0, 910.25)
    assert shown.asked[0] == ("players", "total_bets")  # nobody is cashed out before the flight


def test_cashed_out_comes_only_from_the_crash() -> None:
    shown = Shown()
    watcher = CrowdWatcher(shown)  # type: ignore[arg-type]
    _look(
        watcher, shown, GamePhase.PLAYING, players=900, total_bets=5000.0, players_left=800, cashed_out=120.5
    )
    _look(watcher, shown, GamePhase.ENDED, players=None, total_bets=None, players_left=None, cashed_out=None)
    assert watcher.round_crowd() == RoundCrowd(900, 5000.0, None)  # players and bets as last seen


def test_readings_that_break_the_flights_course_are_dropped() -> None:
    shown = Shown()
    watcher = CrowdWatcher(shown)  # type: ignore[arg-type]
    _look(
        watcher, shown, GamePhase.PLAYING, players=900, total_bets=5000.0, players_left=800, cashed_out=100.0
    )
    _look(
        watcher, shown, GamePhase.PLAYING, players=900, total_bets=5000.0, players_left=850, cashed_out=90.0
    )
    assert watcher.left() == (None, None)  # players came back and money went back: misreads
    assert watcher.rejected == 2
    _look(
        watcher, shown, GamePhase.PLAYING, players=900, total_bets=5000.0, players_left=950, cashed_out=100.0
    )
    assert watcher.left() == (None, 4900.0)  # more in play than bet
    _look(watcher, shown, GamePhase.ENDED, players=900, total_bets=5000.0, players_left=700, cashed_out=99.0)
    assert watcher.round_crowd().cashed_out is None  # less than already cashed out in the flight


def test_a_new_round_starts_afresh() -> None:
    shown = Shown()
    watcher = CrowdWatcher(shown)  # type: ignore[arg-type]
    _look(
        watcher, shown, GamePhase.PLAYING, players=900, total_bets=5000.0, players_left=100, cashed_out=4000.0
    )
    _look(
        watcher, shown, GamePhase.ENDED, players=900, total_bets=5000.0, players_left=100, cashed_out=4000.0
    )
    _look(watcher, shown, GamePhase.PLAYING, players=300, total_bets=800.0, players_left=290, cashed_out=5.0)
    assert watcher.left() == (290, 795.0)  # not held to the last round's course
    _look(watcher, shown, GamePhase.BETTING)
    assert watcher.round_crowd() == RoundCrowd()
