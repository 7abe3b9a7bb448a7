"""The game engine of one simulated bookmaker: the real crash law and the real timing.

The engine is a pure function of time: `state_at(t)` says what the game shows at simulated
second `t`. Rounds are drawn lazily from a seeded generator, so the same seed gives the same
rounds whatever the frame rate or the speed of the clock.
"""

from __future__ import annotations

import bisect
import math
import random
from dataclasses import dataclass, replace

from aviator.config.settings import RTP, GamePhase, flight_seconds, multiplier_after
from aviator.sim.crowd import Crowd, crowd_of

BETTING_SECONDS = (6.0, 8.0)  # betting window with the progress bar
LOADING_SECONDS = (1.0, 2.0)  # dark screen before take-off
CRASH_SHOWN_SECONDS = 3.0  # the red value stays this long after the crash
HISTORY_LENGTH = 20  # bubbles kept in the history strip
PAST_ROUNDS = 12  # rounds "played before we looked", shown in the history strip at start


def crash_point(u: float) -> float:
    """The crash law measured on real rounds: M = max(1.00, floor(97 / U) / 100), U in (0, 1]."""
    return max(1.0, math.floor(RTP * 100 / u) / 100)


@dataclass(frozen=True)
class RoundPlan:
    """One round's timeline in simulated seconds."""

    number: int  # 1 for the first round played after the simulator started
    crash: float
    betting_start: float
    loading_start: float
    flight_start: float
    crash_time: float
    next_betting: float


@dataclass(frozen=True)
class GameView:
    """What the game shows at one moment: everything the renderer needs, nothing more."""

    phase: GamePhase
    multiplier: float  # flight value, or the crash value when ENDED; 1.0 otherwise
    betting_progress: float  # 1.0 when the betting window opens, 0.0 when it closes
    history: tuple[float, ...]  # completed rounds, newest first
    round_number: int  # the round on screen (betting for it, flying it, or just crashed)
    players: int = 0  # players who bet on this round (grows while betting is open)
    total_bets: float = 0.0  # their stakes, in the site's currency
    players_left: int = 0  # players not yet cashed out (all of them until the flight)
    cashed_out: float = 0.0  # money paid to the players who cashed out so far


class GameEngine:
    """Rounds of one bookmaker, drawn from `seed`, optionally stopping after a limit."""

    def __init__(self, seed: str, max_rounds: int | None = None) -> None:
        self._rng = random.Random(seed)
        self._seed = seed
        self._crowd: tuple[int, Crowd] | None = None  # the crowd of the round on screen, drawn once
        self._past = [crash_point(self._uniform()) for _ in range(PAST_ROUNDS)]
        self._plans: list[RoundPlan] = []
        self._starts: list[float] = []  # betting_start of each plan, for bisection
        self.max_rounds = max_rounds
        self.last_start: float | None = None  # no round takes off after this simulated second

    def _uniform(self) -> float:
        return 1.0 - self._rng.random()  # (0, 1]

    def _plan(self, index: int) -> RoundPlan:
        while len(self._plans) <= index:
            self._append_plan()
        return self._plans[index]

    def _append_plan(self) -> None:
        start = self._plans[-1].next_betting if self._plans else 0.0
        loading_start = start + self._rng.uniform(*BETTING_SECONDS)
        flight_start = loading_start + self._rng.uniform(*LOADING_SECONDS)
        crash = crash_point(self._uniform())
        crash_time = flight_start + flight_seconds(crash)
        self._plans.append(
            RoundPlan(
                number=len(self._plans) + 1,
                crash=crash,
                betting_start=start,
                loading_start=loading_start,
                flight_start=flight_start,
                crash_time=crash_time,
                next_betting=crash_time + CRASH_SHOWN_SECONDS,
            )
        )
        self._starts.append(start)

    def _allowed(self, index: int) -> bool:
        plan = self._plan(index)
        if self.max_rounds is not None and plan.number > self.max_rounds:
            return False
        return self.last_start is None or plan.flight_start <= self.last_start

    def _current_index(self, t: float) -> int:
        """Index of the last allowed round whose betting window opened at or before `t`; -1 if none."""
        # Limits are monotone: once a plan is not allowed, no later one is, so stop drawing there.
        while not self._plans or (self._plans[-1].betting_start <= t and self._allowed(len(self._plans) - 1)):
            self._append_plan()
        index = bisect.bisect_right(self._starts, t) - 1
        while index >= 0 and not self._allowed(index):
            index -= 1
        return index

    def plan(self, number: int) -> RoundPlan:
        """The timeline of round `number` (1 is the first round played)."""
        return self._plan(number - 1)

    def crashed_until(self, t: float) -> list[RoundPlan]:
        """Rounds that crashed at or before `t`, oldest first."""
        last = self._current_index(t)
        return [p for p in self._plans[: last + 1] if p.crash_time <= t]

    def finished_at(self, t: float) -> bool:
        """True once no further round will ever crash: the limit is reached and shown."""
        last = self._current_index(t)
        return not self._allowed(last + 1) and (last < 0 or self._plans[last].crash_time <= t)

    def view_at(self, t: float) -> GameView:
        index = self._current_index(t)
        if index < 0:
            return GameView(GamePhase.BETTING, 1.0, 1.0, self._history(0), 1)
        plan = self._plans[index]
        crashed = index + 1 if plan.crash_time <= t else index
        return self._view_of(plan, t, self._history(crashed))

    def _history(self, crashed: int) -> tuple[float, ...]:
        recent = [p.crash for p in self._plans[max(0, crashed - HISTORY_LENGTH) : crashed]]
        return tuple(reversed(self._past + recent))[:HISTORY_LENGTH]

    def crowd(self, number: int) -> Crowd:
        """The players of round `number`."""
        if self._crowd is None or self._crowd[0] != number:
            self._crowd = (number, crowd_of(self._seed, number))
        return self._crowd[1]

    def _view_of(self, plan: RoundPlan, t: float, history: tuple[float, ...]) -> GameView:
        view = self._phase_view(plan, t, history)
        crowd = self.crowd(view.round_number)
        if view.phase is GamePhase.BETTING:
            players, total = crowd.joined(1.0 - view.betting_progress)
            return replace(view, players=players, total_bets=total, players_left=players)
        left, paid = crowd.players, 0.0
        if view.phase in (GamePhase.PLAYING, GamePhase.ENDED):
            left, paid = crowd.cashed(view.multiplier, plan.crash)
        return replace(
            view, players=crowd.players, total_bets=crowd.total_bets, players_left=left, cashed_out=paid
        )

    def _phase_view(self, plan: RoundPlan, t: float, history: tuple[float, ...]) -> GameView:
        if t >= plan.crash_time:
            if t < plan.next_betting or not self._allowed(plan.number):
                return GameView(GamePhase.ENDED, plan.crash, 0.0, history, plan.number)
            return GameView(GamePhase.BETTING, 1.0, 1.0, history, plan.number + 1)
        if t >= plan.flight_start:
            shown = min(multiplier_after(t - plan.flight_start), plan.crash)
            return GameView(GamePhase.PLAYING, shown, 0.0, history, plan.number)
        if t >= plan.loading_start:
            return GameView(GamePhase.LOADING, 1.0, 0.0, history, plan.number)
        window = plan.loading_start - plan.betting_start
        progress = 1.0 - (t - plan.betting_start) / window
        return GameView(GamePhase.BETTING, 1.0, progress, history, plan.number)
